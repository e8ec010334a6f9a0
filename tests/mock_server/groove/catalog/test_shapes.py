"""The §7 JSON shapes, called directly (the HTTP tests check them in responses too)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from catalog_support import DAFT_PUNK, GET_LUCKY, RAM

from mock_server.groove._params import Culture
from mock_server.groove.catalog._catalog import ContentKind, load_catalog
from mock_server.groove.catalog._shapes import (
    album_json,
    artist_json,
    category_json,
    content_item_json,
    deep_link,
    genre_json,
    identity_json,
    image_url,
    paginated,
    partner_of,
    playlist_json,
    track_json,
)

US = Culture("en", "US")
FR = Culture("fr", "FR")
CATALOG = load_catalog()


@dataclass(frozen=True)
class FakeUserPlaylist:
    """The attributes a user playlist offers to playlist_json."""

    id: str
    name: str
    description: str | None = None
    track_count: int = 2
    is_read_only: bool = False
    is_published: bool = False
    user_is_owner: bool | None = True
    collection_state_token: str | None = "3.0.1.1.7.7.7"


def test_paginated_lists_omit_a_missing_continuation_token():
    assert paginated([], continuation_token=None, total=0) == {"Items": [], "TotalItemCount": 0}
    assert paginated([{"Id": "x"}], continuation_token="tok", total=9) == {
        "Items": [{"Id": "x"}],
        "ContinuationToken": "tok",
        "TotalItemCount": 9,
    }


def test_image_urls_and_deep_links():
    assert image_url(RAM, FR) == f"https://musicimage.xboxlive.com/content/{RAM}/image?locale=fr-FR"
    assert deep_link(ContentKind.ALBUM, RAM, None) == (
        "https://music.microsoft.com/Album/B13EB907-0100-11DB-89CA-0019B92A3933"
    )
    assert deep_link(ContentKind.TRACK, GET_LUCKY, partner_of("ABC")) == (
        "https://music.microsoft.com/Track/A83EB907-0100-11DB-89CA-0019B92A3933?partnerID=AppId:ABC"
    )
    playlist = "music.playlist.ae8d3746-8039-00fe-8f53-dcedda4728d4"
    assert deep_link(ContentKind.PLAYLIST, playlist, None) == (
        "https://music.microsoft.com/Playlist/ae8d3746-8039-00fe-8f53-dcedda4728d4"
    )
    assert deep_link(ContentKind.PLAYLIST, "music.playlistforyou.abc", None) is None


def test_a_track_without_subtitle_or_ids_has_no_such_members():
    track = next(t for t in CATALOG.tracks if not t.subtitle and not t.amg_id)
    shown = track_json(track, CATALOG, culture=US)
    assert "Subtitle" not in shown
    assert shown["OtherIds"] == {"music.isrc": track.isrc}
    assert None not in shown.values()
    assert "Link" in shown and "partnerID" not in shown["Link"]


def test_a_collection_track_shows_its_collection_id_but_points_at_the_catalog():
    track = CATALOG.track(GET_LUCKY)
    assert track is not None
    shown = track_json(
        track, CATALOG, culture=US, source="Collection", collection_id="music.AQQfXYZ"
    )
    assert shown["Id"] == "music.AQQfXYZ"
    assert shown["Source"] == "Collection"
    assert GET_LUCKY in shown["ImageUrl"]
    assert shown["Link"].endswith("A83EB907-0100-11DB-89CA-0019B92A3933")


def test_the_output_is_plain_json():
    album = CATALOG.album(RAM)
    assert album is not None
    tracks = paginated(
        [track_json(t, CATALOG, culture=US) for t in CATALOG.tracks_of_album(RAM)],
        continuation_token=None,
        total=13,
    )
    shown = album_json(album, CATALOG, culture=US, tracks=tracks, artist_details=True)
    decoded = json.loads(json.dumps(shown))
    assert decoded["Tracks"]["Items"][7]["Name"] == "Get Lucky"
    assert decoded["Artists"][0]["Artist"]["Genres"] == ["Electronic / Dance"]


def test_artists_send_their_biography_only_when_asked():
    artist = CATALOG.artist(DAFT_PUNK)
    assert artist is not None
    assert "Biography" not in artist_json(artist, culture=US)
    assert artist_json(artist, culture=US, biography=True)["Biography"]


def test_catalog_playlists_are_compatible_with_the_catalog_only():
    playlist = CATALOG.playlists[0]
    shown = playlist_json(playlist, culture=US)
    assert shown["CompatibleSources"] == "Catalog"
    assert shown["Provider"] == "Groove Editors"
    assert shown["TrackCount"] == playlist.track_count
    assert "UserIsOwner" not in shown and "CollectionStateToken" not in shown
    assert "Tracks" not in shown


def test_a_user_playlist_renders_through_the_same_function():
    shown = playlist_json(
        FakeUserPlaylist("music.playlist.56c99764-800a-00fe-552f-ee11db9370d1", "Mine"),
        culture=US,
        source="Collection",
    )
    assert shown["UserIsOwner"] is True
    assert shown["CollectionStateToken"] == "3.0.1.1.7.7.7"
    assert shown["CompatibleSources"] == "Catalog, Collection"
    assert "Description" not in shown


def test_a_playlist_for_you_has_no_link_and_no_state_token():
    shown = playlist_json(
        FakeUserPlaylist("music.playlistforyou.56c99764-800a-00fe-552f-ee11db9370d1", "For you"),
        culture=US,
        source="Collection",
    )
    assert "Link" not in shown
    assert "CollectionStateToken" not in shown


def test_genres_moods_and_content_items():
    top = next(g for g in CATALOG.genres if g.name == "Pop")
    sub = next(g for g in CATALOG.genres if g.name == "Dance")
    assert genre_json(top) == {"HasEditorialPlaylists": True, "Name": "Pop"}
    assert genre_json(sub)["ParentName"] == "Electronic / Dance"
    mood = CATALOG.mood("Happy")
    assert mood is not None
    assert category_json(mood, "mood", FR)["Name"] == "Heureux"
    item = content_item_json(ContentKind.ALBUM, {"Id": RAM})
    assert item == {"Type": "Albums", "Album": {"Id": RAM}}
    assert identity_json(RAM, "Random Access Memories", "Catalog") == {
        "Id": RAM,
        "Name": "Random Access Memories",
        "Source": "Catalog",
    }


@pytest.mark.parametrize("culture", [US, FR])
def test_every_image_url_of_a_track_uses_the_culture(culture: Culture):
    track = CATALOG.track(GET_LUCKY)
    assert track is not None
    text = json.dumps(track_json(track, CATALOG, culture=culture, artist_details=True))
    assert text.count("locale=") == text.count(f"locale={culture.tag}") > 3
