"""What a rule is: its stable ID, its level, what it asks, where it stems from, the capability
it needs, how to fix a failure, and the journal violations that prove a breach."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .._adapter import Capability


class Level(StrEnum):
    MUST = "MUST"
    SHOULD = "SHOULD"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    level: Level
    title: str
    source: str
    capability: Capability | None
    fix: str
    server_signals: tuple[str, ...] = ()
    legal: str = ""
    """What a correct client may do differently from the reference client and still pass."""

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "level": self.level.value,
            "title": self.title,
            "source": self.source,
            "capability": self.capability.value if self.capability else None,
            "fix": self.fix,
            "server_signals": list(self.server_signals),
            "legal": self.legal,
        }
