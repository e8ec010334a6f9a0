"""The strategies say what they draw: a genuine token's facts are what the mock knows of it, a
token the mock never issued does not verify, a request carries exactly the credentials its
placements list, and ids and parameters carry the right labels."""

from __future__ import annotations

import re

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract_tests.strategies import (
    GROOVE_SCOPE,
    Defect,
    WireRequest,
    credential_requests,
    find_credentials,
    fingerprint,
    forgeries,
    groove_ids,
    made_up_tokens,
    query_parameters,
    tokens,
)
from mock_server import MockState, TokenKind

pytestmark = pytest.mark.fuzz

B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
EPOCH = 1_500_000_000.0
CLIENT = httpx.Client(base_url="http://127.0.0.1:8080")


@pytest.fixture(scope="module")
def state() -> MockState:
    return MockState()


def fresh(state: MockState) -> MockState:
    state.reset()
    state.clock.freeze(EPOCH)
    return state


@given(data=st.data())
def test_genuine_token_facts_are_what_the_mock_knows(state: MockState, data: st.DataObject):
    fresh(state)
    case = data.draw(tokens(state, origins=("genuine",)))
    facts = case.facts
    assert facts is not None
    claims = state.tokens.decode(case.token)
    assert claims is not None
    assert claims.kind is TokenKind(facts.kind)
    defects = facts.defects
    now = state.clock.now()
    assert claims.expired(now) is (Defect.EXPIRED in defects)
    assert state.tokens.is_revoked(claims) is (Defect.REVOKED in defects)
    app = state.app(claims.client_id)
    assert (app is None) is (Defect.UNREGISTERED_APP in defects)
    if app is not None:
        assert app.enrolled is (Defect.UNENROLLED_APP not in defects)
    if facts.kind == "app":
        assert claims.user_id is None
        return
    user = state.user(claims.user_id)
    assert (user is None) is (Defect.UNKNOWN_USER in defects)
    assert facts.music_pass is (user is not None and user.has_music_pass)
    assert (GROOVE_SCOPE in claims.scopes) is (Defect.NO_GROOVE_SCOPE not in defects)
    if facts.kind == "user":
        assert state.has_consent(claims) is (Defect.CONSENT_REVOKED not in defects)
        assert state.issued_before_sign_out(claims) is (Defect.SIGNED_OUT in defects)


@given(data=st.data())
def test_a_valid_token_stays_valid_beside_revoked_consent_and_sign_out(
    state: MockState, data: st.DataObject
):
    fresh(state)
    victims = tokens(
        state,
        kinds=("user",),
        origins=("genuine",),
        defects=(Defect.CONSENT_REVOKED, Defect.SIGNED_OUT),
    )
    for _ in range(data.draw(st.integers(1, 3))):
        data.draw(victims)
    valid = data.draw(tokens(state, kinds=("user",), origins=("genuine",), max_defects=0))
    claims = state.tokens.decode(valid.token)
    assert claims is not None
    assert state.has_consent(claims) and not state.issued_before_sign_out(claims)


@given(data=st.data())
def test_tokens_the_mock_never_issued_do_not_verify(state: MockState, data: st.DataObject):
    fresh(state)
    case = data.draw(tokens(state, origins=("forged", "foreign", "made-up")))
    assert case.facts is None
    assert state.tokens.decode(case.token) is None
    assert fingerprint(case.token) in repr(case)
    assert len(case.token) < 16 or case.token not in repr(case)


@given(data=st.data())
def test_every_forgery_differs_and_fails(state: MockState, data: st.DataObject):
    fresh(state)
    genuine = data.draw(tokens(state, origins=("genuine",), max_defects=0))
    forged = data.draw(forgeries(genuine.token))
    assert forged != genuine.token
    assert state.tokens.decode(forged) is None


@given(token=made_up_tokens())
def test_made_up_tokens_are_well_formed_bearer_tokens(token: str):
    assert B64TOKEN.fullmatch(token)


def _expected_location(where: str) -> str:
    return {
        "header": "header",
        "joined": "header",
        "legacy-query": "query:accessToken",
        "query": "query:access_token",
        "form": "form:access_token",
    }[where]


@given(data=st.data())
def test_a_request_carries_exactly_its_placements(state: MockState, data: st.DataObject):
    fresh(state)
    request = data.draw(credential_requests(state, methods=("POST",), garbage=False))
    found = find_credentials(WireRequest.of(request.build(CLIENT, "/1/probe")))
    assert len(found) == len(request.placements)
    assert sorted(f.location.split("#")[0] for f in found) == sorted(
        _expected_location(p.where) for p in request.placements
    )
    placed = {p.token.token for p in request.placements if p.token and p.token.facts}
    assert set(request.known_tokens) == placed
    for placement in request.placements:
        if placement.token is not None and len(placement.token.token) >= 16:
            assert placement.token.token not in repr(placement)


@given(data=st.data())
def test_decoys_and_a_form_on_get_are_not_credentials(state: MockState, data: st.DataObject):
    fresh(state)
    request = data.draw(
        credential_requests(state, methods=("GET",), max_credentials=0, decoys=True)
    )
    assert find_credentials(WireRequest.of(request.build(CLIENT, "/1/probe"))) == ()
    form_on_get = data.draw(
        credential_requests(state, methods=("GET",), min_credentials=1, wheres=("form",))
    )
    assert find_credentials(WireRequest.of(form_on_get.build(CLIENT, "/1/probe"))) == ()


GUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
WELL_FORMED_ID = re.compile(
    rf"music\.({GUID}|[A-Z0-9]{{12}}|AQ[A-Za-z0-9_-]{{34}}"
    rf"|(?i:playlist|playlistforyou|radio)\.{GUID}|isrc\.[A-Z0-9]{{12}}|icpn\.[0-9]{{12,13}})"
)


@given(case=groove_ids())
def test_groove_ids_are_labelled_by_their_shape(case):  # type: ignore[no-untyped-def]
    assert bool(WELL_FORMED_ID.fullmatch(case.id)) is case.well_formed, case


def _valid(name: str, value: str) -> bool:
    key = name.lower()
    if key == "maxitems":
        return value == "" or (value.isdigit() and 1 <= int(value) <= 25)
    if key == "page":
        return value.lstrip("-").isdigit() and 0 <= int(value) <= 1000
    return len(value) == 2 and value.isascii() and value.isalpha()


@given(case=query_parameters(("maxItems", "page", "language", "country")))
def test_query_parameters_are_labelled_with_the_error_they_cause(case):  # type: ignore[no-untyped-def]
    names = [name.lower() for name, _ in case.pairs]
    repeated = len(names) != len(set(names))
    invalid = repeated or not all(_valid(name, value) for name, value in case.pairs)
    assert (case.problem is not None) is invalid
    assert case.problem in (None, "INVALID_INPUT_PARAMETER")
