"""`GET /1/content/{id}/preview` and `GET /1/content/{id}/stream` (reference §6 rows 11-12,
§10, `R/uri-get-preview.md`, `R/uri-get-stream.md`, `R/json-streamresponse.md`).

Preview takes an app or a user token; stream a user with a Music Pass. Both need a
`clientInstanceId` of 32 to 128 characters. One user streams on one device at a time: while a
stream URL given to one `clientInstanceId` is live, another `clientInstanceId` gets 409
DELIVERY_CONCURRENT_STREAMING; the same instance may ask again (the next track) and takes the
lease over. A track without the Stream right gives 404 DELIVERY_UNAVAILABLE_CONTENT.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from .._responses import JSONResponse
from .._routing import CaselessRoute
from ._access import USER_REQUIRED, Caller, Need, authenticate
from ._errors import (
    CatalogNoResult,
    DeliveryConcurrentStreaming,
    DeliveryUnavailableContent,
    InvalidAuthorizationHeader,
    InvalidInputParameter,
    MissingInputParameter,
)
from ._params import Params
from ._stream_media import MediaTickets
from .catalog._catalog import catalog_of
from .catalog._model import Track
from .library._collection import CollectionStore
from .library._ids import looks_like_collection_id
from .library._requests import user_id_of

if TYPE_CHECKING:
    from .._state import MockState

URL_LIFETIME = 600.0
"""Seconds a preview or stream URL stays valid (INF: the reference gives no figure)."""
PREVIEW_TYPE = "audio/mp3"  # as in the documented preview example
STREAM_TYPE = "audio/mpeg"  # MP3 progressive download, one of the two documented types
_INSTANCE_ALPHABET = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~{}:"
)


class StreamLeases:
    """Which device (clientInstanceId) holds each user's one stream, and until when."""

    def __init__(self, state: MockState):
        self._lock = threading.Lock()
        self._leases: dict[str, tuple[str, float]] = {}

    def reset(self) -> None:
        with self._lock:
            self._leases.clear()

    def take(self, user_id: str, instance: str, now: float, until: float) -> None:
        with self._lock:
            held = self._leases.get(user_id)
            if held is not None and held[0] != instance and held[1] > now:
                raise DeliveryConcurrentStreaming(
                    "Another device (clientInstanceId) is streaming for this user until "
                    f"{expires_on(held[1])}"
                )
            self._leases[user_id] = (instance, until)


def expires_on(timestamp: float) -> str:
    """GMT, ISO-8601 with milliseconds, as in `R/json-streamresponse.md`."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def client_instance_id(params: Params) -> str:
    value = params.get("clientInstanceId")
    if value is None or not value.strip():
        raise MissingInputParameter("Parameter clientInstanceId is required")
    if not 32 <= len(value) <= 128:
        raise InvalidInputParameter(
            "Parameter clientInstanceId must be from 32 to 128 characters long"
        )
    if not _INSTANCE_ALPHABET.issuperset(value):
        raise InvalidInputParameter(
            "Parameter clientInstanceId may hold letters, digits and - _ . ~ { } : only"
        )
    return value


def stream_routes(state: MockState) -> list[CaselessRoute]:
    store = state.part(CollectionStore)
    leases = state.part(StreamLeases)
    tickets = state.part(MediaTickets)
    catalog = catalog_of(state)

    def track_of(caller: Caller, content_id: str) -> Track:
        catalog_id = content_id
        if caller.user is not None:
            catalog_id = store.to_catalog_id(caller.user.id, content_id) or content_id
        track = catalog.track(catalog_id)
        if track is not None:
            return track
        if catalog.item(catalog_id) is not None:  # an album, an artist, a playlist
            raise DeliveryUnavailableContent("Only tracks can be played")
        if caller.user is None and looks_like_collection_id(content_id):
            raise InvalidAuthorizationHeader(USER_REQUIRED)
        raise CatalogNoResult()

    async def preview(request: Request) -> Response:
        caller = await authenticate(request, Need.APP_OR_USER)
        client_instance_id(Params.of(request))
        track = track_of(caller, request.path_params["id"])
        if not track.rights:
            raise DeliveryUnavailableContent("This track has no preview")
        until = state.clock.now() + URL_LIFETIME
        return JSONResponse(
            {
                "Url": tickets.url("preview", track.id, until),
                "ContentType": PREVIEW_TYPE,
                "ExpiresOn": expires_on(until),
            }
        )

    async def stream(request: Request) -> Response:
        caller = await authenticate(request, Need.USER_WITH_PASS)
        instance = client_instance_id(Params.of(request))
        track = track_of(caller, request.path_params["id"])
        if not track.can_stream:
            raise DeliveryUnavailableContent("This track cannot be streamed")
        now = state.clock.now()
        until = now + URL_LIFETIME
        leases.take(user_id_of(caller), instance, now, until)
        return JSONResponse(
            {
                "Url": tickets.url("stream", track.id, until),
                "ContentType": STREAM_TYPE,
                "ExpiresOn": expires_on(until),
            }
        )

    return [
        CaselessRoute("/1/content/{id}/preview", preview, methods=["GET"]),
        CaselessRoute("/1/content/{id}/stream", stream, methods=["GET"]),
    ]
