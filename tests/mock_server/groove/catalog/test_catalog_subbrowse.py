"""GET /1/content/{id}/{source}/{browseType}/{extra}/browse over HTTP (reference §6 row 4)."""

from __future__ import annotations

import httpx
import pytest
from catalog_support import (
    ADA,
    DAFT_PUNK,
    DISCOVERY,
    GET_LUCKY,
    NOTHING,
    RAM,
    app_headers,
    assert_paginated,
    error_of,
    follow,
    message_of,
    user_headers,
)

from mock_server import MockState
from mock_server.groove.catalog._catalog import catalog_of
from mock_server.groove.library._collection import CollectionStore
from mock_server.groove.library._for_you import playlists_for_you


def sub(client: httpx.Client, path: str, headers: dict[str, str], **params: str) -> httpx.Response:
    return client.get(f"/1/content/{path}/browse", params=params, headers=headers)


def test_album_tracks_page_like_the_documented_example(client: httpx.Client, state: MockState):
    response = sub(client, f"{DISCOVERY}/catalog/album/tracks", app_headers(state), maxItems="3")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"Albums", "Culture"}
    album = body["Albums"]["Items"][0]
    assert album["Id"] == DISCOVERY
    assert album["TrackCount"] == 14
    assert_paginated(album["Tracks"])
    assert [t["Name"] for t in album["Tracks"]["Items"]] == [
        "One More Time",
        "Aerodynamic",
        "Digital Love",
    ]
    assert album["Tracks"]["TotalItemCount"] == 14
    assert "ContinuationToken" in album["Tracks"]


def test_sub_browse_equals_lookup_with_the_extra(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    browsed = sub(client, f"{DAFT_PUNK}/catalog/artist/albums", headers).json()
    looked = client.get(
        f"/1/content/{DAFT_PUNK}/lookup", params={"extras": "albums"}, headers=headers
    ).json()
    assert browsed == looked


def test_continuing_and_paging_an_album(client: httpx.Client, state: MockState):
    headers = app_headers(state)

    def tracks(body):
        assert set(body["Albums"]["Items"][0]) >= {"Id", "Tracks"}
        return body["Albums"]["Items"][0]["Tracks"]

    items, pages = follow(
        client, f"/1/content/{DISCOVERY}/catalog/album/tracks/browse?maxItems=4", headers, tracks
    )
    assert [t["TrackNumber"] for t in items] == list(range(1, 15))
    assert [len(p["Items"]) for p in pages] == [4, 4, 4, 2]
    second = sub(client, f"{DISCOVERY}/catalog/album/tracks", headers, maxItems="4", page="1")
    second_page = second.json()["Albums"]["Items"][0]["Tracks"]["Items"]
    assert [t["TrackNumber"] for t in second_page] == [5, 6, 7, 8]


def test_the_continuation_parent_is_identity_only(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    first = sub(client, f"{RAM}/catalog/album/tracks", headers, maxItems="5").json()
    token = first["Albums"]["Items"][0]["Tracks"]["ContinuationToken"]
    more = sub(client, f"{RAM}/catalog/album/tracks", headers, continuationToken=token).json()
    parent = more["Albums"]["Items"][0]
    assert set(parent) == {"Id", "Name", "Source", "Tracks"}
    assert [t["TrackNumber"] for t in parent["Tracks"]["Items"]] == [6, 7, 8, 9, 10]


@pytest.mark.parametrize(
    ("path", "order", "expected"),
    [
        (f"{DISCOVERY}/catalog/album/tracks", "TrackTitle", "Aerodynamic"),
        (f"{DAFT_PUNK}/catalog/artist/albums", "AlbumTitle", "Discovery"),
        (f"{DAFT_PUNK}/catalog/artist/albums", None, "Random Access Memories"),
        (f"{DAFT_PUNK}/catalog/artist/topTracks", None, "Get Lucky"),
        (f"{DAFT_PUNK}/catalog/artist/toptracks", "TrackTitle", "Aerodynamic"),
    ],
)
def test_orderings_of_each_list(
    client: httpx.Client, state: MockState, path: str, order: str | None, expected: str
):
    params = {"orderBy": order} if order else {}
    body = sub(client, path, app_headers(state), **params).json()
    parent = next(iter(body[m] for m in ("Albums", "Artists") if m in body))["Items"][0]
    listed = parent.get("Tracks") or parent.get("Albums") or parent["TopTracks"]
    assert listed["Items"][0]["Name"] == expected


@pytest.mark.parametrize(
    ("path", "order"),
    [
        (f"{DISCOVERY}/catalog/album/tracks", "ReleaseDate"),
        (f"{DAFT_PUNK}/catalog/artist/albums", "TrackNumber"),
        (f"{DAFT_PUNK}/catalog/artist/albums", "CollectionDate"),
    ],
)
def test_incompatible_orderings(client: httpx.Client, state: MockState, path: str, order: str):
    response = sub(client, path, app_headers(state), orderBy=order)
    assert error_of(response) == (400, "INCOMPATIBLE_INPUT_PARAMETERS")
    assert message_of(response) == "Invalid ordering for this content"


def test_a_catalog_playlist_keeps_its_order(client: httpx.Client, state: MockState):
    playlist = catalog_of(state).playlists[0]
    body = sub(client, f"{playlist.id}/catalog/playlist/tracks", app_headers(state)).json()
    shown = body["Playlists"]["Items"][0]
    assert [t["Id"] for t in shown["Tracks"]["Items"]] == list(playlist.track_ids[:25])
    assert shown["Tracks"]["TotalItemCount"] == playlist.track_count


@pytest.mark.parametrize(
    "path",
    [
        f"{RAM}/catalog/album/albums",
        f"{RAM}/catalog/track/tracks",
        f"{DAFT_PUNK}/catalog/artist/tracks",
        f"{RAM}/cloud/album/tracks",
    ],
)
def test_unknown_combinations_are_refused(client: httpx.Client, state: MockState, path: str):
    assert error_of(sub(client, path, app_headers(state))) == (400, "INVALID_INPUT_PARAMETER")


@pytest.mark.parametrize(
    "path",
    [
        f"{GET_LUCKY}/catalog/album/tracks",
        f"{RAM}/catalog/artist/albums",
        f"{NOTHING}/catalog/album/tracks",
    ],
)
def test_a_parent_of_another_type_or_unknown_is_not_found(
    client: httpx.Client, state: MockState, path: str
):
    assert error_of(sub(client, path, app_headers(state))) == (404, "CATALOG_NO_RESULT")


def test_the_collection_needs_a_user_token(client: httpx.Client, state: MockState):
    response = sub(client, f"{RAM}/collection/album/tracks", app_headers(state))
    assert error_of(response) == (401, "INVALID_AUTHORIZATION_HEADER")
    assert message_of(response) == "You need user authentication to use this API"


def test_top_tracks_come_from_the_catalog_only(client: httpx.Client, state: MockState):
    response = sub(client, f"{DAFT_PUNK}/collection/artist/toptracks", user_headers(state))
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")


def test_a_collection_album_lists_only_collected_tracks(client: httpx.Client, state: MockState):
    view = state.part(CollectionStore).view(ADA)
    entry = next(t for t in view.tracks if t.catalog_id == GET_LUCKY)
    body = sub(client, f"{RAM}/collection/album/tracks", user_headers(state)).json()
    album = body["Albums"]["Items"][0]
    assert album["Source"] == "Collection"
    ram_entries = [t for t in view.tracks if catalog_of(state).track(t.catalog_id).album_id == RAM]
    assert album["Tracks"]["TotalItemCount"] == len(ram_entries)
    assert entry.collection_id in {t["Id"] for t in album["Tracks"]["Items"]}
    assert all(t["Source"] == "Collection" for t in album["Tracks"]["Items"])


def test_a_user_playlist_through_the_collection(client: httpx.Client, state: MockState):
    playlist = state.part(CollectionStore).view(ADA).playlists[0]
    path = f"{playlist.id.upper().replace('MUSIC.', 'music.')}/collection/playlist/tracks"
    body = sub(client, path, user_headers(state), maxItems="2").json()
    shown = body["Playlists"]["Items"][0]
    assert shown["Id"] == playlist.id
    assert [t["Id"] for t in shown["Tracks"]["Items"]] == [
        e.collection_id for e in playlist.tracks[:2]
    ]


def test_an_album_outside_the_collection_is_a_collection_miss(
    client: httpx.Client, state: MockState
):
    collected = {
        catalog_of(state).track(t.catalog_id).album_id
        for t in state.part(CollectionStore).view(ADA).tracks
    }
    outside = next(a.id for a in catalog_of(state).albums if a.id not in collected)
    response = sub(client, f"{outside}/collection/album/tracks", user_headers(state))
    assert error_of(response) == (404, "COLLECTION_NO_RESULT")


def test_a_playlist_for_you_through_the_collection(client: httpx.Client, state: MockState):
    view = state.part(CollectionStore).view(ADA)
    playlist = playlists_for_you(catalog_of(state), ADA, view)[0]
    headers = user_headers(state)
    body = sub(client, f"{playlist.id}/collection/playlist/tracks", headers, maxItems="3").json()
    shown = body["Playlists"]["Items"][0]
    assert shown["Source"] == "Catalog"
    assert [t["Id"] for t in shown["Tracks"]["Items"]] == list(playlist.track_ids[:3])
    response = sub(client, f"{playlist.id}/catalog/playlist/tracks", headers)
    assert error_of(response) == (404, "CATALOG_NO_RESULT")
