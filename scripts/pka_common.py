"""Shared helpers for the pKa scripts: read the measured files, run `regiochem sites --json`."""

import json
import re
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "pka"
BINARY = os.environ.get("REGIOCHEM", str(ROOT / "target" / "release" / "regiochem"))


def read_rows(name):
    """Rows of a tab-separated file of ../shared/data/pka as dicts."""
    lines = (SHARED / name).read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]


def read_literature():
    """The project's own cited calibration rows (fixtures/pka/literature.tsv)."""
    lines = (ROOT / "fixtures" / "pka" / "literature.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]


def sites(smiles, explain=False):
    """`regiochem sites SMILES --json` as a dict."""
    args = [BINARY, "sites", smiles, "--json"]
    if explain:
        args.append("--explain")
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def equivalents(row):
    """How many symmetry-equivalent sites a row's macro value covers (from its notes)."""
    found = re.search(r"(\d+) equivalent N at atoms", row.get("notes", ""))
    return int(found.group(1)) if found else 1
