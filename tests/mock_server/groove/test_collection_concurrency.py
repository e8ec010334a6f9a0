"""Concurrent edits of one user's collection lose nothing (reference §8, §10).

Each client below has its own in-process transport, hence its own event loop thread: requests
really run side by side on one shared mock state, as under a threaded server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import httpx
import pytest
from user_support import ADA, as_user, catalog_ids, store_of, streamable_tracks

from mock_server import MockState, create_app
from mock_server._inprocess import InProcessTransport

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


def run_together(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    barrier = threading.Barrier(len(calls))
    responses: list[httpx.Response | None] = [None] * len(calls)

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
