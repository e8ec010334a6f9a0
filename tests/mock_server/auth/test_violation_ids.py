"""The journal's violation ids are published in docs/contract/auth.md: the client suite judges
clients by them, so the table and `Violation` must name the same ids."""

from __future__ import annotations

import re
from pathlib import Path

from mock_server.auth import Violation

DOC = Path(__file__).parents[3] / "docs" / "contract" / "auth.md"


def documented_ids() -> set[str]:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("| Id | Meaning |") :].split("\n\n", 1)[0]
    rows = table.splitlines()[2:]
    return {found for row in rows for found in re.findall(r"`([a-z0-9-]+)`", row.split("|")[1])}


def test_every_violation_is_documented_and_every_documented_id_exists():
    assert documented_ids() == {violation.value for violation in Violation}
