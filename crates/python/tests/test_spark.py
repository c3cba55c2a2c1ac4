"""plan_dataframe on Spark in local mode gives what `regiochem batch` prints."""

import json
import os
import sys

import pytest

from conftest import cli, untimed

pyspark = pytest.importorskip("pyspark")


def test_plan_dataframe_equals_batch(binary, targets):
    from pyspark.sql import SparkSession

    # Workers run this interpreter, the one regiochem is installed in.
    os.environ["PYSPARK_PYTHON"] = sys.executable

    from regiochem.spark import plan_dataframe

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("regiochem-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    try:
        sample = targets[:50]
        df = spark.createDataFrame([(i, s) for i, s in enumerate(sample)], ["id", "smiles"]).repartition(3)
        rows = plan_dataframe(df, "smiles", top=1, batch=7).collect()
    finally:
        spark.stop()
    got = {row["id"]: json.loads(row["plan"]) for row in rows}
    batch = [json.loads(line) for line in cli(binary, "batch", "--top", "1", stdin="\n".join(sample) + "\n").splitlines()]
    assert len(got) == 50
    for i, expected in enumerate(batch):
        assert untimed(got[i]) == untimed(expected), sample[i]
