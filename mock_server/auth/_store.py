"""What the authorization server remembers between requests: codes, grants, sign-in sessions,
interactive sign-in transactions and rotated refresh tokens.

One `AuthStore` per `MockState` (`state.part(AuthStore)`), so two apps on one state share it.
Every table expires by the mock clock and is bounded: a sign-in storm (the bench's memory soak
signs in some 14,000 times per 100,000 requests) must leave the server's memory flat.
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
# A code is still recognised this long past its expiry: a late redemption is told that the code
# expired, and a late replay still revokes its grant (docs/contract/auth.md: one day). After
# that it is just an unknown code.
CODE_GRACE = 86400.0
# What protects a grant (pending and redeemed codes, grants, retired refresh tokens) is never
# dropped while live: at the bound, the sign-in or refresh that would add more is refused (a 503,
# `TableFull`). A session or a sign-in transaction forgotten early only means signing in again:
# those tables drop the entry closest to expiry. Each entry is a few hundred bytes of ids the
# mock made itself, so these bounds are bounds in bytes too (docs/hardening.md).
MAX_PENDING_CODES = 100_000
MAX_REDEEMED_CODES = 100_000
MAX_GRANTS = 100_000
MAX_RETIRED_REFRESH_TOKENS = 100_000
MAX_SESSIONS = 10_000
MAX_TRANSACTIONS = 10_000
# Distinct (client, user, redirect URI) records shared by the grants; cleared when exceeded.
MAX_GRANT_RECORDS = 1_000


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
class _RedeemedCode:
    """What a replay of a redeemed code needs: who may present it, and which grant to revoke."""

    client_id: str
    user_id: str
    grant_id: str

    def as_pending(self, code: str) -> PendingCode:
        """The code as redemption sees it: already redeemed, so nothing else is read."""
        return PendingCode(
            code=code,
            client_id=self.client_id,
            user_id=self.user_id,
            redirect_uri="",
            scopes=(),
            code_challenge=None,
            code_challenge_method=None,
            issued_at=0.0,
            expires_at=0.0,
            grant_id=self.grant_id,
            redeemed=True,
        )


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
        clock = state.clock
        self._codes: ExpiringTable[PendingCode] = ExpiringTable(
            clock, MAX_PENDING_CODES, when_full="refuse", name="pending codes"
        )
        # Keyed by the code's digest: the code itself is a secret, and longer.
        self._redeemed: ExpiringTable[_RedeemedCode] = ExpiringTable(
            clock, MAX_REDEEMED_CODES, when_full="refuse", name="redeemed codes"
        )
        self._grants: ExpiringTable[GrantRecord] = ExpiringTable(
            clock, MAX_GRANTS, when_full="refuse", name="grants"
        )
        self._grant_records: dict[GrantRecord, GrantRecord] = {}
        self._transactions: ExpiringTable[AuthorizeRequest] = ExpiringTable(clock, MAX_TRANSACTIONS)
        # The browser's single sign-on sessions (login.live.com's SSO cookie): id -> user id.
        self._sessions: ExpiringTable[str] = ExpiringTable(clock, MAX_SESSIONS)
        self._retired_refresh_tokens: ExpiringTable[bool] = ExpiringTable(
            clock, MAX_RETIRED_REFRESH_TOKENS, when_full="refuse", name="retired refresh tokens"
        )
        self._signed_in: dict[str, set[str]] = {}
        self._transaction_key = secrets.token_bytes(32)
        # Signs the authentication_token of public clients, which have no secret to sign with.
        self.public_client_key = secrets.token_bytes(32)

    def reset(self) -> None:
        for table in (
            self._codes,
            self._redeemed,
            self._grants,
            self._transactions,
            self._sessions,
            self._retired_refresh_tokens,
        ):
            table.clear()
        with self._lock:
            self._signed_in.clear()
            self._grant_records.clear()

    def sizes(self) -> dict[str, int]:
        """How many entries each table holds (for tests and diagnostics)."""
        return {
            "codes": len(self._codes),
            "redeemed codes": len(self._redeemed),
            "grants": len(self._grants),
            "grant records": len(self._grant_records),
            "transactions": len(self._transactions),
            "sessions": len(self._sessions),
            "retired refresh tokens": len(self._retired_refresh_tokens),
        }

    def check_room(self) -> None:
        """`TableFull` when a table that must not forget is at its bound: called before a
        sign-in or a refresh issues anything."""
        for table in (self._codes, self._redeemed, self._grants, self._retired_refresh_tokens):
            table.check_room()

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
        self._codes.put(pending.code, pending, pending.expires_at + CODE_GRACE)
        return pending

    def find_code(self, code: str) -> PendingCode | None:
        """The code, pending or (marked `redeemed`, for replay detection only) redeemed."""
        pending = self._codes.get(code)
        if pending is not None:
            return pending
        redeemed = self._redeemed.get(_digest(code))
        return None if redeemed is None else redeemed.as_pending(code)

    def redeem(self, pending: PendingCode) -> bool:
        """Mark the code used; False when another request redeemed it first (single use).
        From now on only what replay detection needs is kept."""
        with self._lock:
            if pending.redeemed:
                return False
            pending.redeemed = True
            record = _RedeemedCode(pending.client_id, pending.user_id, pending.grant_id)
            # Remembered as redeemed before it stops being pending, so that a concurrent
            # lookup finds it in one table or the other.
            self._redeemed.put(_digest(pending.code), record, pending.expires_at + CODE_GRACE)
            self._codes.pop(pending.code)
            return True

    # grants -----------------------------------------------------------------------------------

    def remember_grant(self, grant_id: str, record: GrantRecord, until: float) -> None:
        with self._lock:
            # Most grants share a few records (one user, one app, one redirect URI).
            shared = self._grant_records.get(record)
            if shared is None:
                if len(self._grant_records) >= MAX_GRANT_RECORDS:
                    self._grant_records.clear()
                shared = self._grant_records[record] = record
        self._grants.put(grant_id, shared, until)

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


def _digest(code: str) -> bytes:
    return hashlib.blake2b(code.encode(), digest_size=16).digest()
