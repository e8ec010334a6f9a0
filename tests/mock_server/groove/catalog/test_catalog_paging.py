"""Continuation tokens of the catalog lists (reference §7): opaque, bound to the URL and the
caller, tamper-proof, expiring by the mock clock; a continuation call drops the other optional
parameters."""

from __future__ import annotations

import httpx
import pytest
from catalog_support import (
    BEN,
    DAFT_PUNK,
    RAM,
    WEB_APP,
    app_headers,
    error_of,
    user_headers,
)

from mock_server import MockState, Settings, TokenKind, create_app
from mock_server._inprocess import InProcessTransport
from mock_server._scenario import APP_SCOPE

BROWSE_ALBUMS = "/1/content/music/catalog/albums/browse"
BROWSE_TRACKS = "/1/content/music/catalog/tracks/browse"
SEARCH = "/1/content/music/search"
INVALID_TOKEN = (400, "CONTINUATION_TOKEN_INVALID_ERROR")


def first_token(client: httpx.Client, url: str, headers: dict[str, str], member: str) -> str:
    body = client.get(url, params={"maxItems": "5"}, headers=headers).json()
    return str(body[member]["ContinuationToken"])


def continue_with(
    client: httpx.Client, url: str, token: str, headers: dict[str, str]
) -> httpx.Response:
    return client.get(url, params={"continuationToken": token}, headers=headers)


def test_a_token_continues_where_the_page_ended(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    ten = client.get(BROWSE_ALBUMS, params={"maxItems": "10"}, headers=headers).json()
    token = first_token(client, BROWSE_ALBUMS, headers, "Albums")
    more = continue_with(client, BROWSE_ALBUMS, token, headers).json()["Albums"]
    assert [a["Id"] for a in more["Items"]] == [a["Id"] for a in ten["Albums"]["Items"][5:]]


@pytest.mark.parametrize("position", [0, 10, -3])
def test_a_tampered_token_is_refused(client: httpx.Client, state: MockState, position: int):
    headers = app_headers(state)
    token = first_token(client, BROWSE_ALBUMS, headers, "Albums")
    flipped = "A" if token[position] != "A" else "B"
    tampered = token[:position] + flipped + token[position + 1 :]
    assert tampered != token
    response = continue_with(client, BROWSE_ALBUMS, tampered, headers)
    assert error_of(response) == INVALID_TOKEN


@pytest.mark.parametrize("token", ["garbage", "!!!", "A" * 400, "eyJ9"])
def test_garbage_tokens_are_refused(client: httpx.Client, state: MockState, token: str):
    response = continue_with(client, BROWSE_ALBUMS, token, app_headers(state))
    assert error_of(response) == INVALID_TOKEN


def test_a_token_works_only_on_the_url_that_issued_it(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    token = first_token(client, BROWSE_ALBUMS, headers, "Albums")
    for url in (BROWSE_TRACKS, SEARCH, f"/1/content/{RAM}/lookup"):
        assert error_of(continue_with(client, url, token, headers)) == INVALID_TOKEN
    # Path keywords are case-insensitive, so the same URL in other case still works.
    upper = continue_with(client, BROWSE_ALBUMS.upper().replace("MUSIC", "music"), token, headers)
    assert upper.status_code == 200


def test_a_lookup_token_is_bound_to_its_ids(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    body = client.get(
        f"/1/content/{DAFT_PUNK}/lookup", params={"extras": "topTracks"}, headers=headers
    ).json()
    token = body["Artists"]["Items"][0]["TopTracks"]["ContinuationToken"]
    other = f"/1/content/{DAFT_PUNK}+{RAM}/lookup"
    assert error_of(continue_with(client, other, token, headers)) == INVALID_TOKEN


def test_a_token_works_only_for_its_caller(client: httpx.Client, state: MockState):
    token = first_token(client, BROWSE_ALBUMS, app_headers(state), "Albums")
    other_app = app_headers(state, "000000004C1B7E2B")
    assert error_of(continue_with(client, BROWSE_ALBUMS, token, other_app)) == INVALID_TOKEN
    user = user_headers(state)
    assert error_of(continue_with(client, BROWSE_ALBUMS, token, user)) == INVALID_TOKEN
    user_token = first_token(client, BROWSE_ALBUMS, user, "Albums")
    ben = user_headers(state, BEN)
    assert error_of(continue_with(client, BROWSE_ALBUMS, user_token, ben)) == INVALID_TOKEN
    # The same user with a fresh token keeps paging.
    again = continue_with(client, BROWSE_ALBUMS, user_token, user_headers(state))
    assert again.status_code == 200


def test_a_token_of_another_server_is_refused(client: httpx.Client, state: MockState):
    other = MockState()
    with httpx.Client(
        transport=InProcessTransport(create_app(state=other)), base_url="http://127.0.0.1:8080"
    ) as elsewhere:
        token = first_token(elsewhere, BROWSE_ALBUMS, app_headers(other), "Albums")
    assert error_of(continue_with(client, BROWSE_ALBUMS, token, app_headers(state))) == (
        INVALID_TOKEN
    )


def test_tokens_expire_by_the_mock_clock(client: httpx.Client, state: MockState):
    # A whole-second frozen clock, so that the last valid second and the expiry are exact.
    state.clock.freeze(float(int(state.clock.now())))
    app_token = state.tokens.mint(TokenKind.APP, WEB_APP, lifetime=10 * 86400, scopes={APP_SCOPE})
    headers = {"Authorization": f"Bearer {app_token[0]}"}
    token = first_token(client, BROWSE_ALBUMS, headers, "Albums")
    state.clock.advance(86400 - 1)
    assert continue_with(client, BROWSE_ALBUMS, token, headers).status_code == 200
    state.clock.advance(1)  # 24 h after issue: expired
    assert error_of(continue_with(client, BROWSE_ALBUMS, token, headers)) == INVALID_TOKEN


def test_a_search_continuation_needs_no_query(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    body = client.get(SEARCH, params={"q": "love", "maxItems": "3"}, headers=headers).json()
    token = body["Tracks"]["ContinuationToken"]
    more = continue_with(client, SEARCH, token, headers)
    assert more.status_code == 200
    assert len(more.json()["Tracks"]["Items"]) == 3


def test_lenient_mode_lets_the_token_win_and_journals_the_extra_parameters(
    client: httpx.Client, state: MockState
):
    headers = app_headers(state)
    token = first_token(client, BROWSE_ALBUMS, headers, "Albums")
    response = client.get(
        BROWSE_ALBUMS,
        params={"continuationToken": token, "maxItems": "20", "orderBy": "MostPopular"},
        headers=headers,
    )
    assert response.status_code == 200
    assert len(response.json()["Albums"]["Items"]) == 5  # the token's page size, not 20
    entry = state.journal.query(path=BROWSE_ALBUMS + "$")[-1]
    assert "continuation-with-other-parameters" in entry.violations


def test_strict_mode_refuses_extra_parameters_on_a_continuation():
    state = MockState(Settings(strictness="strict"))
    transport = InProcessTransport(create_app(state=state))
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:8080") as client:
        headers = app_headers(state)
        token = first_token(client, BROWSE_ALBUMS, headers, "Albums")
        response = client.get(
            BROWSE_ALBUMS, params={"continuationToken": token, "page": "2"}, headers=headers
        )
        assert error_of(response) == (400, "INCOMPATIBLE_INPUT_PARAMETERS")
        assert "page" in response.json()["Error"]["Message"]
        assert continue_with(client, BROWSE_ALBUMS, token, headers).status_code == 200


def test_a_token_of_another_list_type_on_the_same_path_is_refused(
    client: httpx.Client, state: MockState
):
    # Search issues one token per type; each continues its own type only.
    headers = app_headers(state)
    body = client.get(SEARCH, params={"q": "love", "maxItems": "2"}, headers=headers).json()
    tracks = continue_with(client, SEARCH, body["Tracks"]["ContinuationToken"], headers).json()
    albums = continue_with(client, SEARCH, body["Albums"]["ContinuationToken"], headers).json()
    assert set(tracks) == {"Tracks", "Culture"}
    assert set(albums) == {"Albums", "Culture"}
