"""``nianbao parse PATH...``: read report files and print their canonical cells and checks."""

from __future__ import annotations

import hashlib
import mimetypes
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import typer

from flows.cli.options import county_option, province_option
from flows.cli.render import number
from flows.report_json import jsonl_line, report_json
from transform.pipeline import ParsedReport

__all__ = ["load_cmd", "parse_cmd", "report_json"]  # report_json: read here by bench/cli_parse.py

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


def parse_cmd(
    paths: list[Path] = typer.Argument(..., metavar="PATH...", help="Report files or folders (HTML, text, markdown, PDF, DOCX, "
                                                 "scans and images; an HTML page's table images beside it)."),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="table, json, jsonl or csv."),
    workers: int = typer.Option(0, "--workers", "-w", min=0, metavar="N", help="Parse processes (0: one per core)."),
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
    out = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
    # jsonl: each report is encoded in the worker that parsed it, and only its line comes back
    encode = jsonl_line if fmt == "jsonl" else None
    for path, _sha, pr in _parse_each(files, failed, workers, encode):
        status, reason, line = pr if encode is not None else (pr.status, pr.status_reason, b"")
        if status in UNUSABLE:  # shown in full below, and said in one line: nobody can use it as it is
            print(f"Error: {path}: {status}: {reason}", file=sys.stderr)
            failed[0] += 1
        if fmt == "jsonl":
            if out is not None:
                out.write(line)
            else:
                sys.stdout.write(line.decode())
            continue  # printed: nothing of it is kept
        results.append((str(path), pr))
    if out is not None:
        out.flush()
    if fmt == "json":
        objs = [report_json(p, pr) for p, pr in results]
        sys.stdout.write(orjson.dumps(objs[0] if len(objs) == 1 else objs, option=orjson.OPT_INDENT_2).decode()
                         + "\n")
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


def _parse_each(files: list[Path], failed: list[int], workers: int = 0,
                encode: Callable[[str, ParsedReport], Any] | None = None) -> Iterator[tuple[Path, str, Any]]:
    """(path, sha256, ParsedReport) for each file that is a report, in the order given, parsed by the
    pool on every core (or ``workers``), each with a deadline and a memory cap (transform/pool.py); the
    others get one line on stderr and are counted in ``failed[0]``. With ``encode``, the third item is
    what it made of the report in the worker (transform.pool.Encoder) instead.

    Files (and an HTML page's table images) are read only when a worker has room, so a folder of any size
    holds a few bodies at a time.
    """
    from transform.pool import ParseFailure, ParsePool
    from transform.settings import ParseSettings

    digests: dict[int, str] = {}
    has_images: dict[Path, bool] = {}

    def item(i: int, path: Path) -> tuple:
        extra: dict = {}  # filled when the file is read: the images beside an HTML page

        def read() -> bytes:
            data = path.read_bytes()
            digests[i] = hashlib.sha256(data).hexdigest()
            if (path.suffix.lower() in _HTML and images_under(path.parent, has_images)
                    and (images := _page_images(path, data))):
                extra["images"] = images
            return data
        return i, read, str(path), mimetypes.guess_type(path.name)[0], extra

    settings = ParseSettings(workers=workers) if workers else ParseSettings()
    with ParsePool(settings, encode=encode) as pool:
        for i, result in pool.map((item(i, p) for i, p in enumerate(files)), ordered=True):
            sha = digests.pop(i, "")
            if isinstance(result, ParseFailure):
                print(f"Error: {result.message}", file=sys.stderr)
                failed[0] += 1
                continue
            yield files[i], sha, result


def images_under(folder: Path, seen: dict[Path, bool]) -> bool:
    """Does ``folder`` (sub-folders included: Word's "save as web page" puts a page's pictures in
    ``name.files/``) hold any image file? Asking a page which images it shows parses it in this process
    (~3 ms of the parent's CPU a page, issue 19), so it is asked only when one could be there; ``seen``
    keeps the answer, so each folder is looked through once, not once per page."""
    if folder not in seen:
        try:
            seen[folder] = any(q.suffix.lower() in _IMAGES for q in folder.rglob("*"))
        except OSError:
            seen[folder] = True  # cannot tell: ask the page, as before
    return seen[folder]


def _page_images(path: Path, data: bytes) -> dict[str, bytes] | None:
    """The images a local HTML page shows as its tables, read from its own folder (never outside it),
    keyed like the harvest keys fetched ones: by the absolute URLs table_image_urls gives.

    A page saved from a portal often still points at the server (``src="/uploadfiles/…/W0201.png"`` or
    ``http://www.…gov.cn/…/W0201.png``) while the image was saved beside it: a file of that name in the
    page's folder is then the image. `nianbao parse` never fetches."""
    from urllib.parse import unquote, urlsplit

    from extract.readers.images import table_image_urls

    folder = path.resolve().parent
    images: dict[str, bytes] = {}
    for url in table_image_urls(data, path.resolve().as_uri()):
        parts = urlsplit(url)
        where = Path(unquote(parts.path))
        local = where.resolve() if parts.scheme == "file" else None
        if local is None or not local.is_relative_to(folder) or not local.is_file():
            local = folder / where.name if where.name else None
        if local is None or not local.is_file() or local.stat().st_size > MAX_IMAGE_BYTES:
            continue
        images[url] = local.read_bytes()
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
    workers: int = typer.Option(0, "--workers", "-w", min=0, metavar="N", help="Parse processes (0: one per core)."),
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
    for path, sha, pr in _parse_each(files, failed, workers):
        place = place_organ(pr.doc.organ, sources, county, province)
        if place is None:
            print(f"Error: {path}: cannot place {pr.doc.organ or 'an unnamed organ'} in a county of "
                  "data/sources.toml; name it with --county", file=sys.stderr)
            failed[0] += 1
            continue
        inputs.append(file_input(path, b"", pr, source_name=source, place=place, sha256=sha))
    if not inputs:
        if not failed[0]:
            print("Error: no report to load", file=sys.stderr)
        raise typer.Exit(2)
    ld = load_batch(inputs)
    print(f"warehouse load {ld.load_id}: {ld.new} new, {ld.revised} revised, {ld.superseded} kept as history, "
          f"{ld.unchanged} unchanged, {ld.failed} refused; {ld.facts} facts → {ld.db_path}")
    if failed[0]:
        raise typer.Exit(2)
