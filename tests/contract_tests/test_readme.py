"""The README's "verify your client" section works as printed: its adapter passes
`groove-contract verify`."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from contract_tests import __all__ as public_names
from contract_tests.cli import main
from tests.readme_sections import readme_section

SECTION = "Verify your client in five minutes"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", readme_section(SECTION), re.S)


def readme_adapter() -> str:
    """The adapter (the section may also show tests that use it)."""
    blocks = [block for block in python_blocks() if "def make_adapter" in block]
    assert len(blocks) == 1
    return blocks[0]


def test_the_printed_adapter_passes_the_suite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "my_groove_adapter.py").write_text(readme_adapter(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, "my_groove_adapter", raising=False)
    report_path = tmp_path / "report.json"
    code = main(
        ["verify", "--client", "my_groove_adapter:make_adapter", "--json", str(report_path)]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    report = json.loads(report_path.read_text())
    statuses = {r["id"]: r["status"] for r in report["results"]}
    assert statuses["GC-CRED-001"] == statuses["GC-RETRY-001"] == "passed"
    assert statuses["GC-AUTH-001"] == "skipped"
    assert set(statuses.values()) == {"passed", "skipped"}


def test_the_readme_commands_name_real_entry_points() -> None:
    text = readme_section(SECTION)
    assert "contract_tests.reference_client:make_adapter" in text
    assert "examples.requests_oauthlib_client:make_adapter" in text
    for name in ("Environment", "Outcome", "Step"):
        assert name in public_names


BRIDGE = "Any language: the bridge"


def test_the_bridge_section_names_what_exists_and_what_make_test_runs() -> None:
    """The section's command line parses, its example exists, its messages follow the
    schemas (the run itself is tests/contract_tests/test_example_node.py)."""
    from contract_tests.bridge._protocol import validate

    text = readme_section(BRIDGE)
    root = Path(__file__).resolve().parents[2]
    assert (root / "examples" / "node" / "adapter.mjs").is_file()
    assert "docs/bridge.md" in text and (root / "docs" / "bridge.md").is_file()
    command = re.search(r"^\s*(groove-contract verify .*)$", text, re.M)
    assert command is not None
    assert "--client-cmd" in command.group(1) and "--junit" in command.group(1)
    validate("adapter-hello", {"type": "hello", "protocol": 1, "capabilities": []})
    validate("outcome", {"type": "outcome", "id": 1, "outcome": {"ok": True}})
