"""`grant_type=authorization_code` (RFC 6749 §4.1.3, §10.5; RFC 7636 §4.6; reference §3.3)."""

from __future__ import annotations

from .._journal import CredentialSeen, JournalEntry
from .._state import MockState
from .._tokens import fingerprint
from ._client_auth import AuthenticatedClient
from ._errors import InvalidGrant, InvalidRequest
from ._issuing import UserTokens, issue_user_tokens, revoke_grant
from ._pkce import is_valid_verifier, verifier_matches
from ._store import AuthStore, GrantRecord, PendingCode
from ._violations import Violation


def redeem_code(
    state: MockState,
    store: AuthStore,
    client: AuthenticatedClient,
    form: dict[str, str],
    entry: JournalEntry,
) -> UserTokens:
    """Tokens for a code, once. A failed check leaves the code usable (so a stranger cannot
    burn it); a second redemption revokes everything the first one issued (§10.5)."""
    code = form.get("code")
    if code is None:
        raise InvalidRequest("The request body must contain the parameter 'code'")
    entry.credentials.append(CredentialSeen("form:code", fingerprint(code)))
    entry.token_kind, entry.token_fingerprint = "code", fingerprint(code)
    pending = store.find_code(code)
    if pending is None:
        raise InvalidGrant("The provided value for the 'code' parameter is not valid")
    entry.user_id = pending.user_id
    if pending.client_id != client.app.client_id:
        entry.violate(Violation.CODE_WRONG_CLIENT.value)
        raise InvalidGrant("The code was issued to another client")
    if pending.redeemed:
        raise _replayed(state, pending, entry)
    if state.clock.now() >= pending.expires_at:
        entry.violate(Violation.CODE_EXPIRED.value)
        raise InvalidGrant("The code has expired")
    _check_redirect_uri(pending, form.get("redirect_uri"), entry)
    _check_verifier(pending, form.get("code_verifier"), entry)
    revoked_at = state.consent_revoked.get((pending.user_id, pending.client_id))
    if revoked_at is not None and pending.issued_at <= revoked_at:
        raise InvalidGrant("The user revoked consent after this code was issued")
    if state.user(pending.user_id) is None:
        raise InvalidGrant("The user of this code no longer exists")
    # Room for what this redemption adds (the redeemed code, the grant, the tokens' possible
    # revocations) is checked before the code is spent: at a bound, a 503 and a code still good.
    store.check_room()
    state.tokens.ledger.check_room(state.clock.now())
    if not store.redeem(pending):
        raise _replayed(state, pending, entry)
    tokens = issue_user_tokens(
        state,
        client.app,
        pending.user_id,
        scopes=pending.scopes,
        grant_id=pending.grant_id,
        refresh_scopes=frozenset(pending.scopes),
        audience=pending.redirect_uri,
        public_client_key=store.public_client_key,
    )
    store.remember_grant(
        pending.grant_id,
        GrantRecord(pending.client_id, pending.user_id, pending.redirect_uri),
        state.clock.now() + state.settings.refresh_token_lifetime,
    )
    return tokens


def _replayed(state: MockState, pending: PendingCode, entry: JournalEntry) -> InvalidGrant:
    entry.violate(Violation.CODE_REPLAYED.value)
    revoke_grant(state, pending.grant_id)
    return InvalidGrant("The code was already redeemed: every token issued for it is now revoked")


def _check_redirect_uri(
    pending: PendingCode, redirect_uri: str | None, entry: JournalEntry
) -> None:
    # §4.1.3: required, and identical, because the authorize request carried one.
    if redirect_uri is None:
        entry.violate(Violation.REDIRECT_URI_MISSING.value)
        raise InvalidRequest(
            "The request must contain the parameter 'redirect_uri' used at authorization"
        )
    if redirect_uri != pending.redirect_uri:
        entry.violate(Violation.REDIRECT_URI_MISMATCH.value)
        raise InvalidGrant("The redirect_uri differs from the one used at authorization")


def _check_verifier(pending: PendingCode, verifier: str | None, entry: JournalEntry) -> None:
    if pending.code_challenge is None or pending.code_challenge_method is None:
        if verifier is not None:
            # OAuth 2.1 §4.1.3: a verifier without a challenge is a PKCE downgrade attempt.
            entry.violate(Violation.PKCE_DOWNGRADE.value)
            raise InvalidGrant("A code_verifier was sent but the code has no code_challenge")
        return
    if verifier is None:
        raise InvalidRequest("The request must contain the parameter 'code_verifier'")
    if not is_valid_verifier(verifier):
        raise InvalidRequest("The code_verifier must be 43 to 128 unreserved characters")
    if not verifier_matches(verifier, pending.code_challenge, pending.code_challenge_method):
        entry.violate(Violation.PKCE_MISMATCH.value)
        raise InvalidGrant("The code_verifier does not match the code_challenge")
