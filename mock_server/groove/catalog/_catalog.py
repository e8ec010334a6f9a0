"""The catalog: read-only content shared by every mock instance in the process.

`catalog_of(state)` gives the one `Catalog`, loaded from `fixtures/catalog.json` on first use and
then kept: the mock is created per test, the catalog is not. Lookups by id are dictionary
lookups; browse orders, filtered browse lists and search results are computed once and cached
(the catalog never changes, so nothing has to be invalidated).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ..._scenario import fixtures_dir
from ._make import CatalogDataError
from ._model import (
    Activity,
    Album,
    Artist,
    CatalogPlaylist,
    Category,
    Content,
    ContentKind,
    Contributor,
    Genre,
    Mood,
    Track,
    id_key,
)
from ._orders import CatalogLists, CatalogOrder
from ._search import SearchIndex
from ._source import LazyCatalogData, read_builtin_catalog
from ._templates import ItemTemplates

if TYPE_CHECKING:
    from ..._state import MockState
    from ._load import CatalogData

__all__ = [
    "Activity",
    "Album",
    "Artist",
    "Catalog",
    "CatalogDataError",
    "CatalogOrder",
    "CatalogPlaylist",
    "Category",
    "Content",
    "ContentKind",
    "Contributor",
    "Genre",
    "Mood",
    "Track",
    "catalog_of",
    "load_catalog",
]

C = TypeVar("C", Artist, Album, Track, CatalogPlaylist)
T = TypeVar("T")
Credited = TypeVar("Credited", Album, Track)


class Catalog(CatalogLists):
    """Immutable catalog content with its indexes, each built on first use (a launch answers a
    lookup without them). Safe to share between threads: an index built twice by two threads
    at once is the same index, and items are made once (see `_source`)."""

    def __init__(self, data: CatalogData | LazyCatalogData):
        super().__init__()
        self._data = data
        self._by_key: dict[str, Content] = {}  # by id key: every item, or those made so far
        self._make: Callable[[str], Content | None] | None = None
        # Exact ids, as references inside the catalog spell them: a dictionary read per call.
        self._by_id: dict[str, Content] = {}
        self._built: dict[str, Any] = {}
        # Built on the first search of each kind: folding every name would be most of the
        # load's time, which every launch and every test process's first mock pays.
        self._indexes: dict[ContentKind, SearchIndex[Content]] = {}
        self._index_lock = threading.Lock()
        self.templates = ItemTemplates()
        """Each item's JSON rendered once (see `_templates`)."""
        if isinstance(data, LazyCatalogData):
            self._make = data.made
            return
        for items in (data.artists, data.albums, data.tracks, data.playlists):
            for item in items:
                self._by_key[id_key(item.id) or item.id] = item
        self.spotlight  # noqa: B018 - a file read at once is checked at once

    @property
    def genres(self) -> tuple[Genre, ...]:
        return self._data.genres

    @property
    def moods(self) -> tuple[Mood, ...]:
        return self._data.moods

    @property
    def activities(self) -> tuple[Activity, ...]:
        return self._data.activities

    @property
    def artists(self) -> tuple[Artist, ...]:
        return self._data.artists

    @property
    def albums(self) -> tuple[Album, ...]:
        return self._data.albums

    @property
    def tracks(self) -> tuple[Track, ...]:
        return self._data.tracks

    @property
    def playlists(self) -> tuple[CatalogPlaylist, ...]:
        return self._data.playlists

    def items_of(self, kind: ContentKind) -> tuple[Content, ...]:
        lists: dict[ContentKind, tuple[Content, ...]] = {
            ContentKind.ARTIST: self.artists,
            ContentKind.ALBUM: self.albums,
            ContentKind.TRACK: self.tracks,
            ContentKind.PLAYLIST: self.playlists,
        }
        return lists[kind]

    @property
    def spotlight(self) -> tuple[Content, ...]:
        return self._index("spotlight", self._spotlight)

    def _index(self, name: str, build: Callable[[], T]) -> T:
        """The index `name`, built on first use."""
        found = self._built.get(name)
        if found is None:
            found = self._built[name] = build()
        return cast(T, found)

    # by id --------------------------------------------------------------------------------

    def item(self, content_id: str) -> Content | None:
        """Any catalog item by id (reference §11 case rule); None if unknown."""
        key = id_key(content_id)
        if key is None:
            return None
        found = self._by_key.get(key)
        if found is None and self._make is not None:
            found = self._make(key)
        return found

    def artist(self, content_id: str) -> Artist | None:
        found = self.item(content_id)
        return found if isinstance(found, Artist) else None

    def album(self, content_id: str) -> Album | None:
        found = self.item(content_id)
        return found if isinstance(found, Album) else None

    def track(self, content_id: str) -> Track | None:
        found = self.item(content_id)
        return found if isinstance(found, Track) else None

    def playlist(self, content_id: str) -> CatalogPlaylist | None:
        found = self.item(content_id)
        return found if isinstance(found, CatalogPlaylist) else None

    def album_of(self, track: Track) -> Album:
        """The track's album (references are checked at load, so it always exists)."""
        return cast(Album, self._exact(track.album_id))

    def artist_of(self, contributor: Contributor) -> Artist:
        return cast(Artist, self._exact(contributor.artist_id))

    def _exact(self, content_id: str) -> Content:
        found = self._by_id.get(content_id)
        if found is None:
            made = self.item(content_id)
            if made is None:
                raise KeyError(content_id)
            found = self._by_id[content_id] = made
        return found

    def by_isrc(self, code: str) -> Track | None:
        index: dict[str, Track] = self._index(
            "isrc", lambda: {t.isrc.upper(): t for t in self.tracks if t.isrc}
        )
        return index.get(code.upper())

    def by_icpn(self, code: str) -> Album | None:
        index: dict[str, Album] = self._index(
            "icpn", lambda: {a.icpn: a for a in self.albums if a.icpn}
        )
        return index.get(code)

    # relations ------------------------------------------------------------------------------

    def tracks_of_album(self, album_id: str) -> tuple[Track, ...]:
        """The album's tracks in track-number order; empty for an unknown album."""
        album = self.album(album_id)
        if album is None:
            return ()
        tracks: dict[str, tuple[Track, ...]] = self._index("album tracks", dict)
        found = tracks.get(album.id)
        if found is None:
            found = tracks[album.id] = tuple(self._get(t, Track) for t in album.track_ids)
        return found

    def albums_of_artist(self, artist_id: str) -> tuple[Album, ...]:
        """The artist's albums, newest first."""
        artist = self.artist(artist_id)
        if artist is None:
            return ()
        albums: dict[str, tuple[Album, ...]] = self._index(
            "artist albums",
            lambda: _group_by_artist(self.albums, key=lambda a: (a.release_date, a.id)),
        )
        return albums.get(artist.id, ())

    def top_tracks_of_artist(self, artist_id: str) -> tuple[Track, ...]:
        """Every track the artist appears on, most popular first."""
        artist = self.artist(artist_id)
        if artist is None:
            return ()
        tracks: dict[str, tuple[Track, ...]] = self._index(
            "artist tracks",
            lambda: _group_by_artist(self.tracks, key=lambda t: (t.popularity, t.play_count, t.id)),
        )
        return tracks.get(artist.id, ())

    def tracks_of_playlist(self, playlist: CatalogPlaylist) -> tuple[Track, ...]:
        """The playlist's tracks in playlist order."""
        tracks: dict[str, tuple[Track, ...]] = self._index("playlist tracks", dict)
        found = tracks.get(playlist.id)
        if found is None:
            found = tracks[playlist.id] = tuple(self._get(t, Track) for t in playlist.track_ids)
        return found

    def search(self, query: str, kind: ContentKind) -> tuple[Content, ...]:
        """Items of a kind matching the query, best first (see `_search`)."""
        index = self._indexes.get(kind)
        if index is None:
            with self._index_lock:
                index = self._indexes.get(kind)
                if index is None:
                    index = self._indexes[kind] = self._search_index(kind)
        return index.search(query)

    def _search_index(self, kind: ContentKind) -> SearchIndex[Content]:
        artist_names = {a.id: a.name for a in self.artists}

        def credited(item: Content) -> list[str]:
            # Albums and tracks are found by their artists' names too.
            if isinstance(item, Album | Track):
                return [artist_names[c.artist_id] for c in item.artists]
            return []

        items = self.items_of(kind)
        return SearchIndex((i, i.id, i.name, i.popularity, credited(i)) for i in items)

    def _spotlight(self) -> tuple[Content, ...]:
        return tuple(self._spotlight_item(kind, ref) for kind, ref in self._data.spotlight)

    def _spotlight_item(self, kind: str, content_id: str) -> Content:
        found = self.item(content_id)
        if found is None or found.__class__ is not _SPOTLIGHT_TYPES.get(kind):
            raise CatalogDataError(f"spotlight: {content_id!r} is not one of the {kind}")
        return found

    def _get(self, content_id: str, cls: type[C]) -> C:
        found = self.item(content_id)
        if not isinstance(found, cls):
            raise CatalogDataError(f"{content_id!r} is not a {cls.__name__}")
        return found


_SPOTLIGHT_TYPES: dict[str, type] = {
    "Artists": Artist,
    "Albums": Album,
    "Playlists": CatalogPlaylist,
}


def _group_by_artist(
    items: Iterable[Credited], key: Callable[[Credited], tuple[Any, ...]]
) -> dict[str, tuple[Credited, ...]]:
    grouped: dict[str, list[Credited]] = {}
    for item in items:
        for artist_id in dict.fromkeys(c.artist_id for c in item.artists):
            grouped.setdefault(artist_id, []).append(item)
    return {a: tuple(sorted(found, key=key, reverse=True)) for a, found in grouped.items()}


_lock = threading.Lock()
_loaded: dict[Path, Catalog] = {}


def default_catalog_path() -> Path:
    return fixtures_dir() / "catalog.json"


def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog of a file, read once per process and then shared. The built-in one makes its
    items on first use (`_source`); another file is read and checked at once."""
    builtin = default_catalog_path().resolve()
    resolved = (path or builtin).resolve()
    found = _loaded.get(resolved)
    if found is None:
        with _lock:
            found = _loaded.get(resolved)
            if found is None:
                if resolved == builtin:
                    found = Catalog(read_builtin_catalog(resolved))
                else:
                    from ._load import read_catalog_file

                    found = Catalog(read_catalog_file(resolved))
                _loaded[resolved] = found
    return found


_builtin: list[Catalog] = []


def catalog_of(state: MockState) -> Catalog:
    """The catalog a mock instance serves (the built-in one; shared, never reset). Called on
    every request, so after the first call it is one list read: no path or file work."""
    if not _builtin:
        _builtin.append(load_catalog())
    return _builtin[0]
