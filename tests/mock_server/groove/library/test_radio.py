"""Radio: create, next, recently played (reference §6 rows 19-21, `R/json-radioresponse.md`)."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from user_support import (
    ADA,
    CLEO,
    DAFT_PUNK,
    GET_LUCKY,
    app_token,
    as_user,
    bearer,
    code_of,
    store_of,
)

from mock_server import MockState
from mock_server.groove._errors import CatalogNoResult
from mock_server.groove.catalog._catalog import load_catalog
from mock_server.groove.library._radio_store import (
    SESSIONS_KEPT,
    STATIONS_KEPT,
    RadioStore,
    Station,
)

CREATE = "/1/content/music/radio/create"
RECENT = "/1/content/music/radio/recentlyplayed"
SESSION_ID = re.compile(r"AwEA[A-Za-z0-9_-]+")
RADIO_ID = re.compile(r"music\.radio\.[0-9a-f-]{36}")


def artist_seed(artist: str = DAFT_PUNK) -> dict[str, Any]:
    return {"Seeds": [{"Id": artist, "Type": "Artist"}]}


def genre_seed(name: str = "electronic / dance") -> dict[str, Any]:
    return {"Seeds": [{"Id": name, "Type": "Genre"}]}


def start(
    client: httpx.Client, state: MockState, body: dict[str, Any], query: str = ""
) -> dict[str, Any]:
    response = client.post(CREATE + query, headers=as_user(state), json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def next_path(any_id: str, query: str = "") -> str:
    return f"/1/content/music/radio/{any_id}/next{query}"


def test_artist_radio(client: httpx.Client, state: MockState):
    body = start(client, state, artist_seed())
    assert set(body) == {"SessionId", "Tracks"}
    assert SESSION_ID.fullmatch(body["SessionId"])
    assert len(body["Tracks"]) == 25
    catalog = load_catalog()
    for track in body["Tracks"]:
        assert track["Source"] == "Catalog"
        found = catalog.track(track["Id"])
        assert found is not None and found.can_stream
    daft_punk = {t.id for t in catalog.top_tracks_of_artist(DAFT_PUNK)}
    assert any(t["Id"] in daft_punk for t in body["Tracks"])


def test_genre_radio_takes_any_case_and_max_items(client: httpx.Client, state: MockState):
    body = start(client, state, genre_seed("ELECTRONIC / DANCE"), "?maxItems=5")
    assert len(body["Tracks"]) == 5
    assert all("Electronic / Dance" in t["Genres"] for t in body["Tracks"])


def test_next_continues_the_session_without_repeats(client: httpx.Client, state: MockState):
    first = start(client, state, artist_seed(), "?maxItems=10")
    response = client.get(next_path(first["SessionId"], "?maxItems=10"), headers=as_user(state))
    assert response.status_code == 200
    second = response.json()
    assert second["SessionId"] == first["SessionId"]
    ids = [t["Id"] for t in first["Tracks"] + second["Tracks"]]
    assert len(set(ids)) == len(ids)


def test_the_stream_never_ends(client: httpx.Client, state: MockState):
    session = start(client, state, artist_seed(), "?maxItems=25")["SessionId"]
    for _ in range(4):  # more than the station's pool of tracks
        response = client.get(next_path(session), headers=as_user(state))
        assert len(response.json()["Tracks"]) == 25


def test_sessions_expire_after_a_day(client: httpx.Client, state: MockState):
    # A whole-second frozen clock, so that the last valid second and the expiry are exact.
    state.clock.freeze(float(int(state.clock.now())))
    session = start(client, state, artist_seed())["SessionId"]
    state.clock.advance(86399)
    assert client.get(next_path(session), headers=as_user(state)).status_code == 200
    state.clock.advance(1)
    response = client.get(next_path(session), headers=as_user(state))
    assert response.status_code == 404
    assert code_of(response) == "CATALOG_NO_RESULT"
    assert "expired" in response.json()["Error"]["Message"]


def test_a_radio_id_restarts_the_station(client: httpx.Client, state: MockState):
    old = start(client, state, artist_seed())["SessionId"]
    [radio] = client.get(RECENT, headers=as_user(state)).json()["Radios"]["Items"]
    shouting = "music." + radio["Id"].removeprefix("music.").upper()
    response = client.get(next_path(shouting, "?maxItems=3"), headers=as_user(state))
    assert response.status_code == 200
    body = response.json()
    assert body["SessionId"] != old and len(body["Tracks"]) == 3


@pytest.mark.parametrize(
    "unknown", ["AwEAnotasession", "music.radio.2011c75e-adcc-4d8e-b7dd-27c6ce3d2f26"]
)
def test_unknown_sessions_and_radios(client: httpx.Client, state: MockState, unknown: str):
    response = client.get(next_path(unknown), headers=as_user(state))
    assert response.status_code == 404
    assert code_of(response) == "CATALOG_NO_RESULT"


def test_sessions_belong_to_their_user(client: httpx.Client, state: MockState):
    session = start(client, state, artist_seed())["SessionId"]
    response = client.get(next_path(session), headers=as_user(state, CLEO))
    assert code_of(response) == "CATALOG_NO_RESULT"


def test_recently_played_is_most_recent_first(client: httpx.Client, state: MockState):
    headers = as_user(state)
    assert client.get(RECENT, headers=headers).json()["Radios"] == {
        "Items": [],
        "TotalItemCount": 0,
    }
    start(client, state, artist_seed())
    start(client, state, genre_seed())
    items = client.get(RECENT, headers=headers).json()["Radios"]["Items"]
    assert [i["Name"] for i in items] == ["Electronic / Dance", "Daft Punk"]
    for item in items:
        assert RADIO_ID.fullmatch(item["Id"])
        assert item["Source"] == "Catalog" and item["CompatibleSources"] == "Catalog"
    # Playing a station again brings it back to the top, under the same id.
    start(client, state, artist_seed())
    again = client.get(RECENT, headers=headers).json()["Radios"]["Items"]
    assert [i["Id"] for i in again] == [items[1]["Id"], items[0]["Id"]]


def test_recently_played_pages(client: httpx.Client, state: MockState):
    headers = as_user(state)
    for genre in ("Rock", "Jazz", "Pop"):
        start(client, state, genre_seed(genre))
    first = client.get(f"{RECENT}?maxItems=2", headers=headers).json()["Radios"]
    assert [i["Name"] for i in first["Items"]] == ["Pop", "Jazz"]
    assert first["TotalItemCount"] == 3
    token = first["ContinuationToken"]
    rest = client.get(f"{RECENT}?continuationToken={token}", headers=headers).json()["Radios"]
    assert [i["Name"] for i in rest["Items"]] == ["Rock"]
    assert "ContinuationToken" not in rest
    paged = client.get(f"{RECENT}?maxItems=2&page=1", headers=headers).json()["Radios"]
    assert paged["Items"] == rest["Items"]


def stations(count: int, pool: tuple[str, ...] = (GET_LUCKY,)) -> list[Station]:
    return [Station(f"music.radio.{i:08x}-0000-4000-8000-000000000000", f"S{i}", pool, 0.0)
            for i in range(count)]  # fmt: skip


def test_each_user_keeps_the_last_100_stations(state: MockState):
    radios = state.part(RadioStore)
    made = stations(STATIONS_KEPT + 1)
    first_session, _ = radios.start(ADA, made[0], 1)
    for station in made[1:]:
        radios.start(ADA, station, 1)
    kept = radios.recently_played(ADA)
    assert STATIONS_KEPT == 100
    assert [s.id for s in kept] == [s.id for s in reversed(made[1:])]
    with pytest.raises(CatalogNoResult):  # the session went with its station
        radios.next_tracks(ADA, first_session, 1)
    with pytest.raises(CatalogNoResult):
        radios.next_tracks(ADA, made[0].id, 1)
    assert radios.recently_played(CLEO) == []  # per user


def test_each_user_keeps_the_last_20_sessions(state: MockState):
    radios = state.part(RadioStore)
    [station] = stations(1)
    sessions = [radios.start(ADA, station, 1)[0] for _ in range(SESSIONS_KEPT + 1)]
    assert SESSIONS_KEPT == 20
    with pytest.raises(CatalogNoResult):
        radios.next_tracks(ADA, sessions[0], 1)
    assert radios.next_tracks(ADA, sessions[1], 1)[0] == sessions[1]


def test_every_pass_plays_the_whole_pool_in_a_new_order(state: MockState):
    pool = tuple(t.id for t in load_catalog().tracks[:10])
    [station] = stations(1, pool)
    session, first = state.part(RadioStore).start(ADA, station, len(pool))
    _, second = state.part(RadioStore).next_tracks(ADA, session, len(pool))
    assert sorted(first) == sorted(second) == sorted(pool)  # no repeat within a pass
    assert first != second


def test_an_artist_seed_may_be_a_collection_artist_id(client: httpx.Client, state: MockState):
    artists = client.get(
        "/1/content/music/collection/artists/browse", headers=as_user(state)
    ).json()["Artists"]["Items"]
    body = start(client, state, artist_seed(artists[0]["Id"]), "?maxItems=1")
    assert len(body["Tracks"]) == 1
    assert store_of(state).to_catalog_id(ADA, artists[0]["Id"]) is not None


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "MISSING_INPUT_PARAMETER"),
        ({"Seeds": []}, 400, "MISSING_INPUT_PARAMETER"),
        ({"Seeds": {"Id": DAFT_PUNK}}, 400, "INVALID_INPUT_PARAMETER"),
        (
            {"Seeds": [artist_seed()["Seeds"][0], genre_seed()["Seeds"][0]]},
            400,
            "INCOMPATIBLE_INPUT_PARAMETERS",
        ),
        ({"Seeds": [{"Type": "Artist"}]}, 400, "MISSING_INPUT_PARAMETER"),
        ({"Seeds": [{"Id": DAFT_PUNK}]}, 400, "MISSING_INPUT_PARAMETER"),
        ({"Seeds": [{"Id": DAFT_PUNK, "Type": "Album"}]}, 400, "INVALID_INPUT_PARAMETER"),
        ({"Seeds": [{"Id": 3, "Type": "Artist"}]}, 400, "INVALID_INPUT_PARAMETER"),
        ({"Seeds": [{"Id": GET_LUCKY, "Type": "Artist"}]}, 404, "CATALOG_NO_RESULT"),
        ({"Seeds": [{"Id": "polka", "Type": "Genre"}]}, 404, "DISCOVERY_INVALID_GENRE"),
    ],
)
def test_create_refuses_bad_seeds(
    client: httpx.Client, state: MockState, body: dict[str, Any], status: int, code: str
):
    response = client.post(CREATE, headers=as_user(state), json=body)
    assert response.status_code == status
    assert code_of(response) == code
    assert client.get(RECENT, headers=as_user(state)).json()["Radios"]["TotalItemCount"] == 0


def test_max_items_over_25_is_refused(client: httpx.Client, state: MockState):
    response = client.post(CREATE + "?maxItems=26", headers=as_user(state), json=artist_seed())
    assert code_of(response) == "INVALID_INPUT_PARAMETER"


def test_radio_needs_a_user_but_no_pass(client: httpx.Client, state: MockState):
    as_app = client.post(CREATE, headers=bearer(app_token(state)), json=artist_seed())
    assert as_app.status_code == 401
    assert code_of(as_app) == "INVALID_AUTHORIZATION_HEADER"
    assert client.get(RECENT, headers=bearer(app_token(state))).status_code == 401
    without_pass = client.post(CREATE, headers=as_user(state, CLEO), json=artist_seed())
    assert without_pass.status_code == 200


def test_create_is_post_only(client: httpx.Client, state: MockState):
    response = client.get(CREATE, headers=as_user(state))
    assert response.status_code == 405
    assert code_of(response) == "UNAUTHORIZED_API_METHOD"
