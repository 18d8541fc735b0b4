"""The real corpus through the real parser into the warehouse: the views give the hand-read numbers."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from warehouse_fixtures import expectation_names, read_expectation

from common.paths import corpus_dir
from transform.pipeline import parse_document
from warehouse.inputs import ReportInput
from warehouse.loader import load_batch

CORPUS = corpus_dir()


def _corpus_file(name: str) -> Path:
    return next(p for p in CORPUS.iterdir() if p.is_file() and p.stem == name)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    inputs = []
    for name in expectation_names():
        path = _corpus_file(name)
        data = path.read_bytes()
        parsed = parse_document(data, path.name, None)
        inputs.append(ReportInput(
            source_name="corpus", sample=False, county=None, province=None, adcode=None, organ=parsed.doc.organ,
            year=parsed.doc.year, url=path.name, title=parsed.doc.title, published_at=None,
            fetched_at=datetime(2025, 1, 1), sha256=hashlib.sha256(data).hexdigest(), format=parsed.doc.format,
            parse_status="ok", problems=parsed.problems, facts=parsed.facts, checks=parsed.checks,
            statements=parsed.statements))
    target = tmp_path_factory.mktemp("corpus") / "warehouse.duckdb"
    result = load_batch(inputs, db_path=target)
    assert (result.new, result.failed) == (3, 0), result.errors
    return target


@pytest.mark.parametrize("name", expectation_names())
def test_parsed_corpus_reports_give_the_hand_read_volumes(db: Path, name: str) -> None:
    exp = read_expectation(name)
    conn = duckdb.connect(str(db), read_only=True)
    got = conn.execute("""SELECT format, applications_received, applications_carried_over, applications_handled,
                                 applications_carried_forward, review_total
                          FROM v_disclosure_volume WHERE year = ? AND organ LIKE '%' || ?""",
                       [exp.year, exp.organ]).fetchall()
    assert got == [(exp.format, exp.num("T3/1/total"), exp.num("T3/2/total"), exp.num("T3/3.7/total"),
                    exp.num("T3/4/total"), exp.num("T4/cases/rv_total"))]


def test_every_printed_cell_of_the_corpus_reaches_the_fact_table(db: Path) -> None:
    conn = duckdb.connect(str(db), read_only=True)
    for name in expectation_names():
        exp = read_expectation(name)
        stored = dict(conn.execute("""SELECT f.cell, f.value FROM fct_report_cell f JOIN v_report_current r
                                      USING (report_id) WHERE r.year = ? AND r.organ LIKE '%' || ?
                                      AND NOT f.is_derived""", [exp.year, exp.organ]).fetchall())
        assert {c: exp.num(c) for c in exp.cells} == {c: stored.get(c) for c in exp.cells}, name
