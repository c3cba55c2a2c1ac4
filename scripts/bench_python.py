#!/usr/bin/env python3
"""Closing-note figures of issue 13, in one run on one machine:

1. `regiochem.plan_many` against `regiochem batch` on the 300 diazepane targets (both with
   `--jobs 2`, top 1): wall seconds and targets per second, and whether the records agree;
2. `regiochem.spark.plan_dataframe` in Spark `local[2]` mode on the same file: wall seconds of
   planning the whole DataFrame (the session's start-up is timed apart);
3. the ORD export of every target through ord-schema's `validate_message`: datasets, reactions,
   errors and warnings by message.

Needs the package installed (`pip install './crates/python[spark,test]'`) and the release binary
(`cargo build --release`, or `REGIOCHEM=path`). Targets: ../shared/data/targets/diazepanes_300.smi
when present, else fixtures/targets/diazepanes_300.smi. The machine this runs on may be shared;
the figures are one run, not a benchmark harness's median.

    python3 scripts/bench_python.py [--no-spark] [--no-ord]
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import regiochem

ROOT = Path(__file__).resolve().parents[1]


def targets_file() -> Path:
    shared = ROOT.parent / "shared" / "data" / "targets" / "diazepanes_300.smi"
    return shared if shared.exists() else ROOT / "fixtures" / "targets" / "diazepanes_300.smi"


def untimed(record):
    stats = {k: v for k, v in record.get("stats", {}).items() if k != "elapsed_ms"}
    return {**record, "stats": stats} if "stats" in record else record


def smiles_of(path: Path):
    lines = path.read_text().splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]


def bench_plan_many(binary: Path, path: Path, smiles):
    start = time.perf_counter()
    out = subprocess.run(
        [str(binary), "batch", "--jobs", "2", "--top", "1"],
        input="\n".join(smiles) + "\n", capture_output=True, text=True, check=True,
    ).stdout
    batch_s = time.perf_counter() - start
    batch = [json.loads(line) for line in out.splitlines()]
    start = time.perf_counter()
    ours = regiochem.plan_many(smiles, jobs=2, top=1)
    python_s = time.perf_counter() - start
    same = sum(untimed(a) == untimed(b) for a, b in zip(ours, batch))
    n = len(smiles)
    print(f"batch --jobs 2:        {n} targets in {batch_s:.2f} s ({n / batch_s:.1f} targets/s)")
    print(f"plan_many(jobs=2):     {n} targets in {python_s:.2f} s ({n / python_s:.1f} targets/s)")
    print(f"records equal (timing aside): {same}/{n}")


def bench_spark(smiles):
    from pyspark.sql import SparkSession

    from regiochem.spark import plan_dataframe

    start = time.perf_counter()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("regiochem-bench")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    startup_s = time.perf_counter() - start
    df = spark.createDataFrame([(s,) for s in smiles], ["smiles"]).repartition(2)
    start = time.perf_counter()
    rows = plan_dataframe(df, "smiles", top=1).collect()
    spark_s = time.perf_counter() - start
    planned = sum("routes" in json.loads(r["plan"]) for r in rows)
    n = len(smiles)
    print(f"Spark local[2]:        {n} targets in {spark_s:.2f} s ({n / spark_s:.1f} targets/s), "
          f"{planned} plan records; session start {startup_s:.1f} s")
    spark.stop()


def bench_ord(smiles):
    from google.protobuf import json_format
    from ord_schema import validations
    from ord_schema.proto import dataset_pb2
    from rdkit import RDLogger

    RDLogger.DisableLog("rdApp.*")
    errors, warnings = collections.Counter(), collections.Counter()
    datasets = reactions = empty = 0
    start = time.perf_counter()
    for s in smiles:
        dataset = json_format.ParseDict(regiochem.plan(s, format="ord"), dataset_pb2.Dataset())
        options = validations.ValidationOptions(validate_ids=True)
        output = validations.validate_message(dataset, raise_on_error=False, options=options)
        errors.update(e.split(": ", 1)[-1] for e in output.errors)
        warnings.update(w.split(": ", 1)[-1] for w in output.warnings)
        datasets += 1
        reactions += len(dataset.reactions)
        empty += not dataset.reactions
    print(f"ORD export:            {datasets} datasets ({empty} without a route), {reactions} reactions, "
          f"{time.perf_counter() - start:.1f} s with validation")
    print(f"  ord-schema errors:   {sum(errors.values())} {dict(errors)}")
    print(f"  ord-schema warnings: {sum(warnings.values())} {dict(warnings)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--no-ord", action="store_true")
    args = parser.parse_args()
    binary = Path(os.environ.get("REGIOCHEM", ROOT / "target" / "release" / "regiochem"))
    if not binary.exists():
        sys.exit(f"{binary} not built (cargo build --release -p regiochem-cli)")
    path = targets_file()
    smiles = smiles_of(path)
    print(f"targets: {path} ({len(smiles)}); regiochem {regiochem.__version__}; {os.cpu_count()} cores")
    bench_plan_many(binary, path, smiles)
    if not args.no_spark:
        bench_spark(smiles)
    if not args.no_ord:
        bench_ord(smiles)


if __name__ == "__main__":
    main()
