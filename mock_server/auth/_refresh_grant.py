"""`grant_type=refresh_token` (RFC 6749 §6; reference §3.3)."""

from __future__ import annotations

from .._journal import CredentialSeen, JournalEntry
from .._scenario import OFFLINE_SCOPE
from .._state import MockState
from .._tokens import Claims, TokenKind, fingerprint
from ._client_auth import AuthenticatedClient
from ._errors import InvalidGrant, InvalidRequest, InvalidScope
from ._issuing import UserTokens, issue_user_tokens, revoke_grant
from ._store import AuthStore
from ._violations import Violation


def refresh(
    state: MockState,
    store: AuthStore,
    client: AuthenticatedClient,
    form: dict[str, str],
    entry: JournalEntry,
) -> UserTokens:
    """A new access token and a new refresh token for a valid refresh token. Whether the old
    refresh token stays valid is `settings.refresh_rotation`; reusing one that rotation retired
    revokes the whole grant (OAuth 2.0 Security BCP §4.14.2)."""
    token = form.get("refresh_token")
    if token is None:
        raise InvalidRequest("The request body must contain the parameter 'refresh_token'")
    entry.credentials.append(CredentialSeen("form:refresh_token", fingerprint(token)))
    entry.token_kind, entry.token_fingerprint = "refresh", fingerprint(token)
    claims = state.tokens.decode(token)
    if claims is None or claims.kind is not TokenKind.REFRESH or claims.user_id is None:
        raise InvalidGrant("The refresh token is malformed or was not issued by this server")
    entry.user_id = claims.user_id
    _check_usable(state, store, client, claims, entry)
    grant = store.grant(claims.grant_id)
    redirect_uri = form.get("redirect_uri")
    if redirect_uri is not None and grant is not None and redirect_uri != grant.redirect_uri:
        # Reference §3.3: a refresh reuses the redirect_uri of the first request.
        entry.violate(Violation.REDIRECT_URI_MISMATCH.value)
        raise InvalidGrant("The redirect_uri differs from the one used to obtain this grant")
    if state.issued_before_sign_out(claims):
        # Microsoft would still refresh (sign-out clears cookies only), but reference §3.3 told
        # the client to drop its tokens at sign-out: journaled, not refused.
        entry.violate(Violation.REFRESH_AFTER_SIGN_OUT.value)
    scopes = _narrowed(form.get("scope"), claims.scopes, entry)
    # At a bound, a 503 before the old token is retired: nothing is forgotten, nothing spent.
    store.check_room()
    state.tokens.ledger.check_room(state.clock.now())
    if state.settings.refresh_rotation == "revoke-old":
        # Retired before anything is issued, in one atomic step: of two requests racing with
        # the same token, the second is a replay even if it passed the check above.
        if not store.retire_refresh_token(claims.token_id, claims.expires_at):
            raise _replayed(state, claims, entry)
        state.tokens.revoke(claims)
    tokens = issue_user_tokens(
        state,
        client.app,
        claims.user_id,
        scopes=scopes,
        grant_id=claims.grant_id,
        refresh_scopes=claims.scopes,
        audience=grant.redirect_uri if grant is not None else client.app.client_id,
        public_client_key=store.public_client_key,
    )
    if grant is not None:
        until = state.clock.now() + state.settings.refresh_token_lifetime
        store.remember_grant(claims.grant_id, grant, until)
    return tokens


def _check_usable(
    state: MockState,
    store: AuthStore,
    client: AuthenticatedClient,
    claims: Claims,
    entry: JournalEntry,
) -> None:
    if claims.client_id != client.app.client_id:
        entry.violate(Violation.REFRESH_TOKEN_WRONG_CLIENT.value)
        raise InvalidGrant("The refresh token was issued to another client")
    if store.is_retired(claims.token_id):
        raise _replayed(state, claims, entry)
    if state.tokens.is_revoked(claims):
        raise InvalidGrant("The refresh token has been revoked")
    if claims.expired(state.clock.now()):
        raise InvalidGrant("The refresh token has expired")
    if not state.has_consent(claims):
        raise InvalidGrant("The user revoked consent for this application: sign in again")
    if OFFLINE_SCOPE not in claims.scopes:
        raise InvalidGrant("The grant does not include offline_access")
    if state.user(claims.user_id) is None:
        raise InvalidGrant("The user of this grant no longer exists")


def _replayed(state: MockState, claims: Claims, entry: JournalEntry) -> InvalidGrant:
    entry.violate(Violation.REFRESH_TOKEN_REPLAYED.value)
    revoke_grant(state, claims.grant_id)
    return InvalidGrant(
        "The refresh token was already used and replaced: the whole grant is now revoked"
    )


def _narrowed(value: str | None, granted: frozenset[str], entry: JournalEntry) -> tuple[str, ...]:
    """RFC 6749 §6: the scope asked for may only narrow the original grant; absent, it is the
    original grant."""
    if value is None:
        return tuple(sorted(granted))
    requested = tuple(dict.fromkeys(s for s in value.split(" ") if s))
    if not requested:
        raise InvalidScope("The scope parameter is empty")
    widened = [s for s in requested if s not in granted]
    if widened:
        entry.violate(Violation.REFRESH_SCOPE_WIDENED.value)
        raise InvalidScope(
            f"The scope '{widened[0][:60]}' was not granted originally: a refresh may only "
            "narrow the scope"
        )
    return requested
