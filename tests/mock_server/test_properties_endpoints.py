"""Server properties on real Groove endpoints: catalog lookup (catalog and collection source),
preview, profile, spotlight, collection browse and stream. The credential rules decide exactly
as on the probe routes (the reference model's prediction), before the endpoint's own logic;
then any id and any common parameter gets the documented answer, never a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import httpx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from contract_tests.strategies import (
    WireRequest,
    credential_requests,
    groove_ids,
    predict,
    query_parameters,
    tokens,
)
from mock_server import MockState, Settings, create_app
from mock_server._inprocess import InProcessTransport
from mock_server.groove.catalog._catalog import load_catalog


def _in_catalog(content_id: str) -> bool:
    catalog = load_catalog()
    for prefix, find in (("music.isrc.", catalog.by_isrc), ("music.icpn.", catalog.by_icpn)):
        if content_id.startswith(prefix):
            return find(content_id[len(prefix) :]) is not None
    return catalog.item(content_id) is not None


pytestmark = pytest.mark.fuzz

EPOCH = 1_500_000_000.0
GET_LUCKY = "music.A83EB907-0100-11DB-89CA-0019B92A3933"
INSTANCE = "0123456789abcdef0123456789abcdef"


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    access: str
    params: tuple[tuple[str, str], ...] = ()


ENDPOINTS = [
    Endpoint("lookup", f"/1/content/{GET_LUCKY}/lookup", "app-or-user"),
    Endpoint(
        "lookup-collection", f"/1/content/{GET_LUCKY}/lookup", "user", (("source", "collection"),)
    ),
    Endpoint(
        "preview",
        f"/1/content/{GET_LUCKY}/preview",
        "app-or-user",
        (("clientInstanceId", INSTANCE),),
    ),
    Endpoint("profile", "/1/user/music/profile", "app-or-user"),
    Endpoint("spotlight", "/1/content/music/spotlight", "app-or-user"),
    Endpoint("collection-browse", "/1/content/music/collection/tracks/browse", "user"),
    Endpoint(
        "stream",
        f"/1/content/{GET_LUCKY}/stream",
        "user-with-pass",
        (("clientInstanceId", INSTANCE),),
    ),
]


@dataclass
class Server:
    state: MockState
    client: httpx.Client

    def fresh(self) -> MockState:
        self.state.reset()
        self.state.clock.freeze(EPOCH)
        return self.state


@pytest.fixture(
    scope="module",
    params=[Settings(strictness="lenient"), Settings(strictness="strict")],
    ids=lambda s: s.strictness,
)
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    state = MockState(request.param)
    transport = InProcessTransport(create_app(state=state))
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:8080") as client:
        yield Server(state, client)


@given(data=st.data())
def test_every_endpoint_decides_credentials_as_the_model(server: Server, data: st.DataObject):
    state = server.fresh()
    endpoint = data.draw(st.sampled_from(ENDPOINTS), label="endpoint")
    request = data.draw(
        credential_requests(state, methods=("GET",), params=st.just(list(endpoint.params))),
        label="request",
    )
    wire = request.build(server.client, endpoint.path)
    verdict = predict(
        WireRequest.of(wire),
        endpoint.access,  # type: ignore[arg-type]
        request.known_tokens,
        strict=state.settings.strict,
        multiple_credentials=state.settings.multiple_credentials,
    )
    response = server.client.send(wire)
    body = response.json()
    why = f"{endpoint.name}, rule {verdict.rule}: {body}"
    assert response.status_code < 500, why
    code = body.get("Error", {}).get("ErrorCode") if response.status_code != 200 else None
    assert (response.status_code, code) == (verdict.status, verdict.error_code), why
    (entry,) = state.journal.query(path=endpoint.path + "$")
    assert verdict.violations <= set(entry.violations), why
    assert len(entry.credentials) == len(verdict.credentials), why


def _valid_header(state: MockState, data: st.DataObject, access: str) -> dict[str, str]:
    kinds = ("app", "user") if access == "app-or-user" else ("user",)
    valid = tokens(state, kinds=kinds, origins=("genuine",), max_defects=0)  # type: ignore[arg-type]
    case = data.draw(valid.filter(lambda c: c.facts is not None and c.facts.music_pass))
    return {"Authorization": f"Bearer {case.token}"}


BROWSES = ["/1/content/music/collection/tracks/browse", "/1/content/music/catalog/albums/browse"]


@given(data=st.data())
def test_common_parameters_get_the_documented_answer(server: Server, data: st.DataObject):
    state = server.fresh()
    path = data.draw(st.sampled_from(BROWSES), label="path")
    case = data.draw(query_parameters(("maxItems", "page", "language", "country")), label="params")
    headers = _valid_header(state, data, "user")
    response = server.client.get(path, params=list(case.pairs), headers=headers)
    assert response.status_code < 500
    if case.problem is None:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 400, response.text
        assert response.json()["Error"]["ErrorCode"] == case.problem


@given(data=st.data())
def test_any_id_on_lookup_gets_the_documented_answer(server: Server, data: st.DataObject):
    state = server.fresh()
    case = data.draw(groove_ids(), label="id")
    # A drawn id may name a real item (the catalog carries real ISRCs and ICPNs): that one is
    # found, rightly, and says nothing about unknown ids.
    assume(not _in_catalog(case.id))
    headers = _valid_header(state, data, "app-or-user")
    response = server.client.get(f"/1/content/{quote(case.id, safe='')}/lookup", headers=headers)
    error = response.json().get("Error", {})
    if case.well_formed:
        assert (response.status_code, error.get("ErrorCode")) == (404, "CATALOG_NO_RESULT")
    else:
        assert response.status_code in (400, 404), response.text
        assert error.get("ErrorCode") == "INVALID_INPUT_PARAMETER"
