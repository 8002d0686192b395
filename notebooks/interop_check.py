#!/usr/bin/env python3
"""Reads a drift dataset with pyarrow, polars, DuckDB and Spark and checks they agree.

For every table (single files and the cycle-partitioned folders) each reader must see the same
columns with the same types as docs/schema.md declares, the same number of rows, and the same
number of NULLs in every nullable column. The hive partition key `cycle` must come back as a
string in all four readers.

    python3 notebooks/interop_check.py OUT            # all four readers
    python3 notebooks/interop_check.py OUT --no-spark # skip Spark (no Java)

Exit status 0 when all agree, 1 on any disagreement.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DOC = ROOT / "docs" / "schema.md"

# docs/schema.md type -> the canonical name each reader's type is mapped to.
DOC_TYPES = {"string": "string", "int32": "int32", "int64": "int64", "double": "double", "float": "float",
             "bool": "bool", "date": "date", "timestamp(us)": "timestamp", "timestamp(ms)": "timestamp",
             "timestamp(ns)": "timestamp"}


def parse_schema_doc(path: Path) -> dict[str, list[tuple[str, str, bool]]]:
    """Returns {table: [(column, canonical type, nullable)]} from the column tables of docs/schema.md."""
    tables: dict[str, list[tuple[str, str, bool]]] = {}
    current = None
    for line in path.read_text().splitlines():
        if line.startswith("## "):
            m = re.match(r"^## `?([a-z_]+)`?(\s|$)", line)
            current = m.group(1) if m else None
            continue
        if current is None or not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name, typ, null = cells[0].strip("`"), cells[1], cells[2]
        tables.setdefault(current, []).append((name, DOC_TYPES.get(typ, typ), null == "yes"))
    return tables


class Table:
    def __init__(self, name: str, path: Path, partitioned: bool):
        self.name, self.path, self.partitioned = name, path, partitioned


def find_tables(out: Path, documented: dict) -> list[Table]:
    found = []
    for name in documented:
        if (out / f"{name}.parquet").is_file():
            found.append(Table(name, out / f"{name}.parquet", False))
        elif (out / name).is_dir():
            found.append(Table(name, out / name, True))
    return found


# Each reader returns (row count, {column: canonical type}, {column: null count}).

def read_pyarrow(t: Table, nullable: list[str]):
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.types as pt

    part = ds.partitioning(pa.schema([("cycle", pa.string())]), flavor="hive") if t.partitioned else None
    tbl = ds.dataset(t.path, format="parquet", partitioning=part).to_table()

    def canon(dt):
        if pt.is_string(dt) or pt.is_large_string(dt) or pt.is_string_view(dt):
            return "string"
        if pt.is_dictionary(dt):
            return canon(dt.value_type)
        for name, test in [("int32", pt.is_int32), ("int64", pt.is_int64), ("double", pt.is_float64),
                           ("float", pt.is_float32), ("bool", pt.is_boolean), ("date", pt.is_date32),
                           ("timestamp", pt.is_timestamp)]:
            if test(dt):
                return name
        return f"?{dt}"

    types = {f.name: canon(f.type) for f in tbl.schema}
    nulls = {c: tbl.column(c).null_count for c in nullable}
    return tbl.num_rows, types, nulls


def read_polars(t: Table, nullable: list[str]):
    import polars as pl

    if t.partitioned:
        lf = pl.scan_parquet(str(t.path / "**" / "*.parquet"), hive_partitioning=True,
                             hive_schema={"cycle": pl.String})
    else:
        lf = pl.scan_parquet(str(t.path))
    df = lf.collect()
    canon = {pl.String: "string", pl.Int32: "int32", pl.Int64: "int64", pl.Float64: "double",
             pl.Float32: "float", pl.Boolean: "bool", pl.Date: "date"}

    def name(dt):
        if isinstance(dt, pl.Datetime):
            return "timestamp"
        if isinstance(dt, pl.Categorical):
            return "string"
        for k, v in canon.items():
            if dt == k:
                return v
        return f"?{dt}"

    types = {c: name(dt) for c, dt in df.schema.items()}
    nulls = {c: df[c].null_count() for c in nullable}
    return df.height, types, nulls


def read_duckdb(t: Table, nullable: list[str]):
    import duckdb

    con = duckdb.connect()
    if t.partitioned:
        src = f"read_parquet('{t.path}/*/*.parquet', hive_partitioning = true, hive_types_autocast = false)"
    else:
        src = f"read_parquet('{t.path}')"
    desc = con.sql(f"DESCRIBE SELECT * FROM {src}").fetchall()
    canon = {"VARCHAR": "string", "INTEGER": "int32", "BIGINT": "int64", "DOUBLE": "double", "FLOAT": "float",
             "BOOLEAN": "bool", "DATE": "date", "TIMESTAMP WITH TIME ZONE": "timestamp", "TIMESTAMP": "timestamp"}
    types = {row[0]: canon.get(row[1], f"?{row[1]}") for row in desc}
    exprs = ["count(*)"] + [f'count(*) - count("{c}")' for c in nullable]
    counts = con.sql(f"SELECT {', '.join(exprs)} FROM {src}").fetchall()[0]
    con.close()
    return counts[0], types, dict(zip(nullable, counts[1:]))


_spark = None


def spark_session():
    global _spark
    if _spark is None:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no network: never look up the host name
        from pyspark.sql import SparkSession

        _spark = (SparkSession.builder.master("local[2]").appName("drift-interop")
                  .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
                  .config("spark.ui.enabled", "false")
                  .config("spark.ui.showConsoleProgress", "false")
                  .config("spark.driver.host", "127.0.0.1")
                  .config("spark.driver.bindAddress", "127.0.0.1")
                  .config("spark.sql.shuffle.partitions", "2")
                  .config("spark.driver.memory", "1g")
                  .config("spark.sql.session.timeZone", "UTC")
                  .getOrCreate())
        _spark.sparkContext.setLogLevel("ERROR")
    return _spark


def read_spark(t: Table, nullable: list[str]):
    from pyspark.sql import functions as F

    df = spark_session().read.parquet(str(t.path))
    canon = {"string": "string", "int": "int32", "bigint": "int64", "double": "double", "float": "float",
             "boolean": "bool", "date": "date", "timestamp": "timestamp", "timestamp_ntz": "timestamp"}
    types = {f.name: canon.get(f.dataType.simpleString(), f"?{f.dataType.simpleString()}") for f in df.schema.fields}
    aggs = [F.count(F.lit(1)).alias("__n")] + [F.sum(F.col(c).isNull().cast("int")).alias(c) for c in nullable]
    row = df.agg(*aggs).collect()[0]
    return row["__n"], types, {c: int(row[c] or 0) for c in nullable}


READERS = {"pyarrow": read_pyarrow, "polars": read_polars, "duckdb": read_duckdb, "spark": read_spark}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="*", help="dataset folders (default: $DRIFT_OUT or out)")
    ap.add_argument("--no-spark", action="store_true", help="skip Spark (needs Java)")
    args = ap.parse_args()
    outs = [p.resolve() for p in (args.out or [Path(os.environ.get("DRIFT_OUT", "out"))])]
    documented = parse_schema_doc(SCHEMA_DOC)
    readers = {k: v for k, v in READERS.items() if not (args.no_spark and k == "spark")}
    problems: list[str] = []
    timings = {k: 0.0 for k in readers}
    n_tables = 0
    for out in outs:
        tables = find_tables(out, documented)
        if not tables:
            problems.append(f"no drift tables in {out}")
            continue
        n_tables += len(tables)
        print(f"\n{out}")
        print(f"{'table':14s} {'rows':>7s}  " + "  ".join(f"{k:>8s}" for k in readers))
        check_tables(tables, documented, readers, problems, timings)
    if _spark is not None:
        _spark.stop()
    print("seconds per reader: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    if problems:
        print("\ninterop: the readers disagree:", file=sys.stderr)
        for p in problems:
            print("  - " + p, file=sys.stderr)
        return 1
    print(f"interop: {n_tables} tables in {len(outs)} datasets agree across {', '.join(readers)}")
    return 0


def check_tables(tables, documented, readers, problems, timings):
    for t in tables:
        cols = documented[t.name]
        want = {c: typ for c, typ, _ in cols}
        if t.partitioned:
            want["cycle"] = "string"  # the hive partition key, read as text
        nullable = [c for c, _, null in cols if null]
        results = {}
        for rname, read in readers.items():
            start = time.monotonic()
            try:
                results[rname] = read(t, nullable)
            except Exception as e:  # report and go on with the other readers
                problems.append(f"{t.path}: {rname} failed: {type(e).__name__}: {e}")
            timings[rname] += time.monotonic() - start
        for rname, (n, types, nulls) in results.items():
            if types != want:
                missing = sorted(set(want) - set(types))
                extra = sorted(set(types) - set(want))
                wrong = sorted(f"{c}: {types[c]} (want {want[c]})" for c in set(want) & set(types) if types[c] != want[c])
                problems.append(f"{t.path}: {rname} types disagree with docs/schema.md: "
                                f"missing {missing}, extra {extra}, wrong {wrong}")
            # File columns keep their order in every reader (the partition key may move).
            order = [c for c in types if c != "cycle" or not t.partitioned]
            doc_order = [c for c, _, _ in cols]
            if order != doc_order:
                problems.append(f"{t.path}: {rname} column order {order} differs from docs/schema.md {doc_order}")
        rows = {r: v[0] for r, v in results.items()}
        if len(set(rows.values())) > 1:
            problems.append(f"{t.path}: row counts disagree: {rows}")
        nulls = {r: v[2] for r, v in results.items()}
        if len({tuple(sorted(v.items())) for v in nulls.values()}) > 1:
            problems.append(f"{t.path}: NULL counts disagree: {nulls}")
        first = next(iter(rows.values()), 0)
        print(f"{t.name:14s} {first:7d}  " + "  ".join(f"{('ok' if r in results else 'FAIL'):>8s}" for r in readers))


if __name__ == "__main__":
    sys.exit(main())
