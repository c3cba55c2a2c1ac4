#!/usr/bin/env python3
"""Fits the two aniline nucleophilicity rows of crates/rules/data/sites.tsv
(`aniline bronsted`, `aniline conjugated-aza`) on the aniline-against-aniline cases of
../shared/data/reactions/which_n_public.tsv: the cases where the site that reacted and every
competing site are aniline N-H.

For each case it reads the sites of the substrate from `regiochem sites --json` (pKa, and the
log rate with sterics), takes the current electronic terms back out, and scores a grid
of (slope, aza) pairs: right when the site that reacted gets the strictly highest log rate.
Prints the grid's best pairs and the figure without the terms. A proxy for the full engine
(tests/which_n.rs is the figure that counts), fast enough to search a grid.

Usage: python3 scripts/fit_aniline_nucleophilicity.py   (after cargo build --release; RDKit)
"""

import csv
import json
import pathlib
import subprocess

from rdkit import Chem

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "reactions" / "which_n_public.tsv"
BIN = ROOT / "target" / "release" / "regiochem"
ANILINE_PKA = 4.6


def current_terms():
    values = {}
    for line in (ROOT / "crates" / "rules" / "data" / "sites.tsv").read_text().splitlines():
        fields = line.split("\t")
        if len(fields) >= 4 and fields[0] == "aniline":
            values[fields[1]] = float(fields[3])
    return values["bronsted"], values["conjugated-aza"]


def conjugated_aza(mol, index, distances):
    """Pyridine-type aromatic N two or four bonds away (as sites.rs counts them)."""
    return sum(
        1
        for atom in mol.GetAtoms()
        if atom.GetSymbol() == "N" and atom.GetIsAromatic() and atom.GetTotalNumHs() == 0
        and atom.GetFormalCharge() == 0 and atom.GetDegree() == 2
        and distances[index][atom.GetIdx()] in (2, 4)
    )


def main():
    rows = [r for r in csv.DictReader(
        (line for line in DATA.open() if not line.startswith("# ")), delimiter="\t")]
    cases = [r for r in rows if r["site_kind"] == "aniline"
             and all(k.startswith("aniline") for k in r["alt_site_kinds"].split(";"))]
    slope, aza = current_terms()
    scored = []
    for row in cases:
        run = subprocess.run([str(BIN), "sites", row["substrate"], "--json"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            continue
        sites = {s["atom"]: s for s in json.loads(run.stdout)["sites"]}
        mol = Chem.MolFromSmiles(row["substrate"])
        distances = Chem.GetDistanceMatrix(mol)
        indices = [int(row["site_idx"])] + [int(i) for i in row["alt_site_idx"].split(";")]
        features = []
        for index in indices:
            site = sites.get(index)
            if site is None or site.get("pka") is None or site.get("log_rate") is None:
                break
            n_aza = conjugated_aza(mol, index, distances)
            base = site["log_rate"] - slope * (site["pka"] - ANILINE_PKA) - aza * n_aza
            features.append((base, site["pka"], n_aza))
        else:
            scored.append(features)

    def right(b, g):
        total = 0
        for features in scored:
            rates = [base + b * (pka - ANILINE_PKA) + g * n for base, pka, n in features]
            total += all(rates[0] > r + 1e-6 for r in rates[1:])
        return total

    grid = [(right(b, g), b, g) for b in (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.8)
            for g in (0.0, -0.25, -0.5, -0.75, -1.0, -1.5, -2.0)]
    grid.sort(key=lambda t: (-t[0], t[1], t[2]))
    print(f"{len(scored)} of {len(cases)} aniline-against-aniline cases scored")
    print(f"without the terms: {right(0.0, 0.0)}; with the shipped ({slope}, {aza}): "
          f"{right(slope, aza)}")
    for total, b, g in grid[:10]:
        print(f"slope {b:5.2f}  aza {g:5.2f}  right {total}")


if __name__ == "__main__":
    main()
