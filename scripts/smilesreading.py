#!/usr/bin/env python3
"""Score `regiochem parse` on the NextMove SMILES reading benchmark (per FORMAT.md).

For each writer W in smilesreading/2-aromaticsmiles/chembl/W.smi.gz: gunzip to a
temporary file, run `$REGIOCHEM parse TMP` (one JSON object per input line), turn
each object into a payload (its `hydrogens` list joined by spaces, or `#ERROR`
if it has an `error`) and compare with column 2 of expected/W.expected.tsv.gz.

Prints per W: matches/total, false errors (expected counts, we errored), false
accepts (expected #ERROR, we gave counts) and wrong counts; for the primary
targets also up to 10 mismatching lines (ours vs expected). Exits 1 if any
primary target scores below 47,450 (2 if the binary cannot be run).

Usage: REGIOCHEM=target/release/regiochem python3 scripts/smilesreading.py [--writers W ...]
       [--data /work/shared/data/smilesreading]   (stdlib only)
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REGIOCHEM = os.environ.get("REGIOCHEM", "/work/main/target/release/regiochem")
# The benchmark measures OpenSMILES reading, so hypervalent unbracketed atoms get the
# OpenSMILES counts (--lenient); pass --strict to see what strict mode rejects instead.
EXTRA_ARGS = ["--lenient"]
PRIMARY = ["oechem_June2017", "cdk_2.0", "rdkit_2017.03.3"]
THRESHOLD = 47450
SHOW = 10


def read_expected(path):
    """[(title, payload)] from a W.expected.tsv.gz file."""
    with gzip.open(path, "rt") as f:
        return [tuple(line.rstrip("\n").split("\t")[:2]) for line in f]


def our_payloads(smi_gz):
    """Run parse on the gunzipped file; return (inputs, [(title, payload)], seconds)."""
    with tempfile.NamedTemporaryFile("wb", suffix=".smi", delete=False) as tmp:
        with gzip.open(smi_gz, "rb") as src:
            shutil.copyfileobj(src, tmp)
    try:
        with open(tmp.name) as f:
            inputs = f.read().split("\n")
        if inputs and inputs[-1] == "":
            inputs.pop()
        start = time.perf_counter()
        try:
            proc = subprocess.run([REGIOCHEM, "parse", *EXTRA_ARGS, tmp.name], capture_output=True, text=True)
        except OSError as e:
            print(f"cannot run {REGIOCHEM}: {e}", file=sys.stderr)
            sys.exit(2)
        seconds = time.perf_counter() - start
    finally:
        os.unlink(tmp.name)
    if proc.returncode != 0:
        print(f"  note: parse exited {proc.returncode}: {proc.stderr.strip()[:200]}")
    results = []
    for line in proc.stdout.splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        if "error" in obj:
            payload = "#ERROR"
        else:
            payload = " ".join(str(h) for h in obj["hydrogens"])
        results.append((str(obj.get("title", "")), payload))
    return inputs, results, seconds


def align(expected, results):
    """Our payload per expected line: by position if the counts agree, else by title."""
    if len(results) == len(expected):
        return [p for _, p in results]
    print(f"  WARNING: {len(results)} output objects for {len(expected)} lines; aligning by title")
    by_title = {t: p for t, p in results}
    return [by_title.get(t, "<missing>") for t, _ in expected]


def score(writer, data):
    expected = read_expected(data / "expected" / f"{writer}.expected.tsv.gz")
    inputs, results, seconds = our_payloads(data / "2-aromaticsmiles" / "chembl" / f"{writer}.smi.gz")
    ours = align(expected, results)
    matches = false_err = false_acc = wrong = 0
    bad = []
    for i, ((title, exp), got) in enumerate(zip(expected, ours)):
        if got == exp:
            matches += 1
            continue
        if got == "#ERROR":
            false_err += 1
        elif exp == "#ERROR":
            false_acc += 1
        else:
            wrong += 1
        bad.append((i, inputs[i] if i < len(inputs) else "?", got, exp))
    print(f"{writer:22s} {matches:6d}/{len(expected)}  false errors {false_err:4d}  "
          f"false accepts {false_acc:3d}  wrong counts {wrong:4d}  ({seconds:.2f} s)")
    if writer in PRIMARY:
        for i, line, got, exp in bad[:SHOW]:
            print(f"    line {i + 1}: {line}\n      ours     {got}\n      expected {exp}")
    return matches


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/work/shared/data/smilesreading", type=Path)
    ap.add_argument("--writers", nargs="*", help="default: every W in 2-aromaticsmiles/chembl")
    ap.add_argument("--strict", action="store_true", help="score regiochem's default strict valence")
    args = ap.parse_args()
    if args.strict:
        EXTRA_ARGS.clear()
    if not os.access(REGIOCHEM, os.X_OK):
        print(f"binary not found or not executable: {REGIOCHEM} (set REGIOCHEM)", file=sys.stderr)
        return 2
    writers = args.writers or sorted(p.name[: -len(".smi.gz")]
                                     for p in (args.data / "2-aromaticsmiles" / "chembl").glob("*.smi.gz"))
    scores = {w: score(w, args.data) for w in writers}
    low = [w for w in PRIMARY if w in scores and scores[w] < THRESHOLD]
    for w in low:
        print(f"FAIL {w}: {scores[w]} < {THRESHOLD}")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
