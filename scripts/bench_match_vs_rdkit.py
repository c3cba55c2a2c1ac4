#!/usr/bin/env python3
"""Side-by-side substructure search: `regiochem match --count --stats` against RDKit over the
100k MOSES file, for a few patterns.

Match only: regiochem's seconds in has_match (its --stats line) against RDKit timing only
HasSubstructMatch over molecules parsed beforehand. End to end: regiochem's whole run (read,
parse, perceive, match; wall clock) against MolFromSmiles + HasSubstructMatch per line. Both
sides must count the same matching lines.

Usage: cargo build --release && python3 scripts/bench_match_vs_rdkit.py [FILE]
"""
import re
import subprocess
import sys
import time

from rdkit import Chem, RDLogger, rdBase

RDLogger.DisableLog("rdApp.*")
AMINE = "[NX3;H1,H2;!$(N[C,S]=[O,S,N]);!$(NS(=O)=O);!$(Na);!$(N-[N,O])]"
PATTERNS = [AMINE, "c1ccccc1", "C(=O)N", "[#7;H1;R]", "c[F,Cl,Br,I]", "C-C-C",
            "[N+](=O)[O-]", "[C;$(C(=O)[OH])]"]
BINARY = "target/release/regiochem"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/moses/moses_train_100k.smi"
    smiles = [line.split()[0] for line in open(path) if line.strip()]
    start = time.perf_counter()
    mols = [Chem.MolFromSmiles(s) for s in smiles]
    parse_seconds = time.perf_counter() - start
    print(f"RDKit {rdBase.rdkitVersion}, {len(smiles)} molecules, MolFromSmiles {parse_seconds:.2f} s")
    print(f"{'pattern':<40} {'hits':>6} {'ours match':>10} {'RDKit match':>11} {'ratio':>6}"
          f" {'ours e2e':>9} {'RDKit e2e':>9} {'ratio':>6}")
    for smarts in PATTERNS:
        query = Chem.MolFromSmarts(smarts)
        start = time.perf_counter()
        hits = sum(1 for m in mols if m is not None and m.HasSubstructMatch(query))
        rdkit_match = time.perf_counter() - start
        rdkit_e2e = parse_seconds + rdkit_match
        start = time.perf_counter()
        run = subprocess.run([BINARY, "match", smarts, path, "--count", "--stats"],
                             capture_output=True, text=True)
        ours_e2e = time.perf_counter() - start
        ours_hits = int(run.stdout.strip())
        ours_match = float(re.search(r"matching ([0-9.]+) s", run.stderr).group(1))
        flag = "" if ours_hits == hits else f"  (hits differ: ours {ours_hits})"
        short = smarts if len(smarts) <= 40 else smarts[:37] + "..."
        print(f"{short:<40} {hits:>6} {ours_match:>9.3f}s {rdkit_match:>10.3f}s "
              f"{rdkit_match / ours_match:>5.1f}x {ours_e2e:>8.2f}s {rdkit_e2e:>8.2f}s "
              f"{rdkit_e2e / ours_e2e:>5.1f}x{flag}")


if __name__ == "__main__":
    main()
