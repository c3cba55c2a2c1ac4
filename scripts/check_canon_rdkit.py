#!/usr/bin/env python3
"""Check `regiochem canon` on the variant fixture and round-trip its output through RDKit.

Reads fixtures/canon/variants.tsv (`id<TAB>variant`, '#' comments), writes a
temporary `variant<TAB>id` file, runs `$REGIOCHEM canon TMP` (one output line per
input line: `canonical<TAB>id`, empty for invalid input) and checks:

  1. every variant of one id gives one identical, non-empty canonical string;
  2. distinct ids give distinct canonical strings;
  3. RDKit reads our canonical string back to the same RDKit canonical SMILES
     as the id's first variant (the original MOSES string).

Writes fixtures/canon/rdkit_roundtrip.tsv (`id<TAB>our_canonical<TAB>rdkit_same`,
rdkit_same = 1/0), prints a summary, exits 1 on any failure (2 if the binary
cannot be run).

Usage: REGIOCHEM=target/release/regiochem python3 scripts/check_canon_rdkit.py [--variants FILE]
(REGIOCHEM defaults to /work/main/target/release/regiochem)
"""
import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from rdkit import Chem, RDLogger

ROOT = Path(__file__).resolve().parent.parent
REGIOCHEM = os.environ.get("REGIOCHEM", "/work/main/target/release/regiochem")


def rdkit_canon(smiles):
    mol = Chem.MolFromSmiles(smiles)
    return None if mol is None else Chem.MolToSmiles(mol)


def read_variants(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            ident, variant = line.rstrip("\n").split("\t")
            rows.append((ident, variant))
    return rows


def run_canon(rows):
    """Return our output lines (one per row) as (canonical, title) pairs."""
    with tempfile.NamedTemporaryFile("w", suffix=".smi", delete=False) as tmp:
        for ident, variant in rows:
            tmp.write(f"{variant}\t{ident}\n")
    try:
        proc = subprocess.run([REGIOCHEM, "canon", tmp.name], capture_output=True, text=True)
    except OSError as e:
        print(f"cannot run {REGIOCHEM}: {e}", file=sys.stderr)
        sys.exit(2)
    finally:
        os.unlink(tmp.name)
    if proc.returncode != 0:
        print(f"warning: {REGIOCHEM} canon exited {proc.returncode}: {proc.stderr[:500]}", file=sys.stderr)
    lines = proc.stdout.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # trailing newline
    out = []
    for line in lines:
        canon, _, title = line.partition("\t")
        out.append((canon, title))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", default=ROOT / "fixtures" / "canon" / "variants.tsv", type=Path)
    ap.add_argument("--out", default=ROOT / "fixtures" / "canon" / "rdkit_roundtrip.tsv", type=Path)
    args = ap.parse_args()
    RDLogger.DisableLog("rdApp.*")
    if not os.access(REGIOCHEM, os.X_OK):
        print(f"binary not found or not executable: {REGIOCHEM} (set REGIOCHEM)", file=sys.stderr)
        return 2

    rows = read_variants(args.variants)
    out = run_canon(rows)
    failures = []
    if len(out) != len(rows):
        failures.append(f"line count: {len(rows)} inputs, {len(out)} output lines")

    # group our canonical strings by id, in input order
    by_id = defaultdict(list)
    original = {}
    for (ident, variant), (canon, title) in zip(rows, out):
        original.setdefault(ident, variant)
        by_id[ident].append((variant, canon))
        if canon and title != ident:  # invalid input gives an empty line, no title
            failures.append(f"{ident}: title echoed as {title!r}")

    consistent = 0
    ours = {}  # id -> our canonical (the most common one if inconsistent)
    for ident, pairs in by_id.items():
        strings = Counter(c for _, c in pairs)
        ours[ident] = strings.most_common(1)[0][0]
        if len(strings) == 1 and "" not in strings:
            consistent += 1
        else:
            detail = "; ".join(f"{v} -> {c or '<invalid>'}" for v, c in pairs)
            failures.append(f"{ident}: variants disagree or are invalid: {detail}")

    owners = defaultdict(list)
    for ident, canon in ours.items():
        if canon:
            owners[canon].append(ident)
    collisions = {c: ids for c, ids in owners.items() if len(ids) > 1}
    for canon, ids in collisions.items():
        failures.append(f"distinct ids give the same string {canon}: {' '.join(ids)}")

    same = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w") as f:
        f.write("# id\tour_canonical\trdkit_same (RDKit reads our canonical back to the "
                "original's RDKit canonical SMILES); written by scripts/check_canon_rdkit.py\n")
        for ident, canon in ours.items():
            ok = bool(canon) and rdkit_canon(canon) == rdkit_canon(original[ident])
            same += ok
            if not ok:
                failures.append(f"{ident}: RDKit reads our {canon or '<invalid>'} as "
                                f"{rdkit_canon(canon) if canon else None}, original {original[ident]}")
            f.write(f"{ident}\t{canon}\t{int(ok)}\n")

    n = len(by_id)
    print(f"{len(rows)} variants of {n} molecules")
    print(f"  all variants identical: {consistent}/{n}")
    print(f"  canonical collisions between ids: {len(collisions)}")
    print(f"  RDKit round trip same: {same}/{n}")
    print(f"  wrote {args.out}")
    for msg in failures[:20]:
        print("FAIL", msg)
    if len(failures) > 20:
        print(f"... and {len(failures) - 20} more failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
