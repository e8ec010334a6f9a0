"""What the authorization server remembers between requests: codes, grants, sign-in sessions,
interactive sign-in transactions and rotated refresh tokens.

One `AuthStore` per `MockState` (`state.part(AuthStore)`), so two apps on one state share it.
Every table expires by the mock clock and is bounded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import uuid
from dataclasses import dataclass

from .._state import MockState
from ._authorize_request import AuthorizeRequest
from ._expiring import ExpiringTable
from ._pkce import ChallengeMethod

TRANSACTION_LIFETIME = 900.0
SESSION_LIFETIME = 86400.0
# A redeemed code is remembered this long past its expiry, so a late replay still revokes.
REPLAY_MEMORY = 86400.0


@dataclass(slots=True)
class PendingCode:
    """An authorization code and everything its redemption must match (RFC 6749 §4.1.3)."""

    code: str
    client_id: str
    user_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    code_challenge: str | None
    code_challenge_method: ChallengeMethod | None
    issued_at: float
    expires_at: float
    grant_id: str
    redeemed: bool = False


@dataclass(frozen=True, slots=True)
class GrantRecord:
    """What one sign-in granted, by grant id: the refresh grant checks its redirect URI."""

    client_id: str
    user_id: str
    redirect_uri: str


class AuthStore:
    def __init__(self, state: MockState):
        self._clock = state.clock
        self._lock = threading.Lock()
        self._codes: ExpiringTable[PendingCode] = ExpiringTable(state.clock)
        self._grants: ExpiringTable[GrantRecord] = ExpiringTable(state.clock)
        self._transactions: ExpiringTable[AuthorizeRequest] = ExpiringTable(state.clock)
        # The browser's single sign-on sessions (login.live.com's SSO cookie): id -> user id.
        self._sessions: ExpiringTable[str] = ExpiringTable(state.clock)
        self._retired_refresh_tokens: ExpiringTable[bool] = ExpiringTable(state.clock)
        self._signed_in: dict[str, set[str]] = {}
        self._transaction_key = secrets.token_bytes(32)
        # Signs the authentication_token of public clients, which have no secret to sign with.
        self.public_client_key = secrets.token_bytes(32)

    def reset(self) -> None:
        for table in (
            self._codes,
            self._grants,
            self._transactions,
            self._sessions,
            self._retired_refresh_tokens,
        ):
            table.clear()
        with self._lock:
            self._signed_in.clear()

    # codes ------------------------------------------------------------------------------------

    def issue_code(self, request: AuthorizeRequest, user_id: str, lifetime: float) -> PendingCode:
        now = self._clock.now()
        pending = PendingCode(
            code=str(uuid.uuid4()),
            client_id=request.app.client_id,
            user_id=user_id,
            redirect_uri=request.redirect.uri,
            scopes=request.scopes,
            code_challenge=request.code_challenge,
            code_challenge_method=request.code_challenge_method,
            issued_at=now,
            expires_at=now + lifetime,
            grant_id=secrets.token_hex(8),
        )
        self._codes.put(pending.code, pending, pending.expires_at + REPLAY_MEMORY)
        return pending

    def find_code(self, code: str) -> PendingCode | None:
        return self._codes.get(code)

    def redeem(self, pending: PendingCode) -> bool:
        """Mark the code used; False when another request redeemed it first (single use)."""
        with self._lock:
            if pending.redeemed:
                return False
            pending.redeemed = True
            return True

    # grants -----------------------------------------------------------------------------------

    def remember_grant(self, grant_id: str, record: GrantRecord, until: float) -> None:
        self._grants.put(grant_id, record, until)

    def grant(self, grant_id: str) -> GrantRecord | None:
        return self._grants.get(grant_id)

    def retire_refresh_token(self, token_id: str, expires_at: float) -> bool:
        """Retire a rotated refresh token; False when it already was (a replay, even one that
        raced the first use)."""
        return self._retired_refresh_tokens.put_new(token_id, True, expires_at)

    def is_retired(self, token_id: str) -> bool:
        return self._retired_refresh_tokens.get(token_id) is not None

    # interactive sign-in transactions ---------------------------------------------------------

    def open_transaction(self, request: AuthorizeRequest) -> str:
        """A signed, single-use handle for the sign-in page's form."""
        transaction_id = secrets.token_urlsafe(16)
        self._transactions.put(transaction_id, request, self._clock.now() + TRANSACTION_LIFETIME)
        return f"{transaction_id}.{self._sign(transaction_id, request)}"

    def transaction(self, handle: str) -> AuthorizeRequest | None:
        """The request behind a handle, if the handle is genuine, unused and unexpired."""
        transaction_id, _, signature = handle.partition(".")
        request = self._transactions.get(transaction_id)
        if request is None:
            return None
        expected = self._sign(transaction_id, request).encode()
        return request if hmac.compare_digest(expected, signature.encode()) else None

    def close_transaction(self, handle: str) -> AuthorizeRequest | None:
        """Take the request behind a handle; the handle never works again."""
        request = self.transaction(handle)
        if request is None:
            return None
        taken = self._transactions.pop(handle.partition(".")[0])
        return request if taken is request else None

    def _sign(self, transaction_id: str, request: AuthorizeRequest) -> str:
        message = transaction_id.encode() + b"\n" + request.binding()
        digest = hmac.new(self._transaction_key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    # sign-in sessions -------------------------------------------------------------------------

    def sign_in(self, session_id: str | None, user_id: str, client_id: str) -> str:
        """Record that `user_id` signed in to `client_id` in this browser; the session id (a
        new one when the browser had none, or one for another user)."""
        if session_id is None or self.session_user(session_id) != user_id:
            session_id = secrets.token_urlsafe(24)
        with self._lock:
            self._signed_in.setdefault(client_id, set()).add(user_id)
        self._sessions.put(session_id, user_id, self._clock.now() + SESSION_LIFETIME)
        return session_id

    def session_user(self, session_id: str | None) -> str | None:
        return self._sessions.get(session_id) if session_id else None

    def end_session(self, session_id: str) -> None:
        self._sessions.pop(session_id)

    def sign_out_everyone(self, client_id: str) -> set[str]:
        """Forget every user signed in to `client_id`; who they were."""
        with self._lock:
            return self._signed_in.pop(client_id, set())

    def forget_sign_in(self, user_id: str, client_id: str) -> None:
        with self._lock:
            users = self._signed_in.get(client_id)
            if users is not None:
                users.discard(user_id)
