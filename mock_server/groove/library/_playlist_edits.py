"""Applying `TrackActions` to a playlist's entries (reference §6 rows 16-17).

The editor works on a private copy: nothing reaches the store unless `committed()` succeeds,
so a request that breaks a cap or a reorder rule changes nothing.

Rules (`R/uri-update-playlist.md`): Add takes catalog ids (collection ids of the user's tracks
work too); Delete takes the playlist entry ids (or the user's collection id of a track in the
playlist); a reorder is Move actions only, placed before `InsertBeforeTrackId` (absent or null:
at the end), in the order the actions list them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .._errors import CollectionInvalidPlaylistReorder, CollectionPlaylistFull
from ._types import CollectionTrack, ItemResult, TrackAction, invalid_id

NOT_IN_PLAYLIST = "The track is not in this playlist"


class PlaylistEditor:
    """Edits one playlist's entries in memory, then hands back the new tuple."""

    def __init__(
        self,
        tracks: Iterable[CollectionTrack],
        *,
        resolve: Callable[[str], str | None],
        collection_catalog_id: Callable[[str], str | None],
        make: Callable[[str, float], CollectionTrack],
    ):
        self._tracks = list(tracks)
        self._resolve = resolve
        self._collection_catalog_id = collection_catalog_id
        self._make = make
        self.removed_ids: list[str] = []

    def apply(
        self,
        actions: Iterable[tuple[TrackAction, str]],
        insert_before: str | None,
        now: float,
    ) -> list[ItemResult]:
        actions = list(actions)
        moves = [input_id for action, input_id in actions if action is TrackAction.MOVE]
        if moves and len(moves) != len(actions):
            raise CollectionInvalidPlaylistReorder(
                "A reorder contains Move actions only: it cannot be mixed with Add or Delete"
            )
        if moves:
            return self.move(moves, insert_before)
        if insert_before is not None:
            raise CollectionInvalidPlaylistReorder(
                "InsertBeforeTrackId is only used with Move actions"
            )
        return [
            self.add(input_id, now) if action is TrackAction.ADD else self.delete(input_id)
            for action, input_id in actions
        ]

    def add(self, input_id: str, now: float) -> ItemResult:
        catalog_id = self._resolve(input_id)
        if catalog_id is None:
            return ItemResult(input_id, error=invalid_id())
        entry = self._make(catalog_id, now)
        self._tracks.append(entry)
        return ItemResult(input_id, id=entry.collection_id)

    def delete(self, input_id: str) -> ItemResult:
        index = self._index_of(input_id)
        if index is None:
            return ItemResult(input_id, error=invalid_id(NOT_IN_PLAYLIST))
        self.removed_ids.append(self._tracks.pop(index).collection_id)
        return ItemResult(input_id)

    def move(self, ids: list[str], insert_before: str | None) -> list[ItemResult]:
        by_id = {entry.collection_id: entry for entry in self._tracks}
        if insert_before is not None and insert_before not in by_id:
            raise CollectionInvalidPlaylistReorder(
                "InsertBeforeTrackId is not the id of a track of this playlist"
            )
        moving: dict[str, CollectionTrack] = {}
        results: list[ItemResult] = []
        for input_id in ids:
            entry = by_id.get(input_id)
            if entry is None:
                results.append(ItemResult(input_id, error=invalid_id(NOT_IN_PLAYLIST)))
                continue
            moving[input_id] = entry
            results.append(ItemResult(input_id))
        if insert_before in moving:
            raise CollectionInvalidPlaylistReorder(
                "InsertBeforeTrackId cannot be one of the tracks being moved"
            )
        rest = [entry for entry in self._tracks if entry.collection_id not in moving]
        at = len(rest)
        if insert_before is not None:
            at = next(i for i, entry in enumerate(rest) if entry.collection_id == insert_before)
        self._tracks = [*rest[:at], *moving.values(), *rest[at:]]
        return results

    @property
    def entries(self) -> tuple[CollectionTrack, ...]:
        """The entries as edited, whatever the cap."""
        return tuple(self._tracks)

    def committed(self, cap: int) -> tuple[CollectionTrack, ...]:
        if len(self._tracks) > cap:
            raise CollectionPlaylistFull(
                f"A playlist holds at most {cap} tracks; this edit would make it "
                f"{len(self._tracks)}"
            )
        return self.entries

    def _index_of(self, input_id: str) -> int | None:
        for index, entry in enumerate(self._tracks):
            if entry.collection_id == input_id:
                return index
        # The docs say delete takes "collection IDs obtained by looking up the collection or
        # the playlist": the user's collection id of a track removes its first entry.
        catalog_id = self._collection_catalog_id(input_id)
        if catalog_id is not None:
            for index, entry in enumerate(self._tracks):
                if entry.catalog_id == catalog_id:
                    return index
        return None
