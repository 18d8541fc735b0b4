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
from warehouse import invariants
from warehouse.inputs import ExpectedOrgan, LoadResult, ReportInput, UrlOutcome
from warehouse.migrate import prepare, rebuild_views, record_fingerprint
from warehouse.publish import next_version
from warehouse.settings import storage_version, warehouse_path
from warehouse.sqlfiles import sql
from warehouse.staging import stage, stage_expected


def plan_revisions(reports: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    """Decide, per staged report, whether it is a new revision, already known, or a duplicate in the batch.

    A report whose (report_key, sha256) is already loaded is ``unchanged`` — current or not: an original met
    again after its correction stays history. The same pair twice in one batch is loaded once (the other is
    ``duplicate``). New revisions are numbered after the key's last revision in publication order; which one
    is current is decided afterwards, over all revisions (sql/load/elect_current.sql), never by load order.
    """
    known_pairs = known.select("report_key", "sha256", pl.lit(True).alias("known"))
    last = known.group_by("report_key").agg(pl.col("revision").max().cast(pl.Int32).alias("revision_last"))
    first_of_pair = pl.int_range(pl.len()).over(["report_key", "sha256"]) == 0
    plan = (reports.sort("batch_pos")
            .join(known_pairs, on=["report_key", "sha256"], how="left")
            .with_columns(pl.when(pl.col("known").is_not_null()).then(pl.lit("unchanged"))
                          .when(~first_of_pair).then(pl.lit("duplicate"))
                          .otherwise(pl.lit("write")).alias("action"))
            .drop("known")
            .join(last, on="report_key", how="left"))
    order = ["published_at", "is_correction", "url", "fetched_at", "batch_pos"]
    writes = (plan.filter(pl.col("action") == "write").sort(order, nulls_last=False)
              .with_columns((pl.col("revision_last").fill_null(0)
                             + pl.int_range(1, pl.len() + 1).over("report_key")).cast(pl.Int32).alias("revision"))
              .select("batch_pos", "revision"))
    return (plan.join(writes, on="batch_pos", how="left")
            .with_columns(pl.when(pl.col("revision").is_not_null())
                          .then(pl.col("report_key") + "." + pl.col("revision").cast(pl.Utf8))
                          .alias("report_id"))
            .sort("batch_pos"))


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
    ids = plan.filter(pl.col("action") == "write").select("batch_pos", "report_id")
    return frame.join(ids, on="batch_pos", how="inner").drop("batch_pos")


def load_batch(reports: Iterable[ReportInput], expected: Iterable[ExpectedOrgan] = (),
               db_path: str | Path | None = None, outcomes: Iterable[UrlOutcome] = ()) -> LoadResult:
    """Load parsed reports (and, optionally, the organs each source should cover) into the warehouse.

    Raises LoadError when the load as a whole cannot complete; the published warehouse is then unchanged.
    Inputs that fail validation are counted in ``failed`` with their reason in ``errors``; ``actions`` says
    what became of each input. ``outcomes`` (a harvest run's per-URL record) are written to url_outcome.
    """
    t0 = time.perf_counter()
    started = datetime.now()
    path = warehouse_path(db_path)
    inputs = list(reports)
    staged = stage(inputs)
    outcome_rows = _outcome_frame(list(outcomes))
    exp = stage_expected(list(expected))
    try:
        with next_version(path) as conn:
            views_stale = prepare(conn)
            conn.execute("BEGIN TRANSACTION")
            known = conn.sql(sql("load/known_revisions")).pl()
            plan = plan_revisions(staged.reports, known)
            written = plan.filter(pl.col("action") == "write")
            load_id = conn.execute(sql("load/next_load_id")).fetchall()[0][0]
            tables = {
                "stg_source": plan.select("source_name", "sample", "county", "province", "adcode")
                .unique(subset="source_name", keep="last", maintain_order=True),
                "stg_organ": _organs(plan, exp),
                "stg_report": written.drop("batch_pos", "organ_norm", "level", "revision_last", "action"),
                "stg_fact": _with_ids(staged.facts, plan),
                "stg_check": _with_ids(staged.checks, plan),
                "stg_statement": _with_ids(staged.statements, plan),
                "stg_section": _with_ids(staged.sections, plan),
                "stg_expected": exp.drop("organ_norm"),
                "stg_outcome": outcome_rows,
            }
            for name, frame in tables.items():
                conn.register(name, frame.to_arrow())
            for step in ("upsert_sources", "upsert_organs", "insert_reports", "elect_current", "insert_facts",
                         "insert_checks", "insert_statements", "insert_sections", "replace_expected",
                         "insert_outcomes"):
                conn.execute(sql(f"load/{step}"), {"load_id": load_id} if "$load_id" in sql(f"load/{step}")
                             else None)
            if views_stale:  # the SQL changed since the views were made (else they are kept as they are)
                rebuild_views(conn)
                record_fingerprint(conn)
            actions = _actions(conn, plan, len(inputs))
            tally = {a: sum(1 for x, _ in actions if x == a) for a in
                     ("new", "revised", "superseded", "unchanged", "duplicate", "rejected")}
            result = LoadResult(
                load_id=load_id, db_path=str(path), new=tally["new"], revised=tally["revised"],
                unchanged=tally["unchanged"], failed=tally["rejected"], facts=tables["stg_fact"].height,
                checks=tables["stg_check"].height, statements=tables["stg_statement"].height,
                sections=tables["stg_section"].height,
                errors=staged.errors, superseded=tally["superseded"], duplicate=tally["duplicate"],
                actions=actions)
            conn.execute(sql("load/write_ledger"), [
                load_id, started, datetime.now(), len(staged.reports) + len(staged.errors), result.new,
                result.revised, result.unchanged, result.failed, result.facts, result.checks,
                result.statements, duckdb.__version__, storage_version()])
            invariants.check(conn, load_id, path)  # sql/tests: refuse to publish a warehouse that breaks one
            conn.execute("COMMIT")
            for name in tables:
                conn.unregister(name)
    except duckdb.Error as exc:
        raise LoadError(f"{path}: load failed, warehouse unchanged: {str(exc).splitlines()[0]}") from exc
    except OSError as exc:  # a full disk while copying or syncing the next version
        raise LoadError(f"{path}: load failed, warehouse unchanged: {exc.strerror or exc} "
                        f"({exc.filename or path.parent}); free space and re-run") from exc
    result.seconds = time.perf_counter() - t0
    return result


def _actions(conn: duckdb.DuckDBPyConnection, plan: pl.DataFrame, n: int) -> list[tuple[str, str | None]]:
    """What became of each input, by position: new / revised (written and current), superseded (written as
    history), unchanged / duplicate (already there), rejected (failed validation)."""
    current = dict(conn.sql(sql("load/current_of")).fetchall())
    out: list[tuple[str, str | None]] = [("rejected", None)] * n
    for pos, action, rid, before in plan.select("batch_pos", "action", "report_id",
                                                "revision_last").iter_rows():
        if action == "write":
            if not current.get(rid):
                out[pos] = ("superseded", rid)
            else:  # revised: the report was in the warehouse before this load
                out[pos] = ("revised" if before is not None else "new", rid)
        else:
            out[pos] = (action, None)
    return out


OUTCOME_SCHEMA: dict[str, pl.DataType] = {
    "run_id": pl.Utf8(), "source_name": pl.Utf8(), "url": pl.Utf8(), "document_url": pl.Utf8(),
    "status": pl.Utf8(), "reason": pl.Utf8(), "organ": pl.Utf8(), "year": pl.Int32(), "sha256": pl.Utf8(),
    "report_id": pl.Utf8(),
}


def _outcome_frame(outcomes: list[UrlOutcome]) -> pl.DataFrame:
    """url_outcome rows, one per run × URL (the last word on a URL wins if a run names it twice)."""
    rows = [(o.run_id, o.source_name, o.url, o.document_url, o.status, o.reason, o.organ, o.year, o.sha256,
             o.report_id) for o in outcomes]
    frame = pl.DataFrame(rows, schema=OUTCOME_SCHEMA, orient="row")
    return frame.unique(subset=["run_id", "url"], keep="last", maintain_order=True)
