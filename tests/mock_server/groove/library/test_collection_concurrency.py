"""Concurrent edits of one user's collection lose nothing (reference §8, §10).

Each client below has its own in-process transport, hence its own event loop thread: requests
really run side by side on one shared mock state, as under a threaded server.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import httpx
import pytest
from user_support import ADA, as_user, catalog_ids, store_of, streamable_tracks

from mock_server import MockState, create_app
from mock_server._inprocess import InProcessTransport
from mock_server.groove._errors import GrooveError
from mock_server.groove.library._from_catalog import track_resolver
from mock_server.groove.library._types import PlaylistEdit, TrackAction
from mock_server.groove.library._user_data import Resolver

T = TypeVar("T")

THREADS = 4
ADD = "/1/content/music/collection/add"
UPDATE = "/1/content/music/collection/playlists/update"


@pytest.fixture
def clients(state: MockState) -> Iterator[list[httpx.Client]]:
    app = create_app(state=state)
    made = [
        httpx.Client(transport=InProcessTransport(app), base_url="http://127.0.0.1:8080")
        for _ in range(THREADS)
    ]
    yield made
    for client in made:
        client.close()


def run_together(calls: list[Callable[[], T]]) -> list[T]:
    barrier = threading.Barrier(len(calls))
    responses: list[T | None] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        responses[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r is not None for r in responses)
    return [r for r in responses if r is not None]


def test_concurrent_adds_for_one_user_lose_nothing(clients: list[httpx.Client], state: MockState):
    headers = as_user(state)
    before = set(catalog_ids(state))
    tracks = streamable_tracks(48, skip=before)

    def add(i: int) -> Callable[[], httpx.Response]:
        client = clients[i % THREADS]
        return lambda: client.post(ADD, headers=headers, json={"TrackIds": [tracks[i]]})

    responses = run_together([add(i) for i in range(len(tracks))])
    assert [r.status_code for r in responses] == [200] * len(tracks)
    assert set(catalog_ids(state)) == before | set(tracks)
    # Every add was its own change, and the token counted each one.
    assert store_of(state).view(ADA).state_token.split(".")[2] == str(len(tracks))


def test_one_state_token_admits_exactly_one_update(clients: list[httpx.Client], state: MockState):
    headers = as_user(state)
    view = store_of(state).view(ADA)
    playlist = view.playlists[0]

    def rename(i: int) -> Callable[[], httpx.Response]:
        body = {"Id": playlist.id, "Name": f"Name {i}", "CollectionStateToken": view.state_token}
        client = clients[i % THREADS]
        return lambda: client.post(UPDATE, headers=headers, json=body)

    responses = run_together([rename(i) for i in range(16)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 15
    winner = next(r for r in responses if r.status_code == 200)
    losers = [r for r in responses if r.status_code == 409]
    assert {r.json()["Error"]["ErrorCode"] for r in losers} == {"COLLECTION_CONCURRENT_UPDATE"}
    final = store_of(state).view(ADA).playlist(playlist.id)
    assert final is not None and final.name == winner.json()["PlaylistActionResult"]["Name"]


def test_concurrent_playlist_adds_without_token_all_land(
    clients: list[httpx.Client], state: MockState
):
    headers = as_user(state)
    playlist = store_of(state).view(ADA).playlists[0]
    tracks = streamable_tracks(24)

    def add(i: int) -> Callable[[], httpx.Response]:
        body = {"Id": playlist.id, "TrackActions": [{"Id": tracks[i], "Action": "Add"}]}
        client = clients[i % THREADS]
        return lambda: client.post(UPDATE, headers=headers, json=body)

    responses = run_together([add(i) for i in range(len(tracks))])
    assert all(r.status_code == 200 for r in responses)
    final = store_of(state).view(ADA).playlist(playlist.id)
    assert final is not None
    assert final.track_count == playlist.track_count + len(tracks)
    added_ids = {r.json()["PlaylistActionResult"]["TrackActionResults"][0]["Id"] for r in responses}
    assert len(added_ids) == len(tracks)  # every entry got its own id


def slow(resolve: Resolver) -> Resolver:
    """A resolver that pauses: it runs between an edit's checks and its change, so without the
    user's lock a second edit would slip in between."""

    def resolving(given: str) -> str | None:
        time.sleep(0.05)
        return resolve(given)

    return resolving


def outcome(edit: Callable[[], object]) -> str:
    try:
        edit()
    except GrooveError as error:
        return error.error_code
    return "ok"


def test_an_add_keeps_the_user_locked_from_its_checks_to_its_change(state: MockState):
    # The cap check and the add are one step: while an add resolves its ids (after it read the
    # collection, before it changes it), another request for the same user has to wait.
    store = store_of(state)
    track = streamable_tracks(1, skip=set(catalog_ids(state)))[0]
    resolve = track_resolver(state)
    reader_waited: list[bool] = []

    def resolving(given: str) -> str | None:
        reader = threading.Thread(target=store.view, args=(ADA,))
        reader.start()
        reader.join(0.1)
        reader_waited.append(reader.is_alive())
        return resolve(given)

    store.add_tracks(ADA, [track], resolving)
    assert reader_waited == [True]
    assert track in catalog_ids(state)


def test_the_state_token_is_compared_in_the_critical_section_of_the_update(state: MockState):
    store = store_of(state)
    view = store.view(ADA)
    playlist = view.playlists[0]
    resolve = slow(track_resolver(state))

    def update(track: str) -> Callable[[], str]:
        edit = PlaylistEdit(actions=((TrackAction.ADD, track),), state_token=view.state_token)
        return lambda: outcome(lambda: store.update_playlist(ADA, playlist.id, edit, resolve))

    outcomes = run_together([update(t) for t in streamable_tracks(2)])
    assert sorted(outcomes) == ["COLLECTION_CONCURRENT_UPDATE", "ok"]
    final = store.view(ADA).playlist(playlist.id)
    assert final is not None and final.track_count == playlist.track_count + 1
