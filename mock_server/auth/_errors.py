"""OAuth 2.0 errors: `{"error", "error_description"}` (RFC 6749 §4.1.2.1, §5.2)."""

from __future__ import annotations

from typing import ClassVar

from .._errors import MockError


class OAuthError(MockError):
    """An OAuth error: `{"error", "error_description"}` (RFC 6749 §5.2, §4.1.2.1)."""

    error: ClassVar[str] = "server_error"
    status_code = 400
    description = "The request failed"

    def __init__(self, description: str | None = None, *, basic_auth_used: bool = False):
        super().__init__(description or self.description)
        self.error_description = description or self.description
        self.basic_auth_used = basic_auth_used

    def to_body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.error_description}

    def body_key(self) -> object | None:
        cls = type(self)
        return (cls, self.error_description) if cls.to_body is OAuthError.to_body else None


class InvalidRequest(OAuthError):
    """RFC 6749 §5.2: missing, repeated or malformed parameter, or a wrong HTTP method."""

    error = "invalid_request"
    description = "The request is missing a parameter or is otherwise malformed"


class InvalidClient(OAuthError):
    """RFC 6749 §5.2: client authentication failed. 401; `WWW-Authenticate: Basic` when Basic
    was used."""

    error = "invalid_client"
    status_code = 401
    description = "Client authentication failed"


class InvalidGrant(OAuthError):
    """RFC 6749 §5.2: the code or refresh token is invalid, expired, revoked or already used,
    or the redirect URI or PKCE verifier does not match."""

    error = "invalid_grant"
    description = "The provided grant is invalid, expired, revoked or already used"


class UnauthorizedClient(OAuthError):
    """RFC 6749 §5.2: this client may not use this grant or response type."""

    error = "unauthorized_client"
    description = "The client is not authorized to use this grant type"


class UnsupportedGrantType(OAuthError):
    """RFC 6749 §5.2: the grant type is not supported here."""

    error = "unsupported_grant_type"
    description = "The grant type is not supported"


class InvalidScope(OAuthError):
    """RFC 6749 §5.2: the scope is invalid, unknown or not allowed."""

    error = "invalid_scope"
    description = "The requested scope is invalid"


class UnsupportedResponseType(OAuthError):
    """RFC 6749 §4.1.2.1: the response type is not supported."""

    error = "unsupported_response_type"
    description = "The response type is not supported"


class AccessDenied(OAuthError):
    """RFC 6749 §4.1.2.1: the user denied consent."""

    error = "access_denied"
    description = "The user has denied access to the scope requested by the client application"


class LoginRequired(OAuthError):
    """OpenID Connect Core §3.1.2.6: `prompt=none`, but only an interactive sign-in would do."""

    error = "login_required"
    description = "The user must sign in, and prompt=none forbids showing a page"


class ServerError(OAuthError):
    """RFC 6749 §4.1.2.1: the server failed."""

    error = "server_error"
    status_code = 500
    description = "The server encountered an unexpected condition"


class TemporarilyUnavailable(OAuthError):
    """RFC 6749 §4.1.2.1: the server is overloaded."""

    error = "temporarily_unavailable"
    status_code = 503
    description = "The server is temporarily unavailable"


OAUTH_ERRORS: dict[str, type[OAuthError]] = {
    cls.error: cls
    for cls in (
        InvalidRequest,
        InvalidClient,
        InvalidGrant,
        UnauthorizedClient,
        UnsupportedGrantType,
        InvalidScope,
        UnsupportedResponseType,
        AccessDenied,
        LoginRequired,
        ServerError,
        TemporarilyUnavailable,
    )
}
"""Every OAuth error class by its `error` value."""
