"""GET /1/content/{ns}/catalog/{type}/browse over HTTP (reference §6 row 3, `R/orderby.md`)."""

from __future__ import annotations

import httpx
import pytest
from catalog_support import (
    BEN,
    GET_LUCKY,
    app_headers,
    assert_content,
    assert_paginated,
    error_of,
    follow,
    message_of,
    user_headers,
)

from mock_server import MockState
from mock_server.groove.catalog._catalog import catalog_of


def browse(
    client: httpx.Client, kind: str, headers: dict[str, str], **params: str
) -> httpx.Response:
    return client.get(f"/1/content/music/catalog/{kind}/browse", params=params, headers=headers)


@pytest.mark.parametrize(
    ("kind", "member"),
    [
        ("albums", "Albums"),
        ("artists", "Artists"),
        ("tracks", "Tracks"),
        ("playlists", "Playlists"),
    ],
)
def test_each_type_browses_in_its_shape(
    client: httpx.Client, state: MockState, kind: str, member: str
):
    response = browse(client, kind, app_headers(state))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {member, "Culture"}
    assert_paginated(body[member])
    assert len(body[member]["Items"]) == 25
    for item in body[member]["Items"]:
        assert_content(item)
    if kind == "playlists":
        assert all("Tracks" not in p for p in body[member]["Items"])


def test_release_date_is_the_default_order_newest_first(client: httpx.Client, state: MockState):
    items = browse(client, "albums", app_headers(state)).json()["Albums"]["Items"]
    dates = [a["ReleaseDate"] for a in items]
    assert dates == sorted(dates, reverse=True)
    newest = max(a.release_date for a in catalog_of(state).albums)
    assert dates[0].startswith(newest)


def test_most_popular_and_all_time_play_count(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    top = browse(client, "tracks", headers, orderBy="MostPopular").json()["Tracks"]["Items"]
    assert top[0]["Id"] == GET_LUCKY
    most_played = max(catalog_of(state).tracks, key=lambda t: (t.play_count, t.id))
    played = browse(client, "tracks", headers, orderby="alltimeplaycount").json()
    assert played["Tracks"]["Items"][0]["Id"] == most_played.id


@pytest.mark.parametrize("order", ["ArtistName", "CollectionDate", "TrackNumber", "nonsense"])
def test_other_orderings_are_incompatible(client: httpx.Client, state: MockState, order: str):
    response = browse(client, "albums", app_headers(state), orderBy=order)
    assert error_of(response) == (400, "INCOMPATIBLE_INPUT_PARAMETERS")
    assert message_of(response) == "Invalid ordering for this content"


def test_a_genre_filters_items_and_includes_subgenres(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    items, _ = follow(
        client,
        "/1/content/music/catalog/albums/browse?genre=electronic+%2F+dance",
        headers,
        lambda body: body["Albums"],
    )
    assert items and all(a["Genres"] == ["Electronic / Dance"] for a in items)
    expected = [a for a in catalog_of(state).albums if "Electronic / Dance" in a.genres]
    assert len(items) == len(expected)
    dance = browse(client, "albums", headers, genre="Dance").json()["Albums"]["Items"]
    assert dance and all("Dance" in a["Subgenres"] for a in dance)
    # A playlist tagged with a subgenre only ("Hard Rock / Metal") is in its parent genre.
    rock = browse(client, "playlists", headers, genre="Rock").json()["Playlists"]["Items"]
    assert "Aggro Anthems" in {p["Name"] for p in rock}


def test_moods_and_activities_filter_playlists(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    sleepy = browse(client, "playlists", headers, mood="Sleepy").json()["Playlists"]
    names = {p["Name"] for p in sleepy["Items"]}
    assert names == {"The Wind Down", "Sleepy Time Chill", "Sleepy Time Jazz"}
    french = browse(client, "Playlists", headers, mood="sommeil").json()["Playlists"]
    assert {p["Name"] for p in french["Items"]} == names
    dinner = browse(client, "playlists", headers, activity="Dinner_Party").json()
    assert {p["Name"] for p in dinner["Playlists"]["Items"]} == {"Slow Dance", "Dinner for Two"}


@pytest.mark.parametrize(
    "params",
    [
        {"genre": "Rock", "mood": "Happy"},
        {"mood": "Happy", "activity": "Party"},
        {"genre": "Rock", "activity": "Party"},
    ],
)
def test_genre_mood_and_activity_cannot_be_combined(
    client: httpx.Client, state: MockState, params: dict[str, str]
):
    response = browse(client, "playlists", app_headers(state), **params)
    assert error_of(response) == (400, "INCOMPATIBLE_INPUT_PARAMETERS")


@pytest.mark.parametrize("kind", ["albums", "tracks", "artists"])
def test_moods_apply_to_playlists_only(client: httpx.Client, state: MockState, kind: str):
    response = browse(client, kind, app_headers(state), mood="Happy")
    assert error_of(response) == (400, "INCOMPATIBLE_INPUT_PARAMETERS")


@pytest.mark.parametrize(
    "params", [{"genre": "Polka"}, {"mood": "Grumpy"}, {"activity": "Knitting"}]
)
def test_unknown_categories_are_refused(
    client: httpx.Client, state: MockState, params: dict[str, str]
):
    response = browse(client, "playlists", app_headers(state), **params)
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")


@pytest.mark.parametrize("kind", ["songs", "genres", "radios"])
def test_unknown_types_are_refused(client: httpx.Client, state: MockState, kind: str):
    assert error_of(browse(client, kind, app_headers(state))) == (400, "INVALID_INPUT_PARAMETER")


def test_path_keywords_are_case_insensitive_but_the_namespace_is_not(
    client: httpx.Client, state: MockState
):
    headers = app_headers(state)
    response = client.get("/1/Content/music/CATALOG/Albums/Browse", headers=headers)
    assert response.status_code == 200
    assert "Albums" in response.json()
    response = client.get("/1/content/MUSIC/catalog/albums/browse", headers=headers)
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")


def test_pages_skip_page_times_max_items(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    whole = browse(client, "albums", headers, maxItems="20").json()["Albums"]["Items"]
    second = browse(client, "albums", headers, maxItems="10", page="1").json()["Albums"]
    assert [a["Id"] for a in second["Items"]] == [a["Id"] for a in whole[10:20]]
    assert second["TotalItemCount"] == len(catalog_of(state).albums)


def test_a_page_past_the_end_is_empty(client: httpx.Client, state: MockState):
    listed = browse(client, "albums", app_headers(state), page="500").json()["Albums"]
    assert listed["Items"] == []
    assert "ContinuationToken" not in listed


@pytest.mark.parametrize(("name", "value"), [("page", "-1"), ("page", "two"), ("maxItems", "42")])
def test_bad_paging_values_are_refused(
    client: httpx.Client, state: MockState, name: str, value: str
):
    response = browse(client, "albums", app_headers(state), **{name: value})
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")


def test_paging_through_all_albums_gives_each_once(client: httpx.Client, state: MockState):
    items, pages = follow(
        client,
        "/1/content/music/catalog/albums/browse?orderBy=MostPopular",
        app_headers(state),
        lambda body: body["Albums"],
    )
    ids = [a["Id"] for a in items]
    assert len(ids) == len(set(ids)) == len(catalog_of(state).albums)
    assert all(len(p["Items"]) == 25 for p in pages[:-1])


def test_browse_stops_at_1000_items(client: httpx.Client, state: MockState):
    assert len(catalog_of(state).tracks) > 1000
    items, pages = follow(
        client,
        "/1/content/music/catalog/tracks/browse",
        app_headers(state),
        lambda body: body["Tracks"],
    )
    assert len(items) == len({t["Id"] for t in items}) == 1000
    assert {p["TotalItemCount"] for p in pages} == {1000}
    last = browse(client, "tracks", app_headers(state), page="39").json()["Tracks"]
    assert len(last["Items"]) == 25 and "ContinuationToken" not in last
    assert browse(client, "tracks", app_headers(state), page="40").json()["Tracks"]["Items"] == []


def test_a_filtered_browse_continues_with_its_filter(client: httpx.Client, state: MockState):
    items, _ = follow(
        client,
        "/1/content/music/catalog/tracks/browse?genre=Rock&maxItems=25",
        app_headers(state),
        lambda body: body["Tracks"],
    )
    assert len(items) > 25
    assert all(t["Genres"] == ["Rock"] for t in items)


def test_a_user_token_may_browse_in_its_own_culture(client: httpx.Client, state: MockState):
    body = browse(client, "artists", user_headers(state, BEN)).json()
    assert body["Culture"] == "fr-FR"


def test_no_credential_is_access_token_missing(client: httpx.Client):
    response = client.get("/1/content/music/catalog/albums/browse")
    assert error_of(response) == (401, "ACCESS_TOKEN_MISSING")
