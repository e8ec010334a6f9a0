"""The engine: one `MockState` per mock instance, shared by the authorization server, the
Groove API and the control plane. It owns the clock, the tokens, the scenario as it stands
now, the per-user data and the journal; `reset()` puts all of it back as loaded."""

from __future__ import annotations

import threading
from typing import Protocol, TypeVar

from ._clock import Clock
from ._journal import Journal
from ._scenario import App, Scenario, User, load_scenario
from ._settings import Settings
from ._tokens import Claims, TokenService


class Resettable(Protocol):
    def reset(self) -> None: ...


P = TypeVar("P", bound=Resettable)


class MockState:
    """Everything one mock instance knows. Thread-safe where requests can race."""

    def __init__(self, settings: Settings | None = None, *, scenario: Scenario | None = None):
        self.settings = settings or Settings()
        self.clock = Clock()
        self.initial_scenario = scenario or load_scenario(self.settings.scenario)
        self.scenario = self.initial_scenario
        self.tokens = TokenService(
            self.clock,
            token_format=self.settings.token_format,
            signing_key=self.settings.signing_key,
            jwt_key_file=self.settings.jwt_key_file,
            issuer=self.settings.public_auth_url,
            revocation_limit=self.settings.revocation_limit,
        )
        self.journal = Journal(self.settings.journal_size, self.settings.journal_bytes)
        self._lock = threading.Lock()
        # (user_id, client_id) -> time: tokens issued before it lost the user's consent.
        self.consent_revoked: dict[tuple[str, str], float] = {}
        # (user_id, client_id) -> time the user signed out of that client.
        self.signed_out: dict[tuple[str, str], float] = {}
        self._parts: list[Resettable] = []

    # parts of other sides register here so that reset() reaches them ---------------------

    def part(self, cls: type[P]) -> P:
        """The one instance of a store class for this state (codes, collections, faults...),
        made on first use with `cls(self)` and reset with the rest. Two apps built on one state
        therefore share their stores."""
        with self._lock:
            for part in self._parts:
                if type(part) is cls:
                    return part
            made = cls(self)  # type: ignore[call-arg]
            self._parts.append(made)
            return made

    def reset(self) -> None:
        """Back to the scenario as loaded: tokens revoked, data, journal and clock cleared."""
        with self._lock:
            self.scenario = self.initial_scenario
            self.consent_revoked.clear()
            self.signed_out.clear()
        self.tokens.ledger.clear()
        self.journal.clear()
        self.clock.reset()
        for part in self._parts:
            part.reset()

    # scenario -------------------------------------------------------------------------------

    def app(self, client_id: str) -> App | None:
        return self.scenario.apps_by_id.get(client_id)

    def user(self, user_id: str | None) -> User | None:
        return None if user_id is None else self.scenario.users_by_id.get(user_id)

    @property
    def default_user(self) -> User:
        return self.scenario.users_by_id[self.scenario.default_user_id]

    def put_app(self, app: App) -> None:
        with self._lock:
            self.scenario = self.scenario.with_app(app)

    def put_user(self, user: User) -> None:
        with self._lock:
            self.scenario = self.scenario.with_user(user)

    # consent and sign-out ---------------------------------------------------------------------

    def revoke_consent(self, user_id: str, client_id: str) -> None:
        """The user withdraws consent (account.live.com/consent/Manage): every token issued
        before now to that client for that user stops working."""
        with self._lock:
            self.consent_revoked[(user_id, client_id)] = self.clock.now()

    def has_consent(self, claims: Claims) -> bool:
        if claims.user_id is None:
            return True
        revoked_at = self.consent_revoked.get((claims.user_id, claims.client_id))
        return revoked_at is None or claims.issued_at > revoked_at

    def sign_out(self, user_id: str, client_id: str) -> None:
        with self._lock:
            self.signed_out[(user_id, client_id)] = self.clock.now()

    def issued_before_sign_out(self, claims: Claims) -> bool:
        if claims.user_id is None:
            return False
        at = self.signed_out.get((claims.user_id, claims.client_id))
        return at is not None and claims.issued_at <= at
