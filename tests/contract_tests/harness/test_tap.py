"""The wire tap: what it keeps of a request (never a secret in clear), the faults it answers
with, and the per-step budget that stops a looping client."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from contract_tests.harness._hosting import InProcessHost
from contract_tests.harness._registration import new_state
from contract_tests.harness._tap import Fault, WireRecord
from mock_server import create_app
from mock_server._tokens import fingerprint

SECRET = "EwA-very-secret-token+/="
SPOTLIGHT = "/1/content/music/spotlight"


@pytest.fixture
def host() -> Iterator[InProcessHost]:
    host = InProcessHost()
    host.tap.swap(create_app(state=new_state(host, None)))
    try:
        yield host
    finally:
        host.close()


@pytest.fixture
def http(host: InProcessHost) -> Iterator[httpx.Client]:
    with httpx.Client(transport=host.transport, base_url=host.base_url) as client:
        yield client


def _kept(record: WireRecord) -> str:
    return json.dumps(record.to_json()) + record.summary()


@pytest.mark.parametrize(
    ("authorization", "credential"),
    [
        (f"Bearer {SECRET}", SECRET),
        (SECRET, SECRET),
        (f"bearer {SECRET}, {SECRET}", SECRET),
        (f"{SECRET} trailing", f"{SECRET} trailing"),
    ],
)
def test_an_authorization_value_is_kept_as_a_fingerprint_only(
    host: InProcessHost, http: httpx.Client, authorization: str, credential: str
) -> None:
    http.get(SPOTLIGHT, headers={"Authorization": authorization})
    (record,) = host.tap.since(0)
    assert SECRET.lower() not in _kept(record).lower()
    assert f"fp:{fingerprint(credential)}" in record.credentials


def test_a_bare_token_shows_no_scheme(host: InProcessHost, http: httpx.Client) -> None:
    http.get(SPOTLIGHT, headers={"Authorization": SECRET})
    (record,) = host.tap.since(0)
    assert record.authorization == [f"(no scheme) fp:{fingerprint(SECRET)}"]


def test_secret_fields_in_query_and_form_are_fingerprints(
    host: InProcessHost, http: httpx.Client
) -> None:
    http.get(SPOTLIGHT, params={"accessToken": f"Bearer {SECRET}", "country": "US"})
    form = {"client_secret": SECRET, "code": SECRET, "grant_type": "authorization_code"}
    http.post("/oauth20_token.srf", data=form)
    query_record, form_record = host.tap.since(0)
    assert SECRET not in _kept(query_record) + _kept(form_record)
    assert query_record.query["country"] == ["US"]
    assert form_record.form["client_secret"] == [f"fp:{fingerprint(SECRET)}"]
    assert form_record.form["grant_type"] == ["authorization_code"]


def test_an_injected_fault_answers_in_the_mocks_own_shape(
    host: InProcessHost, http: httpx.Client
) -> None:
    host.tap.inject(Fault(401, "ACCESS_TOKEN_EXPIRED", retry_after="3"))
    injected = http.get(SPOTLIGHT)
    passed = http.get(SPOTLIGHT)
    assert injected.status_code == 401
    assert injected.json()["Error"]["ErrorCode"] == "ACCESS_TOKEN_EXPIRED"
    assert injected.json()["Error"]["Description"]
    assert injected.headers["Retry-After"] == "3"
    assert injected.headers["WWW-Authenticate"].startswith("Bearer")
    assert passed.json()["Error"]["ErrorCode"] == "ACCESS_TOKEN_MISSING"  # the mock's answer
    first, second = host.tap.since(0)
    assert (first.injected, first.status, first.error_code) == (
        "ACCESS_TOKEN_EXPIRED",
        401,
        "ACCESS_TOKEN_EXPIRED",
    )
    assert second.injected is None


def test_a_fault_only_fires_on_its_paths(host: InProcessHost, http: httpx.Client) -> None:
    host.tap.inject(Fault(503, "SERVICE_UNAVAILABLE"))
    assert http.post("/accesstoken.srf").status_code == 400  # the mock's own refusal
    assert http.get(SPOTLIGHT).status_code == 503


def test_an_oauth_fault_answers_a_token_endpoint_in_rfc_6749_shape(
    host: InProcessHost, http: httpx.Client
) -> None:
    host.tap.inject(Fault(400, "invalid_grant", path_prefix="/oauth20_token.srf"))
    assert http.get(SPOTLIGHT).json()["Error"]["ErrorCode"] == "ACCESS_TOKEN_MISSING"
    refused = http.post("/oauth20_token.srf", data={"grant_type": "refresh_token"})
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_grant"
    assert set(refused.json()) == {"error", "error_description"}
    assert refused.headers["Cache-Control"] == "no-store"
    assert host.tap.since(0)[-1].injected == "invalid_grant"


def test_an_unknown_fault_code_is_refused_when_queued() -> None:
    with pytest.raises(ValueError, match="NOT_A_CODE"):
        Fault(500, "NOT_A_CODE")


def test_a_step_beyond_its_budget_gets_500s(host: InProcessHost, http: httpx.Client) -> None:
    host.tap.begin_step(1)
    statuses = [http.get(SPOTLIGHT).status_code for _ in range(host.tap.budget + 2)]
    assert statuses[: host.tap.budget] == [401] * host.tap.budget
    assert statuses[host.tap.budget :] == [500, 500]
    assert host.tap.since(0)[-1].injected == "budget"
    host.tap.begin_step(2)  # a new step has a new budget
    assert http.get(SPOTLIGHT).status_code == 401
