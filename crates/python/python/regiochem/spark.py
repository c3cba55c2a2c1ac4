"""Plan whole libraries on Spark: :func:`plan_dataframe` maps :func:`regiochem.plan_many` over
the partitions of a DataFrame, in batches, and adds a ``plan`` column holding, for each row,
the same JSON record `regiochem batch` prints for that SMILES.

Needs the ``spark`` extra (``pip install './crates/python[spark]'``): pyspark, pandas, pyarrow.
Each executor needs regiochem installed (ship the wheel in a packed virtual environment; see
the README).
"""

from __future__ import annotations

import json

BATCH = 1000


def plan_dataframe(df, smiles_col: str, top: int = 1, batch: int = BATCH):
    """``df`` with a string column ``plan`` added: the `regiochem batch` record of the SMILES
    in ``smiles_col`` (its ``title`` null and ``input`` the SMILES), planned ``batch`` rows at a
    time on every partition. Row order within each partition is kept."""
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType(df.schema.fields + [StructField("plan", StringType(), True)])

    def plan_partition(frames):
        import regiochem

        for frame in frames:
            for start in range(0, len(frame), batch):
                chunk = frame.iloc[start : start + batch].copy()
                smiles = ["" if s is None else str(s) for s in chunk[smiles_col]]
                records = regiochem.plan_many(smiles, top=top)
                chunk["plan"] = [json.dumps(r, separators=(",", ":")) for r in records]
                yield chunk

    return df.mapInPandas(plan_partition, schema=schema)
