"""Shared by the answer replay's tests: a stand-in for the full stack that counts its calls."""

from __future__ import annotations

from mock_server._replay import AnswerReplay
from mock_server.types import Receive, Scope, Send


class CountingStack:
    """Stands in for `replay.app`: counts the requests that reached the full stack, that is,
    that were not replayed."""

    def __init__(self, replay: AnswerReplay):
        self.inner = replay.app
        self.calls = 0
        replay.app = self

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        await self.inner(scope, receive, send)
