"""The value types of user data (reference §7): collection tracks, users' playlists,
collection views, edit results.

All immutable: the store replaces them on change, so a snapshot handed to a reader never moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from .._errors import CollectionInvalidId, GrooveError
from ._ids import playlist_key

UNKNOWN_CONTENT = "Collection ErrorCode=ArgumentInvalid, Details=ContentId"
"""The per-item Message of the documented add and create examples."""


# The caps of one user's library (reference §10); a test may lower them on its store.
TRACK_CAP = 50_000
PLAYLIST_CAP = 100
PLAYLIST_TRACK_CAP = 1_000


@dataclass(frozen=True, slots=True)
class CollectionTrack:
    """A track in a collection, or one entry of a playlist."""

    collection_id: str
    catalog_id: str
    added_at: float


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


@dataclass(frozen=True, slots=True)
class CollectionView:
    """One user's collection at one revision. Shared between readers: never mutate its lists.
    `tracks` are in the order they were added, `playlists` in the order they were created."""

    tracks: list[CollectionTrack]
    playlists: list[UserPlaylist]
    state_token: str
    track_cap: int = TRACK_CAP
    playlist_cap: int = PLAYLIST_CAP

    @property
    def remaining_tracks(self) -> int:
        return max(0, self.track_cap - len(self.tracks))

    @property
    def remaining_playlists(self) -> int:
        return max(0, self.playlist_cap - len(self.playlists))

    def playlist(self, playlist_id: str) -> UserPlaylist | None:
        key = playlist_key(playlist_id)
        return next((p for p in self.playlists if p.id == key), None)


class TrackAction(Enum):
    """`TrackAction.Action` (SDK `TrackActionType`)."""

    ADD = "Add"
    DELETE = "Delete"
    MOVE = "Move"


@dataclass(frozen=True, slots=True)
class PlaylistEdit:
    """What a playlist update asks for; a `None` field leaves that part as it is."""

    name: str | None = None
    is_published: bool | None = None
    actions: tuple[tuple[TrackAction, str], ...] = ()
    insert_before: str | None = None
    state_token: str | None = None


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One `TrackActionResult`: the id as the client sent it, the resulting id, or an error."""

    input_id: str
    id: str | None = None
    error: GrooveError | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"InputId": self.input_id}
        if self.id is not None:
            body["Id"] = self.id
        if self.error is not None:
            body["Error"] = self.error.to_error_object()
        return body


def invalid_id(message: str = UNKNOWN_CONTENT) -> CollectionInvalidId:
    return CollectionInvalidId(message)
