"""The built-in catalog read lazily (mock_server/groove/catalog/_source.py) is the catalog the
checking reader makes of the same file: every item equal, in order, and every index alike."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from mock_server.groove.catalog._catalog import (
    Catalog,
    CatalogOrder,
    ContentKind,
    default_catalog_path,
)
from mock_server.groove.catalog._load import CatalogDataError, read_catalog_file
from mock_server.groove.catalog._source import (
    SECTIONS,
    LazyCatalogData,
    _ids_of,
    read_builtin_catalog,
    split_records,
)

KINDS = ("artists", "albums", "tracks", "playlists")


@pytest.fixture(scope="module")
def checked() -> Catalog:
    return Catalog(read_catalog_file(default_catalog_path()))


def _lazy() -> Catalog:
    return Catalog(read_builtin_catalog(default_catalog_path()))


def test_nothing_is_made_until_asked_for():
    data = read_builtin_catalog(default_catalog_path())
    catalog = Catalog(data)
    assert data._made == {}
    assert all(isinstance(entry, bytes) for entry in data._entries)  # not even parsed
    track = catalog.item("music.a83eb907-0100-11db-89ca-0019b92a3933")
    assert track is not None and track.name == "Get Lucky"
    assert set(data._made) == {"A83EB907-0100-11DB-89CA-0019B92A3933"}
    assert sum(isinstance(entry, dict) for entry in data._entries) == 2  # the track, its album


def test_every_item_equals_the_checked_readers_in_the_same_order(checked):
    lazy = _lazy()
    for kind in KINDS:
        assert getattr(lazy, kind) == getattr(checked, kind), kind
    assert (lazy.genres, lazy.moods, lazy.activities) == (
        checked.genres,
        checked.moods,
        checked.activities,
    )
    assert lazy.spotlight == checked.spotlight


def test_items_asked_for_one_by_one_equal_the_checked_readers(checked):
    lazy = _lazy()  # playlists first: no kind relies on another being made before it
    for kind in reversed(KINDS):
        for item in getattr(checked, kind):
            assert lazy.item(item.id.lower()) == item


def test_each_item_is_made_once_and_shared_by_every_index():
    lazy = _lazy()
    track = lazy.track("music.A83EB907-0100-11DB-89CA-0019B92A3933")
    assert track is not None
    album = lazy.album_of(track)
    assert lazy.tracks_of_album(album.id)[7] is track
    assert track in lazy.tracks
    assert any(t is track for t in lazy.tracks)
    assert lazy.albums[lazy.albums.index(album)] is album
    assert lazy.artist_of(track.artists[0]) is lazy.item(track.artists[0].artist_id)


def test_relations_and_lists_agree_with_the_checked_reader(checked):
    lazy = _lazy()
    for artist in checked.artists:
        assert lazy.albums_of_artist(artist.id) == checked.albums_of_artist(artist.id)
        assert lazy.top_tracks_of_artist(artist.id) == checked.top_tracks_of_artist(artist.id)
    for album in checked.albums:
        assert lazy.tracks_of_album(album.id) == checked.tracks_of_album(album.id)
    for track in checked.tracks:
        assert lazy.album_of(track) == checked.album_of(track)
        if track.isrc:
            assert lazy.by_isrc(track.isrc) == track
    for genre in checked.genres:
        assert lazy.browse(ContentKind.TRACK, CatalogOrder.MOST_POPULAR, genre=genre) == (
            checked.browse(ContentKind.TRACK, CatalogOrder.MOST_POPULAR, genre=genre)
        )
    assert lazy.search("daft", ContentKind.ALBUM) == checked.search("daft", ContentKind.ALBUM)


def test_threads_asking_at_once_get_one_object():
    lazy = _lazy()
    seen: list[object] = []
    barrier = threading.Barrier(8)

    def ask() -> None:
        barrier.wait()
        seen.append(lazy.item("music.A83EB907-0100-11DB-89CA-0019B92A3933"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(item) for item in seen}) == 1


def test_a_file_that_is_not_a_catalog_is_a_one_line_error(tmp_path: Path):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(CatalogDataError, match=r"catalog\.json: format: expected an object"):
        read_builtin_catalog(path)
    path.write_text(json.dumps({"format": "groove-catalog/1"}), encoding="utf-8")
    with pytest.raises(CatalogDataError, match=r"catalog\.json: top level: malformed"):
        read_builtin_catalog(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogDataError, match="line 1: not valid JSON"):
        read_builtin_catalog(path)
    with pytest.raises(CatalogDataError, match="cannot be read"):
        read_builtin_catalog(tmp_path / "missing.json")
    assert isinstance(read_builtin_catalog(default_catalog_path()), LazyCatalogData)


def test_the_generators_layout_splits_into_the_records_json_reads():
    data = default_catalog_path().read_bytes()
    document = json.loads(data)
    split = split_records(data)
    assert split is not None
    assert list(split) == list(document)
    for name, value in document.items():
        if name in SECTIONS:
            assert [json.loads(line.rstrip(b",")) for line in split[name]] == value
        else:
            assert split[name] == value


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace("},\n", "}\n", 1),  # a record line without its comma
        lambda text: text.replace('\n  "moods": [', '\n"moods": [', 1),
        lambda text: text.rstrip("\n}") + "\n",  # no closing brace
        lambda text: text + "{}\n",  # something after it
        lambda text: text.replace('"format": "groove-catalog/1"', '"format": nope', 1),
        lambda text: text.replace("\n  ],\n", "\n   ],\n", 1),  # a list never closed
        lambda text: text.replace('\n    {"id": "', '\n   {"id": "', 1),  # a line less indented
        lambda text: text + "\u00e9",  # text after the end
    ],
)
def test_any_other_layout_is_not_split(change):
    text = default_catalog_path().read_text(encoding="utf-8")
    assert split_records(change(text).encode("utf-8")) is None


def test_white_space_after_the_end_is_still_the_layout():
    text = default_catalog_path().read_text(encoding="utf-8")
    assert split_records((text + "\u00a0\n").encode("utf-8")) is not None


def test_ids_are_read_off_the_lines_only_when_each_begins_with_a_plain_id():
    lines = [b'    {"id": "music.A", "x": 1},', '    {"id": "music.\u00e9"}'.encode()]
    assert _ids_of(lines) == ["music.A", "music.\u00e9"]  # type: ignore[arg-type]
    for line in (
        b'    { "id": "music.A"}',  # not the id first
        b'    {"id": "music.\\u0041"}',  # an escape: the id is not the text
        b'    {"id": ""}',
        b'    {"id": "music.\xff"}',  # not UTF-8
    ):
        assert _ids_of([line]) is None, line
    assert _ids_of([{"id": "music.A"}]) is None


def test_a_record_line_that_does_not_begin_with_its_id_is_still_found(tmp_path: Path, checked):
    text = default_catalog_path().read_text(encoding="utf-8")
    path = tmp_path / "catalog.json"
    path.write_text(text.replace('\n    {"id": "', '\n    { "id": "', 1), encoding="utf-8")
    lazy = Catalog(read_builtin_catalog(path))
    assert lazy.artists == checked.artists


def test_a_catalog_in_another_layout_is_read_whole_and_alike(tmp_path: Path, checked):
    document = json.loads(default_catalog_path().read_text(encoding="utf-8"))
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(document), encoding="utf-8")  # one line
    lazy = Catalog(read_builtin_catalog(path))
    for kind in KINDS:
        assert getattr(lazy, kind) == getattr(checked, kind), kind
    assert lazy.spotlight == checked.spotlight
