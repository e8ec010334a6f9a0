"""Catalog items rendered once (mock_server/groove/catalog/_templates.py): a filled template is
byte for byte what the shape functions render for that caller, and the store stays in budget."""

from __future__ import annotations

import itertools
import json

import pytest

from mock_server._responses import RawJSON, render_json
from mock_server.groove._content_json import _shape, catalog_list_json, content_json
from mock_server.groove._params import Culture
from mock_server.groove.catalog import load_catalog
from mock_server.groove.catalog._templates import ItemTemplates

CATALOG = load_catalog()
CULTURES = [Culture("en", "US"), Culture("fr", "FR")]
PARTNERS = [None, "", "AppId:000000004C1B7E2A", "AppId:odd value/with?&=%"]
FLAGS = {  # the detail extras each kind takes
    "Track": [{}, {"album_details": True}, {"artist_details": True, "album_details": False}],
    "Album": [{}, {"artist_details": True}],
    "Artist": [{}, {"biography": True}],
    "CatalogPlaylist": [{}],
}


def _items():
    kinds = (CATALOG.tracks, CATALOG.albums, CATALOG.artists, CATALOG.playlists)
    return [item for items in kinds for item in (items[0], items[-1])]


@pytest.mark.parametrize("item", _items(), ids=lambda item: item.id)
def test_a_filled_template_is_what_the_shape_functions_render(item):
    for culture, partner, source, flags in itertools.product(
        CULTURES, PARTNERS, ("Catalog", "Collection"), FLAGS[type(item).__name__]
    ):
        shown = None if source == "Catalog" else "music.AQQfCollectionIdOfTheCaller00000000"
        count = 3 if source == "Collection" else None
        filled = content_json(
            item,
            CATALOG,
            culture=culture,
            partner_id=partner,
            source=source,
            collection_id=shown,
            collected_tracks=count,
            **flags,
        )
        assert isinstance(filled, RawJSON)
        plain = _shape(item, CATALOG, culture, partner, source, shown, count, flags)
        plain_bytes = render_json(plain)
        assert filled == plain_bytes, (culture.tag, partner, source, flags)


def test_an_item_with_lists_is_its_template_with_the_lists_of_the_request():
    album, artist = CATALOG.albums[0], CATALOG.artists[0]
    track = content_json(CATALOG.tracks[0], CATALOG, culture=CULTURES[0], partner_id="AppId:x")
    page = {"Items": [track], "ContinuationToken": "next\u0000page", "TotalItemCount": 30}
    empty = {"Items": [], "TotalItemCount": 0}
    cases = [
        (album, {"tracks": page}),
        (album, {"tracks": empty, "artist_details": True}),
        (artist, {"albums": page, "top_tracks": empty, "biography": True}),
        (artist, {"top_tracks": page, "albums": None}),
        # A list that holds what looks like a later list's hole leaves that list in its place.
        (
            artist,
            {"albums": {"Items": [], "ContinuationToken": "\x00TopTracks"}, "top_tracks": page},
        ),
    ]
    for (item, extra), partner in itertools.product(cases, PARTNERS):
        for source, shown in (("Catalog", None), ("Collection", "music.AQQfCollectionId0000")):
            made = content_json(
                item,
                CATALOG,
                culture=CULTURES[1],
                partner_id=partner,
                source=source,
                collection_id=shown,
                **extra,
            )
            assert isinstance(made, RawJSON)
            plain = _shape(item, CATALOG, CULTURES[1], partner, source, shown, None, extra)
            assert made == render_json(plain), (item.id, extra.keys(), partner, source)
    assert json.loads(made)["TopTracks"]["ContinuationToken"] == "next\u0000page"


def test_answers_assemble_filled_templates_as_the_encoder_writes_objects():
    track = CATALOG.tracks[0]
    filled = content_json(track, CATALOG, culture=CULTURES[0], partner_id="AppId:x")
    plain = json.loads(filled)
    body = {"Tracks": {"Items": [filled, filled], "TotalItemCount": 2}, "Culture": "en-US"}
    same = {"Tracks": {"Items": [plain, plain], "TotalItemCount": 2}, "Culture": "en-US"}
    assert render_json(body) == render_json(same)
    assert render_json({"A": [], "B": {}, "C": (filled,), "D": "\ud800"}) == (
        b'{"A":[],"B":{},"C":[' + bytes(filled) + b'],"D":"\\ud800"}'
    )


def test_the_store_keeps_within_its_byte_budget():
    store = ItemTemplates(budget=1_000)
    for n in range(50):
        store.get(n, lambda n=n: {"Id": "\x00id", "Name": "x" * 100, "N": n})
        assert store.size_bytes <= 1_000
    assert 0 < len(store) < 50
    first = store.get("again", lambda: {"Name": "kept"})
    assert store.get("again", lambda: pytest.fail("made twice")) is first


def _parents():
    album = max(CATALOG.albums, key=lambda a: len(a.track_ids))
    playlist = max(CATALOG.playlists, key=lambda p: len(p.track_ids))
    artist = max(CATALOG.artists, key=lambda a: len(CATALOG.top_tracks_of_artist(a.id)))
    return [
        (album, CATALOG.tracks_of_album(album.id)),
        (playlist, CATALOG.tracks_of_playlist(playlist)),
        (artist, CATALOG.top_tracks_of_artist(artist.id)),
        (artist, CATALOG.albums_of_artist(artist.id)),
    ]


@pytest.mark.parametrize(("parent", "items"), _parents(), ids=lambda v: getattr(v, "id", "list"))
def test_a_filled_list_template_is_each_row_rendered_alone(parent, items):
    assert items, "a parent with a list"
    for culture, partner, start in itertools.product(CULTURES, PARTNERS, (0, 1)):
        page = items[start : start + 25]
        filled = catalog_list_json(
            (parent.id, type(page[0]).__name__, start, 25),
            page,
            CATALOG,
            culture=culture,
            partner_id=partner,
        )
        rows = [content_json(i, CATALOG, culture=culture, partner_id=partner) for i in page]
        assert filled == render_json(rows), (culture.tag, partner, start)
        assert json.loads(filled)[0]["Id"] == page[0].id
