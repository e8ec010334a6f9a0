"""Minting what a user sign-in yields: the access token, the refresh token (only with
offline_access), and Live's `authentication_token` (reference §3.3, MIC §1.3)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .._scenario import OFFLINE_SCOPE, App
from .._state import MockState
from .._tokens import Claims, TokenKind

LIVE_ISSUER = "urn:windows:liveid"


@dataclass(frozen=True, slots=True)
class UserTokens:
    access_token: str
    access_claims: Claims
    refresh_token: str | None
    scopes: tuple[str, ...]
    user_id: str
    authentication_token: str
    expires_in: int

    def token_response(self) -> dict[str, Any]:
        """The token endpoint's JSON: `bearer` in lower case, as MSA sends it."""
        body: dict[str, Any] = {
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "scope": " ".join(self.scopes),
            "access_token": self.access_token,
        }
        if self.refresh_token is not None:
            body["refresh_token"] = self.refresh_token
        body["user_id"] = self.user_id
        body["authentication_token"] = self.authentication_token
        return body

    def fragment(self, state: str | None) -> dict[str, str]:
        """The token flow's redirect fragment."""
        params = {
            "access_token": self.access_token,
            "token_type": "bearer",
            "expires_in": str(self.expires_in),
            "scope": " ".join(self.scopes),
            "user_id": self.user_id,
            "authentication_token": self.authentication_token,
        }
        if state is not None:
            params["state"] = state
        return params


def issue_user_tokens(
    state: MockState,
    app: App,
    user_id: str,
    *,
    scopes: tuple[str, ...],
    grant_id: str,
    refresh_scopes: frozenset[str] | None,
    audience: str,
    public_client_key: bytes,
) -> UserTokens:
    """Access token for `scopes`; a refresh token for `refresh_scopes` when it holds
    offline_access (RFC 6749 §6: a refresh token keeps the original grant's scope)."""
    settings = state.settings
    now = state.clock.now()
    access_token, access_claims = state.tokens.mint(
        TokenKind.USER,
        app.client_id,
        lifetime=settings.user_token_lifetime,
        user_id=user_id,
        scopes=frozenset(scopes),
        grant_id=grant_id,
        issued_at=now,
    )
    refresh_token = None
    if refresh_scopes is not None and OFFLINE_SCOPE in refresh_scopes:
        refresh_token, _ = state.tokens.mint(
            TokenKind.REFRESH,
            app.client_id,
            lifetime=settings.refresh_token_lifetime,
            user_id=user_id,
            scopes=refresh_scopes,
            grant_id=grant_id,
            issued_at=now,
        )
    lifetime = int(settings.user_token_lifetime)
    return UserTokens(
        access_token=access_token,
        access_claims=access_claims,
        refresh_token=refresh_token,
        scopes=scopes,
        user_id=user_id,
        authentication_token=authentication_token(
            app, user_id, audience, now + lifetime, public_client_key
        ),
        expires_in=lifetime,
    )


def revoke_grant(state: MockState, grant_id: str) -> None:
    """Revoke every token of one sign-in (RFC 6749 §10.5, Security BCP §4.14.2). The ledger
    may forget it once the longest-lived of them has expired."""
    settings = state.settings
    horizon = max(settings.refresh_token_lifetime, settings.user_token_lifetime)
    state.tokens.revoke_grant(grant_id, until=state.clock.now() + horizon)


def authentication_token(
    app: App, user_id: str, redirect_uri: str, expires_at: float, public_client_key: bytes
) -> str:
    """A Live Connect-style authentication token: an HS256 JWT keyed, as Live keyed it, with
    SHA-256 of the client secret and "JWTSig", so the app can verify it; public clients get a
    key of the mock's own. Clients should treat it as opaque."""
    key = (
        hashlib.sha256((app.client_secret + "JWTSig").encode()).digest()
        if app.client_secret is not None
        else public_client_key
    )
    claims = {
        "ver": 1,
        "iss": LIVE_ISSUER,
        "exp": int(expires_at),
        "uid": user_id,
        "aud": urlsplit(redirect_uri).hostname or app.client_id,
        "urn:microsoft:appuri": f"appid://{app.client_id}",
        "urn:microsoft:appid": app.client_id,
    }
    # Imported here: jwt pulls in cryptography, about 100 ms that every launch would pay.
    import jwt

    return jwt.encode(claims, key, algorithm="HS256", headers={"kid": "1"})
