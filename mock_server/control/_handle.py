"""`Control`: the one set of controls, whichever way in.

`MockControl` drives a `MockState` in this process; `RemoteControl` drives a mock running
elsewhere through its `/_mock/` HTTP API. Both take and return the same types and raise the
same errors (`ControlError` and its subclasses), so a test written against one runs against
the other. The public methods are defined here, once; a subclass supplies the primitives.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from typing import Any, Literal

from .._journal import JournalEntry
from .._scenario import App, MusicPass, Platform, Scenario, User
from ._faults import Fault
from ._journal_query import JournalPage
from ._minting import BadFlavor, MintedToken

TokenKindName = Literal["app", "user", "refresh"]


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""Marks an argument left out, where None is a value (an app's `client_secret`)."""


class Control(abc.ABC):
    """Test controls for one mock: journal, faults, clock, scenario and tokens."""

    # status ---------------------------------------------------------------------------------

    @abc.abstractmethod
    def status(self) -> dict[str, Any]:
        """URLs, clock, journal size and cursor, pending faults, whether a key is needed."""

    # journal --------------------------------------------------------------------------------

    def journal(
        self,
        *,
        path: str | None = None,
        method: str | None = None,
        status: int | None = None,
        error_code: str | None = None,
        token_kind: str | None = None,
        client_id: str | None = None,
        user_id: str | None = None,
        side: Literal["api", "auth"] | None = None,
        violation: str | None = None,
        since: int | None = None,
        limit: int | None = None,
    ) -> list[JournalEntry]:
        """Journaled requests matching every filter given, oldest first.

        `path` is a prefix, or exact with a trailing `$` (case-insensitive); `since` keeps
        entries with a larger `seq`; `limit` keeps the newest N of those that match.
        """
        return self._journal(_given(locals()))

    def tail_journal(self, cursor: int = 0, *, wait: float = 0.0, **filters: Any) -> JournalPage:
        """Entries appended after `cursor` (0: all kept), waiting up to `wait` seconds for the
        first one. Continue from the returned cursor to read each entry exactly once.

        Takes the `journal` filters; `limit=N` pages: the OLDEST N new matches, with a cursor
        right after them (unlike `journal`, whose limit keeps the newest)."""
        given = {name: value for name, value in filters.items() if value is not None}
        return self._tail_journal(cursor, wait, given)

    def violations(self) -> list[JournalEntry]:
        """Journaled requests on which the client broke a contract rule."""
        return [entry for entry in self.journal() if entry.violations]

    @abc.abstractmethod
    def clear_journal(self) -> int:
        """Forget every journaled request; returns how many there were."""

    # faults ---------------------------------------------------------------------------------

    def inject(
        self,
        path: str = "*",
        *,
        method: str = "*",
        error: str | None = None,
        status: int | None = None,
        message: str | None = None,
        retry_after: int | None = None,
        delay: float = 0.0,
        drop: bool = False,
        malformed: bool = False,
        body: str | None = None,
        times: int = 1,
    ) -> Fault:
        """Queue a fault for the next `times` requests matching `method` and `path` (a glob,
        or `re:` and a regular expression; both ignore case).

        `error` is a Groove ErrorCode (`TOO_MANY_REQUESTS`) or an OAuth error
        (`invalid_grant`); `status` overrides its HTTP status, or alone picks a fitting error
        for the side. `retry_after` adds the header; `delay` waits first (seconds); `drop`
        closes the connection without an answer; `malformed` answers with a body that is not
        JSON (`body` to choose it). A fault that asks for none of these lets the request
        through after its delay.
        """
        return self._inject(_given(locals()))

    @abc.abstractmethod
    def faults(self) -> list[Fault]:
        """Faults still queued, with the firings each has left."""

    @abc.abstractmethod
    def remove_fault(self, fault_id: str) -> None:
        """Drop one queued fault by id (ControlNotFound if it is not queued)."""

    @abc.abstractmethod
    def clear_faults(self) -> int:
        """Drop every queued fault; returns how many there were."""

    def assert_faults_fired(self) -> None:
        """Fail (AssertionError) if a queued fault never got its requests."""
        pending = self.faults()
        if pending:
            lines = "; ".join(
                f"{f.describe()} on {f.method} {f.path} x{f.remaining}" for f in pending
            )
            raise AssertionError(f"{len(pending)} fault(s) still queued: {lines}")

    # clock ----------------------------------------------------------------------------------

    @abc.abstractmethod
    def now(self) -> float:
        """The mock clock, as a Unix time."""

    @abc.abstractmethod
    def advance(self, seconds: float) -> float:
        """Move the mock clock forward; returns the new time."""

    @abc.abstractmethod
    def freeze(self, at: float | str | None = None) -> float:
        """Stop the mock clock (at its current time, or at a Unix time or ISO-8601 string)."""

    @abc.abstractmethod
    def unfreeze(self) -> float:
        """Let the mock clock run again from where it stands."""

    @abc.abstractmethod
    def set_time(self, moment: float | str) -> float:
        """Put the mock clock at a Unix time or ISO-8601 date-time (it may go back)."""

    # scenario -------------------------------------------------------------------------------

    @abc.abstractmethod
    def scenario(self) -> Scenario:
        """The apps and users as they stand now."""

    def put_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        email: str | None = None,
        country: str | None = None,
        language: str | None = None,
        music_pass: MusicPass | bool | None = None,
    ) -> User:
        """Add a user or change the fields given (`music_pass=True` is a paid pass)."""
        changes = _given(locals())
        changes.pop("user_id")
        return self._put_user(user_id, changes)

    def put_app(
        self,
        client_id: str,
        *,
        name: str | None = None,
        platform: Platform | None = None,
        client_secret: str | None = UNSET,
        redirect_uris: Iterable[str] | None = None,
        enrolled: bool | None = None,
    ) -> App:
        """Add an app or change the fields given (`client_secret=None` makes it public)."""
        changes = _given(locals())
        changes.pop("client_id")
        if client_secret is not UNSET:
            changes["client_secret"] = client_secret
        if redirect_uris is not None and not isinstance(redirect_uris, str):
            changes["redirect_uris"] = list(redirect_uris)
        return self._put_app(client_id, changes)

    @abc.abstractmethod
    def revoke_consent(self, user_id: str, client_id: str) -> None:
        """The user withdraws consent from the app: its earlier tokens stop working."""

    @abc.abstractmethod
    def revoke_token(self, token: str, *, grant: bool = False) -> None:
        """Revoke one token, or (`grant=True`) everything its sign-in issued."""

    @abc.abstractmethod
    def reset(self) -> None:
        """Back to the scenario as loaded: tokens, data, journal, faults and clock."""

    # tokens ---------------------------------------------------------------------------------

    @abc.abstractmethod
    def mint_token(
        self,
        kind: TokenKindName = "user",
        *,
        client_id: str | None = None,
        user_id: str | None = None,
        scopes: Iterable[str] | str | None = None,
        lifetime: float | None = None,
    ) -> MintedToken:
        """A valid token without the sign-in dance. Defaults: the first enrolled app, the
        scenario's default user, the kind's usual scopes and the configured lifetime."""

    def app_token(
        self,
        client_id: str | None = None,
        *,
        scopes: Iterable[str] | str | None = None,
        lifetime: float | None = None,
    ) -> MintedToken:
        return self.mint_token("app", client_id=client_id, scopes=scopes, lifetime=lifetime)

    def user_token(
        self,
        user_id: str | None = None,
        *,
        client_id: str | None = None,
        scopes: Iterable[str] | str | None = None,
        lifetime: float | None = None,
    ) -> MintedToken:
        return self.mint_token(
            "user", client_id=client_id, user_id=user_id, scopes=scopes, lifetime=lifetime
        )

    @abc.abstractmethod
    def bad_token(
        self,
        flavor: BadFlavor,
        *,
        kind: Literal["app", "user"] = "user",
        client_id: str | None = None,
        user_id: str | None = None,
    ) -> MintedToken:
        """A token the mock must refuse: `expired`, `revoked`, `forged` (signature),
        `foreign` (another mock instance), `wrong-kind` (a refresh token) or
        `no-groove-scope`."""

    # primitives -----------------------------------------------------------------------------

    @abc.abstractmethod
    def _journal(self, filters: dict[str, Any]) -> list[JournalEntry]: ...

    @abc.abstractmethod
    def _tail_journal(self, cursor: int, wait: float, filters: dict[str, Any]) -> JournalPage: ...

    @abc.abstractmethod
    def _inject(self, spec: dict[str, Any]) -> Fault: ...

    @abc.abstractmethod
    def _put_user(self, user_id: str, changes: dict[str, Any]) -> User: ...

    @abc.abstractmethod
    def _put_app(self, client_id: str, changes: dict[str, Any]) -> App: ...


def _given(arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments a caller gave a value (None and UNSET mean "not given")."""
    return {
        name: value
        for name, value in arguments.items()
        if name != "self" and value is not None and value is not UNSET
    }
