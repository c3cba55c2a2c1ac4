#!/usr/bin/env python3
"""Issue 10's model checks over the best routes of `regiochem batch` (or `plan --json`) output.

Reads JSON lines (one plan report per line) and counts, over the best route of every target,
with RDKit reading each step's reaction SMILES:

- steps whose expected yield is above 97 %;
- self-reactive co-reactants (an acid chloride or isocyanate carrying its own N-H or O-H, an
  H2N-COCl, a halide or aldehyde carrying a free amine);
- shields (acid=) beside a base among the agents;
- acylating agents (acid, sulfonyl chlorides, chloroformates) in MeOH, EtOH, iPrOH or water;
- palladium couplings without both a Pd source and a phosphine ligand among the route's agents
  (`[Pd]` written as the element is counted there too, and separately: its procedure card names
  the real source and ligand).

Usage: regiochem batch ../shared/data/targets/diazepanes_300.smi --top 1 | \
       python3 scripts/check_model_routes.py
"""

import json
import sys

from rdkit import Chem, RDLogger

RDLogger.DisableLog("rdApp.*")

SELF_REACTIVE = [
    Chem.MolFromSmarts(s)
    for s in (
        "[$([nH1]),$([OX2H1]),$([NX3;H1,H2;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O)])].Cl[CX3](=O)[#6]",
        "[NX3;H1,H2]C(=O)Cl",
        "[$([nH1]),$([OX2H1]),$([NX3;H1,H2;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O)])].N=C=O",
        "[NX3;H1,H2;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O)].[Br,Cl,I][CH2][c,C]",
        "[NX3;H1,H2;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O)].[CX3H1](=O)[#6]",
    )
]
ACYLATING = Chem.MolFromSmarts("Cl[C,S](=O)")
BASES = {Chem.CanonSmiles(s) for s in (
    "CCN(CC)CC", "CCN(C(C)C)C(C)C", "c1ccncc1", "CN(C)c1ccncc1", "C1CCC2=NCCCN2CC1",
    "O=C([O-])[O-]", "O=C([O-])O", "[OH-]", "CC(C)(C)[O-]", "[H-]", "C1CCNCC1",
)}
PROTIC = {Chem.CanonSmiles(s) for s in ("CO", "CCO", "CC(C)O", "O")}
PHOSPHINE = Chem.MolFromSmarts("[PX3](c)(c)")
PHOSPHINE_ANY = Chem.MolFromSmarts("[PX3]([#6])([#6])[#6]")


def components(smiles):
    return [Chem.CanonSmiles(p) for p in smiles.split(".") if p and Chem.MolFromSmiles(p)]


def main():
    counts = dict(targets=0, routed=0, steps=0, above_97=0, self_reactive=0,
                  shield_with_base=0, acylating_in_protic=0, pd_without_ligand=0, pd_steps=0,
                  pd_as_element=0)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        report = json.loads(line)
        counts["targets"] += 1
        routes = report.get("routes") or []
        if not routes:
            continue
        counts["routed"] += 1
        for step in routes[0]["steps"]:
            counts["steps"] += 1
            words = step["reaction_smiles"].split()
            reaction, options = words[0], dict(w.split("=", 1) for w in words[1:] if "=" in w)
            reactants, agents, _ = reaction.split(">")
            agents = components(agents)
            co_reactants = [Chem.MolFromSmiles(s) for s in reactants.split(".")[1:]]
            if step["yield"] > 0.97:
                counts["above_97"] += 1
            if any(m is not None and m.HasSubstructMatch(p) for m in co_reactants for p in SELF_REACTIVE):
                counts["self_reactive"] += 1
            if float(options.get("acid", 0)) > 0 and any(a in BASES for a in agents):
                counts["shield_with_base"] += 1
            if any(m is not None and m.HasSubstructMatch(ACYLATING) for m in co_reactants) and any(
                a in PROTIC for a in agents
            ) and not any(a in BASES for a in agents if a in {"O=C([O-])[O-]", "[OH-]"}):
                counts["acylating_in_protic"] += 1
            if any("Pd" in a for a in agents):
                counts["pd_steps"] += 1
                counts["pd_as_element"] += "[Pd]" in agents
                ligand = any(Chem.MolFromSmiles(a).HasSubstructMatch(PHOSPHINE_ANY) for a in agents)
                if not ligand:
                    counts["pd_without_ligand"] += 1
    for key, value in counts.items():
        print(f"{key}\t{value}")


if __name__ == "__main__":
    main()
