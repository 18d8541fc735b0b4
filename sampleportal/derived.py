"""Binaries made by outside tools (LibreOffice for .doc/.wps, Pillow + a CJK font for scans and table
images), kept while their source is unchanged.

Why a cache: those tools are not deterministic across machines (LibreOffice stamps times; fonts and
Pillow versions move pixels), and ``make test`` must not need them. ``DERIVED.csv`` in the committed
portal records, per file, the sha256 of its source (the report's DOCX, or a text description of what was
drawn) and of its bytes. The generator reuses the committed bytes when both still match, and only
otherwise calls the tool, failing with one line naming the tool if it is missing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from common.errors import NianbaoError

INDEX = "DERIVED.csv"


class DerivedError(NianbaoError):
    """Raised when a derived binary must be rebuilt and its tool is missing or fails."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DerivedFiles:
    """Reuse committed derived binaries from ``committed`` (the portal folder); record what was used."""

    def __init__(self, committed: Path):
        self.committed = committed
        self.index: dict[str, tuple[str, str]] = {}
        self.used: dict[str, tuple[str, str]] = {}
        self.rebuilt: list[str] = []
        path = committed / INDEX
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                self.index = {r["path"]: (r["source_sha256"], r["sha256"]) for r in csv.DictReader(fh)}

    def get(self, path: str, source: bytes, make: Callable[[], bytes]) -> bytes:
        """The bytes at portal ``path``: the committed ones if made from this ``source``, else ``make()``."""
        source_sha = _sha(source)
        known = self.index.get(path)
        target = self.committed / path.lstrip("/")
        data = None
        if known and known[0] == source_sha and target.is_file():
            data = target.read_bytes()
            if _sha(data) != known[1]:
                data = None  # edited by hand: rebuild
        if data is None:
            data = make()
            self.rebuilt.append(path)
        self.used[path] = (source_sha, _sha(data))
        return data

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["path", "source_sha256", "sha256"])
        for path in sorted(self.used):
            writer.writerow([path, *self.used[path]])
        return buffer.getvalue()


def word97(docx_bytes: bytes) -> bytes:
    """Convert a .docx to a Word 97 binary (.doc; WPS Office writes the same OLE container as .wps)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DerivedError("LibreOffice (soffice) is needed once to rebuild the sample portal's .doc/.wps "
                           "files: apt-get install -y libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx_bytes)
        profile = Path(tmp) / "profile"  # a private profile: no clash with a running LibreOffice
        try:
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                            "doc:MS Word 97", "--outdir", tmp, str(source)], check=True, capture_output=True,
                           timeout=180)
        except (subprocess.SubprocessError, OSError) as exc:
            raise DerivedError(f"{soffice}: converting the sample .docx to .doc failed ({exc})") from None
        out = Path(tmp) / "report.doc"
        if not out.is_file():
            raise DerivedError(f"{soffice}: wrote no report.doc")
        return out.read_bytes()
