"""Every 200 body is archived by sha256 before anyone reads it; a re-fetch is conditional."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from fetch_fixtures import TinyServer, ok, tiny_server, with_validators

from extract.net.archive import RawArchive, sha256_hex
from extract.net.fetch import AllowedHosts, Fetcher, FetchResult
from extract.net.memory import ArchiveMemory
from extract.net.settings import FetchSettings
from extract.net.state import HarvestState

FAST = FetchSettings(delay_s=0.0, max_attempts=2, backoff_initial_s=0.01, backoff_jitter_s=0.0)
REPORT = "<html><body><h1>锦屏县大同乡人民政府2024年政府信息公开工作年度报告</h1></body></html>".encode()


def fetch_with_memory(server: TinyServer, path: str, data_dir: Path) -> FetchResult:
    async def go() -> FetchResult:
        with HarvestState(data_dir) as state:
            memory = ArchiveMemory(state, RawArchive(data_dir))
            async with Fetcher(AllowedHosts([server.base_url]), FAST, memory) as fetcher:
                return await fetcher.get(server.base_url + path)
    return asyncio.run(go())


def test_a_200_body_is_archived_under_its_sha256_with_a_sidecar(tmp_path):
    with tiny_server({"/t20250123_1.html": ok(REPORT)}) as server:
        result = fetch_with_memory(server, "/t20250123_1.html", tmp_path)
    sha = sha256_hex(REPORT)
    assert result.sha256 == sha
    body_path = tmp_path / "raw" / "sha256" / sha[:2] / f"{sha}.bin"
    assert body_path.read_bytes() == REPORT
    sidecar = json.loads(body_path.with_suffix(".json").read_text("utf-8"))
    (record,) = sidecar["fetches"]
    assert record["url"] == server.base_url + "/t20250123_1.html" and record["status"] == 200
    assert record["headers"]["content-type"].startswith("text/html") and record["fetched_at"]
    assert not list(tmp_path.rglob(".tmp-*"))  # atomic writes leave no temp files


def test_a_second_fetch_is_conditional_and_a_304_returns_the_archived_bytes(tmp_path):
    with tiny_server({"/a.html": with_validators(REPORT, '"abc"')}) as server:
        first = fetch_with_memory(server, "/a.html", tmp_path)
        second = fetch_with_memory(server, "/a.html", tmp_path)
    assert first.status == 200 and "if-none-match" not in server.hits("/a.html")[0].headers
    assert server.hits("/a.html")[1].headers["if-none-match"] == '"abc"'
    assert server.hits("/a.html")[1].headers["if-modified-since"] == "Wed, 01 Jan 2025 00:00:00 GMT"
    assert second.status == 304 and second.not_modified
    assert second.body == REPORT and second.sha256 == first.sha256


def test_validators_whose_body_left_the_archive_are_not_sent(tmp_path):
    with tiny_server({"/a.html": with_validators(REPORT)}) as server:
        fetch_with_memory(server, "/a.html", tmp_path)
        for path in (tmp_path / "raw").rglob("*.bin"):
            path.unlink()
        again = fetch_with_memory(server, "/a.html", tmp_path)
    assert again.status == 200 and again.body == REPORT
    assert "if-none-match" not in server.hits("/a.html")[1].headers


def test_archive_names_come_from_the_hash_only_never_from_the_url(tmp_path):
    with tiny_server({"/t.html?name=../../../etc/evil": ok(b"x")}) as server:
        fetch_with_memory(server, "/t.html?name=../../../etc/evil", tmp_path)
    written = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert all(p.startswith(("raw/sha256/", "state/")) for p in written)
    assert not any("evil" in p for p in written)
