"""The verified-token cache, bounded in bytes: verifying a token (an HMAC or an RSA check, and
its JSON) costs more than a lookup, and a client sends the same token on every call.

Verification never reads the clock (the caller compares `Claims.expires_at` with the mock
clock), so a cached token still expires on time. An entry costs `cached_bytes`: the token, its
claims and their strings by sys.getsizeof, and a dict slot; the oldest entries leave once the
total would pass `max_bytes`.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._tokens import Claims

# About 2,000 tokens of ~400 characters.
CACHE_BYTES = 2 * 1024 * 1024
# Longer tokens (a minted one with a huge scope list) verify every time, never kept.
MAX_CACHED_TOKEN_CHARS = 4096
_SLOT_BYTES = 104  # a dict entry and its share of the table, with room to spare


def cached_bytes(token: str, claims: Claims) -> int:
    """What keeping `token` and its `claims` costs, counted generously (shared strings and
    scope sets are counted as if each entry had its own)."""
    size = sys.getsizeof
    return (
        size(token)
        + size(claims)
        + size(claims.scopes)
        + sum(map(size, claims.scopes))
        + size(claims.client_id)
        + size(claims.user_id)
        + size(claims.issued_at)
        + size(claims.expires_at)
        + size(claims.token_id)
        + size(claims.grant_id)
        + _SLOT_BYTES
    )


class TokenCache(dict[str, "Claims"]):
    """Verified tokens and their claims, oldest first. A dict, so a hit is one `get`."""

    def __init__(self, max_bytes: int = CACHE_BYTES):
        super().__init__()
        self.max_bytes = max_bytes
        self.bytes = 0
        self._lock = threading.Lock()

    def keep(self, token: str, claims: Claims) -> None:
        """Cache a verified token (unless longer than MAX_CACHED_TOKEN_CHARS); the oldest
        leave while the cache would be over `max_bytes`."""
        if len(token) > MAX_CACHED_TOKEN_CHARS:
            return
        cost = cached_bytes(token, claims)
        with self._lock:
            if token in self:
                return
            while self and self.bytes + cost > self.max_bytes:
                oldest = next(iter(self))
                self.bytes -= cached_bytes(oldest, self.pop(oldest))
            self[token] = claims
            self.bytes += cost

    def clear(self) -> None:
        with self._lock:
            super().clear()
            self.bytes = 0
