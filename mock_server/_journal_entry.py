"""One journal entry: what a request asked, how it was answered, what was found on it; and
what keeping it costs (`entry_bytes`), by which the journal bounds itself in bytes."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class CredentialSeen:
    """One credential found on a request: where it was, and a fingerprint of it."""

    location: str
    fingerprint: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"location": self.location, "fingerprint": self.fingerprint}


@dataclass(slots=True)
class JournalEntry:
    """One request as the journal keeps it: what it asked, how it was answered, what was found
    on it (never a secret), and the contract rules it broke."""

    seq: int
    time: float
    method: str
    path: str
    query_names: tuple[str, ...]
    side: str = "api"
    status: int = 0
    error_code: str | None = None
    credentials: list[CredentialSeen] = field(default_factory=list)
    token_kind: str | None = None
    token_fingerprint: str | None = None
    client_id: str | None = None
    user_id: str | None = None
    violations: list[str] = field(default_factory=list)
    fault: str | None = None
    duration_ms: float = 0.0

    def violate(self, rule: str) -> None:
        if rule not in self.violations:
            self.violations.append(rule)

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "time": self.time,
            "side": self.side,
            "method": self.method,
            "path": self.path,
            "query_names": list(self.query_names),
            "status": self.status,
            "error_code": self.error_code,
            "credentials": [c.to_json() for c in self.credentials],
            "token_kind": self.token_kind,
            "token_fingerprint": self.token_fingerprint,
            "client_id": self.client_id,
            "user_id": self.user_id,
            "violations": list(self.violations),
            "fault": self.fault,
            "duration_ms": round(self.duration_ms, 3),
        }


def entry_bytes(entry: JournalEntry) -> int:
    """What keeping `entry` costs, counted generously with sys.getsizeof: the entry, its numbers
    and lists (`_ENTRY_BYTES`), and every string it holds, shared ones (interned names, ids of
    the scenario) counted as if it had its own copy (None, shared by all, counts nothing)."""
    size = sys.getsizeof
    names = entry.query_names
    found = entry.credentials
    return (
        _ENTRY_BYTES
        + size(entry.method)
        + size(entry.path)
        + (size(names) + sum(map(size, names)) if names else 0)
        + sum(_CREDENTIAL_BYTES + size(c.location) + size(c.fingerprint) for c in found)
        + _SLOT_BYTES * len(entry.violations)
        + sum(
            size(value)
            for value in (
                entry.error_code,
                entry.token_kind,
                entry.token_fingerprint,
                entry.client_id,
                entry.user_id,
                entry.fault,
            )
            if value is not None
        )
    )


def _fixed_bytes() -> tuple[int, int]:
    sample = JournalEntry(seq=1 << 40, time=0.5, method="", path="", query_names=())
    size = sys.getsizeof
    # The entry, its sequence number, two floats, two lists with room to grow, and its slots in
    # the journal's two deques (an int for its cost included).
    entry = size(sample) + size(sample.seq) + 2 * size(0.5) + 2 * size([None] * 4)
    credential = size(CredentialSeen("", None)) + _SLOT_BYTES
    return entry + 2 * _SLOT_BYTES + size(1 << 40), credential


_SLOT_BYTES = 8
_ENTRY_BYTES, _CREDENTIAL_BYTES = _fixed_bytes()
