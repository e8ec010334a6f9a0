"""Preview and stream (reference §6 rows 11-12, §8 streaming codes, §10 one stream per user)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
import pytest
from user_support import (
    ADA,
    BEN,
    CLEO,
    DAFT_PUNK,
    GET_LUCKY,
    INSTANCE,
    RAM_ALBUM,
    UNKNOWN_TRACK,
    app_token,
    as_user,
    bearer,
    code_of,
    store_of,
)

from mock_server import MockState
from mock_server.groove.catalog._catalog import load_catalog

OTHER_INSTANCE = "c0ffee00-96ed-4cf2-a4de-e0a13d66609c"
NOW = datetime(2017, 6, 1, 12, 0, 0, tzinfo=UTC).timestamp()


def stream(track: str = GET_LUCKY, instance: str = INSTANCE) -> str:
    return f"/1/content/{track}/stream?clientInstanceId={instance}"


def preview(track: str = GET_LUCKY, instance: str = INSTANCE) -> str:
    return f"/1/content/{track}/preview?clientInstanceId={instance}"


@pytest.fixture(autouse=True)
def frozen(state: MockState) -> None:
    state.clock.freeze(NOW)


def purchase_only() -> str:
    return next(t.id for t in load_catalog().tracks if not t.can_stream)


def test_stream_for_a_pass_holder(client: httpx.Client, state: MockState):
    response = client.get(stream(), headers=as_user(state, ADA))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"Url", "ContentType", "ExpiresOn"}
    assert body["ContentType"] == "audio/mpeg"
    assert body["ExpiresOn"] == "2017-06-01T12:10:00.000Z"
    assert body["Url"].startswith("http://127.0.0.1:8080/media/stream/")


def test_a_trial_pass_streams_too(client: httpx.Client, state: MockState):
    assert client.get(stream(), headers=as_user(state, BEN)).status_code == 200


def test_no_pass_is_403(client: httpx.Client, state: MockState):
    response = client.get(stream(), headers=as_user(state, CLEO))
    assert response.status_code == 403
    assert code_of(response) == "NO_MUSIC_PASS_SUBSCRIPTION"


def test_an_app_token_cannot_stream(client: httpx.Client, state: MockState):
    response = client.get(stream(), headers=bearer(app_token(state)))
    assert response.status_code == 401
    assert code_of(response) == "INVALID_AUTHORIZATION_HEADER"


def test_stream_by_collection_id(client: httpx.Client, state: MockState):
    collected = store_of(state).view(ADA).tracks[0]
    response = client.get(stream(collected.collection_id), headers=as_user(state))
    assert response.status_code == 200


def test_a_track_without_stream_rights(client: httpx.Client, state: MockState):
    response = client.get(stream(purchase_only()), headers=as_user(state))
    assert response.status_code == 404
    assert code_of(response) == "DELIVERY_UNAVAILABLE_CONTENT"


@pytest.mark.parametrize(
    ("track", "code"),
    [
        (UNKNOWN_TRACK, "CATALOG_NO_RESULT"),
        (RAM_ALBUM, "DELIVERY_UNAVAILABLE_CONTENT"),
        (DAFT_PUNK, "DELIVERY_UNAVAILABLE_CONTENT"),
        ("music.playlist.b97e8efd-d27b-00fe-eeb2-a526d032cd1c", "DELIVERY_UNAVAILABLE_CONTENT"),
    ],
)
def test_only_known_tracks_play(client: httpx.Client, state: MockState, track: str, code: str):
    response = client.get(stream(track), headers=as_user(state))
    assert response.status_code == 404
    assert code_of(response) == code


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "MISSING_INPUT_PARAMETER"),
        ("?clientInstanceId=", "MISSING_INPUT_PARAMETER"),
        ("?clientInstanceId=" + "a" * 31, "INVALID_INPUT_PARAMETER"),
        ("?clientInstanceId=" + "a" * 129, "INVALID_INPUT_PARAMETER"),
        ("?clientInstanceId=" + "a" * 31 + "%20", "INVALID_INPUT_PARAMETER"),
    ],
)
def test_client_instance_id_rules(client: httpx.Client, state: MockState, query: str, code: str):
    for path in (f"/1/content/{GET_LUCKY}/stream", f"/1/content/{GET_LUCKY}/preview"):
        response = client.get(path + query, headers=as_user(state))
        assert response.status_code == 400
        assert code_of(response) == code


def test_client_instance_id_bounds_are_inclusive(client: httpx.Client, state: MockState):
    headers = as_user(state)
    assert client.get(preview(instance="a" * 32), headers=headers).status_code == 200
    assert client.get(preview(instance="b" * 128), headers=headers).status_code == 200


def test_one_device_streams_at_a_time(client: httpx.Client, state: MockState):
    headers = as_user(state)
    assert client.get(stream(), headers=headers).status_code == 200
    other = client.get(stream(instance=OTHER_INSTANCE), headers=headers)
    assert other.status_code == 409
    assert code_of(other) == "DELIVERY_CONCURRENT_STREAMING"
    # The device that holds the stream may go on to the next track.
    assert client.get(stream(), headers=headers).status_code == 200
    # Another user is not affected.
    assert (
        client.get(stream(instance=OTHER_INSTANCE), headers=as_user(state, BEN)).status_code == 200
    )


def test_the_stream_lease_ends_when_the_url_expires(client: httpx.Client, state: MockState):
    headers = as_user(state)
    client.get(stream(), headers=headers)
    state.clock.advance(599)
    assert client.get(stream(instance=OTHER_INSTANCE), headers=headers).status_code == 409
    state.clock.advance(1)
    assert client.get(stream(instance=OTHER_INSTANCE), headers=headers).status_code == 200


def test_preview_with_an_app_token(client: httpx.Client, state: MockState):
    response = client.get(preview(), headers=bearer(app_token(state)))
    assert response.status_code == 200
    body = response.json()
    assert body["ContentType"] == "audio/mp3"
    assert body["ExpiresOn"] == "2017-06-01T12:10:00.000Z"
    assert "/media/preview/" in body["Url"]


def test_preview_needs_no_pass_and_takes_no_lease(client: httpx.Client, state: MockState):
    assert client.get(preview(), headers=as_user(state, CLEO)).status_code == 200
    headers = as_user(state, ADA)
    client.get(stream(), headers=headers)
    assert client.get(preview(instance=OTHER_INSTANCE), headers=headers).status_code == 200


def test_preview_of_a_collection_id_needs_a_user(client: httpx.Client, state: MockState):
    collected = store_of(state).view(ADA).tracks[0]
    as_app = client.get(preview(collected.collection_id), headers=bearer(app_token(state)))
    assert as_app.status_code == 401
    assert code_of(as_app) == "INVALID_AUTHORIZATION_HEADER"
    assert client.get(preview(collected.collection_id), headers=as_user(state)).status_code == 200


def test_preview_without_token_is_access_token_missing(client: httpx.Client):
    response = client.get(preview())
    assert response.status_code == 401
    assert code_of(response) == "ACCESS_TOKEN_MISSING"


def test_the_media_url_plays_until_it_expires(client: httpx.Client, state: MockState):
    url = client.get(stream(), headers=as_user(state)).json()["Url"]
    path = urlsplit(url).path
    media = client.get(path)
    assert media.status_code == 200
    assert media.headers["content-type"] == "audio/mpeg"
    assert media.content[:2] == b"\xff\xfb"  # an MPEG audio frame
    state.clock.advance(600)
    expired = client.get(path)
    assert expired.status_code == 403
    assert "expired" in expired.text


def test_a_tampered_media_url_is_refused(client: httpx.Client, state: MockState):
    url = client.get(preview(), headers=as_user(state)).json()["Url"]
    path = urlsplit(url).path
    ticket = path.rsplit("/", 1)[1]
    forged = path.replace(ticket, "A" + ticket[1:])
    assert client.get(forged).status_code == 403
    assert client.get(path.replace("/preview/", "/stream/")).status_code == 403
    assert client.get(path.replace("/preview/", "/other/")).status_code == 404
    assert client.get("/media/stream/not-a-ticket.mp3").status_code == 403
