#!/usr/bin/env python3
"""Checks the procedure cards of the best routes (issue 10, "What it must show").

Runs `regiochem batch` over every `*.smi` of the targets folder (or reads `plan --json` /
`batch` output given with --input) and, with RDKit, counts over the best route of each target:

  steps above 97 %                   a step's yield above 0.97 (no step is quantitative)
  liquids without a matching volume  a material the card calls liquid (or a solution) without
                                     millilitres, or whose mL x density is not its grams
  co-reactants of unknown state      co-reactants the materials table does not know (weighed;
                                     their volume cannot be checked; informational)
  hazardous materials without hazard a material of a hazardous class (by SMARTS here, not the
                                     card's own tables) with no `name:` line in the hazards
  self-reactive co-reactants         an acyl chloride, chloroformate, sulfonyl chloride or
                                     isocyanate co-reactant carrying its own amine N-H or O-H
                                     (or azole N-H, except beside a sulfonyl chloride)
  shield beside a base               a step with acid=X > 0 whose agents hold a base
  acylating agent in protic solvent  an acyl/sulfonyl/carbamoyl chloride or chloroformate with
                                     MeOH, EtOH or water among the agents (or the shield's MeOH
                                     when the step names no aprotic solvent to swap to)
  Pd couplings without Pd and ligand a step with a palladium agent whose card lacks a real Pd
                                     source (Pd2(dba)3, Pd(OAc)2, ...) or a phosphine ligand

Usage: scripts/check_cards.py [--bin target/release/regiochem] [--targets DIR] [--jobs 2]
       [--input plans.jsonl] [--limit N] [--list]
Prints the counts; exit status 0 (the counts are a report, not a gate).
"""

import argparse
import glob
import json
import os
import subprocess
import sys

from rdkit import Chem, RDLogger

RDLogger.DisableLog("rdApp.*")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

HAZARD_CLASSES = {
    "alkyl or benzyl halide": "[CX4][Cl,Br,I]",
    "acid chloride": "[CX3](=O)[Cl,Br]",
    "sulfonyl chloride": "[SX4](=O)(=O)Cl",
    "isocyanate": "N=C=O",
    "azide": "[N-]=[N+]=[N,N-]",
    "aluminium hydride": "[AlH4-]",
    "thiol": "[SX2H1]",
    "hydride": "[H-]",
    "hydrogen": "[H][H]",
    "palladium on carbon": "[Pd]",
    "DCE": "ClCCCl",
    "TFA": "OC(=O)C(F)(F)F",
}
# Acid chlorides, chloroformates, carbamoyl and sulfonyl chlorides solvolyse in MeOH (issue 10);
# Boc2O in MeOH is seed 004's own protocol A and is not counted.
ACYLATING = ["[CX3](=O)[Cl,Br]", "[SX4](=O)(=O)Cl"]
# Each reactive group with the N-H or O-H it takes from its own molecule: an amine or aniline
# N-H (not an amide, carbamate, urea or sulfonamide N-H, which an acyl or sulfonyl chloride
# does not take at room temperature), an O-H, and for acyl chlorides and isocyanates an azole
# N-H too (indazole-3-carbonyl chloride, issue 10); a sulfonyl chloride leaves an indole or
# pyrrole N-H alone without a strong base (indole-3-sulfonyl chlorides are sold as reagents).
AMINE_OR_OH = "[$([NX3;!H0;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O)]),$([OX2H1])]"
NH_OR_OH = "[$([NX3;!H0;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O)]),$([nH]),$([OX2H1])]"
SELF_REACTIVE_GROUP = [
    ("[CX3](=O)[Cl,Br]", NH_OR_OH),
    ("[SX4](=O)(=O)Cl", AMINE_OR_OH),
    ("N=C=O", NH_OR_OH),
]
BASES = [
    "[NX3;H0;!$(N-[C,S]=O);!$(N-a);!$(N=*)]([#6])([#6])[#6]",  # tertiary amine
    "[O-]C([O-])=O",
    "[OH-]",
    "[O-;$([O-][CX4])]",  # alkoxide
    "n1ccccc1",  # pyridine
]
PROTIC = ["[CH3][OH]", "[CH3][CH2][OH]", "[OH2]"]


def pattern(smarts):
    p = Chem.MolFromSmarts(smarts)
    if p is None:
        sys.exit(f"bad SMARTS in the script: {smarts}")
    return p


HAZARD_PATTERNS = {k: pattern(v) for k, v in HAZARD_CLASSES.items()}
ACYLATING_PATTERNS = [pattern(s) for s in ACYLATING]
SELF_PATTERNS = [(pattern(group), pattern(partner)) for group, partner in SELF_REACTIVE_GROUP]
BASE_PATTERNS = [pattern(s) for s in BASES]
PROTIC_PATTERNS = [pattern(s) for s in PROTIC]


def mol(smiles):
    m = Chem.MolFromSmiles(smiles, sanitize=True)
    if m is None:
        m = Chem.MolFromSmiles(smiles, sanitize=False)
        if m is not None:
            m.UpdatePropertyCache(strict=False)
    if m is not None and "[H][H]" in smiles:
        m = Chem.AddHs(m)
    return m


def matches(m, patterns):
    return m is not None and any(m.HasSubstructMatch(p) for p in patterns)


def split_reaction(line):
    """`reactants>agents>product words` -> (reactants, agents, product, options)."""
    words = line.split()
    reaction, options = words[0], words[1:]
    reactants, agents, product = reaction.split(">")
    opts = dict(w.split("=", 1) for w in options if "=" in w)
    return reactants.split("."), [a for a in agents.split(".") if a], product, opts


def plans(args):
    if args.input:
        with open(args.input) as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
        return
    files = sorted(glob.glob(os.path.join(args.targets, "*.smi")))
    if not files:
        sys.exit(f"no *.smi in {args.targets}")
    for path in files:
        cmd = [args.bin, "batch", path, "--jobs", str(args.jobs)]
        if args.limit:
            with open(path) as f:
                head = "".join(f.readlines()[: args.limit])
            out = subprocess.run(cmd[:2] + ["-"] + cmd[3:], input=head, capture_output=True, text=True)
        else:
            out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode not in (0, 1, 2):
            sys.exit(f"{' '.join(cmd)} failed: {out.stderr[:500]}")
        for line in out.stdout.splitlines():
            if line.strip():
                yield json.loads(line)


def check_step(step, counts, examples):
    def hit(key, what):
        counts[key] += 1
        examples.setdefault(key, []).append(what)

    reaction = step["reaction_smiles"]
    reactants, agents, _product, opts = split_reaction(reaction)
    card = step.get("procedure") or {}
    materials = card.get("materials", [])
    hazards = card.get("hazards", [])
    counts["steps"] += 1
    if step.get("yield", 0) > 0.97:
        hit("steps above 97 %", f"{step['yield']:.3f}  {reaction}")
    # Volumes.
    for m in materials:
        state = m.get("state")
        if state in ("liquid", "solution"):
            ml, g, d = m.get("millilitres"), m.get("grams"), m.get("density")
            if ml is None:
                hit("liquids without a matching volume", f"{m['name']} (no mL)  {reaction}")
            elif state == "liquid" and g is not None and d and abs(ml * d - g) > 0.02 * g + 1e-4:
                hit("liquids without a matching volume", f"{m['name']} {ml} mL x {d} != {g} g")
        elif state is None and m["role"] == "co-reactant":
            counts["co-reactants of unknown state"] += 1
    # Hazards.
    for m in materials:
        mm = mol(m["smiles"])
        if mm is None:
            continue
        classes = [k for k, p in HAZARD_PATTERNS.items() if mm.HasSubstructMatch(p)]
        if classes and not any(h.startswith(m["name"] + ":") for h in hazards):
            hit("hazardous materials without their hazard", f"{m['name']} ({classes[0]})  {reaction}")
    if not hazards:
        counts["cards with no hazard"] += 1
    # Self-reactive co-reactants.
    for smiles in reactants[1:]:
        mm = mol(smiles)
        if any(mm.HasSubstructMatch(g) and mm.HasSubstructMatch(p) for g, p in SELF_PATTERNS):
            hit("self-reactive co-reactants", f"{smiles}  {reaction}")
    # Shield beside a base.
    acid = float(opts.get("acid", "0"))
    agent_mols = [mol(a) for a in agents]
    if acid > 0 and any(matches(a, BASE_PATTERNS) for a in agent_mols):
        hit("shield beside a base", reaction)
    # Acylating agent in a protic solvent (the shield runs in MeOH).
    acylating = any(matches(mol(s), ACYLATING_PATTERNS) for s in reactants[1:])
    # The shield runs in MeOH; a card that swaps to another solvent (written out on the card)
    # evaporates it first, so a shield counts as protic only when no other solvent is named.
    aprotic = {"ClCCl", "ClCCCl", "CC#N", "CN(C)C=O", "CS(C)=O", "C1CCOC1", "Cc1ccccc1", "C1COCCO1"}
    protic = any(matches(a, PROTIC_PATTERNS) for a in agent_mols) or (
        acid > 0 and not any(Chem.CanonSmiles(a) in {Chem.CanonSmiles(x) for x in aprotic} for a in agents if mol(a) is not None)
    )
    if acylating and protic:
        hit("acylating agent in a protic solvent", reaction)
    # Pd couplings.
    if any(a is not None and any(at.GetSymbol() == "Pd" for at in a.GetAtoms()) for a in agent_mols):
        if "H" in "".join(agents) and any(a == "[H][H]" for a in agents):
            return  # hydrogenolysis, not a coupling
        names = [m["name"] for m in materials]
        source = any(n.startswith(("Pd2(dba)3", "Pd(OAc)2", "Pd(dppf)", "PdCl2")) for n in names)
        ligand = any(
            m["role"] == "ligand" or (mol(m["smiles"]) is not None and any(at.GetSymbol() == "P" for at in mol(m["smiles"]).GetAtoms()))
            for m in materials
        )
        if not (source and ligand):
            hit("Pd couplings without a Pd source and a ligand", reaction)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "regiochem"))
    ap.add_argument("--targets", default=os.path.join(ROOT, "..", "shared", "data", "targets"))
    ap.add_argument("--input", help="plan --json or batch output (one JSON object a line)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="first N targets of each file")
    ap.add_argument("--list", action="store_true", help="print up to 5 examples of each count")
    args = ap.parse_args()
    keys = [
        "targets", "targets with a route", "steps", "steps above 97 %",
        "liquids without a matching volume", "co-reactants of unknown state",
        "hazardous materials without their hazard", "cards with no hazard",
        "self-reactive co-reactants", "shield beside a base",
        "acylating agent in a protic solvent", "Pd couplings without a Pd source and a ligand",
    ]
    counts = dict.fromkeys(keys, 0)
    examples = {}
    for report in plans(args):
        counts["targets"] += 1
        routes = report.get("routes") or []
        if not routes:
            continue
        counts["targets with a route"] += 1
        for step in routes[0].get("steps", []):
            check_step(step, counts, examples)
    width = max(len(k) for k in keys)
    for k in keys:
        print(f"{k:<{width}}  {counts[k]}")
        if args.list:
            for e in examples.get(k, [])[:5]:
                print(f"    {e}")


if __name__ == "__main__":
    main()
