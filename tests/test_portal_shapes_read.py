"""Issue 15's sample bar: every scan, image, doc, wps and runon report of the sample portal reads with ALL its
truth cells right — not "most, the rest named". The committed file behind each MANIFEST row is parsed as
`nianbao parse` would (an HTML page with its table images beside it), and compared cell by cell with the
truth the generator printed. tests/test_harvest_truth.py asserts the same over HTTP, end to end; this one
names the shape that broke in seconds."""

from __future__ import annotations

import pytest
from portal_fixtures import PROVINCE, manifest, site_file
from variants import cell_differences

from flows.cli.parse import _page_images
from transform.pipeline import parse_document

SHAPES = ("scan", "image", "doc", "wps", "runon")
ROWS = [r for r in manifest(PROVINCE) if r["delivery"] in SHAPES and r["current"] == "1"]
SLOW = ("scan", "image")  # OCR: seconds a page


def test_the_sample_has_every_shape():
    assert sorted({r["delivery"] for r in ROWS}) == sorted(SHAPES)


@pytest.mark.parametrize("row", [pytest.param(r, id=r["delivery"], marks=[pytest.mark.slow] * (r["delivery"] in SLOW))
                                 for r in ROWS])
def test_every_truth_cell_of_the_shape_is_read(row):
    path = site_file(row)
    data = path.read_bytes()
    pr = parse_document(data, path.name, images=_page_images(path, data) if path.suffix == ".html" else None)
    truth = {cell: None if v is None else float(v) for cell, v in row["truth"].items()}
    assert cell_differences(pr, truth) == [], (row["delivery"], row["organ"], row["year"], pr.problems[:5])
    assert pr.status == "ok", pr.status_reason
