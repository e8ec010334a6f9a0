"""One user's collection as `CollectionStore` holds it: mutable, and touched only with the
user's `lock` held. The primitives here keep its indexes in step (collection ids, playlist
entry ids, the derived album and artist ids) and count every change in the state token."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .._errors import CollectionNoResult
from ._ids import collection_album_id, collection_artist_id, playlist_entry_id, playlist_key
from ._playlist_edits import PlaylistEditor
from ._types import CollectionTrack, CollectionView, UserPlaylist

Resolver = Callable[[str], "str | None"]
"""Maps a catalog track id, as a client wrote it, to the catalog's own spelling, or None."""

Credits = Callable[[str], tuple["str | None", tuple[str, ...]]]
"""A track's album id and main artist ids."""


@dataclass(slots=True)
class UserData:
    user_id: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    seeded: bool = False
    tracks: dict[str, CollectionTrack] = field(default_factory=dict)  # by catalog id
    by_collection_id: dict[str, str] = field(default_factory=dict)  # -> catalog id
    playlists: dict[str, UserPlaylist] = field(default_factory=dict)  # by canonical id
    entries: dict[str, str] = field(default_factory=dict)  # playlist entry id -> catalog id
    related: dict[str, str] = field(default_factory=dict)  # collection album/artist id -> catalog
    track_revision: int = 0
    playlist_revision: int = 0
    serial: int = 0
    view: CollectionView | None = None

    @property
    def state_token(self) -> str:
        # Documented tokens read like "3.0.1.1.7.7.7", a version vector. Ours counts track and
        # playlist changes in two of its places, so any change gives a new token.
        return f"3.0.{self.track_revision}.{self.playlist_revision}.7.7.7"

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def changed(self, *, tracks: bool = False, playlists: bool = False) -> None:
        self.track_revision += tracks
        self.playlist_revision += playlists
        self.view = None

    def snapshot(self, track_cap: int, playlist_cap: int) -> CollectionView:
        """The view of this revision, built once and shared until the next change (or until
        the caps it reports were changed on the store)."""
        view = self.view
        if view is None or (view.track_cap, view.playlist_cap) != (track_cap, playlist_cap):
            token = self.state_token
            view = self.view = CollectionView(
                tracks=list(self.tracks.values()),
                playlists=[
                    replace(p, collection_state_token=token) for p in self.playlists.values()
                ],
                state_token=token,
                track_cap=track_cap,
                playlist_cap=playlist_cap,
            )
        return view

    def own_id(self, any_id: str) -> str | None:
        """The catalog id behind a collection, playlist entry or collection album/artist id."""
        return (
            self.by_collection_id.get(any_id)
            or self.entries.get(any_id)
            or self.related.get(any_id)
        )

    def catalog_id_of(self, any_id: str, resolve: Resolver) -> str | None:
        return self.by_collection_id.get(any_id) or self.entries.get(any_id) or resolve(any_id)

    def put_track(self, track: CollectionTrack, credits: Credits) -> None:
        self.tracks[track.catalog_id] = track
        self.by_collection_id[track.collection_id] = track.catalog_id
        album_id, artist_ids = credits(track.catalog_id)
        # Derived ids never go stale (they hash the user and the catalog id), so they stay after
        # the track goes: the map only grows with the distinct albums and artists ever seen.
        if album_id is not None:
            self.related[collection_album_id(self.user_id, album_id)] = album_id
        for artist_id in artist_ids:
            self.related[collection_artist_id(self.user_id, artist_id)] = artist_id

    def drop_track(self, catalog_id: str) -> bool:
        track = self.tracks.pop(catalog_id, None)
        if track is None:
            return False
        del self.by_collection_id[track.collection_id]
        return True

    def playlist(self, playlist_id: str) -> UserPlaylist:
        key = playlist_key(playlist_id)
        playlist = self.playlists.get(key) if key else None
        if playlist is None:
            raise CollectionNoResult(f"The user has no playlist {playlist_id[:100]}")
        return playlist

    def put_playlist(self, playlist: UserPlaylist, removed_ids: list[str]) -> None:
        self.playlists[playlist.id] = playlist
        for entry_id in removed_ids:
            self.entries.pop(entry_id, None)
        for entry in playlist.tracks:
            self.entries[entry.collection_id] = entry.catalog_id
        self.changed(playlists=True)

    def drop_playlist(self, playlist: UserPlaylist) -> None:
        del self.playlists[playlist.id]
        for entry in playlist.tracks:
            self.entries.pop(entry.collection_id, None)
        self.changed(playlists=True)

    def editor(
        self, playlist_id: str, tracks: tuple[CollectionTrack, ...], resolve: Resolver
    ) -> PlaylistEditor:
        def make(catalog_id: str, at: float) -> CollectionTrack:
            entry_id = playlist_entry_id(self.user_id, playlist_id, self.next_serial())
            return CollectionTrack(entry_id, catalog_id, at)

        return PlaylistEditor(
            tracks,
            resolve=lambda input_id: self.catalog_id_of(input_id, resolve),
            collection_catalog_id=self.by_collection_id.get,
            make=make,
        )
