"""Collection add and delete over HTTP (reference §6 rows 14-15, §8, §10)."""

from __future__ import annotations

import re

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
    catalog_ids,
    code_of,
    error_of,
    store_of,
    streamable_tracks,
)

from mock_server import MockState
from mock_server.groove.library._ids import collection_track_id

ADD = "/1/content/music/collection/add"
DELETE = "/1/content/music/collection/delete"
COLLECTION_ID = re.compile(r"music\.AQQf[A-Za-z0-9_-]{30}")


def profile_token(client: httpx.Client, headers: dict[str, str]) -> str:
    return str(client.get("/1/user/music/profile", headers=headers).json()["Collection"]["Token"])


def test_add_returns_collection_ids_and_echoes_input_ids(client: httpx.Client, state: MockState):
    headers = as_user(state)
    lowercase = "music." + GIVE_LIFE_BACK.removeprefix("music.").lower()
    response = client.post(ADD, headers=headers, json={"TrackIds": [lowercase]})
    assert response.status_code == 200
    body = response.json()
    assert "Error" not in body
    [result] = body["TrackActionResults"]
    assert result["InputId"] == lowercase
    assert COLLECTION_ID.fullmatch(result["Id"])
    assert GIVE_LIFE_BACK in catalog_ids(state)


def test_add_bumps_the_state_token_and_counts(client: httpx.Client, state: MockState):
    headers = as_user(state)
    before = client.get("/1/user/music/profile", headers=headers).json()["Collection"]
    client.post(ADD, headers=headers, json={"TrackIds": [GIVE_LIFE_BACK]})
    after = client.get("/1/user/music/profile", headers=headers).json()["Collection"]
    assert after["Token"] != before["Token"]
    assert after["TrackCount"] == before["TrackCount"] + 1
    assert after["RemainingTrackCount"] == before["RemainingTrackCount"] - 1


def test_adding_a_collected_track_again_changes_nothing(client: httpx.Client, state: MockState):
    headers = as_user(state)
    first = client.post(ADD, headers=headers, json={"TrackIds": [GIVE_LIFE_BACK]}).json()
    token = profile_token(client, headers)
    again = client.post(ADD, headers=headers, json={"TrackIds": [GIVE_LIFE_BACK]}).json()
    assert again["TrackActionResults"][0]["Id"] == first["TrackActionResults"][0]["Id"]
    assert profile_token(client, headers) == token


def test_partial_failure_is_200_with_per_item_errors(client: httpx.Client, state: MockState):
    response = client.post(
        ADD, headers=as_user(state), json={"TrackIds": [UNKNOWN_TRACK, GIVE_LIFE_BACK]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["Error"]["ErrorCode"] == "COLLECTION_SOME_OPERATIONS_FAILED"
    failed, added = body["TrackActionResults"]
    assert failed["InputId"] == UNKNOWN_TRACK
    assert "Id" not in failed
    assert failed["Error"]["ErrorCode"] == "COLLECTION_INVALID_ID"
    assert failed["Error"]["Message"] == "Collection ErrorCode=ArgumentInvalid, Details=ContentId"
    assert "Error" not in added and COLLECTION_ID.fullmatch(added["Id"])
    journaled = state.journal.query(path=ADD)[-1]
    assert journaled.error_code == "COLLECTION_SOME_OPERATIONS_FAILED"


@pytest.mark.parametrize("bad_id", ["", "music.", "MUSIC.A83EB907-0100-11DB-89CA-0019B92A3933"])
def test_malformed_ids_fail_per_item(client: httpx.Client, state: MockState, bad_id: str):
    response = client.post(ADD, headers=as_user(state), json={"TrackIds": [bad_id]})
    assert response.status_code == 200
    assert response.json()["TrackActionResults"][0]["Error"]["ErrorCode"] == "COLLECTION_INVALID_ID"


def test_more_than_100_ids_is_invalid_operation(client: httpx.Client, state: MockState):
    response = client.post(ADD, headers=as_user(state), json={"TrackIds": [GET_LUCKY] * 101})
    assert response.status_code == 400
    assert error_of(response) == {
        "ErrorCode": "COLLECTION_INVALID_OPERATION",
        "Description": "Unsupported operation",
        "Message": "Number of tracks for this operation is limited to 100",
    }


def test_exactly_100_ids_is_accepted(client: httpx.Client, state: MockState):
    response = client.post(ADD, headers=as_user(state), json={"TrackIds": [GET_LUCKY] * 100})
    assert response.status_code == 200
    assert len(response.json()["TrackActionResults"]) == 100


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "MISSING_INPUT_PARAMETER"),
        ({"trackIds": [GET_LUCKY]}, "MISSING_INPUT_PARAMETER"),  # member names are PascalCase
        ({"TrackIds": []}, "MISSING_INPUT_PARAMETER"),
        ({"TrackIds": None}, "MISSING_INPUT_PARAMETER"),
        ({"TrackIds": GET_LUCKY}, "INVALID_INPUT_PARAMETER"),
        ({"TrackIds": [GET_LUCKY, 7]}, "INVALID_INPUT_PARAMETER"),
        ({"TrackIds": [{"Id": GET_LUCKY}]}, "INVALID_INPUT_PARAMETER"),
    ],
)
def test_bad_bodies_get_the_documented_error(
    client: httpx.Client, state: MockState, body: object, code: str
):
    response = client.post(ADD, headers=as_user(state), json=body)
    assert response.status_code == 400
    assert code_of(response) == code
    assert "TrackIds" in error_of(response)["Message"]


@pytest.mark.parametrize(
    ("content", "content_type", "code"),
    [
        (b"{not json", "application/json", "INVALID_INPUT_PARAMETER"),
        (b"[1, 2]", "application/json", "INVALID_INPUT_PARAMETER"),
        (b"\xff\xfe{}", "application/json", "INVALID_INPUT_PARAMETER"),
        (b"", "application/json", "MISSING_INPUT_PARAMETER"),
        (b"TrackIds=x", "application/xml", "INVALID_INPUT_PARAMETER"),
    ],
)
def test_unreadable_bodies_never_500(
    client: httpx.Client, state: MockState, content: bytes, content_type: str, code: str
):
    headers = {**as_user(state), "Content-Type": content_type}
    response = client.post(ADD, headers=headers, content=content)
    assert response.status_code == 400
    assert code_of(response) == code


def test_app_token_is_refused_with_the_documented_message(client: httpx.Client, state: MockState):
    response = client.post(ADD, headers=bearer(app_token(state)), json={"TrackIds": [GET_LUCKY]})
    assert response.status_code == 401
    assert error_of(response) == {
        "ErrorCode": "INVALID_AUTHORIZATION_HEADER",
        "Description": "Missing or invalid authorization header",
        "Message": "You need user authentication to use this API",
    }


def test_no_token_is_invalid_authorization_header(client: httpx.Client):
    response = client.post(DELETE, json={"TrackIds": [GET_LUCKY]})
    assert response.status_code == 401
    assert code_of(response) == "INVALID_AUTHORIZATION_HEADER"


def test_namespace_is_case_sensitive_but_path_keywords_are_not(
    client: httpx.Client, state: MockState
):
    headers = as_user(state)
    wrong = client.post("/1/content/Music/collection/add", headers=headers, json={"TrackIds": []})
    assert wrong.status_code == 400
    assert code_of(wrong) == "INVALID_INPUT_PARAMETER"
    right = client.post(
        "/1/content/music/Collection/ADD", headers=headers, json={"TrackIds": [GIVE_LIFE_BACK]}
    )
    assert right.status_code == 200


def test_get_on_an_edit_endpoint_is_not_allowed(client: httpx.Client, state: MockState):
    response = client.get(ADD, headers=as_user(state))
    assert response.status_code == 405
    assert code_of(response) == "UNAUTHORIZED_API_METHOD"


def test_delete_by_collection_id_and_by_catalog_id(client: httpx.Client, state: MockState):
    headers = as_user(state)
    view = store_of(state).view(ADA)
    by_collection, by_catalog = view.tracks[0], view.tracks[1]
    response = client.post(
        DELETE,
        headers=headers,
        json={"TrackIds": [by_collection.collection_id, by_catalog.catalog_id.lower()]},
    )
    assert response.status_code == 200
    body = response.json()
    assert "Error" not in body
    assert body["TrackActionResults"] == [
        {"InputId": by_collection.collection_id},
        {"InputId": by_catalog.catalog_id.lower()},
    ]
    left = catalog_ids(state)
    assert by_collection.catalog_id not in left and by_catalog.catalog_id not in left


def test_a_playlist_entry_id_adds_its_track(client: httpx.Client, state: MockState):
    # The user's own ids name their tracks (UD23): a playlist entry id as much as a collection id.
    headers = as_user(state)
    entry = store_of(state).view(ADA).playlists[0].tracks[0]
    client.post(DELETE, headers=headers, json={"TrackIds": [entry.catalog_id]})
    assert entry.catalog_id not in catalog_ids(state)
    response = client.post(ADD, headers=headers, json={"TrackIds": [entry.collection_id]})
    assert "Error" not in response.json()
    [result] = response.json()["TrackActionResults"]
    assert result["InputId"] == entry.collection_id
    assert result["Id"] == collection_track_id(ADA, entry.catalog_id)
    assert entry.catalog_id in catalog_ids(state)


def test_deleting_a_track_not_collected_fails_per_item(client: httpx.Client, state: MockState):
    response = client.post(
        DELETE, headers=as_user(state), json={"TrackIds": [GIVE_LIFE_BACK, UNKNOWN_TRACK]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["Error"]["ErrorCode"] == "COLLECTION_SOME_OPERATIONS_FAILED"
    assert [r["Error"]["ErrorCode"] for r in body["TrackActionResults"]] == [
        "COLLECTION_INVALID_ID",
        "COLLECTION_INVALID_ID",
    ]


def test_collections_are_per_user(client: httpx.Client, state: MockState):
    client.post(ADD, headers=as_user(state, ADA), json={"TrackIds": [GIVE_LIFE_BACK]})
    assert GIVE_LIFE_BACK in catalog_ids(state, ADA)
    assert GIVE_LIFE_BACK not in catalog_ids(state, CLEO)
    ada_id = store_of(state).view(ADA).tracks[-1].collection_id
    # Another user's collection id means nothing to Cleo.
    response = client.post(DELETE, headers=as_user(state, CLEO), json={"TrackIds": [ada_id]})
    assert response.json()["TrackActionResults"][0]["Error"]["ErrorCode"] == "COLLECTION_INVALID_ID"


def test_a_full_collection_refuses_the_whole_batch(client: httpx.Client, state: MockState):
    store = store_of(state)
    store.track_cap = len(store.view(ADA).tracks) + 1
    headers = as_user(state)
    token = profile_token(client, headers)
    two = streamable_tracks(2, skip=set(catalog_ids(state)))
    response = client.post(ADD, headers=headers, json={"TrackIds": two})
    assert response.status_code == 400
    assert code_of(response) == "COLLECTION_FULL"
    assert profile_token(client, headers) == token  # nothing was added
    assert client.post(ADD, headers=headers, json={"TrackIds": two[:1]}).status_code == 200
    remaining = client.get("/1/user/music/profile", headers=headers).json()["Collection"]
    assert remaining["RemainingTrackCount"] == 0


@pytest.mark.parametrize(
    "content",
    [b'{"TrackIds": ["\\ud800"]}', b'{"TrackIds": ["music.\\udfff"]}'],
)
def test_ids_that_are_not_unicode_are_refused(
    client: httpx.Client, state: MockState, content: bytes
):
    headers = {**as_user(state), "Content-Type": "application/json"}
    response = client.post(ADD, headers=headers, content=content)
    assert response.status_code == 400
    assert code_of(response) == "INVALID_INPUT_PARAMETER"
