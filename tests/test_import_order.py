"""Stages import one way: common → extract → transform → warehouse → flows (issue 17).

Every module of every package is read with ``ast`` (not imported), every import counted — at the top,
inside functions (lazy imports) and under ``if TYPE_CHECKING`` alike — and an import of a later stage
fails the test. The rules, also in ARCHITECTURE.md:

- ``common``: the shared base (errors, paths, locks); imports no stage.
- ``extract`` → ``transform`` → ``warehouse`` → ``flows``: each may import the stages before it and itself.
- ``sampleportal``: a stand-in for a county's website, used by the demo, the tests and the benchmarks. It
  may import ``common`` only: test data made with the pipeline's own readers or rules would check the
  code against itself. Only ``flows`` (the demo and ``nianbao portal``) may import it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from common.paths import REPO

ORDER = {"common": 0, "extract": 1, "transform": 2, "warehouse": 3, "flows": 4}
ALLOWED = {package: {p for p, rank in ORDER.items() if rank <= ORDER[package]} for package in ORDER}
ALLOWED["sampleportal"] = {"common", "sampleportal"}
ALLOWED["flows"] |= {"sampleportal"}
PACKAGES = sorted(ALLOWED)


def imported_packages(path: Path) -> list[tuple[int, str]]:
    """(line, top-level package) of every import in the file that names one of ours."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            found.append((node.lineno, str(node.args[0].value).split(".")[0]))
    return [(line, name) for line, name in found if name in ALLOWED]


def violations() -> list[str]:
    out = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            for line, name in imported_packages(path):
                if name not in ALLOWED[package]:
                    out.append(f"{path.relative_to(REPO)}:{line} imports {name} ({package} may import "
                               f"{', '.join(sorted(ALLOWED[package]))})")
    return out


def test_no_module_imports_against_the_stage_order():
    assert violations() == []


def test_the_check_sees_lazy_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\n\ndef f():\n    from warehouse.loader import load_batch\n"
                      "    import flows.cli\n    return __import__('transform.canon')\n", encoding="utf-8")
    assert imported_packages(module) == [(4, "warehouse"), (5, "flows"), (6, "transform")]


def test_every_package_is_under_a_rule():
    packages = {p.parent.name for p in REPO.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(ALLOWED), packages ^ set(ALLOWED)
