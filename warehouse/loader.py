"""load_batch: a batch of parsed reports into the warehouse — bulk, atomic, idempotent, with history.

Each load builds the next version of the warehouse (warehouse.publish) and writes into it inside one
transaction, from Arrow tables registered on the connection (``INSERT … SELECT``, never row by row):
facts of a 200-report night go in one statement. A report whose sha256 equals its current revision's is
unchanged and nothing of it is written, so loading the same input again changes no table but the ledger.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from common.errors import LoadError
from warehouse.inputs import ExpectedOrgan, LoadResult, ReportInput
from warehouse.migrate import prepare, rebuild_views
from warehouse.publish import next_version
from warehouse.settings import storage_version, warehouse_path
from warehouse.sqlfiles import sql
from warehouse.staging import stage, stage_expected


def plan_revisions(reports: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """Decide, per staged report, whether it is new, a revision, or unchanged; assign report_id.

    Within one batch the same report_key may arrive twice (two URLs of one report): the latest fetch wins.
    """
    latest = (reports.sort(["fetched_at", "batch_pos"])
              .unique(subset="report_key", keep="last", maintain_order=True))
    cur = current.select("report_key", pl.col("sha256").alias("sha256_cur"),
                         pl.col("revision").cast(pl.Int32).alias("revision_cur"))
    joined = latest.join(cur, on="report_key", how="left")
    return joined.with_columns(
        pl.when(pl.col("revision_cur").is_null()).then(pl.lit("new"))
        .when(pl.col("sha256_cur") == pl.col("sha256")).then(pl.lit("unchanged"))
        .otherwise(pl.lit("revised")).alias("action"),
        (pl.col("revision_cur").fill_null(0) + 1).cast(pl.Int32).alias("revision"),
    ).with_columns(
        (pl.col("report_key") + "." + pl.col("revision").cast(pl.Utf8)).alias("report_id"),
    ).sort("batch_pos")


def _organs(written: pl.DataFrame, expected: pl.DataFrame) -> pl.DataFrame:
    """dim_organ rows for the organs this batch mentions, with every printed name as an alias."""
    named = written.filter(pl.col("organ_id").is_not_null()).select(
        "organ_id", "organ_norm", pl.col("organ_printed").alias("name"), "level", "county", "province",
        "adcode")
    from_expected = expected.select("organ_id", "organ_norm", pl.col("organ_printed").alias("name"), "level",
                                    "county", pl.lit(None, pl.Utf8).alias("province"),
                                    pl.lit(None, pl.Utf8).alias("adcode"))
    both = pl.concat([named, from_expected])
    return both.group_by("organ_id", maintain_order=True).agg(
        pl.col("organ_norm").first(), pl.col("name").first(), pl.col("level").first(),
        pl.col("county").drop_nulls().first(), pl.col("province").drop_nulls().first(),
        pl.col("adcode").drop_nulls().first(), pl.col("name").unique().sort().alias("aliases"))


def _with_ids(frame: pl.DataFrame, plan: pl.DataFrame) -> pl.DataFrame:
    ids = plan.filter(pl.col("action") != "unchanged").select("batch_pos", "report_id")
    return frame.join(ids, on="batch_pos", how="inner").drop("batch_pos")


def load_batch(reports: Iterable[ReportInput], expected: Iterable[ExpectedOrgan] = (),
               db_path: str | Path | None = None) -> LoadResult:
    """Load parsed reports (and, optionally, the organs each source should cover) into the warehouse.

    Raises LoadError when the load as a whole cannot complete; the published warehouse is then unchanged.
    Inputs that fail validation are counted in ``failed`` with their reason in ``errors``.
    """
    t0 = time.perf_counter()
    started = datetime.now()
    path = warehouse_path(db_path)
    staged = stage(list(reports))
    exp = stage_expected(list(expected))
    try:
        with next_version(path) as conn:
            prepare(conn)
            conn.execute("BEGIN TRANSACTION")
            current = conn.sql(sql("load/current_revisions")).pl()
            plan = plan_revisions(staged.reports, current)
            written = plan.filter(pl.col("action") != "unchanged")
            load_id = conn.execute(sql("load/next_load_id")).fetchall()[0][0]
            tables = {
                "stg_source": plan.select("source_name", "sample", "county", "province", "adcode")
                .unique(subset="source_name", keep="last", maintain_order=True),
                "stg_organ": _organs(plan, exp),
                "stg_report": written.drop("batch_pos", "organ_norm", "level", "revision_cur", "sha256_cur"),
                "stg_fact": _with_ids(staged.facts, plan),
                "stg_check": _with_ids(staged.checks, plan),
                "stg_statement": _with_ids(staged.statements, plan),
                "stg_expected": exp.drop("organ_norm"),
            }
            for name, frame in tables.items():
                conn.register(name, frame.to_arrow())
            for step in ("upsert_sources", "upsert_organs", "supersede_revisions", "insert_reports",
                         "insert_facts", "insert_checks", "insert_statements", "replace_expected"):
                conn.execute(sql(f"load/{step}"), {"load_id": load_id} if "$load_id" in sql(f"load/{step}")
                             else None)
            rebuild_views(conn)
            counts = written.group_by("action").len()
            result = LoadResult(
                load_id=load_id, db_path=str(path),
                new=int(counts.filter(pl.col("action") == "new")["len"].sum()),
                revised=int(counts.filter(pl.col("action") == "revised")["len"].sum()),
                unchanged=int(plan.filter(pl.col("action") == "unchanged").height),
                failed=len(staged.errors), facts=tables["stg_fact"].height,
                checks=tables["stg_check"].height, statements=tables["stg_statement"].height,
                errors=staged.errors)
            conn.execute(sql("load/write_ledger"), [
                load_id, started, datetime.now(), len(staged.reports) + len(staged.errors), result.new,
                result.revised, result.unchanged, result.failed, result.facts, result.checks,
                result.statements, duckdb.__version__, storage_version()])
            conn.execute("COMMIT")
            for name in tables:
                conn.unregister(name)
    except duckdb.Error as exc:
        raise LoadError(f"{path}: load failed, warehouse unchanged: {str(exc).splitlines()[0]}") from exc
    result.seconds = time.perf_counter() - t0
    return result
