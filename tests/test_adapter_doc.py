"""docs/adapter.md documents every operation, every step argument and every capability (with
an example), so that an adapter can be written from it alone; its code examples parse."""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

import pytest

from contract_tests import Capability, Step
from contract_tests._adapter import Op

PAGE = (Path(__file__).resolve().parent.parent / "docs" / "adapter.md").read_text()
HEADINGS = re.findall(r"^### (.+)$", PAGE, re.M)


@pytest.mark.parametrize("op", typing.get_args(Op))
def test_every_operation_has_a_section(op: str) -> None:
    assert any(f"`{op}`" in heading for heading in HEADINGS), op


@pytest.mark.parametrize("argument", sorted(set(Step.__annotations__) - {"op"}))
def test_every_step_argument_is_documented(argument: str) -> None:
    assert f"`{argument}`" in PAGE


@pytest.mark.parametrize("capability", [c.value for c in Capability])
def test_every_capability_has_an_example(capability: str) -> None:
    start = PAGE.index(f"### `{capability}`")
    section = PAGE[start : PAGE.find("\n### ", start + 1)]
    assert "```python" in section, capability


def test_the_examples_are_python() -> None:
    for block in re.findall(r"```python\n(.*?)```", PAGE, re.S):
        ast.parse(block if not block.startswith(" ") else f"if True:\n{block}")
