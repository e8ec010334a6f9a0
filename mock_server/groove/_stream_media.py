"""The media behind preview and stream URLs (reference §6 rows 11-12, `R/json-streamresponse.md`).

The real URLs pointed at a CDN with a signed, expiring query (`hdnea=exp=…~hmac=…`). Ours point
at the mock itself, `GET {api}/media/{kind}/{ticket}.mp3`, with a ticket that is signed and
expires by the mock clock, so a client can really fetch what it was given, and fetching it
after `ExpiresOn` fails as it would have. The body is a second of silent MP3.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from .._routing import CaselessRoute

if TYPE_CHECKING:
    from .._state import MockState

KINDS = frozenset({"preview", "stream"})
# One MPEG-1 Layer III frame, 128 kbit/s, 44.1 kHz, mono, all-zero side info: silence.
_SILENT_FRAME = b"\xff\xfb\x90\xc4" + bytes(413)
SILENCE = _SILENT_FRAME * 38  # about one second
_SIGNATURE_BYTES = 16


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class MediaTickets:
    """Signs and checks media URLs for one mock state."""

    def __init__(self, state: MockState):
        self._state = state
        self._key = secrets.token_bytes(32)

    def reset(self) -> None:
        """Tickets expire by the clock; nothing to forget."""

    def url(self, kind: str, track_id: str, expires_at: float) -> str:
        payload = f"{kind}\x1f{track_id}\x1f{round(expires_at * 1000)}".encode()
        ticket = f"{_b64(payload)}.{_b64(self._sign(payload))}"
        return f"{self._state.settings.public_api_url}/media/{kind}/{ticket}.mp3"

    def check(self, kind: str, ticket: str) -> str | None:
        """Why the ticket is refused, or None when it is good."""
        body, _, signature = ticket.partition(".")
        try:
            payload, given = _unb64(body), _unb64(signature)
        except (binascii.Error, ValueError):
            return "malformed media URL"
        if not hmac.compare_digest(given, self._sign(payload)):
            return "this media URL was not issued by this server"
        ticket_kind, _, expires = payload.decode("utf-8", "replace").rsplit("\x1f", 2)
        if ticket_kind != kind:
            return "malformed media URL"
        if int(expires) / 1000 <= self._state.clock.now():
            return "this media URL has expired: ask the API for a new one"
        return None

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def media_routes(state: MockState) -> list[CaselessRoute]:
    tickets = state.part(MediaTickets)

    async def media(request: Request) -> Response:
        kind = request.path_params["kind"].lower()
        problem = tickets.check(kind, request.path_params["ticket"]) if kind in KINDS else None
        if kind not in KINDS:
            return PlainTextResponse("no such media", status_code=404)
        if problem is not None:
            # A CDN refuses a bad or stale signed URL with 403, in its own plain form.
            return PlainTextResponse(problem, status_code=403)
        return Response(SILENCE, media_type="audio/mpeg", headers={"Cache-Control": "private"})

    return [CaselessRoute("/media/{kind}/{ticket}.mp3", media, methods=["GET", "HEAD"])]
