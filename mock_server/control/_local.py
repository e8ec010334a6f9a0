"""`MockControl`: the controls over a `MockState` in this process."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, Literal

from starlette.applications import Starlette

from .._journal import JournalEntry
from .._scenario import App, Scenario, User
from .._state import MockState
from . import _scenario_edit as edit
from . import _validate as check
from ._access import ControlAccess
from ._errors import ControlError
from ._fault_queue import FaultQueue
from ._faults import Fault
from ._handle import Control, TokenKindName
from ._journal_query import JournalPage, matcher, parse_filters
from ._minting import BadFlavor, MintedToken, TokenWorkshop

MAX_WAIT = 60.0
POLL_INTERVAL = 0.02
MAX_ADVANCE = 100 * 365 * 86400.0


class MockControl(Control):
    """Controls for the mock behind `state` (or behind an app from `create_app`)."""

    def __init__(self, state: MockState):
        self.state = state
        self.fault_queue = state.part(FaultQueue)
        self.workshop = state.part(TokenWorkshop)
        self.access = state.part(ControlAccess)

    @classmethod
    def of(cls, app: Starlette) -> MockControl:
        """The controls of an app built by `create_app`."""
        state = getattr(app.state, "mock", None)
        if not isinstance(state, MockState):
            raise TypeError("not an app built by mock_server.create_app")
        return cls(state)

    @property
    def admin_key(self) -> str | None:
        """The key the control API asks for over HTTP (None: open, on loopback)."""
        return self.access.key

    def urls(self) -> dict[str, str]:
        settings = self.state.settings
        return {
            "auth": settings.public_auth_url,
            "api": settings.public_api_url,
            "control": f"{settings.public_auth_url}/_mock",
        }

    def status(self) -> dict[str, Any]:
        journal = self.state.journal
        return {
            "urls": self.urls(),
            "clock": self.clock_json(),
            "journal": {
                "entries": len(journal),
                "max_entries": journal.max_entries,
                "cursor": journal.cursor,
                "last_seq": journal.last_seq,
            },
            "faults_pending": len(self.fault_queue.pending()),
            "scenario": self.state.scenario.source,
            "token_format": self.state.settings.token_format,
            "admin_key_required": self.access.required,
        }

    # journal --------------------------------------------------------------------------------

    def _journal(self, filters: dict[str, Any]) -> list[JournalEntry]:
        query, limit = parse_filters(filters)
        found = self.state.journal.query(**query)
        return found[-limit:] if limit is not None else found

    def _tail_journal(self, cursor: int, wait: float, filters: dict[str, Any]) -> JournalPage:
        cursor = check.integer("cursor", cursor, low=0, high=2**62)
        wait = check.number("wait", wait, low=0, high=MAX_WAIT)
        query, limit = parse_filters(filters)
        wanted = matcher(query)
        deadline = time.monotonic() + wait
        journal = self.state.journal
        while True:
            page = _oldest_matching(*journal.read_after(cursor), wanted, limit)
            if journal.closed:
                return JournalPage(page.entries, page.cursor, closed=True)
            remaining = deadline - time.monotonic()
            if page.entries or remaining <= 0:
                return page
            cursor = page.cursor
            time.sleep(min(remaining, POLL_INTERVAL))

    def clear_journal(self) -> int:
        count = len(self.state.journal)
        self.state.journal.clear()
        return count

    # faults ---------------------------------------------------------------------------------

    def _inject(self, spec: dict[str, Any]) -> Fault:
        return self.fault_queue.add(spec)

    def faults(self) -> list[Fault]:
        return self.fault_queue.pending()

    def remove_fault(self, fault_id: str) -> None:
        self.fault_queue.remove(check.text("fault_id", fault_id))

    def clear_faults(self) -> int:
        return self.fault_queue.clear()

    # clock ----------------------------------------------------------------------------------

    def now(self) -> float:
        return self.state.clock.now()

    def advance(self, seconds: float) -> float:
        return self.state.clock.advance(check.number("seconds", seconds, low=0, high=MAX_ADVANCE))

    def freeze(self, at: float | str | None = None) -> float:
        return self.state.clock.freeze(None if at is None else check.timestamp("at", at))

    def unfreeze(self) -> float:
        return self.state.clock.unfreeze()

    def set_time(self, moment: float | str) -> float:
        return self.state.clock.set(check.timestamp("time", moment))

    def clock_json(self) -> dict[str, Any]:
        now = self.state.clock.now()
        return {"now": now, "iso": check.iso(now), "frozen": self.state.clock.frozen}

    # scenario -------------------------------------------------------------------------------

    def scenario(self) -> Scenario:
        return self.state.scenario

    def _put_user(self, user_id: str, changes: dict[str, Any]) -> User:
        return edit.put_user(self.state, user_id, changes)

    def _put_app(self, client_id: str, changes: dict[str, Any]) -> App:
        return edit.put_app(self.state, client_id, changes)

    def revoke_consent(self, user_id: str, client_id: str) -> None:
        edit.revoke_consent(self.state, user_id, client_id)

    def revoke_token(self, token: str, *, grant: bool = False) -> None:
        claims = self.state.tokens.decode(check.text("token", token))
        if claims is None:
            raise ControlError("not a token this mock issued (malformed, forged or foreign)")
        if check.boolean("grant", grant):
            # Until every token the grant can have has expired: the grant's longest lifetime
            # from now, or this token's own expiry if later (a minted token's lifetime is free).
            settings, now = self.state.settings, self.state.clock.now()
            horizon = max(settings.refresh_token_lifetime, settings.user_token_lifetime)
            until = max(now + horizon, claims.expires_at)
            self.state.tokens.revoke_grant(claims.grant_id, until=until)
        else:
            self.state.tokens.revoke(claims)

    def reset(self) -> None:
        self.state.reset()

    # tokens ---------------------------------------------------------------------------------

    def mint_token(
        self,
        kind: TokenKindName = "user",
        *,
        client_id: str | None = None,
        user_id: str | None = None,
        scopes: Iterable[str] | str | None = None,
        lifetime: float | None = None,
    ) -> MintedToken:
        if scopes is not None and not isinstance(scopes, str):
            scopes = list(scopes)
        return self.workshop.mint(
            kind, client_id=client_id, user_id=user_id, scopes=scopes, lifetime=lifetime
        )

    def bad_token(
        self,
        flavor: BadFlavor,
        *,
        kind: Literal["app", "user"] = "user",
        client_id: str | None = None,
        user_id: str | None = None,
    ) -> MintedToken:
        return self.workshop.bad(flavor, kind=kind, client_id=client_id, user_id=user_id)


def _oldest_matching(
    entries: list[JournalEntry],
    end: int,
    wanted: Callable[[JournalEntry], bool],
    limit: int | None,
) -> JournalPage:
    """The first `limit` entries that match, and the cursor right after the last of them.

    A tail page is a position in the journal: the cursor must never move past an entry the
    page leaves out, or a follower that pages with `limit` would lose it.
    """
    first = end - len(entries)  # the cursor before entries[0]
    matching: list[JournalEntry] = []
    for position, entry in enumerate(entries, start=first + 1):
        if wanted(entry):
            matching.append(entry)
            if limit is not None and len(matching) == limit:
                return JournalPage(matching, position)
    return JournalPage(matching, end)
