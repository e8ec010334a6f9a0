"""A user's playlist (reference §7), apart from the other user types (`_types`): a
catalog request tells a user's playlist from a catalog one, and should not load the
collection's machinery to do so (a launch answers a lookup without it).

Immutable: the store replaces a playlist on change, so a snapshot handed to a reader never
moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._types import CollectionTrack


@dataclass(frozen=True, slots=True)
class UserPlaylist:
    """A user's playlist. Its attributes mirror those of `CatalogPlaylist` that the playlist
    JSON shape reads, so both can render through one function."""

    id: str
    name: str
    is_published: bool
    created_at: float
    updated_at: float
    tracks: tuple[CollectionTrack, ...] = ()
    collection_state_token: str | None = None
    description: str | None = None
    is_read_only: bool = False
    user_is_owner: bool | None = True

    @property
    def track_ids(self) -> tuple[str, ...]:
        return tuple(entry.catalog_id for entry in self.tracks)

    @property
    def track_count(self) -> int:
        return len(self.tracks)
