"""Shared fixtures: the regiochem binary the Python results are compared with, and targets."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def binary():
    """The command-line binary (`REGIOCHEM`, default target/release/regiochem)."""
    path = Path(os.environ.get("REGIOCHEM", ROOT / "target" / "release" / "regiochem"))
    if not path.exists():
        pytest.skip(f"{path} not built (cargo build --release -p regiochem-cli)")
    return path


@pytest.fixture(scope="session")
def targets():
    """SMILES of the 300 diazepane targets (fixtures/targets), titles dropped."""
    lines = (ROOT / "fixtures" / "targets" / "diazepanes_300.smi").read_text().splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]


def cli(binary, *args, stdin=""):
    """What the binary prints for ARGS."""
    return subprocess.run([str(binary), *args], input=stdin, capture_output=True, text=True).stdout


def untimed(record):
    """A plan record without its wall-clock time, the one field two runs may differ in."""
    stats = {k: v for k, v in record.get("stats", {}).items() if k != "elapsed_ms"}
    return {**record, "stats": stats} if "stats" in record else record
