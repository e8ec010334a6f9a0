"""`FaultQueue`: the faults queued on one mock state, as the request path sees them.

Every app checks `armed` on every request: a cheap test while nothing is queued.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import _validate as check
from ._errors import ControlNotFound
from ._faults import FAULT_FIELDS, Fault, _Armed, arm_fault

if TYPE_CHECKING:
    from .._state import MockState


class FaultQueue:
    """The faults queued on one mock state (`state.part(FaultQueue)`), thread-safe."""

    def __init__(self, state: MockState | None = None):
        self._armed: list[_Armed] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    @property
    def armed(self) -> bool:
        """Cheap test for the request path: False whenever nothing is queued."""
        return bool(self._armed)

    def add(self, spec: Mapping[str, Any]) -> Fault:
        """Queue a fault from its fields (see `FAULT_FIELDS`); bad values raise ControlError."""
        check.reject_unknown(spec, FAULT_FIELDS, "fault")
        with self._lock:
            fault_id = f"f{next(self._ids)}"
        armed = arm_fault(fault_id, spec)
        with self._lock:
            self._armed.append(armed)
        return armed.snapshot()

    def take(self, method: str, path: str) -> _Armed | None:
        """The first fault matching this request, with one firing used up."""
        with self._lock:
            for index, armed in enumerate(self._armed):
                if armed.matches(method, path):
                    armed.remaining -= 1
                    if armed.remaining <= 0:
                        del self._armed[index]
                    return armed
        return None

    def pending(self) -> list[Fault]:
        with self._lock:
            return [armed.snapshot() for armed in self._armed]

    def remove(self, fault_id: str) -> None:
        with self._lock:
            for index, armed in enumerate(self._armed):
                if armed.fault.id == fault_id:
                    del self._armed[index]
                    return
        raise ControlNotFound(f"no queued fault {fault_id!r}")

    def clear(self) -> int:
        with self._lock:
            count = len(self._armed)
            self._armed.clear()
        return count

    def reset(self) -> None:
        self.clear()
