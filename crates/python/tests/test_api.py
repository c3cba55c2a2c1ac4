"""The Python API gives the command line's JSON, takes RDKit molecules, raises clear errors."""

import json

import pytest

import regiochem
from conftest import cli, untimed


def test_canon_and_parse_match_the_cli(binary, targets):
    sample = targets[:40]
    assert regiochem.canon(sample) == cli(binary, "canon", stdin="\n".join(sample) + "\n").split("\n")[:40]
    records = [json.loads(line) for line in cli(binary, "parse", stdin="\n".join(sample) + "\n").splitlines()]
    assert regiochem.parse(sample) == records
    assert regiochem.parse(sample[0]) == records[0]


def test_sites_predict_and_plan_match_the_cli(binary, targets):
    for smiles in targets[:10]:
        assert regiochem.sites(smiles) == json.loads(cli(binary, "sites", smiles, "--json"))
    boc = regiochem.predict("C1CNCCNC1", reagents=["Boc2O"], acid=1.0)
    assert boc == json.loads(cli(binary, "predict", "C1CNCCNC1", "--reagent", "Boc2O", "--acid", "1.0", "--json"))
    assert boc["products"][0]["smiles"] == "CC(C)(C)OC(=O)N1CCNCCC1"
    excess = regiochem.predict("C1CNCCNC1", with_="BrCc1ccccc1", eq=0.2)
    assert excess == json.loads(cli(binary, "predict", "C1CNCCNC1", "--with", "BrCc1ccccc1", "--eq", "0.2", "--json"))
    target = "Fc1ccc(CN2CCCNCC2)c(F)c1"
    assert untimed(regiochem.plan(target, top=2)) == untimed(json.loads(cli(binary, "plan", target, "--top", "2", "--json")))


def test_plan_many_keeps_order_and_matches_batch(binary, targets):
    sample = targets[:30] + ["not a smiles"] + targets[30:40]
    records = regiochem.plan_many(sample, jobs=2)
    assert len(records) == len(sample)
    assert [r["input"] for r in records] == [s.split()[0] for s in sample]
    assert "error" in records[30]
    batch = [json.loads(line) for line in cli(binary, "batch", "--top", "1", stdin="\n".join(sample) + "\n").splitlines()]
    assert [untimed(r) for r in records] == [untimed(r) for r in batch]


def test_validate_reads_route_text(binary):
    route = (
        "# target: CC(C)(C)OC(=O)N1CCNCCC1\n"
        "C1CNCCNC1.CC(C)(C)OC(=O)OC(=O)OC(C)(C)C>Cl>CC(C)(C)OC(=O)N1CCNCCC1 acid=1\n"
    )
    report = regiochem.validate(route)
    assert report["verdict"] in ("pass", "warn")
    assert report["steps"][0]["products"][0]["smiles"] == "CC(C)(C)OC(=O)N1CCNCCC1"


def test_rdkit_molecules_are_accepted():
    Chem = pytest.importorskip("rdkit.Chem")
    mol = Chem.MolFromSmiles("C1CNCCNC1")
    assert regiochem.canon(mol) == "C1CNCCCN1"
    assert regiochem.sites(mol)["sites"][0]["label"] == "N1"
    assert regiochem.predict(mol, reagents=["Boc2O"], acid=1.0)["products"][0]["sites"] == "N1"


def test_errors_carry_code_and_offset():
    with pytest.raises(regiochem.RegiochemError) as caught:
        regiochem.sites("C1CCC")
    assert isinstance(caught.value, ValueError)
    assert caught.value.code == "smiles::unmatched_ring_bond"
    assert caught.value.offset == 1
    with pytest.raises(regiochem.RegiochemError) as caught:
        regiochem.parse("c1cccc1")
    assert caught.value.code.startswith("mol::")
    with pytest.raises(regiochem.RegiochemError) as caught:
        regiochem.predict("C1CNCCNC1", reagents=["no such reagent"])
    with pytest.raises(TypeError):
        regiochem.canon(42)
