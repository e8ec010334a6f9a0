"""Server properties of the credential rules (docs/contract/credentials.md CR1-CR15), on probe
routes that call authenticate() for each access rule, so that nothing but the rules decides.

For any generated request the mock's answer equals the reference model's prediction: status,
ErrorCode, Groove error envelope, WWW-Authenticate challenge and journal entry; in both strictness
modes and with both answers to two credentials. Marked `fuzz`: `make test` runs them with the
profile's bounded number of examples, `make fuzz` runs them long.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from contract_tests.strategies import (
    CredentialRequest,
    Defect,
    Verdict,
    WireRequest,
    credential_requests,
    find_credentials,
    genuine_tokens,
    placements,
    predict,
    tokens,
)
from mock_server import MockState, Settings, create_app
from mock_server._inprocess import InProcessTransport
from mock_server._responses import JSONResponse
from mock_server.groove._access import Need, authenticate

pytestmark = pytest.mark.fuzz

# 2017-07-14, the Groove era; a whole number so that token times are exact floats.
EPOCH = 1_500_000_000.0
ACCESSES = st.sampled_from([need.value for need in Need])
REALM = 'Bearer realm="music.xboxlive.com"'
EVERY_SETTING = [
    Settings(strictness=strictness, multiple_credentials=multiple)
    for strictness in ("lenient", "strict")
    for multiple in ("incompatible", "invalid-header")
]
BY_STRICTNESS = [Settings(strictness="lenient"), Settings(strictness="strict")]
BY_MULTIPLE = [
    Settings(multiple_credentials="incompatible"),
    Settings(multiple_credentials="invalid-header"),
]


def _name(settings: Settings) -> str:
    return f"{settings.strictness}-{settings.multiple_credentials}"


def _probe(need: Need):  # type: ignore[no-untyped-def]
    async def endpoint(request: Request) -> Response:
        caller = await authenticate(request, need)
        return JSONResponse({"kind": caller.claims.kind.value})

    return endpoint


@dataclass
class Probe:
    """A mock with one probe route per access rule, reused across examples (reset each time)."""

    state: MockState
    client: httpx.Client

    def fresh(self) -> MockState:
        self.state.reset()
        self.state.clock.freeze(EPOCH)
        return self.state

    def answer(self, request: CredentialRequest, access: str) -> tuple[httpx.Response, Verdict]:
        wire = request.build(self.client, f"/1/probe/{access}")
        verdict = predict(
            WireRequest.of(wire),
            access,  # type: ignore[arg-type]
            request.known_tokens,
            strict=self.state.settings.strict,
            multiple_credentials=self.state.settings.multiple_credentials,
        )
        return self.client.send(wire), verdict


_PROBES: dict[Settings, Probe] = {}


@pytest.fixture(scope="module", autouse=True)
def _close_probes() -> Iterator[None]:
    yield
    for probe in _PROBES.values():
        probe.client.close()
    _PROBES.clear()


def _probe_for(settings: Settings) -> Probe:
    if settings not in _PROBES:
        state = MockState(settings)
        app = create_app(state=state)
        for need in Need:
            route = Route(f"/1/probe/{need.value}", _probe(need), methods=["GET", "POST"])
            app.router.routes.append(route)
        client = httpx.Client(transport=InProcessTransport(app), base_url="http://127.0.0.1:8080")
        _PROBES[settings] = Probe(state, client)
    return _PROBES[settings]


@pytest.fixture(scope="module", params=EVERY_SETTING, ids=_name)
def probe(request: pytest.FixtureRequest) -> Probe:
    return _probe_for(request.param)


@pytest.fixture(scope="module", params=BY_STRICTNESS, ids=_name)
def probe_by_strictness(request: pytest.FixtureRequest) -> Probe:
    return _probe_for(request.param)


@pytest.fixture(scope="module", params=BY_MULTIPLE, ids=_name)
def probe_by_multiple(request: pytest.FixtureRequest) -> Probe:
    return _probe_for(request.param)


def check_answer(response: httpx.Response, verdict: Verdict) -> None:
    why = f"rule {verdict.rule}: expected {verdict.status} {verdict.error_code}"
    assert response.status_code < 500, why
    assert response.headers["content-type"].startswith("application/json"), why
    body = response.json()
    got = (response.status_code, body.get("Error", {}).get("ErrorCode"))
    assert got == (verdict.status, verdict.error_code), f"{why}, got {body}"
    if verdict.accepted:
        return
    assert set(body) == {"Error"}, why
    error = body["Error"]
    assert set(error) <= {"ErrorCode", "Description", "Message"}, why
    assert isinstance(error["Description"], str) and error["Description"], why
    challenge = response.headers.get("www-authenticate")
    if verdict.challenge == "absent":
        assert challenge is None, why
    elif verdict.challenge == "bare":
        assert challenge == REALM, why
    else:
        assert challenge is not None and challenge.startswith(REALM), why
        assert f'error="{verdict.challenge}"' in challenge, why


def check_journal(state: MockState, verdict: Verdict, status: int) -> None:
    (entry,) = state.journal.query(path="/1/probe/")
    why = f"rule {verdict.rule}"
    assert entry.status == status, why
    assert entry.error_code == verdict.error_code, why
    expected = [found.location for found in verdict.credentials]
    assert [seen.location for seen in entry.credentials] == expected, why
    assert set(entry.violations) == verdict.violations, why


@given(data=st.data())
def test_every_answer_is_the_models(probe: Probe, data: st.DataObject):
    state = probe.fresh()
    access = data.draw(ACCESSES, label="access")
    request = data.draw(credential_requests(state), label="request")
    response, verdict = probe.answer(request, access)
    check_answer(response, verdict)
    check_journal(state, verdict, response.status_code)


@given(data=st.data())
def test_two_or_more_credentials_are_never_accepted(probe_by_multiple: Probe, data: st.DataObject):
    probe = probe_by_multiple
    state = probe.fresh()
    access = data.draw(ACCESSES, label="access")
    valid = tokens(state, origins=("genuine",), max_defects=0)
    two_or_more = credential_requests(
        state, methods=("POST",), min_credentials=2, token_cases=valid, garbage=False
    )
    request = data.draw(two_or_more, label="request")
    response = probe.answer(request, access)[0]
    found = find_credentials(WireRequest.of(request.build(probe.client, "/")))
    if state.settings.multiple_credentials == "incompatible":
        expected = (400, "INCOMPATIBLE_INPUT_PARAMETERS")
    else:
        expected = (401, "INVALID_AUTHORIZATION_HEADER")
    error = response.json()["Error"]
    assert (response.status_code, error["ErrorCode"]) == expected
    assert len(found) >= 2
    assert f"found {len(found)}" in error["Message"]


REFUSED_TOKEN_CODES = {
    "ACCESS_TOKEN_INVALID",
    "ACCESS_TOKEN_EXPIRED",
    "INVALID_AUTHORIZATION_HEADER",
    "AUTHORIZATION_TOKEN_EXPIRED",
}


def _has_defects(case: object) -> bool:
    facts = getattr(case, "facts", None)
    return bool(facts is not None and facts.defects)


@given(data=st.data())
def test_forged_expired_and_revoked_tokens_are_never_accepted(
    probe_by_strictness: Probe, data: st.DataObject
):
    probe = probe_by_strictness
    state = probe.fresh()
    access = data.draw(ACCESSES, label="access")
    lapsed = (Defect.EXPIRED, Defect.REVOKED)
    bad = st.one_of(
        tokens(state, origins=("forged", "foreign", "made-up")),
        genuine_tokens(state, kind="app", defects=lapsed).filter(_has_defects),
        genuine_tokens(state, kind="user", defects=lapsed).filter(_has_defects),
    )
    placement = data.draw(placements(bad, wheres=("header",), garbage=False), label="credential")
    request = CredentialRequest("GET", ((b"Authorization", placement.wire),), "", b"", (placement,))
    response = probe.answer(request, access)[0]
    assert response.status_code == 401
    assert response.json()["Error"]["ErrorCode"] in REFUSED_TOKEN_CODES


@given(data=st.data())
def test_one_valid_token_of_the_right_kind_in_the_header_is_accepted(
    probe_by_strictness: Probe, data: st.DataObject
):
    probe = probe_by_strictness
    state = probe.fresh()
    access = data.draw(ACCESSES, label="access")
    kinds: tuple[str, ...] = ("app", "user") if access == "app-or-user" else ("user",)
    valid = tokens(state, kinds=kinds, origins=("genuine",), max_defects=0)  # type: ignore[arg-type]
    case = data.draw(valid, label="token")
    assert case.facts is not None
    placement = data.draw(placements(st.just(case), wheres=("header",), garbage=False))
    request = CredentialRequest("GET", ((b"Authorization", placement.wire),), "", b"", (placement,))
    response = probe.answer(request, access)[0]
    if access == "user-with-pass" and not case.facts.music_pass:
        assert response.status_code == 403
        assert response.json()["Error"]["ErrorCode"] == "NO_MUSIC_PASS_SUBSCRIPTION"
    else:
        assert response.status_code == 200, response.text
        assert response.json() == {"kind": case.facts.kind}
