"""`--fuzz` turns on the long fuzz run (`make fuzz`); without it these tests are skipped, so `make test`
stays fast. The option is registered here because pytest is started with tests/fuzz as its argument then;
when the whole suite runs, this conftest is loaded late and the option simply reads as absent."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fuzz", action="store_true", default=False,
                     help="run the hypothesis fuzz targets on the readers (minutes)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    try:
        enabled = config.getoption("--fuzz")
    except ValueError:  # option not registered: the suite was started from the root
        enabled = False
    if enabled:
        return
    skip = pytest.mark.skip(reason="fuzz run: use `make fuzz` (pytest tests/fuzz --fuzz)")
    for item in items:
        if "tests/fuzz/" in item.nodeid.replace("\\", "/") or item.nodeid.startswith("fuzz/"):
            item.add_marker(skip)
