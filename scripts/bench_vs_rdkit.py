#!/usr/bin/env python3
"""Side-by-side throughput: regiochem vs RDKit on the MOSES 100k file.

Times, best of --runs (default 3) each:
  (a) RDKit  Chem.MolFromSmiles (sanitised) over the SMILES, already in memory
  (b) `$REGIOCHEM check FILE`             (whole process: startup, file read, parse)
  (c) RDKit  MolFromSmiles + MolToSmiles
  (d) `$REGIOCHEM canon FILE > /dev/null`
Everything runs on one core: our binary under `taskset -c 0` when available, the
RDKit loops with this process pinned to CPU 0 (os.sched_setaffinity). Prints
molecules/s, the ratios check/RDKit-parse and canon/RDKit-canon against the
targets of issue 8 (>= 30x, >= 20x) and the peak RSS of our runs (/usr/bin/time -f %M,
else resource.getrusage(RUSAGE_CHILDREN), which is a running maximum).
Note the RDKit loops exclude file reading, so the ratios are conservative.

To add substructure-match timings later, fill in substructure_benchmarks().

Usage: REGIOCHEM=target/release/regiochem python3 scripts/bench_vs_rdkit.py [--limit N]
       [--file /work/shared/data/moses/moses_train_100k.smi] [--runs 3] [--rdkit-only]
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

from rdkit import Chem, RDLogger

REGIOCHEM = os.environ.get("REGIOCHEM", "/work/main/target/release/regiochem")
TARGETS = {"check": 30.0, "canon": 20.0}  # issue 8
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
TASKSET = shutil.which("taskset")
SUMMARY = {}  # subcommand -> its last stdout (only kept for `check`)


def read_smiles(path, limit):
    out = []
    with open(path) as f:
        for line in f:
            if limit is not None and len(out) >= limit:
                break
            parts = line.split(None, 1)
            if parts:
                out.append(parts[0])
    return out


def best_of(runs, fn):
    """Run fn() `runs` times; fn returns (seconds, peak_rss_kb or None). Keep the fastest time, max RSS."""
    results = [fn() for _ in range(runs)]
    rss = [r for _, r in results if r is not None]
    return min(t for t, _ in results), (max(rss) if rss else None)


def pinned_python(fn):
    """Call fn with this process pinned to CPU 0 (if supported); return elapsed seconds."""
    old = os.sched_getaffinity(0) if hasattr(os, "sched_setaffinity") else None
    if old is not None:
        os.sched_setaffinity(0, {min(old)})
    try:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start, None
    finally:
        if old is not None:
            os.sched_setaffinity(0, old)


def rdkit_parse(smiles):
    def work():
        for s in smiles:  # don't keep the molecules: holding 100k of them costs more than parsing
            Chem.MolFromSmiles(s)
    return lambda: pinned_python(work)


def rdkit_canon(smiles):
    def work():
        for s in smiles:
            m = Chem.MolFromSmiles(s)
            if m is not None:
                Chem.MolToSmiles(m)
    return lambda: pinned_python(work)


def ours(subcommand, path):
    """A timing function for `regiochem SUBCOMMAND path > /dev/null`, pinned to CPU 0."""
    def run():
        cmd = [REGIOCHEM, subcommand, str(path)]
        if TASKSET:
            cmd = [TASKSET, "-c", "0"] + cmd
        rss_file = None
        if GNU_TIME:
            rss_file = tempfile.NamedTemporaryFile(suffix=".rss", delete=False).name
            cmd = [GNU_TIME, "-f", "%M", "-o", rss_file] + cmd
        start = time.perf_counter()
        keep = subcommand == "check"  # one summary line: worth showing; canon output is discarded
        proc = subprocess.run(cmd, stdout=subprocess.PIPE if keep else subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        if keep:
            SUMMARY[subcommand] = proc.stdout.strip()
        if proc.returncode != 0:
            print(f"warning: {subcommand} exited {proc.returncode}: {proc.stderr.strip()[:200]}", file=sys.stderr)
        if rss_file:
            with open(rss_file) as f:
                text = f.read().split()
            os.unlink(rss_file)
            rss = int(text[-1]) if text and text[-1].isdigit() else None
        else:
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
        return elapsed, rss
    return run


def substructure_benchmarks(smiles, path):
    """Hook: return extra rows (label, timing_fn, compare_to_label_or_None, target_ratio_or_None).

    E.g. once regiochem has a matcher:
      pattern = Chem.MolFromSmarts("C1CNCCNC1")
      rows.append(("RDKit HasSubstructMatch", lambda: pinned_python(
          lambda: [m.HasSubstructMatch(pattern) for m in mols]), None, None))
      rows.append(("regiochem match", ours("match", path), "RDKit HasSubstructMatch", 10.0))
    (ours() takes a subcommand; extend it if the command needs extra arguments.)
    """
    return []


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", default="/work/shared/data/moses/moses_train_100k.smi")
    ap.add_argument("--limit", type=int, help="use only the first N lines")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--rdkit-only", action="store_true", help="skip the regiochem runs")
    args = ap.parse_args()
    RDLogger.DisableLog("rdApp.*")

    smiles = read_smiles(args.file, args.limit)
    n = len(smiles)
    path = args.file
    tmp = None
    if args.limit is not None:  # our binary gets exactly the same lines
        tmp = tempfile.NamedTemporaryFile("w", suffix=".smi", delete=False)
        with open(args.file) as f:
            for i, line in enumerate(f):
                if i >= args.limit:
                    break
                tmp.write(line)
        tmp.close()
        path = tmp.name
    if not args.rdkit_only and not os.access(REGIOCHEM, os.X_OK):
        print(f"binary not found or not executable: {REGIOCHEM} (set REGIOCHEM, or --rdkit-only)", file=sys.stderr)
        return 2

    # (label, timing function, label of the RDKit row to compare with, target ratio)
    rows = [("RDKit MolFromSmiles", rdkit_parse(smiles), None, None)]
    if not args.rdkit_only:
        rows.append(("regiochem check", ours("check", path), "RDKit MolFromSmiles", TARGETS["check"]))
    rows.append(("RDKit MolFromSmiles+MolToSmiles", rdkit_canon(smiles), None, None))
    if not args.rdkit_only:
        rows.append(("regiochem canon", ours("canon", path), "RDKit MolFromSmiles+MolToSmiles", TARGETS["canon"]))
        rows += substructure_benchmarks(smiles, path)

    print(f"{n} molecules from {args.file}, best of {args.runs}, one core "
          f"(taskset: {'yes' if TASKSET else 'no'})")
    rate = {}
    failed = False
    for label, fn, base, target in rows:
        seconds, rss = best_of(args.runs, fn)
        rate[label] = n / seconds
        line = f"  {label:34s} {seconds:8.3f} s {rate[label]:12,.0f} mol/s"
        if rss is not None:
            line += f"  peak RSS {rss / 1024:.1f} MiB"
        if base:
            ratio = rate[label] / rate[base]
            ok = ratio >= target
            failed |= not ok
            line += f"  {ratio:6.1f}x vs {base} (target >= {target:g}x: {'ok' if ok else 'MISSED'})"
        print(line)
    for sub, text in SUMMARY.items():
        print(f"  regiochem {sub} said: {text}")
    if tmp:
        os.unlink(tmp.name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
