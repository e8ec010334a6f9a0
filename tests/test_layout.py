"""The layout shows the design: every package says what it is for (a docstring) and names what
it offers (`__all__`), and no module grows past 400 lines (one module per concept; a module
that outgrows that is two concepts, or a package)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("mock_server", "contract_tests", "groove_contract_pytest", "bench")
MAX_LINES = 400


def _modules(suffix: str) -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob(suffix))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("init", _modules("__init__.py"), ids=_relative)
def test_every_package_says_what_it_is_for_and_what_it_offers(init: Path) -> None:
    tree = ast.parse(init.read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree)
    assert docstring, f"{_relative(init.parent)}/ has no docstring saying what it is for"
    assigned = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    assert "__all__" in assigned, f"{_relative(init.parent)}/ has no __all__"


def test_no_module_is_over_400_lines() -> None:
    too_long = {
        _relative(path): lines
        for path in _modules("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, "split these by concept"
