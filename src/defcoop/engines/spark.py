"""Spark: the per-partition function for `mapPartitions` over a DataFrame of paths or of texts.

    from pyspark.sql import SparkSession
    from defcoop import Extractor
    from defcoop.engines.spark import FACT_SCHEMA, facts_of_rows

    spark = SparkSession.builder.getOrCreate()
    extractor = Extractor(blank=True)   # pickled as its options; built once per Python worker process
    paths = spark.createDataFrame([(p,) for p in files], "path string")
    facts = paths.rdd.mapPartitions(lambda rows: facts_of_rows(rows, extractor)).toDF(FACT_SCHEMA)

A row holds `path` (a file, read as the CLI reads it: a JSONL or WARC file gives many articles) or `text`
(with `language`, `published`, `url`, `title` and `path` if it has them; `html` true for a page). Each
gives its fact records in order, and an input that cannot be read or extracted gives one record with its
message in `error` and only `article` set besides: a bad input never fails a Spark task. Nothing here
imports pyspark, so the function runs (and is tested) anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from defcoop.api import Extractor
from defcoop.extractors.model import FACT_FIELDS, Fact, InputError

# Spark SQL types of the fact fields; a field not listed is a string
SPARK_TYPES: dict[str, str] = {
    "actors": "array<string>", "officials": "array<string>", "systems": "array<string>", "start": "int",
    "end": "int", "confidence": "double", "quantity": "bigint", "value": "double",
}
ERROR = "error"
FIELDS: tuple[str, ...] = (*FACT_FIELDS, ERROR)
FACT_SCHEMA = ", ".join(f"`{name}` {SPARK_TYPES.get(name, 'string')}" for name in FIELDS)  # DDL, for toDF


def facts_of_rows(rows: Iterable[Any], extractor: Extractor) -> Iterator[dict[str, Any]]:
    """The fact records of a partition's rows (Spark Rows or mappings), in order, errors as records."""
    for row in rows:
        record = row.asDict() if hasattr(row, "asDict") else dict(row)
        if record.get("text") is not None:
            yield from _of_text(record, extractor)
        elif record.get("path"):
            yield from _of_path(str(record["path"]), extractor)
        else:
            yield error_record("<row>", "a row needs a 'path' or a 'text'")


def _of_text(record: Mapping[str, Any], extractor: Extractor) -> Iterator[dict[str, Any]]:
    name = str(record.get("path") or "<text>")
    try:
        result = extractor.text(str(record["text"]), language=record.get("language"),
                                published=record.get("published"), url=record.get("url"),
                                title=record.get("title"), path=name, html=bool(record.get("html")))
    except InputError as exc:
        yield error_record(exc.path, exc.message)
        return
    yield from (fact_record(f) for f in result.facts)


def _of_path(path: str, extractor: Extractor) -> Iterator[dict[str, Any]]:
    for item in extractor.run([path]):
        if isinstance(item, InputError):
            yield error_record(item.path, item.message)
        else:
            yield from (fact_record(f) for f in item.facts)


def fact_record(fact: Fact) -> dict[str, Any]:
    """A fact as a row of FACT_SCHEMA: a whole amount of money is a double there."""
    row = fact.as_dict()
    if row.get("value") is not None:
        row["value"] = float(row["value"])
    row[ERROR] = None
    return row


def error_record(article: str, message: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(FIELDS)
    row["article"], row[ERROR] = article, message
    return row
