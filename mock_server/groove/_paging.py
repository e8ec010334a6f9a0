"""Continuation tokens: opaque to clients, tamper-proof, bound to where they were issued
(reference §7, `R/json-paginatedlist.md`).

A token is the base64url of a small JSON payload and a truncated HMAC over it. It is bound to a
scope (the endpoint path and the caller) and expires by the mock clock after a day, so a
tampered, foreign or stale token fails with CONTINUATION_TOKEN_INVALID_ERROR.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from typing import Any

from starlette.requests import Request

from .._journal import entry_of
from .._state import MockState
from ._errors import ContinuationTokenInvalid, IncompatibleInputParameters
from ._params import Params

TOKEN_LIFETIME = 86400.0
_SIGNATURE_BYTES = 16


class ContinuationCodec:
    """Signs and checks continuation tokens for one mock instance."""

    def __init__(self, state: MockState):
        self._state = state
        self._key = secrets.token_bytes(32)

    def reset(self) -> None:
        """Tokens stay valid across a reset: they only encode positions in immutable data."""

    def encode(self, payload: dict[str, Any], *, scope: str) -> str:
        body = {"p": payload, "s": scope, "e": self._state.clock.now() + TOKEN_LIFETIME}
        raw = json.dumps(body, separators=(",", ":"), sort_keys=True).encode()
        signature = hmac.new(self._key, raw, hashlib.sha256).digest()[:_SIGNATURE_BYTES]
        return base64.urlsafe_b64encode(signature + raw).decode().rstrip("=")

    def decode(self, token: str, *, scope: str) -> dict[str, Any]:
        try:
            packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            raise ContinuationTokenInvalid("The continuation token is malformed") from None
        signature, raw = packed[:_SIGNATURE_BYTES], packed[_SIGNATURE_BYTES:]
        expected = hmac.new(self._key, raw, hashlib.sha256).digest()[:_SIGNATURE_BYTES]
        if not hmac.compare_digest(signature, expected):
            raise ContinuationTokenInvalid(
                "The continuation token was modified or issued by another server"
            )
        body = json.loads(raw)
        if body.get("s") != scope:
            raise ContinuationTokenInvalid(
                "The continuation token belongs to another request: call the same URL"
            )
        if self._state.clock.reached(float(body.get("e", 0))):
            raise ContinuationTokenInvalid("The continuation token has expired")
        payload = body.get("p")
        if not isinstance(payload, dict):
            raise ContinuationTokenInvalid("The continuation token is malformed")
        return payload


def continuation_alone(request: Request, params: Params, *optional: str) -> None:
    """A continuation call repeats the URL with only `continuationToken` added and every other
    optional parameter dropped (reference §7). Lenient: the token wins and the journal notes the
    rest; strict: 400 naming them."""
    kept = [name for name in optional if name in params]
    if not kept:
        return
    entry_of(request.scope).violate("continuation-with-other-parameters")
    state: MockState = request.app.state.mock
    if state.settings.strict:
        raise IncompatibleInputParameters(
            "A continuation call carries continuationToken instead of the other optional "
            f"parameters; drop {', '.join(kept)}"
        )
