"""The user's collection as the catalog endpoints see it (`source=collection`, reference §5).

A collection holds tracks (by catalog id) and playlists; an album is in the collection when one
of its tracks is, an artist when they are the main artist of one of its tracks (as in the
collection browse). Collection items show their collection ids (`library._ids`), which the store
resolves back to catalog ids. The user's playlists for you (`music.playlistforyou.…`) are found
through the collection too, as the collection browse lists them.

The index over one collection revision is built once and kept while that revision is current:
`CollectionStore.view()` returns the same snapshot object until the next change.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..._state import MockState
from ..library._collection import CollectionStore
from ..library._for_you import PlaylistForYou, playlists_for_you
from ..library._ids import collection_album_id, collection_artist_id, playlist_for_you_key
from ..library._types import UserPlaylist
from ._catalog import Album, Artist, Catalog, Content, Track
from ._model import id_key

if TYPE_CHECKING:
    from ..library._types import CollectionTrack, CollectionView

UserList = UserPlaylist | PlaylistForYou

_KEEP = 64


@dataclass(frozen=True, slots=True)
class CollectionIndex:
    """What one user's collection holds, indexed for catalog requests."""

    user_id: str
    view: CollectionView
    entries: dict[str, CollectionTrack]
    """Collection tracks by the key of their catalog id."""
    album_counts: dict[str, int]
    """How many tracks of each album (by catalog id) the collection holds."""
    artist_ids: frozenset[str]

    def entry(self, track: Track) -> CollectionTrack | None:
        return self.entries.get(id_key(track.id) or "")

    def shown_id(self, item: Content) -> str | None:
        """The collection id of an item of this collection; None if it is not in it."""
        if isinstance(item, Track):
            entry = self.entry(item)
            return entry.collection_id if entry is not None else None
        if isinstance(item, Album) and item.id in self.album_counts:
            return collection_album_id(self.user_id, item.id)
        if isinstance(item, Artist) and item.id in self.artist_ids:
            return collection_artist_id(self.user_id, item.id)
        return None

    def album_track_count(self, album: Album) -> int:
        return self.album_counts.get(album.id, 0)


class CollectionReader:
    """Collection indexes for one mock state (a state part, reset with it)."""

    def __init__(self, state: MockState):
        self._state = state
        self._lock = threading.Lock()
        self._cache: dict[int, CollectionIndex] = {}

    def reset(self) -> None:
        with self._lock:
            self._cache.clear()

    def index(self, catalog: Catalog, user_id: str) -> CollectionIndex:
        view = self._state.part(CollectionStore).view(user_id)
        found = self._cache.get(id(view))
        # The index holds its view, so the id cannot be reused while the entry lives.
        if found is not None and found.view is view:
            return found
        made = _build(catalog, user_id, view)
        with self._lock:
            if len(self._cache) >= _KEEP:
                self._cache.pop(next(iter(self._cache)))
            self._cache[id(view)] = made
        return made

    def resolve(
        self, catalog: Catalog, user_id: str, any_id: str
    ) -> tuple[Content | UserList, str | None] | None:
        """The collection item an id names (collection id or catalog id) and its collection
        id; None when the id is not in this user's collection."""
        index = self.index(catalog, user_id)
        playlist = index.view.playlist(any_id)
        if playlist is not None:
            return playlist, None
        for_you = playlist_for_you_key(any_id)
        if for_you is not None:
            made = playlists_for_you(catalog, user_id, index.view)
            return next(((p, None) for p in made if p.id == for_you), None)
        catalog_id = self._state.part(CollectionStore).to_catalog_id(user_id, any_id)
        item = catalog.item(catalog_id) if catalog_id else None
        shown = index.shown_id(item) if item is not None else None
        return (item, shown) if item is not None and shown is not None else None


def _build(catalog: Catalog, user_id: str, view: CollectionView) -> CollectionIndex:
    entries: dict[str, CollectionTrack] = {}
    albums: dict[str, int] = {}
    artists: set[str] = set()
    for entry in view.tracks:
        track = catalog.track(entry.catalog_id)
        if track is None:
            continue
        entries[id_key(track.id) or track.id] = entry
        albums[track.album_id] = albums.get(track.album_id, 0) + 1
        artists.update(c.artist_id for c in track.artists if c.role == "Main")
    return CollectionIndex(user_id, view, entries, albums, frozenset(artists))
