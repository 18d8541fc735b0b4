"""Raw archive: every body a fetch returns with 200 is kept, keyed by its sha256.

Why: parsers improve; a report must be re-parseable years later without asking the county server
again, and a 304 answer is only useful if the bytes it refers to are still at hand. Layout:
``{data}/raw/sha256/ab/abcdef….bin`` plus ``….json`` beside it listing every fetch that returned these
bytes (URL, final URL, status, headers, fetch time). File names derive only from the sha256, never from
a URL, so nothing a portal sends can steer a write outside the archive. Writes are atomic (temp file +
``os.replace``) so a killed run never leaves half a body under a valid name.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from common.errors import NianbaoError

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


class ArchiveError(NianbaoError):
    """Raised by extract.net.archive when a body is asked for that the archive does not hold."""


class ArchiveWriteError(NianbaoError):
    """Raised by extract.net.archive when a body cannot be written (a full disk): the run must stop, since
    every later body would fail too. Bodies already archived stay valid (atomic writes)."""


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """One fetch that returned a given body."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    fetched_at: str  # ISO 8601, UTC


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class RawArchive:
    """Content-addressed store under ``{data_dir}/raw/sha256``."""

    def __init__(self, data_dir: Path):
        self.root = Path(data_dir) / "raw" / "sha256"

    def _paths(self, sha: str) -> tuple[Path, Path]:
        if not _SHA_RE.match(sha):
            raise ArchiveError(f"{sha!r}: not a sha256 hex digest")
        folder = self.root / sha[:2]
        return folder / f"{sha}.bin", folder / f"{sha}.json"

    def put(self, body: bytes, record: FetchRecord) -> str:
        """Store ``body`` (once) and append ``record`` to its sidecar; return the sha256."""
        sha = sha256_hex(body)
        bin_path, meta_path = self._paths(sha)
        try:
            bin_path.parent.mkdir(parents=True, exist_ok=True)
            if not bin_path.exists():
                _atomic_write(bin_path, body)
            meta = self.meta(sha) if meta_path.exists() else {"sha256": sha, "size": len(body), "fetches": []}
            meta["fetches"].append(asdict(record))
            _atomic_write(meta_path, json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as exc:
            raise ArchiveWriteError(f"{exc.filename or self.root}: cannot write the raw archive "
                                    f"({exc.strerror or exc}); free space and re-run (what was archived so "
                                    "far is kept)") from None
        return sha

    def path(self, sha: str) -> Path:
        """Where the body ``sha`` is (or would be) stored."""
        return self._paths(sha)[0]

    def has(self, sha: str) -> bool:
        return self._paths(sha)[0].exists()

    def get(self, sha: str) -> bytes:
        bin_path, _ = self._paths(sha)
        try:
            return bin_path.read_bytes()
        except FileNotFoundError:
            raise ArchiveError(f"{bin_path}: body {sha[:12]}… is not in the raw archive") from None

    def meta(self, sha: str) -> dict:
        _, meta_path = self._paths(sha)
        try:
            return json.loads(meta_path.read_text("utf-8"))
        except FileNotFoundError:
            raise ArchiveError(f"{meta_path}: no sidecar for body {sha[:12]}…") from None


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
