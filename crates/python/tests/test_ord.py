"""`plan(..., format="ord")`: Open Reaction Database records that ord-schema's own validation accepts."""

import collections
import sys

import pytest

import regiochem
from conftest import ROOT

SHARED_TARGETS = ROOT.parent / "shared" / "data" / "targets" / "diazepanes_300.smi"


def test_ord_export_of_40_targets_passes_ord_schema():
    if not SHARED_TARGETS.exists():
        pytest.skip(f"{SHARED_TARGETS} is absent (../shared is not next to this checkout)")
    if sys.version_info < (3, 11):
        pytest.skip("ord-schema needs Python 3.11 or later")
    from google.protobuf import json_format
    from ord_schema import validations
    from ord_schema.proto import dataset_pb2
    from rdkit import RDLogger

    RDLogger.DisableLog("rdApp.*")  # ord-schema's reaction SMILES check logs every unmapped molecule
    lines = SHARED_TARGETS.read_text().splitlines()
    targets = [line.split()[0] for line in lines if line.strip() and not line.startswith("#")][:40]
    assert len(targets) == 40
    errors, warnings, reactions, empty = [], collections.Counter(), 0, 0
    for smiles in targets:
        record = regiochem.plan(smiles, format="ord")
        dataset = json_format.ParseDict(record, dataset_pb2.Dataset())
        options = validations.ValidationOptions(validate_ids=True)
        output = validations.validate_message(dataset, raise_on_error=False, options=options)
        warnings.update(w.split(": ", 1)[-1] for w in output.warnings)
        if not dataset.reactions:
            # ORD cannot record a route not found: the description says why, and that is the
            # one error ord-schema raises.
            empty += 1
            assert "no route" in dataset.description or "in stock" in dataset.description
            assert [e.split(": ", 1)[-1] for e in output.errors] == ["Dataset requires reactions or reaction_ids"]
            continue
        errors += [f"{smiles}: {e}" for e in output.errors]
        reactions += len(dataset.reactions)
        ids = {reaction.reaction_id for reaction in dataset.reactions}
        assert len(ids) == len(dataset.reactions)
        for reaction in dataset.reactions:
            check_reaction(reaction, ids)
    print(f"ORD export: {40 - empty} datasets, {reactions} reactions, {len(errors)} errors, "
          f"{sum(warnings.values())} warnings {dict(warnings)}; {empty} targets without a route")
    assert errors == []
    assert reactions > 0


def check_reaction(reaction, ids):
    """One step: reaction SMILES, amounts and roles, one limiting reactant at least, one
    desired product whose yield is the model's prediction, regiochem's provenance, and a
    substrate made by an earlier step pointing at that step's reaction."""
    from ord_schema.proto import reaction_pb2

    assert reaction.identifiers[0].type == reaction_pb2.ReactionIdentifier.REACTION_SMILES
    products_part = reaction.identifiers[0].value.split(">")[2]
    components = [c for i in reaction.inputs.values() for c in i.components]
    assert all(c.amount.WhichOneof("kind") for c in components)
    reactants = [c for c in components if c.reaction_role == reaction_pb2.ReactionRole.REACTANT]
    assert reactants and any(c.is_limiting for c in reactants)
    [outcome] = reaction.outcomes
    desired = [p for p in outcome.products if p.is_desired_product]
    assert len(desired) == 1 and desired[0].identifiers[0].value == products_part
    for product in outcome.products:
        [measurement] = product.measurements
        assert measurement.type == reaction_pb2.ProductMeasurement.YIELD
        assert "predicted" in measurement.details
        assert not measurement.HasField("uses_internal_standard")
        assert "regiochem" in outcome.analyses[measurement.analysis_key].details
    assert reaction.provenance.record_created.person.username == "regiochem"
    assert reaction.provenance.reaction_metadata["regiochem_version"].string_value == regiochem.__version__
    assert reaction.workups
    step = reaction.provenance.reaction_metadata["step"].integer_value
    made = [p.reaction_id for c in reactants for p in c.preparations if p.type == p.SYNTHESIZED]
    assert (step > 1) == bool(made) and set(made) <= ids


def test_ord_matches_the_cli(binary):
    import json

    from conftest import cli

    target = "Fc1ccc(CN2CCCNCC2)c(F)c1"
    ours = regiochem.plan(target, top=2, format="ord")
    theirs = json.loads(cli(binary, "plan", target, "--top", "2", "--format", "ord"))
    assert untimed(ours) == untimed(theirs)
    assert len(ours["reactions"]) == sum(len(r["steps"]) for r in regiochem.plan(target, top=2)["routes"])
    with pytest.raises(ValueError):
        regiochem.plan(target, format="yaml")


def untimed(dataset):
    """An ORD dataset without its record-creation times."""
    out = dict(dataset)
    out["reactions"] = []
    for reaction in dataset["reactions"]:
        reaction = dict(reaction)
        provenance = dict(reaction["provenance"])
        provenance["recordCreated"] = {k: v for k, v in provenance["recordCreated"].items() if k != "time"}
        reaction["provenance"] = provenance
        out["reactions"].append(reaction)
    return out
