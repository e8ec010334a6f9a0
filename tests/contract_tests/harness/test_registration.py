"""The registration a client is judged with follows what the adapter declares: a public-only
client (public-client, no user-sign-in, no app-token) gets the public desktop/mobile app for
every rule, and the rules it cannot meet say "not applicable" instead of passing."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from contract_tests._adapter import Capability, Environment, is_public_only
from contract_tests._runner import Status, run_rule, run_suite
from contract_tests.harness._hosting import InProcessHost
from contract_tests.harness._registration import DESKTOP_PATH, NOT_APPLICABLE, PUBLIC_APP, WEB_APP
from contract_tests.harness._session import Session
from contract_tests.reference_adapter import ALL_CAPABILITIES, ReferenceAdapter
from contract_tests.reports._formats import skipped_line
from contract_tests.rules import RULES_BY_ID

PUBLIC_ONLY = ALL_CAPABILITIES - {Capability.USER_SIGN_IN.value, Capability.APP_TOKEN.value}


class _PublicOnly(ReferenceAdapter):
    capabilities = PUBLIC_ONLY
    built: ClassVar[list[Environment]] = []

    def __init__(self, env: Environment):
        _PublicOnly.built.append(env)
        super().__init__(env)
        # An eager client: whatever it sends while being built on the wrong registration
        # must not count against it.
        with httpx.Client(transport=env.transport) as http:
            http.get(f"{env.auth_url}/oauth20_desktop.srf")


@pytest.mark.parametrize(
    ("declared", "public_only"),
    [
        (PUBLIC_ONLY, True),
        (ALL_CAPABILITIES, False),
        (frozenset({"public-client", "app-token"}), False),
        (frozenset({"user-sign-in"}), False),
    ],
)
def test_public_only_means_public_client_without_a_confidential_capability(
    declared: frozenset[str], public_only: bool
) -> None:
    assert is_public_only(declared) is public_only


def test_a_public_only_client_gets_the_public_registration(host: InProcessHost) -> None:
    _PublicOnly.built.clear()
    session = Session(host, _PublicOnly)
    try:
        assert session.has(Capability.USER_SIGN_IN)  # its public sign-in is its sign-in
        assert not session.has(Capability.APP_TOKEN)
        env = session.env
        assert (env.platform, env.client_id, env.client_secret) == (
            "mobile",
            PUBLIC_APP.client_id,
            None,
        )
        assert env.redirect_uri == host.base_url + DESKTOP_PATH
        assert env.to_json()["platform"] == "mobile"
        assert [e.platform for e in _PublicOnly.built] == ["web", "mobile"]
        assert len(session.wire()) == 1  # the second build's request only, on a fresh mock
    finally:
        session.close()


def test_a_confidential_client_keeps_the_web_registration(host: InProcessHost) -> None:
    session = Session(host, ReferenceAdapter)
    try:
        assert session.has(Capability.APP_TOKEN)
        assert (session.env.platform, session.env.client_id) == ("web", WEB_APP.client_id)
        assert session.env.client_secret == WEB_APP.client_secret
    finally:
        session.close()


def test_app_token_rules_are_not_applicable_to_a_public_client_and_say_so(
    host: InProcessHost,
) -> None:
    result = run_rule(RULES_BY_ID["GC-TOKEN-003"], _PublicOnly, host)
    assert result.status is Status.SKIPPED
    assert result.reason.startswith(NOT_APPLICABLE)
    assert "no secret" in result.reason


def test_every_other_rule_runs_on_a_public_only_client() -> None:
    report = run_suite(_PublicOnly, client="public-only")
    statuses = {r.rule.id: r.status for r in report.results}
    skipped = sorted(rule_id for rule_id, status in statuses.items() if status is Status.SKIPPED)
    assert skipped == ["GC-TOKEN-001", "GC-TOKEN-003"]
    assert set(statuses.values()) <= {Status.PASSED, Status.SKIPPED}
    assert report.exit_code == 0
    assert skipped_line(report) == (
        f"2 rules skipped: {NOT_APPLICABLE}: GC-TOKEN-001, GC-TOKEN-003."
    )
    # Sign-in rules ran on the public registration: the client's redirect URI is the desktop one.
    auth = next(r for r in report.results if r.rule.id == "GC-AUTH-002")
    begin = next(s for s in auth.steps if s.step["op"] == "begin_sign_in")
    assert DESKTOP_PATH.replace("/", "%2F") in begin.outcome["data"]["authorize_url"]


def test_a_restart_builds_a_new_client_on_the_same_mock(host: InProcessHost) -> None:
    session = Session(host, ReferenceAdapter)
    try:
        session.require({"op": "get_app_token"}, "get_app_token")
        before = session.client
        session.restart()
        assert session.client is not before
        session.require(
            {"op": "lookup", "ids": ["music.A83EB907-0100-11DB-89CA-0019B92A3933"]}, "lookup"
        )
        issued = [r for r in session.wire() if r.path == "/accesstoken.srf"]
        assert len(issued) == 2  # the new process holds no token of the old one
    finally:
        session.close()


def test_the_storage_directory_outlives_a_restart_but_not_the_rule(host: InProcessHost) -> None:
    session = Session(host, ReferenceAdapter)
    try:
        storage = session.env.storage_dir
        assert storage is not None and Path(storage).is_dir()
        assert list(Path(storage).iterdir()) == []  # empty when the rule starts
        (Path(storage) / "kept").write_text("tokens")
        session.restart()
        assert session.env.storage_dir == storage
        assert (Path(storage) / "kept").read_text() == "tokens"
    finally:
        session.close()
    assert not Path(storage).exists()
