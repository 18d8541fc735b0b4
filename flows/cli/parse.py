"""``nianbao parse PATH...``: read report files and print their canonical cells and checks."""

from __future__ import annotations

import json
import mimetypes
import sys
from pathlib import Path

import typer

from common.errors import NianbaoError
from flows.cli.options import county_option, province_option
from flows.cli.render import number
from transform.pipeline import ParsedReport, parse_document

UNUSABLE = ("not_a_report", "unreadable")
# What a report file can be named (extract.readers.reader tells the formats apart by their bytes).
_IMAGES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}
REPORT_SUFFIXES = {".html", ".htm", ".shtml", ".txt", ".text", ".md", ".pdf", ".docx", ".doc", ".wps", ".ofd",
                   *_IMAGES}
_HTML = {".html", ".htm", ".shtml"}
MAX_IMAGE_BYTES = 20 * 1024 * 1024  # a table screenshot is well under 1 MB; the harvest caps bodies likewise
# A folder's own notes, not a report of it, though markdown: README.md beside the reports of data/corpus.
NOT_REPORTS = {"readme", "license", "changelog", "notes"}


def _expand(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The report files under ``paths`` (a named file is always taken) and, for folders, the files passed
    over with the reason. An image beside an HTML page belongs to that page (its tables), not a report of
    its own: it is read with the page."""
    out: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for p in paths:
        if not p.is_dir():
            out.append(p)
            continue
        files = sorted(q for q in p.rglob("*") if q.is_file())
        pages = {q.parent for q in files if q.suffix.lower() in _HTML}
        for q in files:
            suffix = q.suffix.lower()
            if suffix not in REPORT_SUFFIXES:
                skipped.append((q, f"file type {q.suffix or '(none)'}"))
            elif q.stem.lower() in NOT_REPORTS:
                skipped.append((q, "a folder's notes"))
            elif not (suffix in _IMAGES and q.parent in pages):
                out.append(q)
    return out, skipped


def _say_skipped(skipped: list[tuple[Path, str]]) -> None:
    if skipped:
        print(f"skipped {len(skipped)} file(s) that are not reports: "
              + ", ".join(f"{p} ({why})" for p, why in skipped), file=sys.stderr)


def report_json(path: str, pr: ParsedReport) -> dict:
    """The JSON object `nianbao parse --format json` prints for one report."""
    d = pr.doc
    return {
        "path": path, "organ": d.organ, "year": d.year, "format": d.format, "published": d.published,
        "title": d.title,
        "facts": [{"cell": r["cell"], "value": r["value"], "status": r["status"], "raw": r["raw"],
                   "unit": r["unit"], **({"derived": True} if r["is_derived"] else {}),
                   **({"via": "ocr", "confidence": r["confidence"]} if r["via"] == "ocr" else {})}
                  for r in pr.facts.iter_rows(named=True)],
        "checks": [{"rule": r["rule"], "scope": r["scope"], "status": r["status"], "expected": r["expected"],
                    "found": r["found"]} for r in pr.checks.iter_rows(named=True)],
        "statements": [{"kind": r["kind"], "category": r["category"], "value": r["value"], "unit": r["unit"],
                        "approx": r["approx"], "sentence": r["sentence"],
                        "span": [r["span_start"], r["span_end"]]} for r in pr.statements.iter_rows(named=True)],
        "problems": pr.problems, "status": pr.status, "status_reason": pr.status_reason,
    }


def parse_cmd(
    paths: list[Path] = typer.Argument(..., metavar="PATH...", help="Report files or folders (HTML, text, markdown, PDF, DOCX, "
                                                 "scans and images; an HTML page's table images beside it)."),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="table, json, jsonl or csv."),
) -> None:
    """Parse report files into canonical cells, check the form's arithmetic, print the result.

    In a folder, only files with a report's extension are read (.html .htm .shtml .txt .md .pdf .docx
    .doc .wps, images, and .ofd to say it is unsupported); the others, and README files, are listed as
    skipped. Exit 0 when every path gave a report (failed checks included), 2 when any path is not a report, cannot
    be read, or its statistics tables were seen but not placed (status unreadable); one line each on stderr.

    Example: nianbao parse data/corpus/002_huaian-shi-2024.pdf --format json
    """
    if fmt not in ("table", "json", "jsonl", "csv"):
        raise typer.BadParameter("choose table, json, jsonl or csv", param_hint="--format")
    files, skipped = _expand(paths)
    _say_skipped(skipped)
    failed = [0]
    results: list[tuple[str, ParsedReport]] = []
    for path, _data, pr in _parse_each(files, failed):
        results.append((str(path), pr))
        if pr.status in UNUSABLE:  # shown in full below, and said in one line: nobody can use it as it is
            print(f"Error: {path}: {pr.status}: {pr.status_reason}", file=sys.stderr)
            failed[0] += 1
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(report_json(str(path), pr), ensure_ascii=False) + "\n")
    if fmt == "json":
        objs = [report_json(p, pr) for p, pr in results]
        sys.stdout.write(json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        _print_csv(results)
    elif fmt == "table":
        from flows.cli.render import print_report

        for p, pr in results:
            print_report(p, pr)
    if not files:
        print("Error: no report files found under the given paths", file=sys.stderr)
        raise typer.Exit(2)
    if failed[0]:
        raise typer.Exit(2)


def _parse_each(files: list[Path], failed: list[int]):
    """(path, bytes, ParsedReport) for each file that is a report; the others get one line on stderr and
    are counted in ``failed[0]``."""
    for path in files:
        try:
            data = path.read_bytes()
            images = _page_images(path, data) if path.suffix.lower() in _HTML else None
            pr = parse_document(data, str(path), mimetypes.guess_type(path.name)[0], images=images)
        except OSError as exc:
            print(f"Error: {path}: cannot read ({exc.strerror or exc})", file=sys.stderr)
            failed[0] += 1
            continue
        except NianbaoError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            failed[0] += 1
            continue
        yield path, data, pr


def _page_images(path: Path, data: bytes) -> dict[str, bytes] | None:
    """The images a local HTML page shows as its tables, read from its own folder (never outside it),
    keyed like the harvest keys fetched ones: by the absolute URLs table_image_urls gives."""
    from urllib.parse import unquote, urlsplit

    from extract.readers.images import table_image_urls

    folder = path.resolve().parent
    images: dict[str, bytes] = {}
    for url in table_image_urls(data, path.resolve().as_uri()):
        parts = urlsplit(url)
        if parts.scheme != "file":
            continue  # an image on a web server: `nianbao parse` never fetches
        file = Path(unquote(parts.path)).resolve()
        if not file.is_relative_to(folder) or not file.is_file() or file.stat().st_size > MAX_IMAGE_BYTES:
            continue
        images[url] = file.read_bytes()
    return images or None


def _print_csv(results: list[tuple[str, ParsedReport]]) -> None:
    import csv

    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["path", "organ", "year", "format", "cell", "value", "status", "raw", "unit", "derived"])
    for path, pr in results:
        for r in pr.facts.iter_rows(named=True):
            w.writerow([path, pr.doc.organ, pr.doc.year, pr.doc.format, r["cell"],
                        "" if r["value"] is None else number(r["value"]), r["status"], r["raw"] or "",
                        r["unit"] or "", int(r["is_derived"])])


def load_cmd(
    paths: list[Path] = typer.Argument(..., metavar="PATH...", help="Report files or folders to parse and load."),
    source: str = typer.Option("files", "--source", "-s", metavar="NAME",
                               help="Source name recorded for these reports (one: they are loaded as one source)."),
    county: str | None = county_option("County the reports belong to (default: read from each organ's name "
                                       "against data/sources.toml)."),
    province: str | None = province_option("Province, with --county."),
) -> None:
    """Parse report files (downloads, the real corpus) and load them into the warehouse as one atomic load.

    Each report is placed in its county from its organ's name (锦屏县大同乡人民政府 → 锦屏县) or the county a
    source of data/sources.toml expects it in, or from --county. Files that are not reports, or that cannot
    be placed, are listed with their reason and not loaded; exit 2 if there were any. Loading the same report
    again (or under another source) adds nothing: every comparison counts it once.

    Example: nianbao load data/corpus/jinping-datongxiang-2024.txt
    """
    from extract.net.sources import load_sources
    from flows.convert import file_input, place_organ
    from warehouse.loader import load_batch

    files, skipped = _expand(paths)
    _say_skipped(skipped)
    failed = [0]
    sources = load_sources()
    inputs = []
    for path, data, pr in _parse_each(files, failed):
        place = place_organ(pr.doc.organ, sources, county, province)
        if place is None:
            print(f"Error: {path}: cannot place {pr.doc.organ or 'an unnamed organ'} in a county of "
                  "data/sources.toml; name it with --county", file=sys.stderr)
            failed[0] += 1
            continue
        inputs.append(file_input(path, data, pr, source_name=source, place=place))
    if not inputs:
        if not failed[0]:
            print("Error: no report to load", file=sys.stderr)
        raise typer.Exit(2)
    ld = load_batch(inputs)
    print(f"warehouse load {ld.load_id}: {ld.new} new, {ld.revised} revised, {ld.superseded} kept as history, "
          f"{ld.unchanged} unchanged, {ld.failed} refused; {ld.facts} facts → {ld.db_path}")
    if failed[0]:
        raise typer.Exit(2)
