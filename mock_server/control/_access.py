"""Who may use the control API: anyone on loopback, otherwise only holders of the admin key.

The key is `settings.admin_key`; off loopback without one, a key is generated once per mock
state (`groove-mock serve` generates it itself and prints it). A key that is set is required
even on loopback: whoever set it wanted it checked.
"""

from __future__ import annotations

import hmac
import secrets
from typing import TYPE_CHECKING

from ..types import Scope

if TYPE_CHECKING:
    from .._state import MockState

_BEARER = b"bearer "


class ControlAccess:
    """The admin-key rule of one mock state (`state.part(ControlAccess)`)."""

    def __init__(self, state: MockState):
        settings = state.settings
        key = settings.admin_key
        if key is None and not settings.is_loopback:
            key = secrets.token_urlsafe(24)
        self.key = key
        self._key_bytes = key.encode() if key is not None else b""

    @property
    def required(self) -> bool:
        return self.key is not None

    def allows(self, scope: Scope) -> bool:
        """True when no key is needed or the request carries it, as `Authorization: Bearer
        <key>` or `X-Admin-Key: <key>`."""
        if self.key is None:
            return True
        granted = False
        for name, value in scope["headers"]:
            if name == b"x-admin-key":
                candidate = value.strip()
            elif name == b"authorization" and value[:7].lower() == _BEARER:
                candidate = value[7:].strip()
            else:
                continue
            # Every candidate is compared, so the time taken does not tell which one was close.
            granted |= hmac.compare_digest(candidate, self._key_bytes)
        return granted

    def reset(self) -> None:
        """The key outlives a reset: clients hold it."""
