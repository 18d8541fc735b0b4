"""``nianbao parse DIR --format jsonl`` on 1, 2 and N worker processes: the per-report slope.

    python -m bench.cli_parse [--copies 200 600] [--repeats 3]

Copies of the real Shanghai 2019 report go into two folders (200 and 600 files); each folder is parsed
by the command as a user runs it (a fresh interpreter, output to /dev/null), ``repeats`` times, and the
median wall time is kept. The per-report cost is the slope (t600 − t200) / 400, so interpreter start-up,
imports and the pool's start are excluded (issue 19 measures it this way). For reference the same slope
is taken for one process calling parse_document in a loop (no pool), and for the pandas.read_html
baseline (bench/baseline.py) over the same page.

The figures go into bench/RESULTS.md, in a section of their own that ``make bench`` keeps.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "data" / "corpus" / "001_shanghai-bangongting-2019.html"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MARK = "<!-- written by bench/cli_parse.py; make bench keeps this section -->"

IN_PROCESS = """
import sys, time, orjson
from pathlib import Path
from transform.pipeline import parse_document
from flows.report_json import report_json
files = sorted(Path(sys.argv[1]).glob("*.html"))
for p in files:
    sys.stdout.buffer.write(orjson.dumps(report_json(str(p), parse_document(p.read_bytes(), str(p), "text/html"))) + b"\\n")
"""
PANDAS = """
import sys
from pathlib import Path
from bench.baseline import pandas_html
for p in sorted(Path(sys.argv[1]).glob("*.html")):
    pandas_html(p.read_bytes())
"""


def _wall(cmd: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def _slope(make_cmd, folders: dict[int, Path], repeats: int) -> tuple[float, dict[int, float]]:
    """ms per report from the median walls over the small and the big folder."""
    walls: dict[int, list[float]] = {n: [] for n in folders}
    for _ in range(repeats):  # sizes interleaved, so that machine noise hits both alike
        for n, folder in folders.items():
            walls[n].append(_wall(make_cmd(folder)))
    med = {n: statistics.median(w) for n, w in walls.items()}
    small, big = min(folders), max(folders)
    return (med[big] - med[small]) / (big - small) * 1000, med


def run(copies: tuple[int, int], repeats: int, workers: list[int]) -> list[tuple[str, float, dict[int, float]]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="nianbao-cli-bench-") as tmp:
        folders = {}
        for n in copies:
            folder = Path(tmp) / f"n{n}"
            folder.mkdir()
            for i in range(n):
                shutil.copyfile(PAGE, folder / f"{i:04d}.html")
            folders[n] = folder
        py = sys.executable
        cli = [py, "-c", "from flows.cli import main; main()", "parse"]
        for w in workers:
            slope, med = _slope(lambda f, w=w: [*cli, str(f), "--format", "jsonl", "--workers", str(w)],
                                folders, repeats)
            rows.append((f"nianbao parse --format jsonl, {w} worker{'s' if w > 1 else ''}", slope, med))
            print(rows[-1], flush=True)
        for label, code in (("parse_document in one process, no pool (reference)", IN_PROCESS),
                            ("pandas.read_html + lookup, one process (baseline)", PANDAS)):
            slope, med = _slope(lambda f, code=code: [py, "-c", code, str(f)], folders, repeats)
            rows.append((label, slope, med))
            print(rows[-1], flush=True)
    return rows


def write(rows: list[tuple[str, float, dict[int, float]]], copies: tuple[int, int], repeats: int) -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    base = next(s for label, s, _ in rows if label.startswith("pandas"))
    small, big = copies
    lines = [MARK, "", "## CLI parse on every core (bench/cli_parse.py)", "",
             f"`nianbao parse DIR --format jsonl` over {small} and {big} copies of the real Shanghai 2019 report, "
             f"median of {repeats} runs each; per report = (t{big} − t{small}) / {big - small}, so start-up is "
             f"excluded. {os.cpu_count()} CPUs; load average {load:.1f} when written "
             f"({time.strftime('%Y-%m-%d %H:%M')}) — the machine is shared, so read the ratios more than the "
             "absolute figures.", "",
             f"| run | wall {small} / {big} files s | ms per report | reports/s | vs pandas baseline |",
             "|---|---|---|---|---|"]
    for label, slope, med in rows:
        lines.append(f"| {label} | {med[small]:.1f} / {med[big]:.1f} | {slope:.2f} | {1000 / slope:,.0f} | "
                     f"{base / slope:.1f}× |")
    replace_section(RESULTS, MARK, "\n".join(lines) + "\n")


SECTION = "<!-- written by bench/"  # how every separately written section of RESULTS.md starts


def replace_section(path: Path, mark: str, section: str) -> None:
    """Put ``section`` (starting with ``mark``) in place of the old one — up to the next written section —
    or at the end: the scripts that write their own sections (this one, bench/ocr_speed.py) keep each other's."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if mark in text:
        start = text.index(mark)
        end = text.find(SECTION, start + len(mark))
        head, tail = text[:start].rstrip("\n") + "\n", (text[end:] if end >= 0 else "")
        path.write_text(head + "\n" + section + ("\n" + tail if tail else ""), encoding="utf-8")
    else:
        path.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")


def kept_section(path: Path = RESULTS) -> str:
    """The separately written sections of RESULTS.md (this script's, bench/ocr_speed.py's), for ``make
    bench`` to keep when it rewrites the file."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    return text[text.index(SECTION):] if SECTION in text else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs=2, default=(200, 600))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=None)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = args.workers or sorted({1, 2, cores, 2 * cores})
    rows = run(tuple(args.copies), args.repeats, workers)
    write(rows, tuple(args.copies), args.repeats)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
