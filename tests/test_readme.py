"""The README's Python examples run as printed (the control-plane snippets)."""

from __future__ import annotations

import re

import pytest

from tests.readme_sections import readme_section

SECTION = "Run the mock, and steer it from your tests"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", readme_section(SECTION), re.S)


def test_the_section_has_examples():
    assert len(python_blocks()) >= 2


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_each_python_example_runs(index: int):
    code = python_blocks()[index]
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(compile(code, f"README.md:{SECTION}#{index}", "exec"), namespace)  # noqa: S102


def test_every_section_the_tests_read_exists():
    for title in (
        "Walk-through: signing in with curl",
        "Verify your client in five minutes",
        SECTION,
    ):
        assert readme_section(title).startswith(f"## {title}")
