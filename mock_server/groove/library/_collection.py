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
from dataclasses import replace
from typing import TYPE_CHECKING

from .._errors import CollectionConcurrentUpdate, CollectionFull, CollectionPlaylistFull
from ._from_catalog import SeedPlan, credits_of, item_resolver, seed_plan
from ._ids import collection_track_id, new_playlist_id
from ._types import (
    PLAYLIST_CAP,
    PLAYLIST_TRACK_CAP,
    TRACK_CAP,
    CollectionTrack,
    CollectionView,
    ItemResult,
    PlaylistEdit,
    UserPlaylist,
    invalid_id,
)
from ._user_data import Resolver, UserData

if TYPE_CHECKING:
    from ..._state import MockState

__all__ = ["PLAYLIST_CAP", "PLAYLIST_TRACK_CAP", "TRACK_CAP", "CollectionStore"]


Seeder = Callable[["MockState", str], SeedPlan]
"""The first collection of a user: catalog track ids, and playlists as (name, track ids)."""


class CollectionStore:
    """Every user's collection and playlists for one mock state. Caps are attributes so that a
    test can lower them on its instance."""

    def __init__(self, state: MockState):
        self._state = state
        self._lock = threading.Lock()
        self._users: dict[str, UserData] = {}
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
            return data.snapshot(self.track_cap, self.playlist_cap)

    def to_catalog_id(self, user_id: str, any_id: str) -> str | None:
        """The catalog id behind one of this user's collection ids or playlist entry ids, or
        the catalog's spelling of a catalog id; None if the id is neither."""
        data = self._data(user_id)
        with data.lock:
            mapped = data.own_id(any_id)
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
                data.put_track(track, self._credits)
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
                if catalog_id is None or not data.drop_track(catalog_id):
                    error = invalid_id("The track is not in the collection")
                    results.append(ItemResult(input_id, error=error))
                    continue
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
            editor = data.editor(playlist_id, (), resolve)
            results = [editor.add(input_id, now) for input_id in add_ids]
            tracks = editor.committed(self.playlist_track_cap)
            playlist = UserPlaylist(playlist_id, name, is_published, now, now, tracks)
            data.put_playlist(playlist, editor.removed_ids)
            return playlist, results

    def update_playlist(
        self, user_id: str, playlist_id: str, edit: PlaylistEdit, resolve: Resolver
    ) -> tuple[UserPlaylist, list[ItemResult]]:
        data = self._data(user_id)
        with data.lock:
            current = data.playlist(playlist_id)
            if edit.state_token is not None and edit.state_token != data.state_token:
                raise CollectionConcurrentUpdate(
                    "The collection changed since this CollectionStateToken was read: "
                    "read the playlist again, then retry"
                )
            now = self._state.clock.now()
            editor = data.editor(current.id, current.tracks, resolve)
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
                data.put_playlist(updated, editor.removed_ids)
            return updated, results

    def delete_playlist(self, user_id: str, playlist_id: str) -> UserPlaylist:
        data = self._data(user_id)
        with data.lock:
            playlist = data.playlist(playlist_id)
            data.drop_playlist(playlist)
            return playlist

    # internals ----------------------------------------------------------------------------

    def _data(self, user_id: str) -> UserData:

        with self._lock:
            data = self._users.get(user_id)
            if data is None:
                data = self._users[user_id] = UserData(user_id)
        if not data.seeded:
            with data.lock:
                if not data.seeded:
                    self._seed(data, *self.seeder(self._state, user_id))
                    data.seeded = True
        return data

    def _seed(
        self, data: UserData, track_ids: list[str], playlists: list[tuple[str, list[str]]]
    ) -> None:
        """The initial state (revision 0), on catalog ids the seeder knows are valid. Tracks
        were added a day apart, ending yesterday, so CollectionDate ordering means something."""

        base = self._state.clock.now() - 86400.0 * (len(track_ids) + 1)
        for index, catalog_id in enumerate(track_ids):
            collection_id = collection_track_id(data.user_id, catalog_id)
            added_at = base + 86400.0 * index
            data.put_track(CollectionTrack(collection_id, catalog_id, added_at), self._credits)
        for index, (name, catalog_ids) in enumerate(playlists):
            playlist_id = new_playlist_id(data.user_id, data.next_serial())
            editor = data.editor(playlist_id, (), lambda given: given)
            created = base + index
            for catalog_id in catalog_ids:
                editor.add(catalog_id, created)
            # The first state is given, not asked for: a cap a test lowered does not apply.
            playlist = UserPlaylist(playlist_id, name, False, created, created, editor.entries)
            data.put_playlist(playlist, [])
        data.track_revision = data.playlist_revision = 0
        data.view = None
