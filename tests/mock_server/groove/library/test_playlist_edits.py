"""Playlist create, update and delete over HTTP (reference §6 rows 16-18, §8, §10)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from user_support import (
    ADA,
    CLEO,
    GET_LUCKY,
    GIVE_LIFE_BACK,
    UNKNOWN_TRACK,
    app_token,
    as_user,
    bearer,
    code_of,
    error_of,
    store_of,
    streamable_tracks,
)

from mock_server import MockState
from mock_server.groove.library._types import UserPlaylist

CREATE = "/1/content/music/collection/playlists/create"
UPDATE = "/1/content/music/collection/playlists/update"
DELETE = "/1/content/music/collection/playlists/delete"
PLAYLIST_ID = re.compile(
    r"music\.playlist\.[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)


def add(*ids: str) -> list[dict[str, str]]:
    return [{"Id": i, "Action": "Add"} for i in ids]


def playlist(state: MockState, playlist_id: str, user: str = ADA) -> UserPlaylist:
    found = store_of(state).view(user).playlist(playlist_id)
    assert found is not None
    return found


def create(client: httpx.Client, state: MockState, **body: Any) -> dict[str, Any]:
    response = client.post(CREATE, headers=as_user(state), json={"Name": "Mix", **body})
    assert response.status_code == 200, response.text
    return dict(response.json()["PlaylistActionResult"])


# -- create ------------------------------------------------------------------------------------


def test_create_without_tracks(client: httpx.Client, state: MockState):
    response = client.post(
        CREATE, headers=as_user(state), json={"Name": "Groove is awesome", "IsPublished": False}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"PlaylistActionResult"}
    result = body["PlaylistActionResult"]
    assert set(result) == {"Id", "Name", "IsPublished"}
    assert PLAYLIST_ID.fullmatch(result["Id"])
    assert result["Name"] == "Groove is awesome" and result["IsPublished"] is False
    assert playlist(state, result["Id"]).track_count == 0


def test_create_with_tracks_gives_entry_ids(client: httpx.Client, state: MockState):
    result = create(client, state, IsPublished=True, TrackActions=add(GET_LUCKY, GIVE_LIFE_BACK))
    assert result["IsPublished"] is True
    entries = result["TrackActionResults"]
    assert [e["InputId"] for e in entries] == [GET_LUCKY, GIVE_LIFE_BACK]
    assert all(e["Id"].startswith("music.AQQf") for e in entries)
    made = playlist(state, result["Id"])
    assert made.track_ids == (GET_LUCKY, GIVE_LIFE_BACK)
    assert [t.collection_id for t in made.tracks] == [e["Id"] for e in entries]


def test_create_with_an_unknown_track_is_a_partial_failure(client: httpx.Client, state: MockState):
    response = client.post(
        CREATE,
        headers=as_user(state),
        json={"Name": "x", "TrackActions": add(GET_LUCKY, UNKNOWN_TRACK)},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["Error"]["ErrorCode"] == "COLLECTION_SOME_OPERATIONS_FAILED"
    ok, failed = body["PlaylistActionResult"]["TrackActionResults"]
    assert "Error" not in ok
    assert failed["Error"]["ErrorCode"] == "COLLECTION_INVALID_ID"
    assert playlist(state, body["PlaylistActionResult"]["Id"]).track_ids == (GET_LUCKY,)


def test_adding_to_a_playlist_leaves_the_collection_alone(client: httpx.Client, state: MockState):
    before = store_of(state).view(ADA).tracks
    create(client, state, TrackActions=add(GIVE_LIFE_BACK))
    assert store_of(state).view(ADA).tracks == before


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "COLLECTION_INVALID_PLAYLIST_INFO"),
        ({"Name": ""}, 400, "COLLECTION_INVALID_PLAYLIST_INFO"),
        ({"Name": "   "}, 400, "COLLECTION_INVALID_PLAYLIST_INFO"),
        ({"Name": "x" * 257}, 400, "COLLECTION_INVALID_PLAYLIST_INFO"),
        ({"Name": "\U0001f3b5" * 129}, 400, "COLLECTION_INVALID_PLAYLIST_INFO"),  # 258 UTF-16
        ({"Name": 42}, 400, "INVALID_INPUT_PARAMETER"),
        ({"Name": "x", "IsPublished": "yes"}, 400, "INVALID_INPUT_PARAMETER"),
        ({"Name": "x", "TrackActions": {"Id": GET_LUCKY}}, 400, "INVALID_INPUT_PARAMETER"),
        ({"Name": "x", "TrackActions": [GET_LUCKY]}, 400, "INVALID_INPUT_PARAMETER"),
        ({"Name": "x", "TrackActions": [{"Id": GET_LUCKY}]}, 400, "MISSING_INPUT_PARAMETER"),
        ({"Name": "x", "TrackActions": [{"Action": "Add"}]}, 400, "MISSING_INPUT_PARAMETER"),
        (
            {"Name": "x", "TrackActions": [{"Id": 5, "Action": "Add"}]},
            400,
            "INVALID_INPUT_PARAMETER",
        ),
        (
            {"Name": "x", "TrackActions": [{"Id": GET_LUCKY, "Action": "Remove"}]},
            400,
            "INVALID_INPUT_PARAMETER",
        ),
        (
            {"Name": "x", "TrackActions": [{"Id": GET_LUCKY, "Action": 0}]},
            400,
            "INVALID_INPUT_PARAMETER",
        ),
        (
            {"Name": "x", "TrackActions": [{"Id": GET_LUCKY, "Action": "Delete"}]},
            400,
            "COLLECTION_INVALID_OPERATION",
        ),
        ({"Name": "x", "TrackActions": add(GET_LUCKY) * 101}, 400, "COLLECTION_INVALID_OPERATION"),
    ],
)
def test_create_refuses_bad_bodies(
    client: httpx.Client, state: MockState, body: dict[str, Any], status: int, code: str
):
    count = len(store_of(state).view(ADA).playlists)
    response = client.post(CREATE, headers=as_user(state), json=body)
    assert response.status_code == status
    assert code_of(response) == code
    assert len(store_of(state).view(ADA).playlists) == count


def test_names_of_256_utf16_units_are_accepted(client: httpx.Client, state: MockState):
    assert create(client, state, Name="x" * 256)["Name"] == "x" * 256
    assert create(client, state, Name="\U0001f3b5" * 128)["Name"] == "\U0001f3b5" * 128


def test_action_names_are_case_insensitive(client: httpx.Client, state: MockState):
    result = create(client, state, TrackActions=[{"Id": GET_LUCKY, "Action": "add"}])
    assert "Error" not in result["TrackActionResults"][0]


def test_the_playlist_cap(client: httpx.Client, state: MockState):
    store = store_of(state)
    store.playlist_cap = len(store.view(ADA).playlists) + 1
    create(client, state)
    response = client.post(CREATE, headers=as_user(state), json={"Name": "one too many"})
    assert response.status_code == 400
    assert code_of(response) == "COLLECTION_PLAYLIST_FULL"
    profile = client.get("/1/user/music/profile", headers=as_user(state)).json()
    assert profile["Collection"]["RemainingPlaylistCount"] == 0


def test_the_playlist_track_cap(client: httpx.Client, state: MockState):
    store = store_of(state)
    before = len(store.view(ADA).playlists)  # seeded before the cap is lowered
    store.playlist_track_cap = 2
    tracks = streamable_tracks(3)
    response = client.post(
        CREATE, headers=as_user(state), json={"Name": "x", "TrackActions": add(*tracks)}
    )
    assert response.status_code == 400
    assert code_of(response) == "COLLECTION_PLAYLIST_FULL"
    assert len(store.view(ADA).playlists) == before  # nothing created
    created = create(client, state, TrackActions=add(*tracks[:2]))  # the cap itself fits
    response = client.post(
        UPDATE, headers=as_user(state), json={"Id": created["Id"], "TrackActions": add(tracks[2])}
    )
    assert response.status_code == 400
    assert code_of(response) == "COLLECTION_PLAYLIST_FULL"
    assert playlist(state, created["Id"]).track_count == 2


def test_a_lowered_cap_does_not_break_the_first_collection(client: httpx.Client, state: MockState):
    store_of(state).playlist_track_cap = 2  # below the seeded "Favourites" (4 tracks)
    response = client.get("/1/user/music/profile", headers=as_user(state))
    assert response.status_code == 200, response.text
    counts = sorted(p.track_count for p in store_of(state).view(ADA).playlists)
    assert counts == [3, 4]


def test_app_token_cannot_create(client: httpx.Client, state: MockState):
    response = client.post(CREATE, headers=bearer(app_token(state)), json={"Name": "x"})
    assert response.status_code == 401
    assert error_of(response)["Message"] == "You need user authentication to use this API"


# -- update ------------------------------------------------------------------------------------


def test_update_metadata_echoes_what_was_set(client: httpx.Client, state: MockState):
    made = create(client, state)
    response = client.post(
        UPDATE,
        headers=as_user(state),
        json={"Id": made["Id"], "Name": "Fill me up with love", "IsPublished": True},
    )
    assert response.status_code == 200
    assert response.json() == {
        "PlaylistActionResult": {
            "Id": made["Id"],
            "Name": "Fill me up with love",
            "IsPublished": True,
        }
    }
    changed = playlist(state, made["Id"])
    assert (changed.name, changed.is_published) == ("Fill me up with love", True)


def test_update_adds_and_deletes_in_one_call(client: httpx.Client, state: MockState):
    made = create(client, state, TrackActions=add(GET_LUCKY))
    entry = made["TrackActionResults"][0]["Id"]
    response = client.post(
        UPDATE,
        headers=as_user(state),
        json={
            "Id": made["Id"],
            "TrackActions": [{"Id": entry, "Action": "Delete"}, *add(GIVE_LIFE_BACK)],
        },
    )
    assert response.status_code == 200
    results = response.json()["PlaylistActionResult"]["TrackActionResults"]
    assert results[0] == {"InputId": entry}
    assert results[1]["InputId"] == GIVE_LIFE_BACK and results[1]["Id"].startswith("music.AQQf")
    assert playlist(state, made["Id"]).track_ids == (GIVE_LIFE_BACK,)


def test_delete_takes_entry_ids_not_catalog_ids(client: httpx.Client, state: MockState):
    made = create(client, state, TrackActions=add(GET_LUCKY))
    response = client.post(
        UPDATE,
        headers=as_user(state),
        json={"Id": made["Id"], "TrackActions": [{"Id": GET_LUCKY, "Action": "Delete"}]},
    )
    body = response.json()
    assert response.status_code == 200
    assert body["Error"]["ErrorCode"] == "COLLECTION_SOME_OPERATIONS_FAILED"
    assert body["PlaylistActionResult"]["TrackActionResults"][0]["Error"]["ErrorCode"] == (
        "COLLECTION_INVALID_ID"
    )
    assert playlist(state, made["Id"]).track_ids == (GET_LUCKY,)


def test_delete_also_takes_the_users_collection_id_of_a_track(
    client: httpx.Client, state: MockState
):
    collected = store_of(state).view(ADA).tracks[0]
    made = create(client, state, TrackActions=add(collected.catalog_id))
    response = client.post(
        UPDATE,
        headers=as_user(state),
        json={
            "Id": made["Id"],
            "TrackActions": [{"Id": collected.collection_id, "Action": "Delete"}],
        },
    )
    assert "Error" not in response.json()
    assert playlist(state, made["Id"]).track_count == 0


def test_stale_state_token_is_409_and_changes_nothing(client: httpx.Client, state: MockState):
    headers = as_user(state)
    listed = client.get("/1/content/music/collection/playlists/browse", headers=headers).json()
    first = listed["Playlists"]["Items"][0]
    token = first["CollectionStateToken"]
    client.post(
        "/1/content/music/collection/add", headers=headers, json={"TrackIds": [GIVE_LIFE_BACK]}
    )
    response = client.post(
        UPDATE,
        headers=headers,
        json={"Id": first["Id"], "Name": "late", "CollectionStateToken": token},
    )
    assert response.status_code == 409
    assert code_of(response) == "COLLECTION_CONCURRENT_UPDATE"
    assert playlist(state, first["Id"]).name == first["Name"]


def test_current_state_token_is_accepted_and_then_stale(client: httpx.Client, state: MockState):
    headers = as_user(state)
    view = store_of(state).view(ADA)
    target = view.playlists[0].id
    body = {"Id": target, "Name": "fresh", "CollectionStateToken": view.state_token}
    assert client.post(UPDATE, headers=headers, json=body).status_code == 200
    again = client.post(UPDATE, headers=headers, json={**body, "Name": "second"})
    assert again.status_code == 409
    profile = client.get("/1/user/music/profile", headers=headers).json()
    assert (
        profile["Collection"]["Token"] == store_of(state).view(ADA).state_token != view.state_token
    )


def test_playlist_ids_are_case_insensitive_after_the_namespace(
    client: httpx.Client, state: MockState
):
    made = create(client, state)
    shouting = "music." + made["Id"].removeprefix("music.").upper()
    response = client.post(UPDATE, headers=as_user(state), json={"Id": shouting, "Name": "loud"})
    assert response.status_code == 200
    assert response.json()["PlaylistActionResult"]["Id"] == made["Id"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"Name": "x"}, 400, "MISSING_INPUT_PARAMETER"),
        ({"Id": 12}, 400, "INVALID_INPUT_PARAMETER"),
        ({"Id": "music.A83EB907-0100-11DB-89CA-0019B92A3933"}, 400, "COLLECTION_INVALID_ID"),
        (
            {"Id": "MUSIC.playlist.72d0fb33-8027-40fe-b46f-abe4d8374ad1"},
            400,
            "COLLECTION_INVALID_ID",
        ),
        (
            {"Id": "music.playlist.72d0fb33-8027-40fe-b46f-abe4d8374ad1"},
            404,
            "COLLECTION_NO_RESULT",
        ),
    ],
)
def test_update_needs_an_existing_playlist(
    client: httpx.Client, state: MockState, body: dict[str, Any], status: int, code: str
):
    response = client.post(UPDATE, headers=as_user(state), json=body)
    assert response.status_code == status
    assert code_of(response) == code


def test_another_users_playlist_is_not_found(client: httpx.Client, state: MockState):
    made = create(client, state)
    response = client.post(
        UPDATE, headers=as_user(state, CLEO), json={"Id": made["Id"], "Name": "mine"}
    )
    assert response.status_code == 404
    assert code_of(response) == "COLLECTION_NO_RESULT"


def test_update_name_rules(client: httpx.Client, state: MockState):
    made = create(client, state)
    response = client.post(UPDATE, headers=as_user(state), json={"Id": made["Id"], "Name": ""})
    assert response.status_code == 400
    assert code_of(response) == "COLLECTION_INVALID_PLAYLIST_INFO"


# -- delete ------------------------------------------------------------------------------------


def test_delete_playlist(client: httpx.Client, state: MockState):
    made = create(client, state, TrackActions=add(GET_LUCKY))
    headers = as_user(state)
    token = store_of(state).view(ADA).state_token
    response = client.post(DELETE, headers=headers, json={"Id": made["Id"], "Name": "ignored"})
    assert response.status_code == 200
    assert response.json() == {"PlaylistActionResult": {"Id": made["Id"]}}
    assert store_of(state).view(ADA).playlist(made["Id"]) is None
    assert store_of(state).view(ADA).state_token != token
    again = client.post(DELETE, headers=headers, json={"Id": made["Id"]})
    assert again.status_code == 404
    assert code_of(again) == "COLLECTION_NO_RESULT"
    entry = made["TrackActionResults"][0]["Id"]
    assert store_of(state).to_catalog_id(ADA, entry) is None


def test_delete_needs_an_id(client: httpx.Client, state: MockState):
    response = client.post(DELETE, headers=as_user(state), json={"Name": "x"})
    assert response.status_code == 400
    assert code_of(response) == "MISSING_INPUT_PARAMETER"


@pytest.mark.parametrize(
    ("path", "content"),
    [
        (CREATE, b'{"Name": "\\ud800 mix"}'),
        (CREATE, b'{"Name": "x", "TrackActions": [{"Id": "\\udc00", "Action": "Add"}]}'),
        (UPDATE, b'{"Id": "music.playlist.\\ud800"}'),
    ],
)
def test_text_that_is_not_unicode_is_refused(
    client: httpx.Client, state: MockState, path: str, content: bytes
):
    headers = {**as_user(state), "Content-Type": "application/json"}
    response = client.post(path, headers=headers, content=content)
    assert response.status_code == 400
    assert code_of(response) == "INVALID_INPUT_PARAMETER"
