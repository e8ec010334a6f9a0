"""The revocation ledger: revoked token ids and grants, each kept until what it revokes has
expired by the mock clock, and never forgotten before.

Entries leave in expiry order from a heap (no sort per revocation: one `heappush`, and pops of
what has expired). The ledger has a bound (`Settings.revocation_limit`); it is checked where
tokens are issued, not where they are revoked: while the ledger holds that many live entries,
issuance is refused (`LedgerFull`, a 503 with a one-line reason) and revocations are still
recorded. So a revoked token never works again, and memory stays bounded by the limit plus the
revocations of tokens issued before it was reached (docs/hardening.md).
"""

from __future__ import annotations

import heapq
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._tokens import Claims

DEFAULT_LIMIT = 100_000
_TOKEN, _GRANT = 0, 1

__all__ = ["DEFAULT_LIMIT", "LedgerFull", "RevocationLedger"]


class LedgerFull(Exception):
    """Issuing now could lead to forgetting a live revocation: the issuance is refused."""

    def __init__(self, limit: int):
        super().__init__(
            f"the mock holds {limit} live revocations, its --revocation-limit: it issues no "
            "more tokens until some have expired (mock clock); reset it or raise the limit"
        )


class RevocationLedger:
    def __init__(self, max_entries: int = DEFAULT_LIMIT):
        self._tokens: dict[str, float] = {}
        self._grants: dict[str, float] = {}
        self._heap: list[tuple[float, int, str]] = []
        self._max = max_entries
        self._lock = threading.Lock()

    @property
    def max_entries(self) -> int:
        return self._max

    def revoke_token(self, token_id: str, expires_at: float) -> None:
        self._revoke(self._tokens, _TOKEN, token_id, expires_at)

    def revoke_grant(self, grant_id: str, until: float) -> None:
        self._revoke(self._grants, _GRANT, grant_id, until)

    def _revoke(self, table: dict[str, float], kind: int, key: str, until: float) -> None:
        with self._lock:
            known = table.get(key)
            if known is not None and known >= until:
                return
            table[key] = until
            heapq.heappush(self._heap, (until, kind, key))

    def is_revoked(self, claims: Claims) -> bool:
        return claims.token_id in self._tokens or claims.grant_id in self._grants

    def check_room(self, now: float) -> None:
        """Raise `LedgerFull` when the ledger holds its limit of live entries."""
        self.prune(now)
        if len(self) >= self._max:
            raise LedgerFull(self._max)

    def prune(self, now: float) -> None:
        """Forget what covers only tokens expired by `now`."""
        with self._lock:
            heap = self._heap
            while heap and heap[0][0] <= now:
                until, kind, key = heapq.heappop(heap)
                table = self._tokens if kind == _TOKEN else self._grants
                if table.get(key) == until:
                    del table[key]

    def clear(self) -> None:
        with self._lock:
            self._tokens.clear()
            self._grants.clear()
            self._heap.clear()

    def __len__(self) -> int:
        return len(self._tokens) + len(self._grants)
