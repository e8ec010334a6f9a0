"""GET /1/content/{ids}/lookup over HTTP (reference §6 row 1, §7, §11)."""

from __future__ import annotations

import httpx
import pytest
from catalog_support import (
    ADA,
    BEN,
    DAFT_PUNK,
    DISCOVERY,
    GET_LUCKY,
    NOTHING,
    RAM,
    WEB_APP,
    app_headers,
    assert_content,
    assert_paginated,
    error_of,
    follow,
    message_of,
    user_headers,
)

from mock_server import MockState
from mock_server.groove.catalog._catalog import catalog_of
from mock_server.groove.library._collection import CollectionStore
from mock_server.groove.library._for_you import playlists_for_you


def lookup(client: httpx.Client, ids: str, headers: dict[str, str], **params: str):
    return client.get(f"/1/content/{ids}/lookup", params=params, headers=headers)


def test_artist_lookup_has_the_documented_shape(client: httpx.Client, state: MockState):
    response = lookup(client, DAFT_PUNK, app_headers(state))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"Artists", "Culture"}
    assert body["Culture"] == "en-US"
    assert_paginated(body["Artists"])
    assert body["Artists"]["TotalItemCount"] == 1
    artist = body["Artists"]["Items"][0]
    assert_content(artist)
    assert artist["Id"] == DAFT_PUNK
    assert artist["Name"] == "Daft Punk"
    assert artist["Genres"] == ["Electronic / Dance"]
    assert artist["Subgenres"] == ["Dance"]
    assert artist["OtherIds"] == {"music.amg": "P   168791"}
    assert artist["Biography"].startswith("French electronic duo")
    assert artist["ImageUrl"] == (
        f"https://musicimage.xboxlive.com/content/{DAFT_PUNK}/image?locale=en-US"
    )
    assert artist["Link"] == (
        "https://music.microsoft.com/Artist/C61C0000-0200-11DB-89CA-0019B92A3933"
        f"?partnerID=AppId:{WEB_APP}"
    )
    assert artist["Source"] == "Catalog"
    assert artist["CompatibleSources"] == "Catalog, Collection"
    assert "Albums" not in artist and "TopTracks" not in artist


def test_album_lookup_matches_the_documented_example(client: httpx.Client, state: MockState):
    album = lookup(client, RAM, app_headers(state)).json()["Albums"]["Items"][0]
    assert_content(album)
    assert album["Name"] == "Random Access Memories"
    assert album["ReleaseDate"] == "2013-05-09T00:00:00Z"
    assert album["Duration"] == "01:14:26"
    assert album["TrackCount"] == 13
    assert album["IsExplicit"] is False
    assert album["LabelName"] == "Columbia"
    assert album["AlbumType"] == "Album"
    assert album["Genres"] == ["Pop"]
    assert album["OtherIds"]["music.amg"] == "R  2749955"
    assert album["OtherIds"]["music.icpn"] == "886443927087"
    assert album["Artists"][0]["Role"] == "Main"
    assert album["Artists"][0]["Artist"]["Id"] == DAFT_PUNK
    assert "Tracks" not in album


def test_track_lookup_matches_the_documented_example(client: httpx.Client, state: MockState):
    track = lookup(client, GET_LUCKY, app_headers(state)).json()["Tracks"]["Items"][0]
    assert_content(track)
    assert track["Name"] == "Get Lucky"
    assert track["TrackNumber"] == 8
    assert track["Duration"] == "00:06:09"
    assert track["Rights"] == ["Purchase", "Stream", "FreeStream"]
    assert track["Subtitle"] == "feat. Pharrell Williams"
    assert track["OtherIds"] == {"music.amg": "T 29381286", "music.isrc": "USQX91300108"}
    # Without albumDetails the album is a stub: identity only.
    assert set(track["Album"]) == {"Id", "Name", "ImageUrl", "Link", "Source", "CompatibleSources"}
    assert track["Album"]["Id"] == RAM
    roles = [(c["Role"], c["Artist"]["Name"]) for c in track["Artists"]]
    assert roles == [
        ("Main", "Daft Punk"),
        ("Featured", "Pharrell Williams"),
        ("Featured", "Nile Rodgers"),
    ]
    assert "Genres" not in track["Artists"][0]["Artist"]


def test_several_ids_are_grouped_by_type(client: httpx.Client, state: MockState):
    ids = f"{GET_LUCKY}+{DAFT_PUNK}+{RAM}+{DISCOVERY}"
    body = lookup(client, ids, app_headers(state)).json()
    assert [a["Id"] for a in body["Artists"]["Items"]] == [DAFT_PUNK]
    assert [a["Id"] for a in body["Albums"]["Items"]] == [RAM, DISCOVERY]
    assert body["Albums"]["TotalItemCount"] == 2
    assert [t["Id"] for t in body["Tracks"]["Items"]] == [GET_LUCKY]
    assert "Error" not in body


def test_the_id_part_is_case_insensitive_and_duplicates_collapse(
    client: httpx.Client, state: MockState
):
    ids = f"{GET_LUCKY.lower()}+{GET_LUCKY}"
    body = lookup(client, ids, app_headers(state)).json()
    assert [t["Id"] for t in body["Tracks"]["Items"]] == [GET_LUCKY]


@pytest.mark.parametrize("namespace", ["MUSIC", "Music", "video"])
def test_the_namespace_is_case_sensitive(client: httpx.Client, state: MockState, namespace: str):
    response = lookup(client, GET_LUCKY.replace("music", namespace, 1), app_headers(state))
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")
    assert "music." in message_of(response)


def test_the_zero_guid_is_not_found(client: httpx.Client, state: MockState):
    response = lookup(client, NOTHING, app_headers(state))
    assert error_of(response) == (404, "CATALOG_NO_RESULT")
    assert response.json()["Error"]["Description"] == "Item does not exist"
    assert NOTHING in message_of(response)


def test_partly_found_ids_give_the_items_and_a_partial_data_error(
    client: httpx.Client, state: MockState
):
    response = lookup(client, f"{NOTHING}+{RAM}", app_headers(state))
    assert response.status_code == 200
    body = response.json()
    assert body["Error"]["ErrorCode"] == "CATALOG_INVALID_DATA"
    assert NOTHING in body["Error"]["Message"]
    assert [a["Id"] for a in body["Albums"]["Items"]] == [RAM]


def test_ids_up_to_250_characters_are_accepted(client: httpx.Client, state: MockState):
    long_unknown = "music." + "X" * 244
    assert len(long_unknown) == 250
    assert error_of(lookup(client, long_unknown, app_headers(state))) == (404, "CATALOG_NO_RESULT")
    response = lookup(client, long_unknown + "X", app_headers(state))
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")
    assert "250" in message_of(response)


def test_six_guid_ids_are_too_long_and_five_are_not(client: httpx.Client, state: MockState):
    five = "+".join([GET_LUCKY, RAM, DAFT_PUNK, DISCOVERY, NOTHING])
    assert lookup(client, five, app_headers(state)).status_code == 200
    response = lookup(client, five + "+" + NOTHING.replace("0", "1"), app_headers(state))
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")


@pytest.mark.parametrize("ids", [f"{RAM}++{GET_LUCKY}", f"+{RAM}", f"{RAM}+", "music."])
def test_malformed_id_lists_are_refused(client: httpx.Client, state: MockState, ids: str):
    assert error_of(lookup(client, ids, app_headers(state))) == (400, "INVALID_INPUT_PARAMETER")


def test_tracks_extra_lists_the_album_in_track_order(client: httpx.Client, state: MockState):
    album = lookup(client, RAM, app_headers(state), extras="Tracks").json()["Albums"]["Items"][0]
    assert_paginated(album["Tracks"])
    assert [t["TrackNumber"] for t in album["Tracks"]["Items"]] == list(range(1, 14))
    assert album["Tracks"]["TotalItemCount"] == 13
    assert "ContinuationToken" not in album["Tracks"]


def test_album_and_artist_details_expand_the_stubs(client: httpx.Client, state: MockState):
    response = lookup(client, GET_LUCKY, app_headers(state), extras="albumDetails+artistDetails")
    track = response.json()["Tracks"]["Items"][0]
    assert track["Album"]["TrackCount"] == 13
    assert track["Album"]["LabelName"] == "Columbia"
    assert track["Artists"][0]["Artist"]["Genres"] == ["Electronic / Dance"]


def test_albums_extra_on_an_artist(client: httpx.Client, state: MockState):
    artist = lookup(client, DAFT_PUNK, app_headers(state), extras="albums").json()
    albums = artist["Artists"]["Items"][0]["Albums"]
    # Newest first.
    assert [a["Id"] for a in albums["Items"]] == [RAM, DISCOVERY]


def test_top_tracks_continue_with_their_own_token(client: httpx.Client, state: MockState):
    headers = app_headers(state)

    def top(body):
        return body["Artists"]["Items"][0]["TopTracks"]

    items, pages = follow(client, f"/1/content/{DAFT_PUNK}/lookup?extras=topTracks", headers, top)
    assert [len(p["Items"]) for p in pages] == [25, 2]
    assert all(p["TotalItemCount"] == 27 for p in pages)
    assert items[0]["Id"] == GET_LUCKY  # the most popular first
    assert len({t["Id"] for t in items}) == 27


def test_a_continuation_answer_carries_only_the_parent_identity(
    client: httpx.Client, state: MockState
):
    headers = app_headers(state)
    first = lookup(client, DAFT_PUNK, headers, extras="topTracks").json()
    token = first["Artists"]["Items"][0]["TopTracks"]["ContinuationToken"]
    body = lookup(client, DAFT_PUNK, headers, continuationToken=token).json()
    parent = body["Artists"]["Items"][0]
    assert set(parent) == {"Id", "Name", "Source", "TopTracks"}
    assert parent["Id"] == DAFT_PUNK


def test_a_catalog_playlist_lookup_includes_its_tracks(client: httpx.Client, state: MockState):
    playlist = next(p for p in catalog_of(state).playlists if p.track_count == 40)
    headers = app_headers(state)
    url = f"/1/content/{playlist.id}/lookup"

    def tracks(body):
        return body["Playlists"]["Items"][0]["Tracks"]

    items, pages = follow(client, url, headers, tracks)
    assert [len(p["Items"]) for p in pages] == [25, 15]
    assert [t["Id"] for t in items] == list(playlist.track_ids)
    first = client.get(url, headers=headers).json()["Playlists"]["Items"][0]
    assert first["IsReadOnly"] is True
    assert first["CompatibleSources"] == "Catalog"
    assert first["Link"].startswith(f"https://music.microsoft.com/Playlist/{playlist.id[15:]}")


def test_unknown_extras_are_refused_and_sdk_extras_ignored(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    assert error_of(lookup(client, RAM, headers, extras="trakcs")) == (
        400,
        "INVALID_INPUT_PARAMETER",
    )
    response = lookup(client, DAFT_PUNK, headers, extras="relatedArtists")
    assert response.status_code == 200
    assert "RelatedArtists" not in response.json()["Artists"]["Items"][0]


def test_isrc_and_icpn_ids_find_the_catalog_item(client: httpx.Client, state: MockState):
    headers = app_headers(state)
    track = lookup(client, "music.isrc.USQX91300108", headers).json()["Tracks"]["Items"][0]
    assert track["Id"] == GET_LUCKY
    album = lookup(client, "music.ICPN.886443927087", headers).json()["Albums"]["Items"][0]
    assert album["Id"] == RAM


def test_isrc_ids_need_the_catalog_source(client: httpx.Client, state: MockState):
    response = lookup(client, "music.isrc.USQX91300108", user_headers(state), source="collection")
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")


def test_amg_ids_are_output_only(client: httpx.Client, state: MockState):
    response = lookup(client, "music.amg.T29381286", app_headers(state))
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")


def test_no_credential_is_access_token_missing(client: httpx.Client):
    assert error_of(client.get(f"/1/content/{RAM}/lookup")) == (401, "ACCESS_TOKEN_MISSING")


@pytest.mark.parametrize("source", ["collection", "Collection+Catalog"])
def test_the_collection_source_needs_a_user_token(
    client: httpx.Client, state: MockState, source: str
):
    response = lookup(client, RAM, app_headers(state), source=source)
    assert error_of(response) == (401, "INVALID_AUTHORIZATION_HEADER")
    assert message_of(response) == "You need user authentication to use this API"


def test_unknown_sources_are_refused(client: httpx.Client, state: MockState):
    response = lookup(client, RAM, user_headers(state), source="cloud")
    assert error_of(response) == (400, "INVALID_INPUT_PARAMETER")


def test_a_user_token_looks_in_the_collection_first(client: httpx.Client, state: MockState):
    collected = state.part(CollectionStore).view(ADA)
    entry = next(t for t in collected.tracks if t.catalog_id == GET_LUCKY)
    response = lookup(client, f"{GET_LUCKY}+{DISCOVERY}", user_headers(state))
    body = response.json()
    track = body["Tracks"]["Items"][0]
    assert track["Source"] == "Collection"
    assert track["Id"] == entry.collection_id
    # Image and link still point at the catalog item.
    assert GET_LUCKY in track["ImageUrl"]
    assert body["Albums"]["Items"][0]["Source"] == "Catalog"


def test_collection_ids_and_the_collection_source(client: httpx.Client, state: MockState):
    entry = next(t for t in state.part(CollectionStore).view(ADA).tracks)
    headers = user_headers(state)
    track = lookup(client, entry.collection_id, headers, source="collection").json()
    assert track["Tracks"]["Items"][0]["Id"] == entry.collection_id
    absent = next(
        t.id
        for t in catalog_of(state).tracks
        if t.id not in {x.catalog_id for x in state.part(CollectionStore).view(ADA).tracks}
    )
    response = lookup(client, absent, headers, source="collection")
    assert error_of(response) == (404, "CATALOG_NO_RESULT")


def test_a_user_playlist_lookup(client: httpx.Client, state: MockState):
    playlist = state.part(CollectionStore).view(ADA).playlists[0]
    body = lookup(client, playlist.id, user_headers(state)).json()
    shown = body["Playlists"]["Items"][0]
    assert shown["Id"] == playlist.id
    assert shown["Source"] == "Collection"
    assert shown["UserIsOwner"] is True
    assert shown["CollectionStateToken"]
    assert [t["Id"] for t in shown["Tracks"]["Items"]] == [e.collection_id for e in playlist.tracks]
    assert all(t["Source"] == "Collection" for t in shown["Tracks"]["Items"])


def test_the_user_culture_shapes_image_urls(client: httpx.Client, state: MockState):
    body = lookup(client, RAM, user_headers(state, BEN), source="catalog").json()
    assert body["Culture"] == "fr-FR"
    assert body["Albums"]["Items"][0]["ImageUrl"].endswith("locale=fr-FR")


def test_url_culture_for_an_app_token(client: httpx.Client, state: MockState):
    body = lookup(client, RAM, app_headers(state), language="de", country="at").json()
    assert body["Culture"] == "de-AT"


def test_a_playlist_for_you_is_found_with_a_user_token(client: httpx.Client, state: MockState):
    view = state.part(CollectionStore).view(ADA)
    made = playlists_for_you(catalog_of(state), ADA, view)
    assert made, "the seeded collection gets playlists for you"
    playlist = made[0]
    body = lookup(client, playlist.id.upper().replace("MUSIC.", "music."), user_headers(state))
    shown = body.json()["Playlists"]["Items"][0]
    assert shown["Id"] == playlist.id
    assert shown["Source"] == "Catalog"
    assert "Link" not in shown and "CollectionStateToken" not in shown
    assert [t["Id"] for t in shown["Tracks"]["Items"]] == list(playlist.track_ids)
    # They are the user's: the catalog alone does not know them.
    response = lookup(client, playlist.id, app_headers(state))
    assert error_of(response) == (404, "CATALOG_NO_RESULT")


def test_a_collection_album_counts_the_collected_tracks(client: httpx.Client, state: MockState):
    body = lookup(client, RAM, user_headers(state), source="collection", extras="tracks").json()
    album = body["Albums"]["Items"][0]
    assert album["Source"] == "Collection"
    assert album["Id"] != RAM  # its collection id
    assert album["TrackCount"] == album["Tracks"]["TotalItemCount"] >= 1
    assert all(t["Source"] == "Collection" for t in album["Tracks"]["Items"])
    # The collection id of the album finds it again.
    again = lookup(client, album["Id"], user_headers(state)).json()
    assert again["Albums"]["Items"][0]["Id"] == album["Id"]


def test_a_continuation_whose_parent_left_the_collection(client: httpx.Client, state: MockState):
    store = state.part(CollectionStore)
    thirty = [t.id for t in catalog_of(state).tracks[:30]]
    playlist, _ = store.create_playlist(
        ADA, name="Long", is_published=False, add_ids=thirty, resolve=lambda given: given
    )
    headers = user_headers(state)
    first = lookup(client, playlist.id, headers).json()["Playlists"]["Items"][0]["Tracks"]
    assert (len(first["Items"]), first["TotalItemCount"]) == (25, 30)
    more = lookup(client, playlist.id, headers, continuationToken=first["ContinuationToken"])
    assert len(more.json()["Playlists"]["Items"][0]["Tracks"]["Items"]) == 5
    store.delete_playlist(ADA, playlist.id)
    gone = lookup(client, playlist.id, headers, continuationToken=first["ContinuationToken"])
    assert error_of(gone) == (404, "COLLECTION_NO_RESULT")
