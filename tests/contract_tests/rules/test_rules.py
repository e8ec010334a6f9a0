"""The rule catalogue: well formed, every rule checked, and docs/rules.md in step."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from contract_tests._adapter import ClientSpecError, load_factory, outcome_from
from contract_tests.checks._base import CHECKS
from contract_tests.rules import RULES, RULES_BY_ID, Level, render_markdown, rules_for_signal
from mock_server import MockState

DOC = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def test_rule_ids_are_stable_unique_and_checked() -> None:
    assert len(RULES_BY_ID) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"GC-[A-Z]+-\d{3}", rule.id)
        assert rule.source.startswith("§") and rule.fix and rule.title
    assert set(CHECKS) == set(RULES_BY_ID)
    assert {rule.level for rule in RULES} == {Level.MUST, Level.SHOULD}


def test_server_signals_point_at_one_rule_each() -> None:
    for rule in RULES:
        for signal in rule.server_signals:
            assert rules_for_signal(signal) == [rule]
    assert rules_for_signal("multiple-credentials")[0].id == "GC-CRED-001"
    assert rules_for_signal("expired-token") == []


@pytest.mark.parametrize(
    "query", [{}, {"redirect_uri": "http://evil.example/"}], ids=["missing", "unregistered"]
)
def test_a_bad_logout_url_is_pinned_on_the_sign_out_rule(
    client: httpx.Client, state: MockState, query: dict[str, str]
) -> None:
    """What the mock journals for a logout without (or with a foreign) redirect_uri points at
    GC-SIGNOUT-002, not at the sign-in rules GC-CODE-001 / GC-AUTH-002."""
    client.get("/oauth20_logout.srf", params={"client_id": "000000004C1B7E2A", **query})
    (entry,) = state.journal.query(path="/oauth20_logout.srf$")
    assert entry.violations
    assert [r.id for v in entry.violations for r in rules_for_signal(v)] == ["GC-SIGNOUT-002"]


def test_docs_rules_md_is_rendered_from_the_catalogue() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/rules.md is out of step: run `groove-contract rules --markdown > docs/rules.md`"
    )


def test_load_factory_names_the_problem() -> None:
    assert callable(load_factory("contract_tests.reference_client:make_adapter"))
    with pytest.raises(ClientSpecError, match="is not MODULE:FACTORY"):
        load_factory("contract_tests.reference_client")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"ok": True, "data": {"ids": ["a"]}}, {"ok": True, "data": {"ids": ["a"]}}),
        (
            {"ok": False, "status": 401, "error_code": "X"},
            {"ok": False, "status": 401, "error_code": "X"},
        ),
        ({"ok": "yes"}, {"ok": False}),
        ({"ok": True, "status": "200", "data": []}, {"ok": True}),
    ],
)
def test_outcomes_from_adapters_are_checked(
    raw: dict[str, object], expected: dict[str, object]
) -> None:
    outcome = outcome_from(raw)
    assert {k: v for k, v in outcome.items() if k != "detail"} == expected
