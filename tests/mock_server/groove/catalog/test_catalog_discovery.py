"""Genres, moods, activities, spotlight and new releases over HTTP (reference §6 rows 6-10)."""

from __future__ import annotations

import json

import httpx
import pytest
from catalog_support import (
    BEN,
    DAFT_PUNK,
    RAM,
    app_headers,
    assert_content,
    assert_paginated,
    error_of,
    follow,
    user_headers,
)

from mock_server import MockState
from mock_server.groove.catalog import _catalog as catalog_module
from mock_server.groove.catalog._catalog import Catalog, catalog_of, default_catalog_path
from mock_server.groove.catalog._load import parse_document

TOP_GENRES = [
    "Blues / Folk",
    "Christian / Gospel",
    "Classical",
    "Comedy / Spoken Word",
    "Country",
    "Electronic / Dance",
    "Hip Hop",
    "Jazz",
    "Kids",
    "Latin",
    "Pop",
    "R&B / Soul",
    "Reggae / Dancehall",
    "Rock",
    "Soundtracks",
    "World",
    "More",
]


def test_v3_genres_list_every_genre_with_its_parent(client: httpx.Client, state: MockState):
    response = client.get("/3/content/music/catalog/genres", headers=app_headers(state))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"CatalogGenres", "Culture"}
    genres = body["CatalogGenres"]
    names = [g["Name"] for g in genres]
    assert names == sorted(names, key=str.casefold)
    by_name = {g["Name"]: g for g in genres}
    assert by_name["Dance"] == {
        "ParentName": "Electronic / Dance",
        "HasEditorialPlaylists": False,
        "Name": "Dance",
    }
    assert by_name["Electronic / Dance"] == {
        "HasEditorialPlaylists": True,
        "Name": "Electronic / Dance",
    }
    assert by_name["Comedy / Spoken Word"]["HasEditorialPlaylists"] is False
    assert {n for n, g in by_name.items() if "ParentName" not in g} == set(TOP_GENRES)
    for genre in genres:
        assert set(genre) <= {"Name", "ParentName", "HasEditorialPlaylists"}
        assert isinstance(genre["HasEditorialPlaylists"], bool)


def test_v1_genres_are_the_top_level_names(client: httpx.Client, state: MockState):
    response = client.get("/1/content/music/catalog/genres", headers=app_headers(state))
    assert response.json() == {"Genres": TOP_GENRES, "Culture": "en-US"}


def test_moods_in_english_and_in_french(client: httpx.Client, state: MockState):
    english = client.get("/1/content/music/catalog/moods", headers=app_headers(state)).json()
    assert english["Culture"] == "en-US"
    assert [m["Id"] for m in english["CatalogMoods"]][:3] == ["Happy", "Chill", "Energetic"]
    happy = english["CatalogMoods"][0]
    assert happy == {
        "Id": "Happy",
        "Name": "Happy",
        "Description": "Mood-boosting music",
        "ImageUrl": "https://musicimage.xboxlive.com/catalog/music.mood.Happy/image?locale=en-US",
    }
    french = client.get("/1/content/music/catalog/moods", headers=user_headers(state, BEN)).json()
    assert french["Culture"] == "fr-FR"
    assert french["CatalogMoods"][0]["Name"] == "Heureux"
    assert french["CatalogMoods"][0]["ImageUrl"].endswith("locale=fr-FR")


def test_activities(client: httpx.Client, state: MockState):
    body = client.get(
        "/1/content/music/catalog/activities",
        params={"language": "fr", "country": "FR"},
        headers=app_headers(state),
    ).json()
    assert len(body["CatalogActivities"]) == 10
    dinner = next(a for a in body["CatalogActivities"] if a["Id"] == "Dinner_Party")
    assert dinner["Name"] == "Dîner"
    assert dinner["ImageUrl"] == (
        "https://musicimage.xboxlive.com/catalog/music.activity.Dinner_Party/image?locale=fr-FR"
    )


def test_languages_without_translation_fall_back_to_english(client: httpx.Client, state: MockState):
    body = client.get(
        "/1/content/music/catalog/moods",
        params={"language": "tr", "country": "TR"},
        headers=app_headers(state),
    ).json()
    assert body["Culture"] == "tr-TR"
    assert body["CatalogMoods"][0]["Name"] == "Happy"


def test_spotlight_mixes_content_items(client: httpx.Client, state: MockState):
    body = client.get("/1/content/music/spotlight", headers=app_headers(state)).json()
    results = body["Results"]
    assert_paginated(results)
    assert results["TotalItemCount"] == len(results["Items"]) == 10
    types = {item["Type"] for item in results["Items"]}
    assert types == {"Albums", "Artists", "Playlists"}
    for item in results["Items"]:
        member = {"Albums": "Album", "Artists": "Artist", "Playlists": "Playlist"}[item["Type"]]
        assert set(item) == {"Type", member}
        assert_content(item[member])
    assert results["Items"][0]["Album"]["Id"] == RAM
    assert results["Items"][1]["Artist"]["Id"] == DAFT_PUNK


def test_new_releases_are_the_30_newest_albums_in_pages(client: httpx.Client, state: MockState):
    items, pages = follow(
        client, "/1/content/music/newreleases", app_headers(state), lambda b: b["Results"]
    )
    assert [len(p["Items"]) for p in pages] == [25, 5]
    assert {p["TotalItemCount"] for p in pages} == {30}
    assert all(item["Type"] == "Albums" for item in items)
    dates = [item["Album"]["ReleaseDate"] for item in items]
    assert dates == sorted(dates, reverse=True)
    newest = sorted((a.release_date for a in catalog_of(state).albums), reverse=True)[:30]
    assert [d[:10] for d in dates] == newest


def test_new_releases_of_one_genre(client: httpx.Client, state: MockState):
    items, _ = follow(
        client,
        "/1/content/music/newreleases?genre=rock",
        app_headers(state),
        lambda b: b["Results"],
    )
    assert items and all(item["Album"]["Genres"] == ["Rock"] for item in items)


def test_an_unknown_genre_is_a_discovery_error(client: httpx.Client, state: MockState):
    response = client.get(
        "/1/content/music/newreleases", params={"genre": "Polka"}, headers=app_headers(state)
    )
    assert error_of(response) == (404, "DISCOVERY_INVALID_GENRE")


@pytest.mark.parametrize(
    "path",
    [
        "/3/content/music/catalog/genres",
        "/1/content/music/catalog/genres",
        "/1/content/music/catalog/moods",
        "/1/content/music/catalog/activities",
        "/1/content/music/spotlight",
        "/1/content/music/newreleases",
    ],
)
def test_every_discovery_endpoint_checks_the_token_and_namespace(
    client: httpx.Client, state: MockState, path: str
):
    assert error_of(client.get(path)) == (401, "ACCESS_TOKEN_MISSING")
    assert client.get(path, headers=user_headers(state)).status_code == 200
    wrong = path.replace("/music/", "/Music/")
    assert error_of(client.get(wrong, headers=app_headers(state))) == (
        400,
        "INVALID_INPUT_PARAMETER",
    )


def test_a_genre_without_releases_is_no_result(
    client: httpx.Client, state: MockState, monkeypatch: pytest.MonkeyPatch
):
    document = json.loads(default_catalog_path().read_text(encoding="utf-8"))
    document["genres"].append({"name": "Polka", "parent": None})
    monkeypatch.setattr(catalog_module, "_builtin", [Catalog(parse_document(document))])
    response = client.get(
        "/1/content/music/newreleases", params={"genre": "polka"}, headers=app_headers(state)
    )
    assert error_of(response) == (404, "DISCOVERY_NO_RESULT")
    genres = client.get("/3/content/music/catalog/genres", headers=app_headers(state)).json()
    assert {"HasEditorialPlaylists": False, "Name": "Polka"} in genres["CatalogGenres"]
