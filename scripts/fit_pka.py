#!/usr/bin/env python3
"""Fit the site model's pKa terms to measured values and write them into sites.tsv.

Reads ../shared/data/pka/amines_public.tsv (never copied into the project), runs
`regiochem sites SMILES --json --explain` on every row to get the structural features of the
measured nitrogen, and fits, by ridge least squares with one unpenalised intercept per site
class, the coefficient of every feature seen in at least MIN_ROWS rows. The ridge strength is
chosen by 5-fold cross-validation (folds fixed by row order, so the fit is deterministic).
Writes the class intercepts into the `class` rows and the coefficients between the
`BEGIN fitted terms` / `END fitted terms` markers of crates/rules/data/sites.tsv, then prints
the cross-validated and fitted mean absolute errors per class.

Also fits the rows of fixtures/pka/literature.tsv (cited values for a class the shared
file is thin in).

Symmetric rows (`N equivalent N` in notes) are macro constants: the target is the measured
value less log10(N), the micro pKa of one site when the sites do not interact.

Usage: cargo build --release -p regiochem-cli && python3 scripts/fit_pka.py [--dry-run]
Needs numpy. Rerun it after changing a feature in crates/rules/src/sites.rs.
"""

import math
import re
import sys
from collections import defaultdict

import numpy as np

from pka_common import ROOT, equivalents, read_literature, read_rows, sites

MIN_ROWS = 1
FITTED_CLASSES = ["primary", "secondary", "tertiary", "aniline", "amidine", "guanidine"]
LAMBDAS = [0.1, 0.3, 1.0, 3.0, 10.0]
HUBER = 0.5
SITES_TSV = ROOT / "crates" / "rules" / "data" / "sites.tsv"


def collect():
    """(row, our site) for every measured row."""
    out = []
    rows = read_rows("amines_public.tsv") + read_literature()
    for row in rows:
        report = sites(row["smiles"], explain=True)
        atom = int(row["site_atom"])
        site = next((s for s in report["sites"] if s["atom"] == atom), None)
        out.append((row, site))
    return out


def design(samples, names):
    index = {n: i for i, n in enumerate(names)}
    classes = {c: i for i, c in enumerate(FITTED_CLASSES)}
    x = np.zeros((len(samples), len(classes) + len(names)))
    for r, (_, site) in enumerate(samples):
        x[r, classes[site["class"]]] = 1.0
        for term in site.get("pka_terms", []):
            if term["name"] in index:
                x[r, len(classes) + index[term["name"]]] += term["count"]
    return x


def ridge(x, y, lam, free, huber=HUBER):
    """Ridge regression with a Huber loss (iteratively reweighted), so a few dubious
    measurements (proton sponges, mixed constants) do not pull every coefficient."""
    penalty = np.full(x.shape[1], lam)
    penalty[:free] = 0.0
    weights = np.ones(len(y))
    for _ in range(20):
        xw = x * weights[:, None]
        coef = np.linalg.solve(xw.T @ x + np.diag(penalty), xw.T @ y)
        residual = np.abs(x @ coef - y)
        weights = np.where(residual <= huber, 1.0, huber / np.maximum(residual, 1e-12))
    return coef


def main():
    dry_run = "--dry-run" in sys.argv
    samples = collect()
    usable = [(row, site) for row, site in samples if site and site["class"] in FITTED_CLASSES]
    skipped = len(samples) - len(usable)
    seen = defaultdict(int)
    for _, site in usable:
        for term in site.get("pka_terms", []):
            seen[term["name"]] += 1
    names = sorted(n for n, c in seen.items() if c >= MIN_ROWS)
    x = design(usable, names)
    y = np.array([float(row["pka"]) - math.log10(equivalents(row)) for row, _ in usable])
    free = len(FITTED_CLASSES)
    folds = np.arange(len(usable)) % 5
    best = None
    for lam in LAMBDAS:
        errors = np.zeros(len(usable))
        for k in range(5):
            train, test = folds != k, folds == k
            coef = ridge(x[train], y[train], lam, free)
            errors[test] = np.abs(x[test] @ coef - y[test])
        mae = errors.mean()
        print(f"lambda {lam:5.1f}: cross-validated MAE {mae:.3f}")
        if best is None or mae < best[1]:
            best = (lam, mae, errors)
    lam, cv_mae, cv_errors = best
    coef = ridge(x, y, lam, free)
    fit_errors = np.abs(x @ coef - y)
    by_class = defaultdict(list)
    for (row, _), cv, fit in zip(usable, cv_errors, fit_errors):
        by_class[row["class"]].append((cv, fit))
    print(f"chosen lambda {lam}; {len(usable)} rows fitted, {skipped} rows whose site the model "
          f"does not type as a fitted basic class; {len(names)} features")
    print(f"{'class':<24}{'n':>5}{'cv MAE':>9}{'fit MAE':>9}")
    for cls in sorted(by_class):
        values = np.array(by_class[cls])
        print(f"{cls:<24}{len(values):>5}{values[:, 0].mean():>9.3f}{values[:, 1].mean():>9.3f}")
    print(f"{'all':<24}{len(usable):>5}{cv_mae:>9.3f}{fit_errors.mean():>9.3f}")
    if dry_run:
        return
    write(coef, names, len(usable), lam)


def write(coef, names, n, lam):
    text = SITES_TSV.read_text(encoding="utf-8")
    source = (f"fitted: ridge regression, Huber loss {HUBER} (lambda {lam}) on {n} rows of "
              "amines_public.tsv (pka_lookup/OPERA, MIT; AvLiLuMoVe, CC BY 4.0) and fixtures/pka/literature.tsv, scripts/fit_pka.py")
    lines = []
    for line in text.splitlines():
        fields = line.split("\t")
        if fields[0] == "class" and fields[1] in FITTED_CLASSES:
            value = coef[FITTED_CLASSES.index(fields[1])]
            reference = re.sub(r"^fitted intercept[^;]*; ", "", fields[4])
            fields[2] = f"{value:.2f}"
            fields[4] = f"fitted intercept (scripts/fit_pka.py); {reference}"
            line = "\t".join(fields)
        lines.append(line)
    text = "\n".join(lines) + "\n"
    begin = text.index("# BEGIN fitted terms\n") + len("# BEGIN fitted terms\n")
    end = text.index("# END fitted terms")
    rows = []
    for name, value in zip(names, coef[len(FITTED_CLASSES):]):
        if abs(value) >= 0.005:
            rows.append(f"term\t{name}\t{value:.2f}\t-\t{source}\n")
    SITES_TSV.write_text(text[:begin] + "".join(rows) + text[end:], encoding="utf-8")
    print(f"wrote {len(rows)} terms to {SITES_TSV.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
