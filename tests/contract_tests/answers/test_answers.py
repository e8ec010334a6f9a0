"""The inventory of documented answers: every error the contract documents has a scenario
that provokes it, and the scenarios really provoke it (seen on the wire or in the callback)
and judge the client: correct clients handle every answer, bugged ones are caught."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from contract_tests._adapter import ClientFactory
from contract_tests.answers._inventory import ANSWERS, ANSWERS_BY_KEY, Handling
from contract_tests.answers._provoke import SCENARIOS, Result, provoke
from contract_tests.broken import trial
from contract_tests.harness._hosting import InProcessHost
from contract_tests.reference_client import make_adapter
from contract_tests.variants import legal
from mock_server.auth._errors import OAUTH_ERRORS
from mock_server.groove._errors import GROOVE_ERRORS

ROOT = Path(__file__).resolve().parents[3]
CORRECT: dict[str, ClientFactory] = {
    "reference": make_adapter,
    "docs web app": legal.web_app,
    "docs public app": legal.public_app,
    "docs web app keeping its tokens": legal.persists_tokens,
}
TOKEN_ENDPOINT_ERRORS = (  # RFC 6749 §5.2, plus the two 5xx of microsoft-identity §2.3
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
)


def _documented_groove_codes() -> set[str]:
    """Every Groove ErrorCode the mock serves, and every one docs/contract names."""
    text = " ".join(p.read_text() for p in (ROOT / "docs" / "contract").glob("*.md"))
    named = set(re.findall(r"\b[A-Z]+(?:_[A-Z0-9]+)+\b", text)) & set(GROOVE_ERRORS)
    return set(GROOVE_ERRORS) | named


def _keys(where: str) -> set[str]:
    return {a.code for a in ANSWERS if a.where == where}


def test_every_documented_groove_error_has_a_scenario() -> None:
    assert _documented_groove_codes() <= _keys("api")


def test_every_oauth_error_of_the_token_endpoints_has_a_scenario() -> None:
    assert set(TOKEN_ENDPOINT_ERRORS) <= _keys("token")
    assert set(TOKEN_ENDPOINT_ERRORS) <= _keys("accesstoken")


def test_every_oauth_error_of_the_authorize_callback_has_a_scenario() -> None:
    callback = {code for code in OAUTH_ERRORS if code not in ("invalid_client", "invalid_grant")}
    callback -= {"unsupported_grant_type"}  # token endpoint only (RFC 6749 §5.2)
    assert callback <= _keys("callback")


def test_retry_after_in_both_forms_and_the_life_events_are_there() -> None:
    for code in ("TOO_MANY_REQUESTS", "SERVICE_UNAVAILABLE"):
        for form in ("seconds", "http-date", "absent"):
            assert f"api:{code}:{form}" in ANSWERS_BY_KEY
    assert _keys("life") == {
        "second_user",
        "sign_out_and_in",
        "restart",
        "restart_with_persisted_tokens",
    }
    assert {"api:COLLECTION_CONCURRENT_UPDATE", "api:DELIVERY_CONCURRENT_STREAMING"} <= set(
        ANSWERS_BY_KEY
    )


def test_the_inventory_names_only_real_codes_and_scenarios() -> None:
    for answer in ANSWERS:
        assert answer.scenario in SCENARIOS, answer.key
        if answer.where in ("api",):
            assert answer.code in GROOVE_ERRORS, answer.key
            assert answer.status == GROOVE_ERRORS[answer.code].status_code, answer.key
        elif answer.where != "life":
            assert answer.code in OAUTH_ERRORS, answer.key
    assert len(ANSWERS_BY_KEY) == len(ANSWERS)


def _run(pairs: list[tuple[str, ClientFactory, str]]) -> dict[tuple[str, str], Result]:
    def one(pair: tuple[str, ClientFactory, str]) -> tuple[tuple[str, str], Result]:
        name, factory, key = pair
        host = InProcessHost()
        try:
            return (name, key), provoke(ANSWERS_BY_KEY[key], factory, host)
        finally:
            host.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        return dict(pool.map(one, pairs))


@pytest.fixture(scope="session")
def correct_results() -> dict[tuple[str, str], Result]:
    return _run([(n, f, a.key) for n, f in CORRECT.items() for a in ANSWERS])


@pytest.mark.parametrize("key", sorted(ANSWERS_BY_KEY))
def test_every_answer_is_provoked_and_handled_by_correct_clients(
    key: str, correct_results: dict[tuple[str, str], Result]
) -> None:
    results = {name: correct_results[(name, key)] for name in CORRECT}
    wrong = {n: f"{r.status}: {r.detail}" for n, r in results.items() if r.status != "handled"}
    applicable = {n: w for n, w in wrong.items() if not w.startswith("not applicable")}
    assert applicable == {}
    assert any(r.status == "handled" for r in results.values())  # provoked at least once


BUGGED = [
    ("RetriesAtOnce", "api:TOO_MANY_REQUESTS:seconds", "a retry after"),
    ("IgnoresHttpDate", "api:SERVICE_UNAVAILABLE:http-date", "a retry after"),
    ("ReportsExpiry", "api:AUTHORIZATION_TOKEN_EXPIRED:natural", "no retry"),
    ("RetriesNotFound", "api:CATALOG_NO_RESULT:natural", "requests to"),
    ("RetriesNotFound", "api:COLLECTION_CONCURRENT_UPDATE", "requests to"),
    ("NewInstanceIdAfterRestart", "life:restart_with_persisted_tokens", "clientInstanceId"),
]


@pytest.mark.parametrize(("client", "key", "why"), BUGGED)
def test_a_client_that_mishandles_the_answer_is_caught(client: str, key: str, why: str) -> None:
    host = InProcessHost()
    try:
        result = provoke(ANSWERS_BY_KEY[key], getattr(trial, client), host)
    finally:
        host.close()
    assert result.status == "mishandled"
    assert why in result.detail


def test_the_handlings_say_what_the_contract_asks() -> None:
    by_code = {a.key: a.handling for a in ANSWERS}
    assert by_code["api:ACCESS_TOKEN_EXPIRED"] is Handling.RENEW_AND_RETRY
    assert by_code["api:CATALOG_NO_RESULT"] is Handling.REPORT
    assert by_code["api:COLLECTION_CONCURRENT_UPDATE"] is Handling.REREAD_AND_RETRY
    assert by_code["callback:access_denied:page"] is Handling.REFUSE_CALLBACK
