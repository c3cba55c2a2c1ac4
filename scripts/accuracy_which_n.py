#!/usr/bin/env python3
"""Which-N, protecting-group and mono/bis tables for README's "Accuracy" section (issue 11).

Runs the Rust scorer (tests/which_n.rs: `predict SUBSTRATE --with CO-REACTANT` under the
default conditions of the co-reactant's class over ../shared/data/reactions/which_n_public.tsv,
top-1 on constitution, beside the random-site and "primary > secondary > aniline > OH,
unhindered first" baselines; tests/protecting_groups.rs over pg_public.tsv; tests/monobis.rs
over fixtures/monobis/published.tsv) and prints their figures as Markdown tables. The figures
are the ones the tests pin; nothing here is typed by hand.

Usage: python3 scripts/accuracy_which_n.py          (from the workspace root)
       python3 scripts/accuracy_which_n.py --test   the held-out which_n_test.tsv (USPTO-50k
           test, USPTO-MIT, USPTO-15K), the final figure only: never fit to what it shows
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


def test_output(*filters):
    """The stderr of the integration tests selected by `filters`, which must pass and must
    have found ../shared/data/reactions/."""
    run = subprocess.run(
        ["cargo", "test", "-q", "-p", "regiochem-tests", "--test", "integration",
         "--", *filters, "--nocapture"],
        capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stdout + run.stderr)
        sys.exit("the accuracy tests failed")
    if "skipping:" in run.stderr:
        sys.exit("../shared/data/reactions/ is absent: nothing to measure")
    return run.stderr


def held_out():
    """The which-N tables for which_n_test.tsv (the ignored test `which_n_test_top1`)."""
    stderr = test_output("which_n::which_n_test_top1", "--ignored", "--exact")
    table = defaultdict(list)
    for line in stderr.splitlines():
        if line.startswith("WHICH_N_TEST\t"):
            _, column, key, n, top1, random, heuristic = line.split("\t")
            table[column].append((key, int(n), float(top1), float(random), float(heuristic)))
    print_tables(table, COLUMNS[:3])


def print_tables(table, columns):
    for column, title in columns:
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
    print()


def print_product_recall(product):
    """The recorded product of pg_public's class 1 and 2 steps, by the default class used."""
    print("Recorded product of every heteroatom alkylation, arylation and acylation step of "
          "pg_public.tsv (USPTO-50k classes 1 and 2, groups kept), under the default conditions "
          "of the co-reactant, by the class of the default row used:\n")
    print("| default class | steps | product right |")
    print("|---|---:|---:|")
    rows = sorted((r for r in product if r[0] != "all"), key=lambda r: (-r[1], r[0]))
    small = [r for r in rows if r[1] < 20]
    for name, n, right in rows:
        if n >= 20:
            label = "none matched" if name == "-" else name
            print(f"| {label} | {n:,} | {100 * right / n:.1f} % |")
    if small:
        n = sum(r[1] for r in small)
        right = sum(r[2] for r in small)
        print(f"| {len(small)} classes with fewer than 20 | {n:,} | {100 * right / n:.1f} % |")
    for name, n, right in product:
        if name == "all":
            print(f"| all | {n:,} | {100 * right / n:.1f} % |")
    print()


def main():
    if sys.argv[1:] == ["--test"]:
        held_out()
        return
    stderr = test_output("which_n::which_n_public_top1", "pg_public", "published_mono_bis")
    table = defaultdict(list)
    pg = defaultdict(list)
    monobis = []
    product = []
    summary = None
    for line in stderr.splitlines():
        fields = line.split("\t")
        if fields[0] == "PG" and fields[1] == "summary":
            summary = fields[2:]
        elif fields[0] == "PG":
            pg[fields[1]].append((fields[2], int(fields[3]), int(fields[4])))
        elif fields[0] == "PRODUCT":
            product.append((fields[1], int(fields[2]), int(fields[3])))
        elif fields[0] == "MONOBIS":
            monobis.append(fields[1:])
        if line.startswith("WHICH_N\t"):
            _, column, key, n, top1, random, heuristic = line.split("\t")
            table[column].append((key, int(n), float(top1), float(random), float(heuristic)))
    print_tables(table, COLUMNS)
    kept, survival, reacted, reacted_survival, removals, removal = summary
    print("Protecting groups (pg_public.tsv):\n")
    print("| group | kept: checks | kept: survive | removed: rows | removed: right |")
    print("|---|---:|---:|---:|---:|")
    kept_by = {g: (n, r) for g, n, r in pg["kept"]}
    removed_by = {g: (n, r) for g, n, r in pg["removed"]}
    for group in sorted(set(kept_by) | set(removed_by), key=lambda g: -kept_by.get(g, (0,))[0]):
        k = kept_by.get(group)
        r = removed_by.get(group)
        kcell = f"{k[0]:,} | {100 * k[1] / k[0]:.1f} %" if k else "- | -"
        rcell = f"{r[0]:,} | {100 * r[1] / r[0]:.1f} %" if r else "- | -"
        print(f"| {group} | {kcell} | {rcell} |")
    print(f"| all | {int(kept):,} | {100 * float(survival):.2f} % | {int(removals):,} | "
          f"{100 * float(removal):.1f} % |")
    print()
    print(f"Of the kept-group checks, {int(reacted):,} are on steps where the model predicts a "
          f"product; {100 * float(reacted_survival):.2f} % of those survive (the rest are steps "
          "where neither reactant has a default class the rules can use, so nothing is "
          "predicted to happen).")
    print()
    print_product_recall(product)
    print("Mono or bis (fixtures/monobis/published.tsv, yields on the limiting reagent):\n")
    print("| row | model mono | model bis | published mono | published bis |")
    print("|---|---:|---:|---:|---:|")
    for row_id, mono, bis, pmono, pbis in monobis:
        def pct(r):
            lo, hi = (100 * float(x) for x in r.split("-"))
            return f"{lo:.0f} %" if lo == hi else f"{lo:.0f}-{hi:.0f} %"
        print(f"| {row_id} | {100 * float(mono):.1f} % | {100 * float(bis):.1f} % | {pct(pmono)} | "
              f"{pct(pbis)} |")


if __name__ == "__main__":
    main()
