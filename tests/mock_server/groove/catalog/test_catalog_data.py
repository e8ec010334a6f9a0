"""The catalog fixture, its loader and the in-memory catalog (no HTTP)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from catalog_support import DAFT_PUNK, DISCOVERY, GET_LUCKY, NOTHING, RAM

from mock_server import MockState
from mock_server.groove.catalog._catalog import (
    CatalogDataError,
    CatalogOrder,
    ContentKind,
    catalog_of,
    default_catalog_path,
    load_catalog,
)
from mock_server.groove.catalog._generator import build_document, main, render
from mock_server.groove.catalog._load import parse_document, read_catalog_file


def test_the_committed_fixture_is_what_the_generator_writes():
    assert default_catalog_path().read_text(encoding="utf-8") == render(build_document())


def test_the_generator_check_mode(capsys: pytest.CaptureFixture[str]):
    assert main(["--check"]) == 0
    assert "is current" in capsys.readouterr().out


def test_the_catalog_is_loaded_once_and_shared_between_mocks():
    first, second = MockState(), MockState()
    assert catalog_of(first) is catalog_of(second) is load_catalog()


def test_the_catalog_is_big_enough_for_paging_and_search():
    catalog = load_catalog()
    assert len(catalog.artists) >= 60
    assert len(catalog.albums) >= 150
    assert len(catalog.tracks) > 1000  # past the 1000-item browse cap
    assert len(catalog.playlists) >= 25
    assert {g.name for g in catalog.genres if g.parent_name is None} >= {"Pop", "Rock", "Jazz"}


def test_the_documented_items_have_their_documented_metadata():
    catalog = load_catalog()
    artist = catalog.artist(DAFT_PUNK)
    album = catalog.album(RAM)
    track = catalog.track(GET_LUCKY)
    assert artist is not None and album is not None and track is not None
    assert (artist.name, artist.amg_id) == ("Daft Punk", "P   168791")
    assert (album.name, album.release_date, album.duration_text) == (
        "Random Access Memories",
        "2013-05-09",
        "01:14:26",
    )
    assert (track.name, track.track_number, track.duration_text) == ("Get Lucky", 8, "00:06:09")
    assert track.album_id == RAM
    assert catalog.tracks_of_album(RAM)[7] is track
    assert catalog.albums_of_artist(DAFT_PUNK) == (album, catalog.album(DISCOVERY))
    assert catalog.item(NOTHING) is None


def test_ids_follow_the_case_rule():
    catalog = load_catalog()
    assert catalog.track(GET_LUCKY.lower()) is catalog.track(GET_LUCKY)
    assert catalog.track(GET_LUCKY.replace("music.", "MUSIC.")) is None
    assert catalog.track(GET_LUCKY.replace("music.", "Music.")) is None
    playlist = catalog.playlists[0]
    assert catalog.playlist(playlist.id.upper().replace("MUSIC.", "music.")) is playlist
    assert catalog.album(GET_LUCKY) is None  # right id, wrong type


def test_some_tracks_cannot_be_streamed():
    catalog = load_catalog()
    assert any(not t.can_stream for t in catalog.tracks)
    assert catalog.track(GET_LUCKY).can_stream


def test_every_category_is_used():
    catalog = load_catalog()
    known = {g.name for g in catalog.genres}
    for item in (*catalog.artists, *catalog.albums):
        assert set(item.genres) | set(item.subgenres) <= known
    for mood in catalog.moods:
        assert catalog.browse(ContentKind.PLAYLIST, CatalogOrder.RELEASE_DATE, mood=mood)
    for activity in catalog.activities:
        assert catalog.browse(ContentKind.PLAYLIST, CatalogOrder.RELEASE_DATE, activity=activity)
    editorial = {g.name for g in catalog.genres if g.has_editorial_playlists}
    assert "Electronic / Dance" in editorial and "Comedy / Spoken Word" not in editorial


def test_external_ids_find_their_items():
    catalog = load_catalog()
    assert catalog.by_isrc("usqx91300108") is catalog.track(GET_LUCKY)
    assert catalog.by_icpn("886443927087") is catalog.album(RAM)
    assert catalog.by_isrc("XX0000000000") is None


def test_search_ranks_exact_names_first_and_ignores_accents():
    catalog = load_catalog()
    assert catalog.search("get lucky", ContentKind.TRACK)[0].id == GET_LUCKY
    cafe = catalog.search("CAFÉ", ContentKind.ARTIST)
    assert cafe == catalog.search("cafe", ContentKind.ARTIST) and cafe
    assert catalog.search("   ", ContentKind.TRACK) == ()
    by_artist = catalog.search("daft", ContentKind.ALBUM)
    assert {a.id for a in by_artist} == {RAM, DISCOVERY}


def _document() -> dict[str, Any]:
    return json.loads(default_catalog_path().read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "place"),
    [
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d["tracks"][0].update(album="music.NOPE"), "tracks[0].album"),
        (lambda d: d["albums"][1].update(id=d["albums"][0]["id"]), "albums[1].id"),
        (lambda d: d["artists"][0].update(id="Music.X"), "artists[0].id"),
        (lambda d: d["playlists"][0]["tracks"].append("music.NOPE"), "playlists[0].tracks"),
        (lambda d: d["tracks"][0].update(artists=[["Main", "music.NOPE"]]), "tracks[0].artists"),
    ],
)
def test_a_broken_document_names_the_place(change, place: str):
    document = _document()
    change(document)
    with pytest.raises(CatalogDataError) as error:
        parse_document(document, source="catalog.json")
    assert str(error.value).startswith(f"catalog.json: {place}:")


def test_an_unreadable_file_is_a_one_line_error(tmp_path: Path):
    broken = tmp_path / "catalog.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogDataError, match=r"catalog\.json: line 1: not valid JSON"):
        read_catalog_file(broken)
    with pytest.raises(CatalogDataError, match="cannot be read"):
        read_catalog_file(tmp_path / "missing.json")


def test_the_search_index_is_built_on_the_first_search_of_a_kind(
    monkeypatch: pytest.MonkeyPatch,
):
    # Loading (every launch, the first fixture of a process) must not pay for folding names.
    from mock_server.groove.catalog import _catalog

    built: list[int] = []
    real = _catalog.SearchIndex

    def counting(entries: Any) -> Any:
        built.append(1)
        return real(entries)

    monkeypatch.setattr(_catalog, "SearchIndex", counting)
    catalog = _catalog.Catalog(read_catalog_file(default_catalog_path()))
    assert built == []

    found = catalog.search("daft punk", ContentKind.ALBUM)
    assert catalog.search("daft punk", ContentKind.ALBUM) == found
    assert {RAM, DISCOVERY} <= {album.id for album in found}
    assert len(built) == 1
