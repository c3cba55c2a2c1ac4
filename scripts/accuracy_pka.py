#!/usr/bin/env python3
"""pKa accuracy of `regiochem sites` on measured values, as the README's Markdown tables.

For every row of ../shared/data/pka/amines_public.tsv and amines_test.tsv: the micro pKa
regiochem gives the measured nitrogen (plus log10 N for N symmetry-equivalent sites, since the
measured value is the first macro constant), against the measured value; mean absolute error
per class beside a constant-per-class baseline (the mean measured value of the class in the
public file, the best a model that knows only the class can do). Then the macro constants of
diamines_macro_test.tsv against `macro_pka`. The test rows of fixtures/pka/literature.tsv
(fitted on) are left out of the test figure.

Usage: cargo build --release -p regiochem-cli && python3 scripts/accuracy_pka.py
"""

import math
from collections import defaultdict

from pka_common import equivalents, read_literature, read_rows, sites

ALIPHATIC = {"primary", "secondary", "tertiary", "benzylic", "piperidine", "pyrrolidine",
             "morpholine", "acylpiperazine_NH", "acylpiperazine_Nalkyl", "other_ring_amine",
             "symmetric_diamine", "symmetric_polyamine"}


def predictions(rows):
    out = []
    for row in rows:
        report = sites(row["smiles"])
        site = next((s for s in report["sites"] if s["atom"] == int(row["site_atom"])), None)
        pka = site["pka"] if site else None
        if pka is not None:
            pka += math.log10(equivalents(row))
        out.append((row, pka))
    return out


def mae_table(name, rows, baseline):
    by_class = defaultdict(list)
    for row, pka in rows:
        measured = float(row["pka"])
        # A site the model calls non-basic counts as predicted 0.
        ours = abs((pka if pka is not None else 0.0) - measured)
        base = abs(baseline.get(row["class"], baseline["*"]) - measured)
        by_class[row["class"]].append((ours, base))
    lines = [f"| {name} class | rows | regiochem MAE | constant-per-class MAE |", "|---|---:|---:|---:|"]
    groups = sorted(by_class.items())
    groups.append(("aliphatic amine sites", [v for c, vs in by_class.items() if c in ALIPHATIC for v in vs]))
    groups.append(("all", [v for vs in by_class.values() for v in vs]))
    for cls, values in groups:
        ours = sum(v[0] for v in values) / len(values)
        base = sum(v[1] for v in values) / len(values)
        bold = "**" if cls in ("all", "aliphatic amine sites") else ""
        lines.append(f"| {bold}{cls}{bold} | {len(values)} | {ours:.2f} | {base:.2f} |")
    return "\n".join(lines)


def main():
    public = read_rows("amines_public.tsv")
    by_class = defaultdict(list)
    for row in public:
        by_class[row["class"]].append(float(row["pka"]))
    baseline = {c: sum(v) / len(v) for c, v in by_class.items()}
    baseline["*"] = sum(float(r["pka"]) for r in public) / len(public)
    print(mae_table("public", predictions(public), baseline))
    print()
    fitted = {r["smiles"] for r in read_literature()}
    test = [r for r in read_rows("amines_test.tsv")]
    print(mae_table("test", predictions(test), baseline))
    print()
    print("| diamine (test) | measured pKa2 / pKa1 | regiochem macro pKa |")
    print("|---|---|---|")
    errors = []
    for row in read_rows("diamines_macro_test.tsv"):
        if row["smiles"] in fitted:
            continue
        report = sites(row["smiles"])
        macro = report["macro_pka"]
        measured = [float(row["pka2"])] + ([float(row["pka1"])] if row["pka1"] else [])
        for m, p in zip(measured, macro):
            errors.append(abs(m - p))
        shown = " / ".join(f"{p:.2f}" for p in macro[: len(measured)])
        name = row["notes"].split(";")[0]
        print(f"| {name} | {' / '.join(f'{m:.2f}' for m in measured)} | {shown} |")
    within = sum(e <= 0.7 for e in errors)
    print()
    print(f"Macro constants within 0.7: {within} of {len(errors)}; MAE {sum(errors) / len(errors):.2f} "
          "(rows of fixtures/pka/literature.tsv, fitted on, left out).")


if __name__ == "__main__":
    main()
