"""Groove user endpoints (reference §6 rows 5, 11-21): collections, playlists, radio, profile,
preview and stream, plus the media their URLs point at."""

from __future__ import annotations

from starlette.routing import BaseRoute

from ..._state import MockState
from .._stream import stream_routes
from .._stream_media import media_routes
from ._browse import browse_routes
from ._collection_routes import collection_edit_routes
from ._playlist_routes import playlist_routes
from ._profile import profile_routes
from ._radio import radio_routes


def user_routes(state: MockState) -> list[BaseRoute]:
    return [
        *browse_routes(state),
        *collection_edit_routes(state),
        *playlist_routes(state),
        *profile_routes(state),
        *radio_routes(state),
        *stream_routes(state),
        *media_routes(state),
    ]
