"""Issue 19: a report encoded in the worker that parsed it (ParsePool's ``encode``) is what the parent would
have made of it; an encoder that fails is one document's failure, not the pool's.

Real worker processes and the real Shanghai page. The comparison is with the same report parsed and
encoded in this process, so the test fails if anything is lost or changed on the way through the pool.
"""

from __future__ import annotations

import orjson

from flows.report_json import jsonl_line, report_json
from tests import variants as v
from transform.pipeline import parse_document
from transform.pool import ParseFailure, ParsePool
from transform.settings import ParseSettings


def _refuse(name: str, pr) -> bytes:
    if name.startswith("bad"):
        raise ValueError("cannot encode this one")
    return name.encode()


def test_jsonl_lines_from_the_workers_equal_the_report_encoded_here():
    page = (v.CORPUS / v.SHANGHAI).read_bytes()
    here = report_json("a.html", parse_document(page, "a.html", "text/html"))
    with ParsePool(ParseSettings(workers=2), encode=jsonl_line) as pool:
        got = dict(pool.map(((i, page, "a.html", "text/html") for i in range(4)), ordered=True))
    assert sorted(got) == [0, 1, 2, 3]
    for status, reason, line in got.values():
        assert line.endswith(b"\n") and orjson.loads(line) == orjson.loads(orjson.dumps(here))
        assert (status, reason) == (here["status"], here["status_reason"])
    assert here["facts"] and here["checks"]  # the page has both, so the comparison is not of empty lists


def test_an_encoder_that_raises_fails_that_document_only():
    page = (v.CORPUS / v.SHANGHAI).read_bytes()
    items = [(1, page, "good.html", None), (2, page, "bad.html", None), (3, page, "good2.html", None)]
    with ParsePool(ParseSettings(workers=1), encode=_refuse) as pool:
        got = dict(pool.map(items, ordered=True))
    assert got[1] == b"good.html" and got[3] == b"good2.html"
    assert isinstance(got[2], ParseFailure) and got[2].kind == "crashed"
    assert "ValueError: cannot encode this one" in got[2].message and "\n" not in got[2].message


def test_a_page_is_asked_for_its_images_only_when_its_folder_holds_one(tmp_path):
    from flows.cli.parse import images_under

    plain, word = tmp_path / "plain", tmp_path / "word"
    (plain / "sub").mkdir(parents=True)
    (plain / "a.html").write_text("<p>x</p>")
    (plain / "sub" / "notes.txt").write_text("x")
    (word / "report.files").mkdir(parents=True)
    (word / "report.html").write_text("<img src='report.files/image001.PNG'>")
    (word / "report.files" / "image001.PNG").write_bytes(b"\x89PNG")
    seen: dict = {}
    assert images_under(plain, seen) is False
    assert images_under(word, seen) is True  # in the sub-folder Word saves them to, upper-case suffix
    assert seen == {plain: False, word: True}
