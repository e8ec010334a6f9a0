"""The driver behind the stateful machine: one client against one fresh mock, the actions it can
take (client steps and server events), the checks after every step, and a script of what was
done that `replay()` can run again.

A client step goes through the adapter (`Session.do`); a server event goes through the mock's
control plane (`MockControl`): the clock, consent, the Music Pass, revocation, queued faults.
"""

from __future__ import annotations

import atexit
import json
import secrets
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mock_server.control import MockControl
from mock_server.types import ASGIApp, Message, Receive, Scope, Send

from .._adapter import Capability, ClientFactory, Outcome, Step
from ..harness._hosting import InProcessHost
from ..harness._session import Session
from ._checks import TOKEN_PATH, Breach, Evidence, Knowledge, authorize_url, check_step

GET_LUCKY = "music.A83EB907-0100-11DB-89CA-0019B92A3933"
USER_LIFETIME = 3600
APP_LIFETIME = 86400
PAST = 60
"""Seconds past a lifetime the clock is moved, so the token is surely expired."""
SETTINGS = {"refresh_rotation": "revoke-old"}
"""Rotation that retires a used refresh token, so a client that keeps the first one shows."""

CALLS: dict[str, tuple[Step, Capability | None]] = {
    "lookup": ({"op": "lookup", "ids": [GET_LUCKY]}, None),
    "search": ({"op": "search", "query": "daft punk", "max_items": 5}, None),
    "browse_catalog": ({"op": "browse_catalog", "type": "albums", "max_items": 5}, None),
    "profile": ({"op": "profile"}, Capability.USER_SIGN_IN),
    "browse_collection": (
        {"op": "browse_collection", "type": "tracks", "max_items": 5},
        Capability.USER_SIGN_IN,
    ),
    "collection_add": (
        {"op": "collection_add", "track_ids": [GET_LUCKY]},
        Capability.COLLECTION_WRITES,
    ),
    "playlist_create": (
        {"op": "playlist_create", "name": "groove-contract", "track_ids": [GET_LUCKY]},
        Capability.PLAYLISTS,
    ),
    "preview": ({"op": "preview", "track_id": GET_LUCKY}, Capability.STREAMING),
    "stream": ({"op": "stream", "track_id": GET_LUCKY}, Capability.STREAMING),
    "all_catalog_pages": (
        {"op": "browse_catalog", "type": "artists", "max_items": 25, "all_pages": True},
        Capability.PAGING,
    ),
    "all_collection_pages": (
        {"op": "browse_collection", "type": "tracks", "max_items": 3, "all_pages": True},
        Capability.PAGING,
    ),
}
USER_CALLS = ("profile", "browse_collection", "collection_add", "playlist_create", "stream")
APP_CALLS = ("lookup", "search", "browse_catalog", "preview", "all_catalog_pages")


class ContractBroken(AssertionError):
    """The client broke one or more MUST rules. `rules` lists their IDs; the message adds the
    evidence and the script that replays the run (`contract_tests.stateful.replay`)."""

    def __init__(self, breaches: list[Breach], script: list[dict[str, Any]]):
        self.breaches = breaches
        self.rules = sorted({breach.rule for breach in breaches})
        self.script = list(script)
        lines = [f"contract broken: {', '.join(self.rules)}"]
        lines += [breach.describe() for breach in breaches]
        lines.append("replay with contract_tests.stateful.replay(factory, script) where script =")
        lines.append(json.dumps(self.script))
        super().__init__("\n".join(lines))


class RefreshCatcher:
    """Keeps the last refresh token the mock issued, so that a server event can revoke it. The
    suite's own harness, in process: the token never leaves this object."""

    def __init__(self, app: ASGIApp):
        self.app = app
        self.refresh_token: str | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].lower() != TOKEN_PATH:
            await self.app(scope, receive, send)
            return
        body = bytearray()

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    self._read(bytes(body))
            await send(message)

        await self.app(scope, receive, keep)

    def _read(self, body: bytes) -> None:
        try:
            data = json.loads(body)
        except ValueError:
            return
        if isinstance(data, dict) and isinstance(data.get("refresh_token"), str):
            self.refresh_token = data["refresh_token"]


_HOST: InProcessHost | None = None
_HOST_LOCK = threading.Lock()


def shared_host() -> InProcessHost:
    """One in-process host for every run in this process (its tap gets a fresh mock per run)."""
    global _HOST
    with _HOST_LOCK:
        if _HOST is None:
            _HOST = InProcessHost()
            atexit.register(_HOST.close)
        return _HOST


class Driver:
    """One client, one fresh mock, and the record of everything done to them."""

    def __init__(self, factory: ClientFactory, *, public: bool = False):
        self.public = public
        self.session = Session(shared_host(), factory, public=public, settings=SETTINGS)
        self.catcher = RefreshCatcher(self.session.tap.app)
        self.session.tap.swap(self.catcher)
        self.state = self.session.state
        self.control = MockControl(self.state)
        env = self.session.env
        self.user_id = env.default_user_id
        self.known = Knowledge(env.client_id, env.redirect_uri, confidential=not public)
        self.script: list[dict[str, Any]] = []

    def close(self) -> None:
        self.session.close()

    def has(self, capability: Capability | None) -> bool:
        return capability is None or self.session.has(capability)

    @property
    def can_sign_in(self) -> bool:
        return self.has(Capability.PUBLIC_CLIENT if self.public else Capability.USER_SIGN_IN)

    # client steps ------------------------------------------------------------------------------

    def _judge(
        self,
        action: Callable[[], tuple[Step, Outcome]],
        *,
        tampered: bool = False,
        offline: bool = False,
        early: list[Breach] | None = None,
    ) -> Outcome:
        """Run a client action and check everything that reached the mock meanwhile."""
        tap_mark, journal_mark = self.session.mark(), self.state.journal.last_seq
        step, outcome = action()
        entries = self.state.journal.query(since=journal_mark)
        evidence = Evidence(
            step, outcome, tuple(self.session.wire(tap_mark)), tuple(entries), tampered, offline
        )
        breaches = [*(early or []), *check_step(evidence, self.known)]
        self.control.clear_faults()  # a fault is meant for the step right after its event
        if breaches:
            raise ContractBroken(breaches, self.script)
        return outcome

    def call(self, name: str) -> None:
        step, needs = CALLS[name]
        if not self.has(needs):
            return
        self.script.append({"action": "call", "name": name})
        self._judge(lambda: (step, self.session.do(step)))

    def app_token(self) -> None:
        if self.public or not self.has(Capability.APP_TOKEN):
            return
        self.script.append({"action": "app_token"})
        step: Step = {"op": "get_app_token"}
        self._judge(lambda: (step, self.session.do(step)))

    def sign_in(self, offline: bool = False, tampered: bool = False) -> None:
        if not self.can_sign_in:
            return
        self.script.append({"action": "sign_in", "offline": offline, "tampered": tampered})
        early: list[Breach] = []

        def flow() -> tuple[Step, Outcome]:
            begin: Step = {"op": "begin_sign_in", "offline_access": offline}
            started = self.session.do(begin)
            url = started.get("data", {}).get("authorize_url")
            early.extend(authorize_url(url, self.known, offline=offline, public=self.public))
            if early or not isinstance(url, str):
                return begin, started
            callback = self.session.browse(url)
            if callback is None or "code=" not in callback:
                return begin, {"ok": False, "detail": "the mock gave no code"}
            if tampered:
                callback = _other_state(callback)
            finish: Step = {"op": "finish_sign_in", "callback_url": callback}
            return finish, self.session.do(finish)

        self._judge(flow, tampered=tampered, offline=offline, early=early)

    def sign_out(self) -> None:
        if not self.has(Capability.SIGN_OUT):
            return
        self.script.append({"action": "sign_out"})

        def flow() -> tuple[Step, Outcome]:
            step: Step = {"op": "sign_out"}
            outcome = self.session.do(step)
            url = outcome.get("data", {}).get("logout_url")
            if isinstance(url, str) and url:
                self.session.browse(url)
            return step, outcome

        self._judge(flow)
        self.known.refresh_alive = False
        # Tokens of a later sign-in must be newer than the sign-out on the frozen mock clock.
        self.control.advance(1)

    # server events ------------------------------------------------------------------------------

    def expire(self, kind: str) -> None:
        self.script.append({"action": "expire", "kind": kind})
        self.control.advance((APP_LIFETIME if kind == "app" else USER_LIFETIME) + PAST)

    def revoke_consent(self) -> None:
        self.script.append({"action": "revoke_consent"})
        self.control.revoke_consent(self.user_id, self.known.client_id)
        self.known.refresh_alive = False
        self.control.advance(1)  # a new sign-in after this gives consent again

    def end_music_pass(self) -> None:
        self.script.append({"action": "end_music_pass"})
        self.control.put_user(self.user_id, music_pass="none")

    def revoke_refresh_token(self) -> None:
        self.script.append({"action": "revoke_refresh_token"})
        if self.catcher.refresh_token is not None:
            # RFC 7009 §2.1: revoking a refresh token revokes its grant's access tokens too.
            self.control.revoke_token(self.catcher.refresh_token, grant=True)
        self.known.refresh_alive = False

    def fault(self, error: str, retry_after: int | None = None, times: int = 1) -> None:
        """Queue an answer for the next `times` API requests of the step that follows."""
        self.script.append(
            {"action": "fault", "error": error, "retry_after": retry_after, "times": times}
        )
        self.control.inject("/1/*", error=error, retry_after=retry_after, times=times)


def _other_state(callback: str) -> str:
    """The callback with another state: what a forged redirect brings (RFC 6749 §10.12)."""
    parts = urlsplit(callback)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "state"]
    query.append(("state", secrets.token_urlsafe(24)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def run_script(driver: Driver, script: list[dict[str, Any]]) -> None:
    """Do every action of a script on a driver (what `replay()` and the tests use)."""
    for entry in script:
        arguments = {k: v for k, v in entry.items() if k != "action"}
        getattr(driver, entry["action"])(**arguments)
