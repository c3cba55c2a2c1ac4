#!/usr/bin/env python3
"""Layout speed: `regiochem depict FILE --json` against RDKit's Compute2DCoords, same molecules.

Usage: scripts/bench_depict_vs_rdkit.py [FILE ...]
(default: fixtures/targets/diazepanes_300.smi fixtures/molecules/bench_1000.smi)
Builds nothing: run `cargo build --release` first. One run each; prints molecules per second and
the ratio. RDKit time counts parsing plus Compute2DCoords; ours counts the whole process
(parsing, layout, JSON writing).
"""
import os
import subprocess
import sys
import tempfile
import time

from rdkit import Chem, RDLogger
from rdkit.Chem import rdDepictor

RDLogger.DisableLog("rdApp.*")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
files = sys.argv[1:] or [
    os.path.join(ROOT, "fixtures/targets/diazepanes_300.smi"),
    os.path.join(ROOT, "fixtures/molecules/bench_1000.smi"),
]
lines = []
for path in files:
    with open(path) as handle:
        lines += [l.split()[0] for l in handle if l.strip() and not l.startswith("#")]
# Repeat so each side runs for a measurable time.
lines = lines * 5
with tempfile.NamedTemporaryFile("w", suffix=".smi", delete=False) as handle:
    handle.write("\n".join(lines) + "\n")
    joined = handle.name

binary = os.path.join(ROOT, "target/release/regiochem")
start = time.perf_counter()
result = subprocess.run([binary, "depict", joined, "--json"], capture_output=True, text=True)
ours = time.perf_counter() - start
assert result.stdout.count("\n") == len(lines), result.stderr[:500]

start = time.perf_counter()
for smiles in lines:
    molecule = Chem.MolFromSmiles(smiles)
    rdDepictor.Compute2DCoords(molecule)
theirs = time.perf_counter() - start
os.unlink(joined)

print(f"{len(lines)} molecules")
print(f"regiochem depict --json: {ours:.3f} s ({len(lines) / ours:.0f} per second)")
print(f"RDKit Compute2DCoords:   {theirs:.3f} s ({len(lines) / theirs:.0f} per second)")
print(f"ratio (RDKit time / ours): {theirs / ours:.2f}")
