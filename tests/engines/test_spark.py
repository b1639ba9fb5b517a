"""Spark's per-partition function: the CLI's facts from rows of paths or texts; the recipe on local Spark."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from defcoop.api import Extractor
from defcoop.engines.spark import FACT_SCHEMA, FIELDS, facts_of_rows
from defcoop.extractors.model import FACT_FIELDS
from support import SAMPLES

EXE = Path(sys.executable).with_name("defcoop")
ARTICLES = SAMPLES / "articles"
SPAIN = "Spain signed a contract on Tuesday to buy 24 Hürjet trainer jets from Turkey, the defence ministry said."
EXTRACTOR = Extractor(blank=True)


def cli_rows(*paths: Path) -> list[dict]:
    proc = subprocess.run([str(EXE), "extract", *map(str, paths), "-f", "jsonl", "--blank"], capture_output=True,
                          text=True, check=True)
    return [{**json.loads(line), "error": None} for line in proc.stdout.splitlines()]


def same(rows: list[dict]) -> list[dict]:
    """Records as JSON has them (a whole amount reads back as an int, Spark's doubles as floats)."""
    return [{**r, "value": None if r["value"] is None else float(r["value"])} for r in rows]


def test_rows_of_paths_give_the_cli_facts_in_order():
    paths = sorted(ARTICLES.glob("*.txt"))[:6]
    assert same(list(facts_of_rows(({"path": str(p)} for p in paths), EXTRACTOR))) == same(cli_rows(*paths))


def test_rows_of_texts_give_their_facts_named_by_their_path():
    rows = [{"text": SPAIN, "published": "2025-03-14", "path": "feed/17", "language": "en"}]
    (record,) = facts_of_rows(rows, EXTRACTOR)
    assert (record["article"], record["actors"], record["systems"], record["date"], record["error"]) == (
        "feed/17", ["ES", "TR"], ["Hürjet"], "2025-03-11", None)


def test_an_input_that_fails_is_one_error_record_and_the_rest_go_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    rows = [{"path": str(empty)}, {"text": "  ", "path": "feed/1"}, {"path": None, "text": None},
            {"text": SPAIN, "published": "2025-03-14"}]
    records = list(facts_of_rows(rows, EXTRACTOR))
    assert [(r["article"], r["error"]) for r in records] == [
        (str(empty), "empty file"), ("feed/1", "empty file"), ("<row>", "a row needs a 'path' or a 'text'"),
        ("<text>", None)]
    assert all(v is None for k, v in records[0].items() if k not in ("article", "error"))


def test_the_schema_has_every_fact_field_and_the_error():
    assert (*FACT_FIELDS, "error") == FIELDS
    assert FACT_SCHEMA.startswith("`article` string, `language` string")
    assert "`actors` array<string>" in FACT_SCHEMA and FACT_SCHEMA.endswith("`error` string")


def test_the_function_and_its_extractor_travel_as_spark_sends_them():
    cloudpickle = pytest.importorskip("cloudpickle")
    extractor = Extractor(blank=True)
    task = pickle.loads(cloudpickle.dumps(lambda rows: facts_of_rows(rows, extractor)))
    assert [r["systems"] for r in task([{"text": SPAIN, "published": "2025-03-14"}])] == [["Hürjet"]]


def test_the_recipe_on_local_spark_gives_the_cli_facts():
    pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (it is not in the locks)")
    from pyspark.sql import SparkSession

    spark = (pyspark.sql.SparkSession.builder.master("local[2]").appName("defcoop-test")
             .config("spark.ui.enabled", "false").getOrCreate())
    assert isinstance(spark, SparkSession)
    try:
        paths = sorted(ARTICLES.iterdir())
        frame = spark.createDataFrame([(str(p),) for p in paths], "path string").repartition(3, "path")
        frame = frame.sortWithinPartitions("path")
        extractor = Extractor(blank=True)
        facts = frame.rdd.mapPartitions(lambda rows: facts_of_rows(rows, extractor)).toDF(FACT_SCHEMA)
        got = sorted((row.asDict() for row in facts.collect()), key=lambda r: (r["article"], r["start"]))
        texts = spark.createDataFrame([(SPAIN, "2025-03-14")], "text string, published string")
        (told,) = texts.rdd.mapPartitions(lambda rows: facts_of_rows(rows, extractor)).toDF(FACT_SCHEMA).collect()
    finally:
        spark.stop()
    expected = sorted(same(cli_rows(*paths)), key=lambda r: (r["article"], r["start"]))
    assert got == expected
    assert told["systems"] == ["Hürjet"]
