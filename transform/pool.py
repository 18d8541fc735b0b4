"""Parse documents in worker processes, each with a deadline and a memory cap, on every core.

    with ParsePool(ParseSettings(workers=2)) as pool:
        for doc_id, result in pool.map((doc_id, body, name, content_type) for …):
            if isinstance(result, ParseFailure): …   # result.reason: "parse exceeded 20 s", …
            else: …                                   # a slim ParsedReport

Why processes, and why this small pool rather than a library's:
- A parse is CPU-bound Python, so only processes use more than one core.
- A stuck parse must be *stopped*, not just abandoned: ``concurrent.futures`` can time out a wait but not
  kill the task, and a broken worker breaks the whole ProcessPoolExecutor. ``pebble`` and ``loky`` can
  kill, but neither is installed, and neither polls a worker's resident memory. The loop below is the
  part we need: one pipe per worker, ``multiprocessing.connection.wait`` on all of them with a short
  timeout, and a look at every busy worker's clock and resident memory at each wake-up. A worker past its
  deadline or its memory cap is killed (SIGKILL) and replaced; its document is recorded as failed with
  the reason, and the others go on.
- Workers are forked from a forkserver that has already imported the parser: a replacement costs a fork
  (~10 ms), not a fresh interpreter importing polars (~1 s); and forking the caller itself is unsafe once
  it runs threads (Prefect, asyncio, DuckDB), which the forkserver never does.
- Memory: resident memory is polled from /proc (see ParseSettings.address_space_bytes for why an
  RLIMIT_AS of 1 GB cannot be the cap: onnxruntime and polars reserve 2 GB of address space).

Bodies are pulled from the caller's iterable only when a worker has room, so at most two bodies per
worker (the one being parsed, the next one waiting in its pipe) are in memory at once. Results travel back as slim
ParsedReports (plain rows; no frames are built in the worker) or ParseFailure records — or, when the caller
passes ``encode``, as whatever that function made of the report in the worker (``nianbao parse --format
jsonl``: the finished JSON line). Pickling a report's rows there and unpickling and encoding them here
cost the parent about as much CPU as the parse itself (issue 19): with two workers on two cores the parent
was the third process competing for them.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Literal

from common.errors import NianbaoError
from transform.settings import GB, ParseSettings, pdf_pages

FailureKind = Literal["refused", "not_a_report", "timeout", "memory", "crashed"]
# (document name, ParsedReport) → what the worker sends back instead of the report. A module-level
# function, so that it pickles by name; an exception it raises fails that document as "crashed".
Encoder = Callable[[str, Any], Any]

# Imported once in the forkserver so that every forked worker starts with the parser loaded (readers
# import their libraries lazily; these are the ones every HTML, text and DOCX report needs).
PRELOAD = ["transform.pipeline", "extract.readers.html_tables", "extract.readers.html_text",
           "extract.readers.html_guard", "extract.readers.text_tables", "selectolax.lexbor"]


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """A document that gave no report, with a one-line reason (no path: ``message`` adds it)."""

    name: str
    kind: FailureKind
    reason: str

    @property
    def message(self) -> str:
        """``name: reason``, the way a ParseError prints."""
        return f"{self.name}: {self.reason}"


def size_text(n: int) -> str:
    return f"{n / GB:g} GB" if n >= GB else f"{n / 1024 ** 2:g} MB"


# ---- the worker -----------------------------------------------------------------------------------------

def _worker(conn: Connection, address_space: int, slim: bool, encode: Encoder | None = None) -> None:
    """Parse what arrives on ``conn`` until told to stop (None) or killed; ``encode`` (if any) turns each
    report into what is sent back."""
    import resource

    from common import budget
    from common.errors import NianbaoError, NotAReport
    from transform.pipeline import parse_document

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops us
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > address_space:
            resource.setrlimit(resource.RLIMIT_AS, (address_space, hard))
    except (ValueError, OSError):
        pass  # not allowed here: the parent's memory poll still applies
    budget.set_granter(lambda seconds: conn.send(("time", seconds)))
    conn.send(("ready",))  # the clock of a first document must not count this process's start-up
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        doc_id, data, name, content_type, extra = task
        try:
            parsed = parse_document(data, name, content_type, **extra)
            if encode is not None:
                out: Any = ("ok", encode(name, parsed))
            else:
                out = ("ok", parsed.slim() if slim else parsed)
        except NianbaoError as exc:
            kind = "not_a_report" if isinstance(exc, NotAReport) else "refused"
            out = ("failed", kind, getattr(exc, "reason", str(exc)))
        except MemoryError:  # the RLIMIT_AS backstop: this process is no longer trustworthy
            conn.send(("failed", "memory", "memory"))
            return
        except Exception as exc:  # a parser bug on one document must not stop the others; it is reported
            out = ("failed", "crashed", f"parse crashed: {type(exc).__name__}: {exc}")
        del data, task
        conn.send(out)


@dataclass(slots=True)
class _Job:
    doc_id: Any
    name: str
    payload: tuple | None  # what was sent, kept until done: a job queued behind a killed one is sent again
    deadline: float  # seconds from ``started``
    cap: float  # the most the deadline may grow to (a reader asking for OCR time)
    seq: int = 0  # input position, for ordered output
    started: float = 0.0  # when the worker began it (set when it reaches the head of its worker's queue)


class _Worker:
    def __init__(self, ctx: Any, settings: ParseSettings, slim: bool, encode: Encoder | None = None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, settings.address_space_bytes, slim, encode),
                                daemon=True)
        self.proc.start()
        child.close()
        # Sent and not yet answered, in order; the head is being parsed. A second one waits in the pipe, so
        # the worker starts it the moment it sends its answer instead of waiting for the parent to wake up
        # (on a busy machine that round trip cost ~5 ms a report, as much as half a parse).
        self.jobs: deque[_Job] = deque()
        self.ready = False

    def rss(self) -> int:
        """Resident bytes (0 when it cannot be read: the deadline still applies)."""
        try:
            with open(f"/proc/{self.proc.pid}/statm", "rb") as f:
                return int(f.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            return 0

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(1)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_context: Any = None


def _ctx() -> Any:
    """The forkserver context, its server preloaded with the parser (started once per process)."""
    global _context
    if _context is None:
        methods = mp.get_all_start_methods()
        _context = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
        if "forkserver" in methods:
            _context.set_forkserver_preload(PRELOAD)
    return _context


# ---- the pool -------------------------------------------------------------------------------------------

QUEUE_PER_WORKER = 2  # the document being parsed and the next one, already in the worker's pipe


class ParsePool:
    """Worker processes that parse documents under a deadline and a memory cap. Use as a context manager."""

    def __init__(self, settings: ParseSettings | None = None, *, slim: bool = True, encode: Encoder | None = None):
        """``encode``: see Encoder; when given, ``map`` yields its results in place of ParsedReports."""
        self.settings = settings or ParseSettings()
        self.slim = slim
        self.encode = encode
        self.workers: list[_Worker] = []
        self.replaced = 0  # workers killed (deadline, memory) or found dead, and started anew
        self.failed_starts = 0
        self._again: deque[_Job] = deque()  # queued behind a killed document: to be sent again

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for w in self.workers:
            if not w.jobs:
                w.stop()
            else:  # still busy: nobody waits for its answer any more
                w.kill()
        self.workers = []

    def _free_worker(self) -> _Worker | None:
        """A started worker with room in its queue (the emptiest); starts the missing workers."""
        while len(self.workers) < max(1, self.settings.workers):
            self.workers.append(_Worker(_ctx(), self.settings, self.slim, self.encode))
        free = [w for w in self.workers if w.ready and len(w.jobs) < QUEUE_PER_WORKER]
        return min(free, key=lambda w: len(w.jobs)) if free else None

    def _starting(self, w: _Worker) -> None:
        """A worker not ready yet has spoken: it is ready, or it died starting."""
        try:
            if w.conn.recv() == ("ready",):
                w.ready = True
                self.failed_starts = 0
                return
        except (EOFError, OSError):
            pass
        w.proc.join(1)
        code = w.proc.exitcode
        self._replace(w)
        self.failed_starts += 1
        if self.failed_starts >= 3:  # not one document's fault: the workers cannot start at all
            raise NianbaoError(f"parse workers die while starting (exit code {code}); try --workers 1 "
                               "or see the traceback they print above")

    def _replace(self, w: _Worker) -> None:
        """Kill ``w``; what was queued behind its head document is sent again to another worker."""
        w.kill()
        self.workers.remove(w)
        self.replaced += 1
        self._again.extend(list(w.jobs)[1:])
        while len(w.jobs) > 1:
            w.jobs.pop()

    def deadline(self, data: bytes, name: str, content_type: str | None) -> tuple[float, float]:
        """(deadline, the most it may grow to) for one document, from its kind and PDF page count."""
        from extract.readers.reader import sniff_kind

        s = self.settings
        kind = sniff_kind(data, name, content_type)
        pages = pdf_pages(data) if kind == "pdf" else None
        return s.deadline_for(kind, pages), s.deadline_s + s.ocr_page_s * s.ocr_pages

    def map(self, items: Iterable[tuple], ordered: bool = False) -> Iterator[tuple[Any, Any]]:
        """Parse ``(doc_id, bytes, name, content_type[, extra kwargs for parse_document])`` items; yield
        ``(doc_id, ParsedReport | ParseFailure)`` as each completes (in input order if ``ordered``).

        ``bytes`` may also be a callable returning the bytes (e.g. a file read), called only when a worker
        has room, so that at most two bodies per worker are held. An OSError from it becomes a failure.
        """
        source = iter(items)
        exhausted = False
        done: dict[int, tuple[Any, Any]] = {}  # finished out of order, waiting for an earlier one
        next_out = 0
        seq = 0
        buffer_cap = max(64, 8 * max(1, self.settings.workers))

        def release(job: _Job, result: Any) -> Iterator[tuple[Any, Any]]:
            nonlocal next_out
            if not ordered:
                yield job.doc_id, result
                return
            done[job.seq] = (job.doc_id, result)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1

        self._finish = release  # used by _answer
        while True:
            # hand out work while a worker has room (and, in order, while the reorder buffer has room)
            while (self._again or not exhausted) and len(done) < buffer_cap:
                w = self._free_worker()
                if w is None:
                    break
                if self._again:
                    job = self._again.popleft()
                else:
                    try:
                        item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    doc_id, data, name, content_type = item[:4]
                    extra = item[4] if len(item) > 4 else None  # may be filled by ``data()``
                    del item
                    try:
                        body = data() if callable(data) else data
                    except OSError as exc:
                        failed = _Job(doc_id, name, None, 0.0, 0.0, seq)
                        seq += 1
                        yield from release(failed, ParseFailure(name, "refused",
                                                                f"cannot read ({exc.strerror or exc})"))
                        continue
                    deadline, cap = self.deadline(body, name, content_type)
                    if extra and extra.get("images"):  # table images beside a page are OCR'd: time per image
                        s = self.settings
                        deadline += s.ocr_page_s * min(len(extra["images"]), s.ocr_pages)
                    job = _Job(doc_id, name, (doc_id, body, name, content_type, extra or {}), deadline, cap, seq)
                    seq += 1
                    del body, data
                if not w.jobs:
                    job.started = time.monotonic()
                w.jobs.append(job)
                try:
                    w.conn.send(job.payload)
                except (OSError, ValueError):  # the worker died: this job goes again, its head fails
                    w.jobs.pop()
                    self._again.appendleft(job)
                    if w.jobs:
                        yield from self._fail_head(w, "crashed", "parse worker died")
                    else:
                        self._replace(w)
            busy = [w for w in self.workers if w.jobs]
            if not busy and not self._again and (exhausted or len(done) >= buffer_cap):
                break
            starting = [w for w in self.workers if not w.ready]
            watched = busy + starting
            ready = wait([w.conn for w in watched] + [w.proc.sentinel for w in watched],
                         timeout=self.settings.poll_s)
            for w in starting:
                if w.conn in ready or w.proc.sentinel in ready:
                    self._starting(w)
            for w in busy:
                if w.jobs and (w.conn in ready or w.proc.sentinel in ready):
                    yield from self._answer(w)
            now = time.monotonic()
            for w in [w for w in self.workers if w.jobs]:
                job = w.jobs[0]
                if now - job.started > job.deadline:
                    yield from self._fail_head(w, "timeout", f"parse exceeded {job.deadline:g} s")
                elif w.rss() > self.settings.memory_bytes:
                    yield from self._fail_head(w, "memory",
                                               f"parse used over {size_text(self.settings.memory_bytes)}")
        while next_out in done:
            yield done.pop(next_out)
            next_out += 1

    def _done_head(self, w: _Worker, result: Any) -> Iterator[tuple[Any, Any]]:
        job = w.jobs.popleft()
        job.payload = None
        if w.jobs:
            w.jobs[0].started = time.monotonic()  # it was waiting in the pipe: the worker starts it now
        yield from self._finish(job, result)

    def _fail_head(self, w: _Worker, kind: FailureKind, reason: str) -> Iterator[tuple[Any, Any]]:
        """Kill the worker over its head document, which fails with ``reason``; the rest go again."""
        job = w.jobs[0]
        self._replace(w)
        w.jobs.clear()
        yield from self._finish(job, ParseFailure(job.name, kind, reason))

    def _answer(self, w: _Worker) -> Iterator[tuple[Any, Any]]:
        """Read what a worker sent (or learn that it died) and yield the finished results."""
        eof = False
        try:
            while w.jobs and w.conn.poll():
                msg = w.conn.recv()
                job = w.jobs[0]
                if msg[0] == "time":  # a reader asked for more time (OCR): grant up to the cap
                    job.deadline = min(job.cap, max(job.deadline, time.monotonic() - job.started + msg[1]))
                elif msg[0] == "ok":
                    yield from self._done_head(w, msg[1])
                elif msg[1] == "memory":  # the RLIMIT_AS backstop hit: the worker exits
                    space = size_text(self.settings.address_space_bytes)
                    yield from self._fail_head(w, "memory", f"parse used over {space} of address space")
                    return
                else:
                    yield from self._done_head(w, ParseFailure(job.name, msg[1], msg[2]))
        except (EOFError, OSError):
            eof = True
        if not w.jobs or (not eof and w.proc.is_alive()):
            return
        w.proc.join(1)
        code = w.proc.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        yield from self._fail_head(w, "crashed", f"parse worker died ({how})")
