"""GET /1/content/{ns}/search over HTTP (reference §6 row 2, §7 continuation)."""

from __future__ import annotations

import httpx
import pytest
from catalog_support import (
    ADA,
    DAFT_PUNK,
    GET_LUCKY,
    RAM,
    app_headers,
    assert_content,
    assert_paginated,
    error_of,
    follow,
    message_of,
    user_headers,
)

from mock_server import MockState
from mock_server.groove.catalog._catalog import ContentKind, catalog_of
from mock_server.groove.catalog._search import SearchIndex
from mock_server.groove.library._collection import CollectionStore

SEARCH = "/1/content/music/search"


def search(client: httpx.Client, headers: dict[str, str], **params: str) -> httpx.Response:
    return client.get(SEARCH, params=params, headers=headers)


def test_search_finds_every_type(client: httpx.Client, state: MockState):
    response = search(client, app_headers(state), q="daft punk")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"Artists", "Albums", "Tracks", "Culture"}
    for member in ("Artists", "Albums", "Tracks"):
        assert_paginated(body[member])
        for item in body[member]["Items"]:
            assert_content(item)
            assert item["Source"] == "Catalog"
    assert body["Artists"]["Items"][0]["Id"] == DAFT_PUNK
    assert {a["Id"] for a in body["Albums"]["Items"]} >= {RAM}
    assert body["Tracks"]["Items"][0]["Id"] == GET_LUCKY
    assert body["Tracks"]["TotalItemCount"] == 27
    assert "ContinuationToken" in body["Tracks"]


def test_exact_names_rank_first_and_case_and_accents_do_not_matter(
    client: httpx.Client, state: MockState
):
    body = search(client, app_headers(state), q="GET LUCKY").json()
    assert body["Tracks"]["Items"][0]["Name"] == "Get Lucky"
    body = search(client, app_headers(state), q="cafe", filters="artists").json()
    assert any(a["Name"] == "The Café Forests" for a in body["Artists"]["Items"])


def test_ranking_is_by_tier_then_popularity_name_and_id():
    # (item, id, name, popularity, artists' names), listed worst first so that insertion order
    # cannot pass for the ranking.
    entries = [
        ("through an artist", "music.1", "Homework", 99, ["Daft Punk"]),
        ("all words in the name", "music.2", "The Daft Punk Story", 90, []),
        ("starts, same name, larger id", "music.4", "Daft Punk Live", 50, []),
        ("starts, same name, smaller id", "music.3", "Daft Punk Live", 50, []),
        ("starts, earlier name", "music.5", "Daft Punk Alive", 50, []),
        ("starts, more popular", "music.6", "Daft Punk Zone", 70, []),
        ("exact name", "music.7", "DAFT PUNK", 1, []),
    ]
    found = SearchIndex(entries).search("daft punk")
    assert list(found) == [
        "exact name",
        "starts, more popular",
        "starts, earlier name",
        "starts, same name, smaller id",
        "starts, same name, larger id",
        "all words in the name",
        "through an artist",
    ]
    assert SearchIndex(entries).search("¡!") == ()  # no letters or digits: nothing


def test_playlists_are_searched_too(client: httpx.Client, state: MockState):
    body = search(client, app_headers(state), q="sleepy time").json()
    names = [p["Name"] for p in body["Playlists"]["Items"]]
    assert set(names) == {"Sleepy Time Chill", "Sleepy Time Jazz"}
    assert "Tracks" not in body["Playlists"]["Items"][0]


def test_filters_limit_the_types(client: httpx.Client, state: MockState):
    body = search(client, app_headers(state), q="daft punk", filters="Albums+tracks").json()
    assert set(body) == {"Albums", "Tracks", "Culture"}


def test_unknown_filters_are_refused(client: httpx.Client, state: MockState):
    response = search(client, app_headers(state), q="daft", filters="albums+songs")
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")
    assert "songs" in message_of(response)


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"maxItems": "5"}])
def test_q_is_required(client: httpx.Client, state: MockState, params: dict[str, str]):
    response = search(client, app_headers(state), **params)
    assert error_of(response) == (400, "MISSING_INPUT_PARAMETER")


def test_no_match_gives_no_lists(client: httpx.Client, state: MockState):
    response = search(client, app_headers(state), q="zzzqqq")
    assert response.status_code == 200
    assert response.json() == {"Culture": "en-US"}


@pytest.mark.parametrize(("value", "status"), [("26", 400), ("0", 400), ("x", 400), ("25", 200)])
def test_max_items_is_1_to_25(client: httpx.Client, state: MockState, value: str, status: int):
    response = search(client, app_headers(state), q="love", maxItems=value)
    assert response.status_code == status
    if status == 400:
        assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")
    if value == "26":
        assert message_of(response) == "Parameter maxItems must have a value of at most 25"


def test_parameter_names_are_case_insensitive(client: httpx.Client, state: MockState):
    response = client.get(
        "/1/content/music/SEARCH",
        params={"Q": "love", "MAXITEMS": "3", "Filters": "TRACKS"},
        headers=app_headers(state),
    )
    body = response.json()
    assert set(body) == {"Tracks", "Culture"}
    assert len(body["Tracks"]["Items"]) == 3


def test_the_namespace_is_checked(client: httpx.Client, state: MockState):
    response = client.get("/1/content/Music/search", params={"q": "x"}, headers=app_headers(state))
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")


def test_paging_through_a_search_returns_every_result_once(client: httpx.Client, state: MockState):
    expected = catalog_of(state).search("love", ContentKind.TRACK)
    assert len(expected) > 30

    def tracks(body):
        assert set(body) == {"Tracks", "Culture"}
        return body["Tracks"]

    url = f"{SEARCH}?q=love&maxItems=7&filters=tracks"
    items, pages = follow(client, url, app_headers(state), tracks)
    assert [t["Id"] for t in items] == [t.id for t in expected]
    assert all(len(p["Items"]) == 7 for p in pages[:-1])
    assert {p["TotalItemCount"] for p in pages} == {len(expected)}


def test_a_continuation_answers_only_its_own_type(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    first = search(client, headers, q="love", maxItems="5").json()
    token = first["Albums"]["ContinuationToken"]
    more = client.get(SEARCH, params={"continuationToken": token}, headers=headers).json()
    assert set(more) == {"Albums", "Culture"}
    total = first["Albums"]["TotalItemCount"]
    assert len(more["Albums"]["Items"]) == min(5, total - 5) > 0
    shown = {a["Id"] for a in first["Albums"]["Items"]}
    assert shown.isdisjoint(a["Id"] for a in more["Albums"]["Items"])


@pytest.mark.parametrize("source", ["collection", "Catalog+COLLECTION"])
def test_the_collection_source_needs_a_user_token(
    client: httpx.Client, state: MockState, source: str
):
    response = search(client, app_headers(state), q="love", source=source)
    assert error_of(response) == (401, "INVALID_AUTHORIZATION_HEADER")
    assert message_of(response) == "You need user authentication to use this API"


@pytest.mark.parametrize("source", ["collections", "mycollection"])
def test_a_source_that_only_contains_collection_is_unknown_not_user_only(
    client: httpx.Client, state: MockState, source: str
):
    for path in (SEARCH, f"/1/content/{GET_LUCKY}/lookup"):
        response = client.get(
            path, params={"q": "love", "source": source}, headers=app_headers(state)
        )
        assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")
        assert repr(source) in message_of(response)


def test_a_user_token_searches_the_collection_first(client: httpx.Client, state: MockState):
    entry = next(
        t for t in state.part(CollectionStore).view(ADA).tracks if t.catalog_id == GET_LUCKY
    )
    body = search(client, user_headers(state), q="get lucky", filters="tracks").json()
    items = body["Tracks"]["Items"]
    assert (items[0]["Id"], items[0]["Source"]) == (entry.collection_id, "Collection")
    assert (items[1]["Id"], items[1]["Source"]) == (GET_LUCKY, "Catalog")
    assert body["Tracks"]["TotalItemCount"] == 2


def test_collection_only_search_has_no_playlists_and_no_catalog_items(
    client: httpx.Client, state: MockState
):
    body = search(client, user_headers(state), q="daft punk", source="collection").json()
    assert "Playlists" not in body
    for member in ("Artists", "Albums", "Tracks"):
        assert all(item["Source"] == "Collection" for item in body[member]["Items"])
    assert body["Artists"]["Items"][0]["Name"] == "Daft Punk"
    assert body["Artists"]["Items"][0]["Id"] != DAFT_PUNK  # a collection id


def test_one_token_covers_both_sources(client: httpx.Client, state: MockState):
    headers = user_headers(state)
    catalog_hits = len(catalog_of(state).search("daft punk", ContentKind.TRACK))

    def tracks(body):
        return body["Tracks"]

    url = f"{SEARCH}?q=daft+punk&filters=tracks&source=collection%2Bcatalog&maxItems=10"
    items, pages = follow(client, url, headers, tracks)
    collection = [t for t in items if t["Source"] == "Collection"]
    catalog = [t for t in items if t["Source"] == "Catalog"]
    assert len(catalog) == catalog_hits
    assert len({t["Id"] for t in catalog}) == catalog_hits
    assert len(collection) + len(catalog) == pages[0]["TotalItemCount"]
    # Each page: the collection's part first.
    first_sources = [t["Source"] for t in pages[0]["Items"]]
    assert first_sources == sorted(first_sources, key=lambda s: s != "Collection")
