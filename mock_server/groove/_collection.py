"""Per-user collections and playlists (reference §6 rows 14-18, §7 CollectionState, §10 caps).

`CollectionStore` (one per mock state, via `state.part(CollectionStore)`) keeps every user's
tracks and playlists in memory. Each user has a lock, and every edit runs entirely under it:
checks, caps and the state-token comparison happen in the same critical section as the change,
so concurrent requests never lose an update. Every change bumps the user's collection state
token (`CollectionStateToken` on playlists, `Collection.Token` in the profile).

Readers get a `CollectionView`: an immutable snapshot built once per revision and shared until
the next change, so a browse costs no copy.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .._errors import (
    CollectionConcurrentUpdate,
    CollectionFull,
    CollectionNoResult,
    CollectionPlaylistFull,
)
from ._user_catalog import SeedPlan, credits_of, item_resolver, seed_plan
from ._user_ids import (
    collection_album_id,
    collection_artist_id,
    collection_track_id,
    new_playlist_id,
    playlist_entry_id,
    playlist_key,
)
from ._user_playlist_edits import PlaylistEditor
from ._user_types import (
    PLAYLIST_CAP,
    PLAYLIST_TRACK_CAP,
    TRACK_CAP,
    CollectionTrack,
    CollectionView,
    ItemResult,
    PlaylistEdit,
    TrackAction,
    UserPlaylist,
    invalid_id,
)

if TYPE_CHECKING:
    from .._state import MockState

__all__ = [
    "CollectionStore",
    "CollectionTrack",
    "CollectionView",
    "ItemResult",
    "PlaylistEdit",
    "Resolver",
    "TrackAction",
    "UserPlaylist",
]

Resolver = Callable[[str], "str | None"]
"""Maps a catalog track id, as a client wrote it, to the catalog's own spelling, or None."""

Seeder = Callable[["MockState", str], SeedPlan]
"""The first collection of a user: catalog track ids, and playlists as (name, track ids)."""


@dataclass(slots=True)
class _UserData:
    """One user's mutable state. Every access holds `lock`."""

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

    def catalog_id_of(self, any_id: str, resolve: Resolver) -> str | None:
        return self.by_collection_id.get(any_id) or self.entries.get(any_id) or resolve(any_id)


class CollectionStore:
    """Every user's collection and playlists for one mock state. Caps are attributes so that a
    test can lower them on its instance."""

    def __init__(self, state: MockState):
        self._state = state
        self._lock = threading.Lock()
        self._users: dict[str, _UserData] = {}
        self.track_cap = TRACK_CAP
        self.playlist_cap = PLAYLIST_CAP
        self.playlist_track_cap = PLAYLIST_TRACK_CAP
        self.seeder: Seeder = seed_plan
        self._credits = credits_of(state)
        self._catalog_item = item_resolver(state)

    def reset(self) -> None:
        with self._lock:
            self._users.clear()

    # reading ------------------------------------------------------------------------------

    def view(self, user_id: str) -> CollectionView:
        data = self._data(user_id)
        with data.lock:
            if data.view is None:
                token = data.state_token
                data.view = CollectionView(
                    tracks=list(data.tracks.values()),
                    playlists=[
                        replace(p, collection_state_token=token) for p in data.playlists.values()
                    ],
                    state_token=token,
                    track_cap=self.track_cap,
                    playlist_cap=self.playlist_cap,
                )
            return data.view

    def to_catalog_id(self, user_id: str, any_id: str) -> str | None:
        """The catalog id behind one of this user's collection ids or playlist entry ids, or
        the catalog's spelling of a catalog id; None if the id is neither."""
        data = self._data(user_id)
        with data.lock:
            mapped = (
                data.by_collection_id.get(any_id)
                or data.entries.get(any_id)
                or data.related.get(any_id)
            )
        return mapped or self._catalog_item(any_id)

    # collection edits ---------------------------------------------------------------------

    def add_tracks(self, user_id: str, ids: Iterable[str], resolve: Resolver) -> list[ItemResult]:
        """Adds what is not there yet; adding a track already collected is a success that
        changes nothing. All or nothing against the cap."""
        data = self._data(user_id)
        with data.lock:
            now = self._state.clock.now()
            results: list[ItemResult] = []
            pending: dict[str, CollectionTrack] = {}
            for input_id in ids:
                catalog_id = data.catalog_id_of(input_id, resolve)
                if catalog_id is None:
                    results.append(ItemResult(input_id, error=invalid_id()))
                    continue
                track = data.tracks.get(catalog_id) or pending.get(catalog_id)
                if track is None:
                    track = CollectionTrack(
                        collection_track_id(user_id, catalog_id), catalog_id, now
                    )
                    pending[catalog_id] = track
                results.append(ItemResult(input_id, id=track.collection_id))
            if len(data.tracks) + len(pending) > self.track_cap:
                room = max(0, self.track_cap - len(data.tracks))
                raise CollectionFull(
                    f"The collection holds at most {self.track_cap} tracks: "
                    f"{room} more fit, this request adds {len(pending)}"
                )
            for track in pending.values():
                self._put_track(data, track)
            if pending:
                data.changed(tracks=True)
            return results

    def delete_tracks(
        self, user_id: str, ids: Iterable[str], resolve: Resolver
    ) -> list[ItemResult]:
        data = self._data(user_id)
        with data.lock:
            results: list[ItemResult] = []
            for input_id in ids:
                catalog_id = data.catalog_id_of(input_id, resolve)
                track = data.tracks.pop(catalog_id, None) if catalog_id else None
                if track is None:
                    error = invalid_id("The track is not in the collection")
                    results.append(ItemResult(input_id, error=error))
                    continue
                del data.by_collection_id[track.collection_id]
                results.append(ItemResult(input_id))
            if any(result.error is None for result in results):
                data.changed(tracks=True)
            return results

    # playlist edits -----------------------------------------------------------------------

    def create_playlist(
        self,
        user_id: str,
        *,
        name: str,
        is_published: bool,
        add_ids: Iterable[str],
        resolve: Resolver,
    ) -> tuple[UserPlaylist, list[ItemResult]]:
        data = self._data(user_id)
        with data.lock:
            if len(data.playlists) >= self.playlist_cap:
                raise CollectionPlaylistFull(
                    f"A user has at most {self.playlist_cap} playlists: delete one first"
                )
            now = self._state.clock.now()
            playlist_id = new_playlist_id(user_id, data.next_serial())
            editor = self._editor(data, playlist_id, (), resolve)
            results = [editor.add(input_id, now) for input_id in add_ids]
            tracks = editor.committed(self.playlist_track_cap)
            playlist = UserPlaylist(playlist_id, name, is_published, now, now, tracks)
            self._put_playlist(data, playlist, editor.removed_ids)
            return playlist, results

    def update_playlist(
        self, user_id: str, playlist_id: str, edit: PlaylistEdit, resolve: Resolver
    ) -> tuple[UserPlaylist, list[ItemResult]]:
        data = self._data(user_id)
        with data.lock:
            current = self._playlist(data, playlist_id)
            if edit.state_token is not None and edit.state_token != data.state_token:
                raise CollectionConcurrentUpdate(
                    "The collection changed since this CollectionStateToken was read: "
                    "read the playlist again, then retry"
                )
            now = self._state.clock.now()
            editor = self._editor(data, current.id, current.tracks, resolve)
            results = editor.apply(edit.actions, edit.insert_before, now)
            updated = replace(
                current,
                name=current.name if edit.name is None else edit.name,
                is_published=(
                    current.is_published if edit.is_published is None else edit.is_published
                ),
                tracks=editor.committed(self.playlist_track_cap),
            )
            if updated != current:
                updated = replace(updated, updated_at=now)
                self._put_playlist(data, updated, editor.removed_ids)
            return updated, results

    def delete_playlist(self, user_id: str, playlist_id: str) -> UserPlaylist:
        data = self._data(user_id)
        with data.lock:
            playlist = self._playlist(data, playlist_id)
            del data.playlists[playlist.id]
            for entry in playlist.tracks:
                data.entries.pop(entry.collection_id, None)
            data.changed(playlists=True)
            return playlist

    # internals ----------------------------------------------------------------------------

    def _data(self, user_id: str) -> _UserData:
        with self._lock:
            data = self._users.get(user_id)
            if data is None:
                data = self._users[user_id] = _UserData(user_id)
        if not data.seeded:
            with data.lock:
                if not data.seeded:
                    self._seed(data, *self.seeder(self._state, user_id))
                    data.seeded = True
        return data

    def _seed(
        self, data: _UserData, track_ids: list[str], playlists: list[tuple[str, list[str]]]
    ) -> None:
        """The initial state (revision 0), on catalog ids the seeder knows are valid. Tracks
        were added a day apart, ending yesterday, so CollectionDate ordering means something."""
        base = self._state.clock.now() - 86400.0 * (len(track_ids) + 1)
        for index, catalog_id in enumerate(track_ids):
            collection_id = collection_track_id(data.user_id, catalog_id)
            self._put_track(
                data, CollectionTrack(collection_id, catalog_id, base + 86400.0 * index)
            )
        for index, (name, catalog_ids) in enumerate(playlists):
            playlist_id = new_playlist_id(data.user_id, data.next_serial())
            editor = self._editor(data, playlist_id, (), lambda given: given)
            created = base + index
            for catalog_id in catalog_ids:
                editor.add(catalog_id, created)
            tracks = editor.committed(self.playlist_track_cap)
            playlist = UserPlaylist(playlist_id, name, False, created, created, tracks)
            self._put_playlist(data, playlist, [])
        data.track_revision = data.playlist_revision = 0
        data.view = None

    def _put_track(self, data: _UserData, track: CollectionTrack) -> None:
        data.tracks[track.catalog_id] = track
        data.by_collection_id[track.collection_id] = track.catalog_id
        album_id, artist_ids = self._credits(track.catalog_id)
        # Derived ids never go stale (they hash the user and the catalog id), so they are kept
        # after the track goes: the map only grows with the distinct albums and artists seen.
        if album_id is not None:
            data.related[collection_album_id(data.user_id, album_id)] = album_id
        for artist_id in artist_ids:
            data.related[collection_artist_id(data.user_id, artist_id)] = artist_id

    @staticmethod
    def _playlist(data: _UserData, playlist_id: str) -> UserPlaylist:
        key = playlist_key(playlist_id)
        playlist = data.playlists.get(key) if key else None
        if playlist is None:
            raise CollectionNoResult(f"The user has no playlist {playlist_id}")
        return playlist

    @staticmethod
    def _editor(
        data: _UserData,
        playlist_id: str,
        tracks: tuple[CollectionTrack, ...],
        resolve: Resolver,
    ) -> PlaylistEditor:
        def make(catalog_id: str, at: float) -> CollectionTrack:
            entry_id = playlist_entry_id(data.user_id, playlist_id, data.next_serial())
            return CollectionTrack(entry_id, catalog_id, at)

        return PlaylistEditor(
            tracks,
            resolve=lambda input_id: data.catalog_id_of(input_id, resolve),
            collection_catalog_id=data.by_collection_id.get,
            make=make,
        )

    @staticmethod
    def _put_playlist(data: _UserData, playlist: UserPlaylist, removed_ids: list[str]) -> None:
        data.playlists[playlist.id] = playlist
        for entry_id in removed_ids:
            data.entries.pop(entry_id, None)
        for entry in playlist.tracks:
            data.entries[entry.collection_id] = entry.catalog_id
        data.changed(playlists=True)
