"""`GET /1/content/{ns}/collection/{type}/browse` (reference §6 row 5, §7, `R/orderby.md`)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from user_support import (
    ADA,
    CLEO,
    GET_LUCKY,
    app_token,
    as_user,
    bearer,
    code_of,
    error_of,
    store_of,
    streamable_tracks,
)

from mock_server import MockState, Settings
from mock_server.groove.catalog._catalog import load_catalog
from mock_server.groove.catalog._model import fold
from mock_server.groove.library._ids import collection_track_id

BROWSE = "/1/content/music/collection/{}/browse"


def browse(
    client: httpx.Client, state: MockState, kind: str, query: str = "", user: str = ADA
) -> dict[str, Any]:
    response = client.get(BROWSE.format(kind) + query, headers=as_user(state, user))
    assert response.status_code == 200, response.text
    return dict(response.json())


def every_item(
    client: httpx.Client, state: MockState, kind: str, member: str, query: str
) -> list[dict[str, Any]]:
    """Follows continuation tokens to the end."""
    body = browse(client, state, kind, query)
    items = list(body[member]["Items"])
    while "ContinuationToken" in body[member]:
        body = browse(
            client, state, kind, f"?continuationToken={body[member]['ContinuationToken']}"
        )
        items += body[member]["Items"]
    return items


def test_tracks_show_collection_ids_and_catalog_links(client: httpx.Client, state: MockState):
    body = browse(client, state, "tracks")
    view = store_of(state).view(ADA)
    page = body["Tracks"]
    assert page["TotalItemCount"] == len(view.tracks)
    assert "ContinuationToken" not in page
    assert body["Culture"] == "en-US"
    by_id = {t.collection_id: t.catalog_id for t in view.tracks}
    for item in page["Items"]:
        assert item["Source"] == "Collection"
        catalog_id = by_id[item["Id"]]
        assert catalog_id.removeprefix("music.") in item["Link"]
        assert "partnerID=AppId:000000004C1B7E2A" in item["Link"]


def test_default_track_order_is_by_title(client: httpx.Client, state: MockState):
    names = [i["Name"] for i in browse(client, state, "tracks")["Tracks"]["Items"]]
    assert [fold(n) for n in names] == sorted(fold(n) for n in names)


def test_collection_date_is_newest_first(client: httpx.Client, state: MockState):
    headers = as_user(state)
    [fresh] = streamable_tracks(1, skip={t.catalog_id for t in store_of(state).view(ADA).tracks})
    added = client.post(
        "/1/content/music/collection/add", headers=headers, json={"TrackIds": [fresh]}
    ).json()["TrackActionResults"][0]["Id"]
    items = browse(client, state, "tracks", "?orderBy=collectiondate")["Tracks"]["Items"]
    assert items[0]["Id"] == added
    oldest = store_of(state).view(ADA).tracks[0].collection_id
    assert items[-1]["Id"] == oldest


def test_ties_are_ordered_by_id(client: httpx.Client, state: MockState):
    # Tracks added by one request at one instant tie on CollectionDate: the id decides (UD52),
    # so the order is total. They are sent in reverse id order, so that the order in which they
    # were added cannot pass for it.
    state.clock.freeze()
    fresh = streamable_tracks(4, skip={t.catalog_id for t in store_of(state).view(ADA).tracks})
    ids = {track: collection_track_id(ADA, track) for track in fresh}
    sent = sorted(fresh, key=ids.__getitem__, reverse=True)
    client.post("/1/content/music/collection/add", headers=as_user(state), json={"TrackIds": sent})
    items = browse(client, state, "tracks", "?orderBy=CollectionDate")["Tracks"]["Items"]
    assert [i["Id"] for i in items[:4]] == sorted(ids.values())


@pytest.mark.parametrize(
    ("kind", "order"),
    [
        ("tracks", "AlbumTitle"),
        ("tracks", "ArtistName"),
        ("tracks", "GenreName"),
        ("tracks", "ReleaseDate"),
        ("tracks", "TrackNumber"),
        ("albums", "ArtistName"),
        ("albums", "GenreName"),
        ("albums", "ReleaseDate"),
        ("albums", "CollectionDate"),
        ("artists", "CollectionDate"),
        ("playlists", "CollectionDate"),
        ("playlistsforyou", "CollectionDate"),
    ],
)
def test_every_documented_order_is_accepted(
    client: httpx.Client, state: MockState, kind: str, order: str
):
    member = "Playlists" if kind.startswith("playlists") else kind.capitalize()
    body = browse(client, state, kind, f"?orderBy={order}")
    assert body[member]["TotalItemCount"] == len(body[member]["Items"])


def test_release_date_order(client: httpx.Client, state: MockState):
    items = browse(client, state, "tracks", "?orderBy=ReleaseDate")["Tracks"]["Items"]
    dates = [i["ReleaseDate"] for i in items]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("kind", "order"),
    [
        ("artists", "AlbumTitle"),
        ("playlists", "TrackTitle"),
        ("albums", "TrackNumber"),
        ("tracks", "Bogus"),
    ],
)
def test_an_order_the_type_does_not_have_is_400(
    client: httpx.Client, state: MockState, kind: str, order: str
):
    response = client.get(BROWSE.format(kind) + f"?orderBy={order}", headers=as_user(state))
    assert response.status_code == 400
    assert error_of(response) == {
        "ErrorCode": "INCOMPATIBLE_INPUT_PARAMETERS",
        "Description": "Incompatible input parameters",
        "Message": "Invalid ordering for this content",
    }


def test_albums_count_the_collected_tracks(client: httpx.Client, state: MockState):
    catalog = load_catalog()
    album = catalog.album_of(catalog.track(GET_LUCKY))  # type: ignore[arg-type]
    others = [t for t in album.track_ids if t != GET_LUCKY][:2]
    client.post(
        "/1/content/music/collection/add", headers=as_user(state), json={"TrackIds": others}
    )
    items = browse(client, state, "albums")["Albums"]["Items"]
    [ram] = [i for i in items if i["Name"] == album.name]
    assert ram["TrackCount"] == 3
    assert ram["Id"].startswith("music.AQEP") and ram["Source"] == "Collection"
    assert store_of(state).to_catalog_id(ADA, ram["Id"]) == album.id


def test_artists_are_collection_items(client: httpx.Client, state: MockState):
    items = browse(client, state, "artists")["Artists"]["Items"]
    assert items
    names = [fold(i["Name"]) for i in items]
    assert names == sorted(names)
    for item in items:
        assert item["Id"].startswith("music.AQIP")
        catalog_id = store_of(state).to_catalog_id(ADA, item["Id"])
        assert catalog_id is not None and load_catalog().artist(catalog_id) is not None


def test_playlists_carry_the_state_token(client: httpx.Client, state: MockState):
    items = browse(client, state, "playlists")["Playlists"]["Items"]
    view = store_of(state).view(ADA)
    assert {i["Id"] for i in items} == {p.id for p in view.playlists}
    for item in items:
        assert item["CollectionStateToken"] == view.state_token
        assert item["UserIsOwner"] is True and item["IsReadOnly"] is False
        assert "Tracks" not in item
        assert item["Link"].startswith("https://music.microsoft.com/Playlist/")


def test_playlists_for_you_are_read_only_without_link_or_token(
    client: httpx.Client, state: MockState
):
    items = browse(client, state, "playlistsforyou")["Playlists"]["Items"]
    assert items
    for item in items:
        assert item["Id"].startswith("music.playlistforyou.")
        assert item["IsReadOnly"] is True
        assert "Link" not in item and "CollectionStateToken" not in item
        assert item["TrackCount"] > 0
    again = browse(client, state, "playlistsforyou")["Playlists"]["Items"]
    assert [i["Id"] for i in again] == [i["Id"] for i in items]


def test_an_empty_collection_browses_empty(client: httpx.Client, state: MockState):
    headers = as_user(state, CLEO)
    ids = [t.collection_id for t in store_of(state).view(CLEO).tracks]
    client.post("/1/content/music/collection/delete", headers=headers, json={"TrackIds": ids})
    for kind, member in (
        ("tracks", "Tracks"),
        ("albums", "Albums"),
        ("playlistsforyou", "Playlists"),
    ):
        body = browse(client, state, kind, user=CLEO)
        assert body[member] == {"Items": [], "TotalItemCount": 0}


def test_max_items_and_page(client: httpx.Client, state: MockState):
    everything = browse(client, state, "tracks")["Tracks"]["Items"]
    first = browse(client, state, "tracks", "?maxItems=3")["Tracks"]
    second = browse(client, state, "tracks", "?maxItems=3&page=1")["Tracks"]
    assert first["Items"] == everything[:3]
    assert second["Items"] == everything[3:6]
    assert first["TotalItemCount"] == len(everything)
    beyond = browse(client, state, "tracks", "?maxItems=3&page=50")["Tracks"]
    assert beyond == {"Items": [], "TotalItemCount": len(everything)}


def test_continuation_walks_the_whole_list_in_order(client: httpx.Client, state: MockState):
    everything = browse(client, state, "tracks", "?orderBy=ArtistName")["Tracks"]["Items"]
    walked = every_item(client, state, "tracks", "Tracks", "?orderBy=ArtistName&maxItems=2")
    assert [i["Id"] for i in walked] == [i["Id"] for i in everything]


def test_parameters_are_case_insensitive(client: httpx.Client, state: MockState):
    body = browse(client, state, "Tracks", "?MAXITEMS=2&orderby=tracktitle")
    assert len(body["Tracks"]["Items"]) == 2


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("?maxItems=26", "INVALID_INPUT_PARAMETER"),
        ("?maxItems=0", "INVALID_INPUT_PARAMETER"),
        ("?maxItems=many", "INVALID_INPUT_PARAMETER"),
        ("?page=-1", "INVALID_INPUT_PARAMETER"),
        ("?continuationToken=garbage", "CONTINUATION_TOKEN_INVALID_ERROR"),
        ("?continuationToken=%FF%FE", "INVALID_INPUT_PARAMETER"),
    ],
)
def test_bad_paging_parameters(client: httpx.Client, state: MockState, query: str, code: str):
    response = client.get(BROWSE.format("tracks") + query, headers=as_user(state))
    assert response.status_code == 400
    assert code_of(response) == code


def test_max_items_message(client: httpx.Client, state: MockState):
    response = client.get(BROWSE.format("playlists") + "?maxItems=42", headers=as_user(state))
    assert error_of(response)["Message"] == "Parameter maxItems must have a value of at most 25"


def test_a_token_is_bound_to_its_path_and_user(client: httpx.Client, state: MockState):
    token = browse(client, state, "tracks", "?maxItems=1")["Tracks"]["ContinuationToken"]
    other_path = client.get(
        BROWSE.format("albums") + f"?continuationToken={token}", headers=as_user(state)
    )
    assert other_path.status_code == 400
    assert code_of(other_path) == "CONTINUATION_TOKEN_INVALID_ERROR"
    other_user = client.get(
        BROWSE.format("tracks") + f"?continuationToken={token}", headers=as_user(state, CLEO)
    )
    assert code_of(other_user) == "CONTINUATION_TOKEN_INVALID_ERROR"


def test_a_token_expires_with_the_mock_clock(client: httpx.Client, state: MockState):
    token = browse(client, state, "tracks", "?maxItems=1")["Tracks"]["ContinuationToken"]
    state.clock.advance(86401)
    response = client.get(
        BROWSE.format("tracks") + f"?continuationToken={token}", headers=as_user(state)
    )
    assert code_of(response) == "CONTINUATION_TOKEN_INVALID_ERROR"


def test_unknown_type_and_namespace(client: httpx.Client, state: MockState):
    headers = as_user(state)
    for path in (BROWSE.format("genres"), "/1/content/MUSIC/collection/tracks/browse"):
        response = client.get(path, headers=headers)
        assert response.status_code == 400
        assert code_of(response) == "INVALID_INPUT_PARAMETER"


def test_browse_needs_a_user(client: httpx.Client, state: MockState):
    response = client.get(BROWSE.format("tracks"), headers=bearer(app_token(state)))
    assert response.status_code == 401
    assert error_of(response)["Message"] == "You need user authentication to use this API"
    assert code_of(client.get(BROWSE.format("tracks"))) == "INVALID_AUTHORIZATION_HEADER"


def test_paging_parameters_on_a_continuation_call_are_ignored_and_journaled(
    client: httpx.Client, state: MockState
):
    first = browse(client, state, "tracks", "?maxItems=2")["Tracks"]
    token = first["ContinuationToken"]
    alone = browse(client, state, "tracks", f"?continuationToken={token}")["Tracks"]
    state.journal.clear()
    extra = browse(client, state, "tracks", f"?continuationToken={token}&maxItems=5&page=3")
    assert extra["Tracks"]["Items"] == alone["Items"]  # the token wins
    (entry,) = state.journal.query(path="/1/content/music/collection/")
    assert entry.violations == ["continuation-with-other-parameters"]
    state.journal.clear()
    browse(client, state, "tracks", f"?continuationToken={token}")
    (clean,) = state.journal
    assert clean.violations == []


@pytest.mark.parametrize("settings", [Settings(strictness="strict")])
def test_strict_mode_refuses_paging_parameters_on_a_continuation_call(
    client: httpx.Client, state: MockState
):
    token = browse(client, state, "tracks", "?maxItems=2")["Tracks"]["ContinuationToken"]
    refused = client.get(
        BROWSE.format("tracks") + f"?continuationToken={token}&orderBy=CollectionDate",
        headers=as_user(state),
    )
    assert refused.status_code == 400
    assert code_of(refused) == "INCOMPATIBLE_INPUT_PARAMETERS"
    assert "orderBy" in error_of(refused)["Message"]
