"""Bad input never gives a 500 or a traceback: every catalog endpoint answers arbitrary ids,
queries, parameter values and tokens with 200 or a documented Groove error."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from catalog_support import app_headers, user_headers
from hypothesis import given
from hypothesis import strategies as st

from mock_server import MockState, create_app
from mock_server._inprocess import InProcessTransport
from mock_server.groove._errors import GROOVE_ERRORS


@pytest.fixture(scope="module")
def mock() -> Iterator[tuple[httpx.Client, dict[str, str], dict[str, str]]]:
    state = MockState()
    transport = InProcessTransport(create_app(state=state))
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:8080") as client:
        yield client, app_headers(state), user_headers(state)


def assert_answered(response: httpx.Response) -> None:
    assert response.status_code < 500, response.text
    body = response.json()
    if response.status_code != 200:
        error = body["Error"]
        assert error["ErrorCode"] in GROOVE_ERRORS
        assert GROOVE_ERRORS[error["ErrorCode"]].status_code == response.status_code


WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
PARAM_NAMES = st.sampled_from(
    ["q", "maxItems", "page", "orderBy", "genre", "mood", "activity", "filters", "source",
     "extras", "continuationToken", "language", "country"]
)  # fmt: skip


@given(ids=WORDS)
def test_lookup_of_any_id_text(mock, ids: str):
    client, app, _ = mock
    # A slash (even encoded) splits the path into another route: not this endpoint's input;
    # so do the dot segments, which clients normalize away.
    ids = ids.replace("/", "")
    if ids in ("", ".", ".."):
        return
    assert_answered(client.get(f"/1/content/{quote(ids, safe='+')}/lookup", headers=app))


@given(params=st.dictionaries(PARAM_NAMES, WORDS, max_size=4), user=st.booleans())
def test_search_with_any_parameters(mock, params: dict[str, str], user: bool):
    client, app, person = mock
    response = client.get("/1/content/music/search", params=params, headers=person if user else app)
    assert_answered(response)


@given(
    kind=st.sampled_from(["albums", "artists", "tracks", "playlists", "x"]),
    params=st.dictionaries(PARAM_NAMES, WORDS, max_size=4),
)
def test_browse_with_any_parameters(mock, kind: str, params: dict[str, str]):
    client, app, _ = mock
    response = client.get(f"/1/content/music/catalog/{kind}/browse", params=params, headers=app)
    assert_answered(response)


@given(
    segments=st.lists(st.sampled_from(["catalog", "collection", "album", "artist", "playlist",
                                       "tracks", "albums", "toptracks", "x"]),
                      min_size=3, max_size=3),
    params=st.dictionaries(PARAM_NAMES, WORDS, max_size=3),
)  # fmt: skip
def test_sub_browse_with_any_path_and_parameters(mock, segments, params):
    client, app, person = mock
    path = "/1/content/music.3E362806-0100-11DB-89CA-0019B92A3933/" + "/".join(segments)
    assert_answered(client.get(path + "/browse", params=params, headers=person))
    assert_answered(client.get(path + "/browse", params=params, headers=app))


@given(genre=WORDS, token=WORDS)
def test_new_releases_with_any_genre_or_token(mock, genre: str, token: str):
    client, app, _ = mock
    assert_answered(
        client.get("/1/content/music/newreleases", params={"genre": genre}, headers=app)
    )
    response = client.get(
        "/1/content/music/newreleases", params={"continuationToken": token}, headers=app
    )
    assert_answered(response)


def test_raw_bytes_in_the_query_are_refused_cleanly(mock):
    client, app, _ = mock
    response = client.get("/1/content/music/search?q=%ff%fe", headers=app)
    assert_answered(response)
