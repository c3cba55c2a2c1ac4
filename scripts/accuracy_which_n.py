#!/usr/bin/env python3
"""Which-N accuracy tables for README's "Accuracy" section (issue 11).

Runs the Rust scorer (tests/which_n.rs: `predict SUBSTRATE --with CO-REACTANT` under the
default conditions of the co-reactant's class over ../shared/data/reactions/which_n_public.tsv,
top-1 on constitution, beside the random-site and "primary > secondary > aniline > OH,
unhindered first" baselines) and prints its figures as Markdown tables. The figures are the
ones the test pins; nothing here is typed by hand.

Usage: python3 scripts/accuracy_which_n.py   (from the workspace root)
"""

import subprocess
import sys
from collections import defaultdict

COLUMNS = [
    ("", "All cases"),
    ("site_kind", "By kind of the site that reacted"),
    ("scaffold", "By scaffold"),
    ("rxn_class", "By USPTO-50k reaction class"),
    ("electrophile", "By electrophile (where the model is weak)"),
]
CLASS_NAMES = {
    "1": "1 heteroatom alkylation and arylation",
    "2": "2 acylation and related",
    "5": "5 protections",
    "9": "9 functional group interconversion",
}


def main():
    run = subprocess.run(
        ["cargo", "test", "-q", "-p", "regiochem-tests", "--test", "integration",
         "which_n::which_n_public_top1", "--", "--nocapture"],
        capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stdout + run.stderr)
        sys.exit("the which-N test failed")
    if "skipping:" in run.stderr:
        sys.exit("../shared/data/reactions/ is absent: nothing to measure")
    table = defaultdict(list)
    for line in run.stderr.splitlines():
        if line.startswith("WHICH_N\t"):
            _, column, key, n, top1, random, heuristic = line.split("\t")
            table[column].append((key, int(n), float(top1), float(random), float(heuristic)))
    for column, title in COLUMNS:
        rows = sorted(table[column], key=lambda r: -r[1])
        print(f"{title}:\n")
        print("| group | cases | model top-1 | random site | heuristic |")
        print("|---|---:|---:|---:|---:|")
        for key, n, top1, random, heuristic in rows:
            if column == "electrophile" and n < 10:
                continue
            name = CLASS_NAMES.get(key, key) if column == "rxn_class" else key
            mark = " (below)" if n >= 10 and (top1 <= random or top1 <= heuristic) else ""
            print(f"| {name} | {n:,} | {100 * top1:.1f} %{mark} | {100 * random:.1f} % | "
                  f"{100 * heuristic:.1f} % |")
        print()
    print("(below): a group of ten or more cases where the model is not above both baselines.")


if __name__ == "__main__":
    main()
