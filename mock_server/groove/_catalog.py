"""The catalog: read-only content shared by every mock instance in the process.

`catalog_of(state)` gives the one `Catalog`, loaded from `fixtures/catalog.json` on first use and
then kept: the mock is created per test, the catalog is not. Lookups by id are dictionary
lookups; browse orders, filtered browse lists and search results are computed once and cached
(the catalog never changes, so nothing has to be invalidated).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .._scenario import fixtures_dir
from ._catalog_load import CatalogData, CatalogDataError, read_catalog_file
from ._catalog_model import (
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
    fold,
    id_key,
)
from ._catalog_search import SearchIndex

if TYPE_CHECKING:
    from .._state import MockState

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
Credited = TypeVar("Credited", Album, Track)


class CatalogOrder(StrEnum):
    """The orderings of catalog browse (reference §6, `R/orderby.md`); most first."""

    RELEASE_DATE = "ReleaseDate"
    MOST_POPULAR = "MostPopular"
    ALL_TIME_PLAY_COUNT = "AllTimePlayCount"


class Catalog:
    """Immutable catalog content with its indexes. Safe to share between threads."""

    def __init__(self, data: CatalogData):
        self.genres = data.genres
        self.moods = data.moods
        self.activities = data.activities
        self.artists = data.artists
        self.albums = data.albums
        self.tracks = data.tracks
        self.playlists = data.playlists
        self._by_key: dict[str, Content] = {}
        for items in (self.artists, self.albums, self.tracks, self.playlists):
            for item in items:
                self._by_key[id_key(item.id) or item.id] = item
        # References inside the catalog use the canonical spelling: exact maps for rendering.
        self._album_by_id = {a.id: a for a in self.albums}
        self._artist_by_id = {a.id: a for a in self.artists}
        self._by_isrc = {t.isrc.upper(): t for t in self.tracks if t.isrc}
        self._by_icpn = {a.icpn: a for a in self.albums if a.icpn}
        self._album_tracks = {
            a.id: tuple(self._get(t, Track) for t in a.track_ids) for a in self.albums
        }
        self._artist_albums = _group_by_artist(self.albums, key=lambda a: (a.release_date, a.id))
        self._artist_tracks = _group_by_artist(
            self.tracks, key=lambda t: (t.popularity, t.play_count, t.id)
        )
        self._genres = {fold(g.name): g for g in self.genres}
        parents = {g.name: g.parent_name for g in self.genres}
        # A few dozen genre names over thousands of items: each is folded once.
        folded: dict[str, str] = {}
        self._genre_sets = {
            item.id: frozenset(
                folded.get(name) or folded.setdefault(name, fold(name))
                for genre in item.genres + getattr(item, "subgenres", ())
                for name in (genre, parents.get(genre) or genre)
            )
            for items in (self.artists, self.albums, self.tracks, self.playlists)
            for item in items
        }
        self.spotlight = tuple(self._spotlight_item(kind, ref) for kind, ref in data.spotlight)
        # Built on the first search: folding every name is most of the load's time, and a
        # launch or a test that never searches should not pay it.
        self._indexes: dict[ContentKind, SearchIndex[Content]] = {}
        self._index_lock = threading.Lock()
        self._cache: dict[tuple[object, ...], tuple[Content, ...]] = {}

    # by id --------------------------------------------------------------------------------

    def item(self, content_id: str) -> Content | None:
        """Any catalog item by id (reference §11 case rule); None if unknown."""
        key = id_key(content_id)
        return None if key is None else self._by_key.get(key)

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
        return self._album_by_id[track.album_id]

    def artist_of(self, contributor: Contributor) -> Artist:
        return self._artist_by_id[contributor.artist_id]

    def by_isrc(self, code: str) -> Track | None:
        return self._by_isrc.get(code.upper())

    def by_icpn(self, code: str) -> Album | None:
        return self._by_icpn.get(code)

    # relations ------------------------------------------------------------------------------

    def tracks_of_album(self, album_id: str) -> tuple[Track, ...]:
        """The album's tracks in track-number order; empty for an unknown album."""
        album = self.album(album_id)
        return () if album is None else self._album_tracks[album.id]

    def albums_of_artist(self, artist_id: str) -> tuple[Album, ...]:
        """The artist's albums, newest first."""
        artist = self.artist(artist_id)
        return () if artist is None else self._artist_albums.get(artist.id, ())

    def top_tracks_of_artist(self, artist_id: str) -> tuple[Track, ...]:
        """Every track the artist appears on, most popular first."""
        artist = self.artist(artist_id)
        return () if artist is None else self._artist_tracks.get(artist.id, ())

    def tracks_of_playlist(self, playlist: CatalogPlaylist) -> tuple[Track, ...]:
        return tuple(self._get(t, Track) for t in playlist.track_ids)

    # categories -----------------------------------------------------------------------------

    def genre(self, name: str) -> Genre | None:
        """A genre or subgenre by name, ignoring case and accents."""
        return self._genres.get(fold(name.strip()))

    def mood(self, value: str) -> Mood | None:
        return _category(self.moods, value)

    def activity(self, value: str) -> Activity | None:
        return _category(self.activities, value)

    def in_genre(self, item: Content, genre: Genre) -> bool:
        """True if the item is in the genre, or in one of its subgenres."""
        return fold(genre.name) in self._genre_sets.get(item.id, frozenset())

    # lists ----------------------------------------------------------------------------------

    def items_of(self, kind: ContentKind) -> tuple[Content, ...]:
        lists: dict[ContentKind, tuple[Content, ...]] = {
            ContentKind.ARTIST: self.artists,
            ContentKind.ALBUM: self.albums,
            ContentKind.TRACK: self.tracks,
            ContentKind.PLAYLIST: self.playlists,
        }
        return lists[kind]

    def browse(
        self,
        kind: ContentKind,
        order: CatalogOrder,
        *,
        genre: Genre | None = None,
        mood: Category | None = None,
        activity: Category | None = None,
    ) -> tuple[Content, ...]:
        """Every item of a kind in an order, filtered by at most one category (cached)."""
        key = (kind, order, genre and genre.name, mood and mood.id, activity and activity.id)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        items = self._ranked(kind, order)
        if genre is not None:
            items = tuple(i for i in items if self.in_genre(i, genre))
        if mood is not None:
            items = tuple(i for i in items if mood.id in getattr(i, "moods", ()))
        if activity is not None:
            items = tuple(i for i in items if activity.id in getattr(i, "activities", ()))
        self._cache[key] = items
        return items

    def new_releases(self, genre: Genre | None = None) -> tuple[Album, ...]:
        """Albums, newest first, optionally in one genre."""
        albums = self.browse(ContentKind.ALBUM, CatalogOrder.RELEASE_DATE, genre=genre)
        return tuple(a for a in albums if isinstance(a, Album))

    def search(self, query: str, kind: ContentKind) -> tuple[Content, ...]:
        """Items of a kind matching the query, best first (see `_catalog_search`)."""
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

    def _ranked(self, kind: ContentKind, order: CatalogOrder) -> tuple[Content, ...]:
        key = (kind, order)
        cached = self._cache.get(key)
        if cached is None:
            cached = tuple(sorted(self.items_of(kind), key=_ORDER_KEYS[order], reverse=True))
            self._cache[key] = cached
        return cached

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

_ORDER_KEYS: dict[CatalogOrder, Callable[[Any], tuple[Any, ...]]] = {
    CatalogOrder.RELEASE_DATE: lambda i: (i.release_date, i.popularity, i.id),
    CatalogOrder.MOST_POPULAR: lambda i: (i.popularity, i.play_count, i.id),
    CatalogOrder.ALL_TIME_PLAY_COUNT: lambda i: (i.play_count, i.id),
}


def _group_by_artist(
    items: Iterable[Credited], key: Callable[[Credited], tuple[Any, ...]]
) -> dict[str, tuple[Credited, ...]]:
    grouped: dict[str, list[Credited]] = {}
    for item in items:
        for artist_id in dict.fromkeys(c.artist_id for c in item.artists):
            grouped.setdefault(artist_id, []).append(item)
    return {a: tuple(sorted(found, key=key, reverse=True)) for a, found in grouped.items()}


def _category(categories: tuple[Category, ...], value: str) -> Category | None:
    wanted = fold(value.strip().replace("_", " "))
    for category in categories:
        if wanted in category.folded_names or wanted == fold(category.id.replace("_", " ")):
            return category
    return None


_lock = threading.Lock()
_loaded: dict[Path, Catalog] = {}


def default_catalog_path() -> Path:
    return fixtures_dir() / "catalog.json"


def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog of a file, read once per process and then shared."""
    resolved = (path or default_catalog_path()).resolve()
    found = _loaded.get(resolved)
    if found is None:
        with _lock:
            found = _loaded.get(resolved)
            if found is None:
                found = _loaded[resolved] = Catalog(read_catalog_file(resolved))
    return found


_builtin: list[Catalog] = []


def catalog_of(state: MockState) -> Catalog:
    """The catalog a mock instance serves (the built-in one; shared, never reset). Called on
    every request, so after the first call it is one list read: no path or file work."""
    if not _builtin:
        _builtin.append(load_catalog())
    return _builtin[0]
