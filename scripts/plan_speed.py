#!/usr/bin/env python3
"""Issue 9's planning-speed figures from `regiochem batch FILE --jobs 1`: per file, the median,
95th percentile and mean of each record's own `stats.elapsed_ms`, and the wall time of the run;
with `--jobs-all N`, also the wall time of one `batch --jobs N` over all files concatenated
(the issue's "510 targets at --jobs 2 under 6 s").

With `--save-masked DIR` the records of each file are also written to DIR/FILE.jsonl with
`elapsed_ms` masked, so the outputs of two binaries can be compared with `cmp`.

Uses only the Python standard library. The binary is target/release/regiochem (build it with
`cargo build --release --locked`) or `REGIOCHEM=path`; the files default to the two files of
../shared/data/targets. The machine may be shared: the load average is printed with the figures.

    python3 scripts/plan_speed.py [--jobs-all 2] [--save-masked DIR] [FILE ...]
"""

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = [
    ROOT.parent / "shared" / "data" / "targets" / "diazepanes_300.smi",
    ROOT.parent / "shared" / "data" / "targets" / "polyamines_public.smi",
]
ELAPSED = re.compile(r'"elapsed_ms":[0-9.eE+-]+')


def nearest_rank(values, q):
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q * len(ordered))))
    return ordered[rank - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--jobs-all", type=int, default=0, metavar="N")
    parser.add_argument("--save-masked", type=Path, metavar="DIR")
    args = parser.parse_args()
    binary = os.environ.get("REGIOCHEM", str(ROOT / "target" / "release" / "regiochem"))
    files = args.files or DEFAULT_FILES
    missing = [f for f in files if not f.exists()]
    if missing:
        print(f"absent: {', '.join(map(str, missing))}", file=sys.stderr)
        return 1
    print(f"binary {binary}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for path in files:
        started = time.monotonic()
        out = subprocess.run(
            [binary, "batch", str(path), "--jobs", "1"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        wall = time.monotonic() - started
        times = []
        for line in out.splitlines():
            record = json.loads(line)
            elapsed = record.get("stats", {}).get("elapsed_ms")
            if elapsed is not None:
                times.append(float(elapsed))
        if not times:
            print(f"{path.name}: no planned record")
            continue
        print(
            f"{path.name}: {len(times)} planned, per target median {statistics.median(times):.1f} ms, "
            f"p95 {nearest_rank(times, 0.95):.1f} ms, mean {statistics.fmean(times):.1f} ms; "
            f"run {wall:.2f} s wall"
        )
        if args.save_masked:
            args.save_masked.mkdir(parents=True, exist_ok=True)
            masked = ELAPSED.sub('"elapsed_ms":0', out)
            (args.save_masked / (path.stem + ".jsonl")).write_text(masked)
    if args.jobs_all:
        with tempfile.NamedTemporaryFile("w", suffix=".smi", delete=False) as joined:
            for path in files:
                text = path.read_text()
                joined.write(text if text.endswith("\n") else text + "\n")
        try:
            started = time.monotonic()
            subprocess.run(
                [binary, "batch", joined.name, "--jobs", str(args.jobs_all)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            wall = time.monotonic() - started
        finally:
            os.unlink(joined.name)
        print(f"all {len(files)} files, batch --jobs {args.jobs_all}: {wall:.2f} s wall")
    print(f"load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
