"""`GrooveMock`: what the pytest fixtures hand a test — one fresh mock on a host."""

from __future__ import annotations

import ssl
from functools import cached_property
from typing import Any

import httpx

from mock_server import MockControl, MockState, create_app
from mock_server._journal import JournalEntry
from mock_server._scenario import Scenario
from mock_server._settings import setting_fields
from mock_server.cli._text import journal_line

from .._adapter import Environment
from ..harness._hosting import Host
from ..harness._registration import build_environment, new_state

INFORMATIONAL = frozenset({"expired-token", "revoked-token", "code-expired"})
"""Journal marks that record what happened to a token, not a client breaking the contract:
a token does expire, and a test may revoke one on purpose."""

SETTING_NAMES = frozenset(f.name for f in setting_fields())


class GrooveMock:
    """A fresh mock for one test, in process or behind the session's socket.

    `base_url` serves both the authorization server and the API; `transport` is the httpx
    transport to use in process (None on a socket); `environment()` is what the contract
    suite would give a client; `journal` is what reached the mock; `control` steers it (faults,
    clock, users, tokens: `mock_server.MockControl`); `state` is the engine itself.
    """

    def __init__(self, host: Host, *, scenario: Scenario | None = None, **settings: Any):
        unknown = sorted(set(settings) - SETTING_NAMES)
        if unknown:
            known = ", ".join(sorted(SETTING_NAMES))
            raise ValueError(f"groove_mock: unknown setting {unknown[0]!r} (known: {known})")
        self.host = host
        self.state: MockState = new_state(host, scenario, **settings)
        self.app = create_app(state=self.state)
        host.tap.swap(self.app)

    @property
    def base_url(self) -> str:
        return self.host.base_url

    @property
    def transport(self) -> httpx.BaseTransport | None:
        return self.host.transport

    @property
    def ca_file(self) -> str | None:
        """The CA bundle to trust when the socket serves https (`--groove-tls`), else None."""
        return self.host.ca_file

    def http(self, **kwargs: Any) -> httpx.Client:
        """An httpx client on the mock (the caller closes it); it trusts the run's CA."""
        if self.ca_file is not None:
            kwargs.setdefault("verify", ssl.create_default_context(cafile=self.ca_file))
        return httpx.Client(transport=self.transport, base_url=self.base_url, **kwargs)

    def environment(self, *, public: bool = False) -> Environment:
        return build_environment(self.state, self.host, public=public)

    @cached_property
    def control(self) -> MockControl:
        """The control plane of this mock, in Python: the same methods as `RemoteControl`
        and the `/_mock/` HTTP API (a socket mock's too: its state lives in this process)."""
        return MockControl(self.state)

    def advance(self, seconds: float) -> None:
        self.state.clock.advance(seconds)

    @property
    def journal(self) -> list[JournalEntry]:
        return list(self.state.journal)

    def violations(self, allowed: frozenset[str] | None = None) -> list[JournalEntry]:
        """Journal entries with a contract violation that is not informational or allowed."""
        ignored = INFORMATIONAL | (allowed or frozenset())
        return [e for e in self.state.journal if set(e.violations) - ignored]

    def journal_text(self, limit: int = 50) -> str:
        entries = self.journal[-limit:]
        if not entries:
            return "(no request reached the mock)"
        return "\n".join(journal_line(e) for e in entries)
