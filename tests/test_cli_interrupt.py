"""One Ctrl-C stops `portal serve`, `harvest`, `run` and `demo` within 2 s, and leaves the data folder sound
(issue 14). The commands run as child processes; SIGINT is what a terminal sends on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from harvest_fixtures import SERVER_OPTIONS
from portal_fixtures import PORTAL, reports
from reliability_fixtures import ROOT, audit_archive, audit_state, child_env, holds_flock, nianbao_argv

from sampleportal.server import serve_portal


def _start(*args: str, data: Path) -> subprocess.Popen:
    # Prefect's temporary API server may take minutes to start on a busy machine (default limit: 20 s)
    env = {**child_env(data), "PYTHONUNBUFFERED": "1", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300"}
    return subprocess.Popen(nianbao_argv(*args), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_for(condition, timeout: float, what: str) -> None:
    until = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < until, f"timed out waiting for {what}"
        time.sleep(0.1)


def _interrupt(proc: subprocess.Popen) -> tuple[float, int, str]:
    """Send one SIGINT; (seconds until the process ended, exit code, stderr)."""
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    seconds = time.monotonic() - sent
    return seconds, proc.returncode, proc.stderr.read()


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


def _interrupt_mid_run(proc: subprocess.Popen, reached, what: str) -> tuple[float, int, str, list[int]]:
    """Wait (up to 400 s: Prefect's server starts first) until ``reached()``, then one SIGINT:
    (seconds until the process ended, exit code, stderr, the child processes it had)."""
    try:
        _wait_for(lambda: proc.poll() is not None or reached(), 400, what)
    except AssertionError:
        proc.kill()
        raise
    assert proc.poll() is None, proc.stderr.read()[-3000:]
    children = _children(proc.pid)
    return (*_interrupt(proc), children)


def _assert_stopped_cleanly(seconds: float, code: int, err: str, children: list[int], data: Path) -> None:
    """Within 2 s, exit 130 with one line, every child gone, archive and state sound."""
    assert seconds < 2.0, seconds
    assert code == 130 and "Error: interrupted" in err, err[-2000:]
    _wait_for(lambda: not any(_alive(c) for c in children), 10, f"child processes {children} to stop")
    assert audit_archive(data)[0] == [] and audit_state(data)[0] == []


def _slow_portal():
    """The sample portal with one 2024 report page trickling: a harvest of it is mid-run for minutes."""
    page = next(r["url_path"] for r in reports(PORTAL) if r["year"] == "2024" and r["url_path"] == r["page_path"])
    server = serve_portal(PORTAL, **SERVER_OPTIONS)
    return server, page


def test_portal_serve_stops_on_one_ctrl_c(tmp_path: Path) -> None:
    proc = _start("portal", "serve", "--port", "0", data=tmp_path)
    line = proc.stdout.readline()
    assert "sample portal" in line, line
    seconds, code, err = _interrupt(proc)
    assert seconds < 2.0 and code == 0, (seconds, code, err)


def test_harvest_stops_on_one_ctrl_c_and_leaves_the_data_sound(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server_cm, page = _slow_portal()
    with server_cm as server:
        server.make_hostile(page, "trickle", 1.0)
        proc = _start("harvest", "--source", "sample", "--base-url", server.base_url, "--year", "2024", data=data)
        _wait_for(lambda: any(e["path"] == page for e in server.log), 120, "the trickling page to be asked for")
        seconds, code, err = _interrupt(proc)
    assert seconds < 2.0, seconds
    assert code == 130 and err.strip().splitlines()[-1].startswith("Error: interrupted"), err[-2000:]
    assert audit_archive(data)[0] == [] and audit_state(data)[0] == []
    assert not holds_flock(proc.pid, data / "harvest.lock")


@pytest.mark.slow  # a Prefect server start
def test_run_stops_on_one_ctrl_c_with_its_prefect_server(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server_cm, page = _slow_portal()
    with server_cm as server:
        server.make_hostile(page, "trickle", 1.0)
        proc = _start("run", "--source", "sample", "--base-url", server.base_url, "--year", "2024", data=data)
        stopped = _interrupt_mid_run(proc, lambda: any(e["path"] == page for e in server.log),
                                     "the flow to reach the trickling page")
    _assert_stopped_cleanly(*stopped, data)


@pytest.mark.slow  # a Prefect server start and the sample province
def test_demo_stops_on_one_ctrl_c_with_its_portals_and_prefect_server(tmp_path: Path) -> None:
    # Mid-harvest: the demo serves the province in-process and runs the flow (a Prefect server child).
    data = tmp_path / "data"
    proc = _start("demo", "--port", "0", data=data)
    stopped = _interrupt_mid_run(proc, lambda: any((data / "raw" / "sha256").glob("*/*")),
                                 "the demo's harvest to archive a first page")
    _assert_stopped_cleanly(*stopped, data)
    assert not holds_flock(proc.pid, data / "harvest.lock")
