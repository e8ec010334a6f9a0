"""Reordering a playlist: Move actions and InsertBeforeTrackId (reference §6 row 17,
`R/uri-update-playlist.md`, §8 COLLECTION_INVALID_PLAYLIST_REORDER)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from user_support import (
    ADA,
    GET_LUCKY,
    UNKNOWN_TRACK,
    as_user,
    code_of,
    store_of,
    streamable_tracks,
)

from mock_server import MockState

UPDATE = "/1/content/music/collection/playlists/update"


def add(*ids: str) -> list[dict[str, str]]:
    return [{"Id": i, "Action": "Add"} for i in ids]


def moves(*ids: str) -> list[dict[str, str]]:
    return [{"Id": i, "Action": "Move"} for i in ids]


def entry_order(state: MockState, playlist_id: str) -> list[str]:
    found = store_of(state).view(ADA).playlist(playlist_id)
    assert found is not None
    return [t.collection_id for t in found.tracks]


@pytest.fixture
def four(client: httpx.Client, state: MockState) -> tuple[str, list[str]]:
    response = client.post(
        "/1/content/music/collection/playlists/create",
        headers=as_user(state),
        json={"Name": "four", "TrackActions": add(*streamable_tracks(4))},
    )
    made = response.json()["PlaylistActionResult"]
    return made["Id"], [r["Id"] for r in made["TrackActionResults"]]


def test_move_before_a_track(client: httpx.Client, state: MockState, four: tuple[str, list[str]]):
    target, (a, b, c, d) = four
    response = client.post(
        UPDATE,
        headers=as_user(state),
        json={"Id": target, "InsertBeforeTrackId": b, "TrackActions": moves(d, c)},
    )
    assert response.status_code == 200
    assert response.json() == {"PlaylistActionResult": {"Id": target}}
    assert entry_order(state, target) == [a, d, c, b]


@pytest.mark.parametrize("anchor", [None, "absent"])
def test_move_to_the_end(
    client: httpx.Client, state: MockState, four: tuple[str, list[str]], anchor: str | None
):
    target, (a, b, c, d) = four
    body: dict[str, Any] = {"Id": target, "TrackActions": moves(a)}
    if anchor is None:
        body["InsertBeforeTrackId"] = None
    client.post(UPDATE, headers=as_user(state), json=body)
    assert entry_order(state, target) == [b, c, d, a]


def test_a_failed_move_item_is_reported(
    client: httpx.Client, state: MockState, four: tuple[str, list[str]]
):
    target, (a, b, c, d) = four
    response = client.post(
        UPDATE,
        headers=as_user(state),
        json={"Id": target, "InsertBeforeTrackId": a, "TrackActions": moves(d, GET_LUCKY)},
    )
    body = response.json()
    assert response.status_code == 200
    assert body["Error"]["ErrorCode"] == "COLLECTION_SOME_OPERATIONS_FAILED"
    assert body["PlaylistActionResult"]["TrackActionResults"][1]["Error"]["ErrorCode"] == (
        "COLLECTION_INVALID_ID"
    )
    assert entry_order(state, target) == [d, a, b, c]


@pytest.mark.parametrize("case", ["mixed", "anchor-without-move", "unknown-anchor", "anchor-moves"])
def test_invalid_reorders(
    client: httpx.Client, state: MockState, four: tuple[str, list[str]], case: str
):
    target, (a, b, _, d) = four
    body: dict[str, Any] = {
        "mixed": {"TrackActions": [*moves(a), *add(GET_LUCKY)]},
        "anchor-without-move": {"InsertBeforeTrackId": a, "TrackActions": add(GET_LUCKY)},
        "unknown-anchor": {"InsertBeforeTrackId": UNKNOWN_TRACK, "TrackActions": moves(a)},
        "anchor-moves": {"InsertBeforeTrackId": b, "TrackActions": moves(b, d)},
    }[case]
    before = entry_order(state, target)
    response = client.post(UPDATE, headers=as_user(state), json={"Id": target, **body})
    assert response.status_code == 400
    assert code_of(response) == "COLLECTION_INVALID_PLAYLIST_REORDER"
    assert entry_order(state, target) == before
