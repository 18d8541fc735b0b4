"""Issue 19, orchestration: one parse pool a night (started only when something is parsed, its workers kept
from batch to batch), and loads of parallel sources that queue for their turn instead of being refused.

Real parts: the real ParsePool's worker processes parsing the real Shanghai 2019 report, and real flocks
taken from two threads on a real data folder.
"""

from __future__ import annotations

import multiprocessing
import threading
import time

from flows.pipeline import RunPool, writer_turn
from tests import variants as v
from transform.pipeline import ParsedReport


def _items(body: bytes, n: int, first: int = 0) -> list[tuple]:
    return [(first + i, body, f"report-{first + i}.html", "text/html") for i in range(n)]


def test_one_pool_serves_every_batch_and_keeps_its_workers():
    body = (v.CORPUS / v.SHANGHAI).read_bytes()
    with RunPool() as pool:
        first = pool.parse(_items(body, 2))
        workers = {w.proc.pid for w in pool._pool.workers}
        second = pool.parse(_items(body, 2, first=2))
        assert {w.proc.pid for w in pool._pool.workers} == workers  # the same processes, not new ones
        assert pool.started == 1
    assert sorted(i for i, _ in first + second) == [0, 1, 2, 3]
    assert all(isinstance(r, ParsedReport) for _, r in first + second)
    assert pool._pool is None  # closed with the run


def test_a_night_with_nothing_to_parse_starts_no_pool():
    before = {p.pid for p in multiprocessing.active_children()}
    with RunPool() as pool:
        pass
    assert pool.started == 0
    assert {p.pid for p in multiprocessing.active_children()} == before


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path):
    events: list[tuple[str, float]] = []
    holding = threading.Event()

    def first() -> None:
        with writer_turn(tmp_path):
            holding.set()
            events.append(("first in", time.monotonic()))
            time.sleep(0.3)
            events.append(("first out", time.monotonic()))

    def second() -> None:
        holding.wait(5)
        with writer_turn(tmp_path):
            events.append(("second in", time.monotonic()))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    when = dict(events)
    assert [name for name, _ in events] == ["first in", "first out", "second in"]
    assert when["second in"] >= when["first out"]
