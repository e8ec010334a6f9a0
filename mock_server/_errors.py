"""Every error the mock can answer with, as a class that carries its own wire form.

The tree::

    MockError
    ├── GrooveError                       {"Error": {"ErrorCode", "Description", "Message"?}}
    │   ├── input:        MissingInputParameter, InvalidInputParameter,
    │   │                 IncompatibleInputParameters, InvalidCountry,
    │   │                 ContinuationTokenInvalid, UnauthorizedApiMethod
    │   ├── app token:    AccessTokenMissing, AccessTokenInvalid, AccessTokenExpired,
    │   │                 AccessTokenInvalidSubscription
    │   ├── user token:   InvalidAuthorizationHeader, AuthorizationTokenExpired,
    │   │                 MsaScopeRequiresUserConsent, NoMusicPassSubscription
    │   ├── catalog:      CatalogNoResult, CatalogInvalidData (200), CatalogUnavailable
    │   ├── collection:   CollectionInvalidOperation, CollectionInvalidId,
    │   │                 CollectionInvalidPlaylistInfo, CollectionInvalidPlaylistReorder,
    │   │                 CollectionFull, CollectionPlaylistFull, CollectionNoResult,
    │   │                 CollectionConcurrentUpdate, CollectionSomeOperationsFailed
    │   ├── discovery:    DiscoveryNoResult, DiscoveryInvalidGenre
    │   ├── streaming:    DeliveryUnavailableContent, DeliveryConcurrentStreaming
    │   └── server:       TooManyRequests, ServiceUnavailable, InternalServerError
    └── OAuthError                        {"error", "error_description"}  (RFC 6749 §5.2)
        ├── InvalidRequest, InvalidClient (401), InvalidGrant, UnauthorizedClient,
        ├── UnsupportedGrantType, InvalidScope, UnsupportedResponseType,
        └── AccessDenied, LoginRequired, ServerError, TemporarilyUnavailable

Each class has `status_code` and a default description as class attributes; the instance may
add a `message` (Groove) or override the description (OAuth). The Groove codes and statuses are
those of the reference's §8 (`R/json-error.md`); the OAuth ones RFC 6749 §4.1.2.1 and §5.2.
"""

from __future__ import annotations

from typing import Any, ClassVar


class MockError(Exception):
    """Base of every error the mock turns into an HTTP answer."""

    status_code: ClassVar[int] = 500
    description: ClassVar[str] = "Internal server error"


# --------------------------------------------------------------------------------------------
# Groove (reference §8)


class GrooveError(MockError):
    """An error in the Groove envelope: `{"Error": {"ErrorCode", "Description", "Message"?}}`."""

    error_code: ClassVar[str] = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str | None = None, *, headers: dict[str, str] | None = None):
        super().__init__(message or self.description)
        self.message = message
        self.headers = headers or {}

    def to_error_object(self) -> dict[str, str]:
        body = {"ErrorCode": self.error_code, "Description": self.description}
        if self.message:
            body["Message"] = self.message
        return body

    def to_body(self) -> dict[str, Any]:
        return {"Error": self.to_error_object()}


class MissingInputParameter(GrooveError):
    """§8: a mandatory parameter is missing or empty."""

    error_code = "MISSING_INPUT_PARAMETER"
    status_code = 400
    description = "Mandatory input parameter is missing or empty"


class InvalidInputParameter(GrooveError):
    """§8: a parameter has a bad value (e.g. maxItems over 25)."""

    error_code = "INVALID_INPUT_PARAMETER"
    status_code = 400
    description = "Invalid input parameter"


class IncompatibleInputParameters(GrooveError):
    """§8: parameters that cannot go together; also our answer to two or more credentials (§9)."""

    error_code = "INCOMPATIBLE_INPUT_PARAMETERS"
    status_code = 400
    description = "Incompatible input parameters"


class InvalidCountry(GrooveError):
    """§8: the feature is not available in this region."""

    error_code = "INVALID_COUNTRY"
    status_code = 400
    description = "This feature is not available in your region"


class ContinuationTokenInvalid(GrooveError):
    """§7, §8: a continuation token that is malformed, tampered with, foreign or expired."""

    error_code = "CONTINUATION_TOKEN_INVALID_ERROR"
    status_code = 400
    description = "Invalid continuation token"


class UnauthorizedApiMethod(GrooveError):
    """§8: the method is not allowed for this caller."""

    error_code = "UNAUTHORIZED_API_METHOD"
    status_code = 403
    description = "API method not allowed"


class AccessTokenMissing(GrooveError):
    """§8, §9: no credential on an endpoint that takes an app or a user token."""

    error_code = "ACCESS_TOKEN_MISSING"
    status_code = 401
    description = "Application access token required"


class AccessTokenInvalid(GrooveError):
    """§8, §9: an unknown, forged or revoked app token."""

    error_code = "ACCESS_TOKEN_INVALID"
    status_code = 401
    description = "Invalid application access token"


class AccessTokenExpired(GrooveError):
    """§8, §9: an expired app token."""

    error_code = "ACCESS_TOKEN_EXPIRED"
    status_code = 401
    description = "Expired application access token"


class AccessTokenInvalidSubscription(GrooveError):
    """§3.1, §8: the app is not enrolled in the Groove API program."""

    error_code = "ACCESS_TOKEN_INVALID_SUBSCRIPTION"
    status_code = 401
    description = "Application is not enrolled in the Groove API program"


class InvalidAuthorizationHeader(GrooveError):
    """§8, §9: the user credential is missing or invalid, or a malformed credential."""

    error_code = "INVALID_AUTHORIZATION_HEADER"
    status_code = 401
    description = "Missing or invalid authorization header"


class AuthorizationTokenExpired(GrooveError):
    """§8, §9: an expired user token."""

    error_code = "AUTHORIZATION_TOKEN_EXPIRED"
    status_code = 401
    description = "User authorization token expired"


class MsaScopeRequiresUserConsent(GrooveError):
    """§8, §9: the user token lacks MicrosoftMediaServices.GrooveApiAccess or consent is gone."""

    error_code = "MSA_SCOPE_REQUIRES_USER_CONSENT"
    status_code = 401
    description = "The user has not consented to MicrosoftMediaServices.GrooveApiAccess"


class NoMusicPassSubscription(GrooveError):
    """§5, §9: full-track streaming needs a Groove Music Pass."""

    error_code = "NO_MUSIC_PASS_SUBSCRIPTION"
    status_code = 403
    description = "The user does not have a Groove Music Pass subscription"


class CatalogNoResult(GrooveError):
    """§6, §8: the item does not exist."""

    error_code = "CATALOG_NO_RESULT"
    status_code = 404
    description = "Item does not exist"


class CatalogInvalidData(GrooveError):
    """§8: partial catalog data; sent with HTTP 200 next to what was found (e.g. a lookup where
    some of the ids do not exist)."""

    error_code = "CATALOG_INVALID_DATA"
    status_code = 200
    description = "Partial catalog data"


class CatalogUnavailable(GrooveError):
    """§8: the catalog backend is down."""

    error_code = "CATALOG_UNAVAILABLE"
    status_code = 502
    description = "Catalog is unavailable"


class CollectionInvalidOperation(GrooveError):
    """§6, §8: unsupported collection operation (e.g. more than 100 tracks)."""

    error_code = "COLLECTION_INVALID_OPERATION"
    status_code = 400
    description = "Unsupported operation"


class CollectionInvalidId(GrooveError):
    """§8: an id that is invalid for this operation (usually per item)."""

    error_code = "COLLECTION_INVALID_ID"
    status_code = 400
    description = "Invalid id for this operation"


class CollectionInvalidPlaylistInfo(GrooveError):
    """§8: required playlist information is missing (e.g. an empty name)."""

    error_code = "COLLECTION_INVALID_PLAYLIST_INFO"
    status_code = 400
    description = "Required playlist information is missing or invalid"


class CollectionInvalidPlaylistReorder(GrooveError):
    """§8: an invalid reorder."""

    error_code = "COLLECTION_INVALID_PLAYLIST_REORDER"
    status_code = 400
    description = "Invalid playlist reorder"


class CollectionFull(GrooveError):
    """§8, §10: the collection is full."""

    error_code = "COLLECTION_FULL"
    status_code = 400
    description = "The collection is full"


class CollectionPlaylistFull(GrooveError):
    """§8, §10: the user has too many playlists, or the playlist too many tracks."""

    error_code = "COLLECTION_PLAYLIST_FULL"
    status_code = 400
    description = "The playlist limit is reached"


class CollectionNoResult(GrooveError):
    """§8: nothing in the collection."""

    error_code = "COLLECTION_NO_RESULT"
    status_code = 404
    description = "No result in the collection"


class CollectionConcurrentUpdate(GrooveError):
    """§8: a stale CollectionStateToken (the INF reading of 'concurrent update')."""

    error_code = "COLLECTION_CONCURRENT_UPDATE"
    status_code = 409
    description = "The collection was updated concurrently"


class CollectionSomeOperationsFailed(GrooveError):
    """§6, §8: partial failure of an edit; answered with HTTP 200 and per-item errors."""

    error_code = "COLLECTION_SOME_OPERATIONS_FAILED"
    status_code = 200
    description = "Some operations failed"


class DiscoveryNoResult(GrooveError):
    """§8: no discovery result."""

    error_code = "DISCOVERY_NO_RESULT"
    status_code = 404
    description = "No result"


class DiscoveryInvalidGenre(GrooveError):
    """§8: a badly formatted genre."""

    error_code = "DISCOVERY_INVALID_GENRE"
    status_code = 404
    description = "Invalid genre"


class DeliveryUnavailableContent(GrooveError):
    """§8: the content cannot be streamed."""

    error_code = "DELIVERY_UNAVAILABLE_CONTENT"
    status_code = 404
    description = "Content is not available for streaming"


class DeliveryConcurrentStreaming(GrooveError):
    """§8, §10: the user is already streaming on another device."""

    error_code = "DELIVERY_CONCURRENT_STREAMING"
    status_code = 409
    description = "The user is already streaming on another device"


class TooManyRequests(GrooveError):
    """§8, §10: throttled."""

    error_code = "TOO_MANY_REQUESTS"
    status_code = 429
    description = "Too many requests"


class ServiceUnavailable(GrooveError):
    """§8, §10: load shedding (503). The code is ours: the reference names only the status."""

    error_code = "SERVICE_UNAVAILABLE"
    status_code = 503
    description = "The service is refusing requests due to excessive load"


class InternalServerError(GrooveError):
    """§8: generic failure."""

    error_code = "INTERNAL_SERVER_ERROR"
    status_code = 500
    description = "Internal server error"


GROOVE_ERRORS: dict[str, type[GrooveError]] = {
    cls.error_code: cls
    for cls in (
        MissingInputParameter,
        InvalidInputParameter,
        IncompatibleInputParameters,
        InvalidCountry,
        ContinuationTokenInvalid,
        UnauthorizedApiMethod,
        AccessTokenMissing,
        AccessTokenInvalid,
        AccessTokenExpired,
        AccessTokenInvalidSubscription,
        InvalidAuthorizationHeader,
        AuthorizationTokenExpired,
        MsaScopeRequiresUserConsent,
        NoMusicPassSubscription,
        CatalogNoResult,
        CatalogInvalidData,
        CatalogUnavailable,
        CollectionInvalidOperation,
        CollectionInvalidId,
        CollectionInvalidPlaylistInfo,
        CollectionInvalidPlaylistReorder,
        CollectionFull,
        CollectionPlaylistFull,
        CollectionNoResult,
        CollectionConcurrentUpdate,
        CollectionSomeOperationsFailed,
        DiscoveryNoResult,
        DiscoveryInvalidGenre,
        DeliveryUnavailableContent,
        DeliveryConcurrentStreaming,
        TooManyRequests,
        ServiceUnavailable,
        InternalServerError,
    )
}
"""Every Groove error class by its ErrorCode (fault injection and the client suite look them up)."""


# --------------------------------------------------------------------------------------------
# OAuth 2.0 (RFC 6749)


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


# --------------------------------------------------------------------------------------------
# The control plane (/_mock/) and the running server: not part of the Groove contract.


class ControlError(MockError):
    """A control request the mock cannot carry out: `{"error", "message"}` on `/_mock/`, and
    the exception both control handles (in process and remote) raise for bad input."""

    error: ClassVar[str] = "bad_request"
    status_code = 400
    description = "Bad control request"

    def __init__(self, message: str | None = None):
        super().__init__(message or self.description)
        self.message = message or self.description

    def to_body(self) -> dict[str, str]:
        return {"error": self.error, "message": self.message}


class ControlUnauthorized(ControlError):
    """The control API needs the admin key and the request did not carry it."""

    error = "unauthorized"
    status_code = 401
    description = "The control API needs the admin key"


class ControlNotFound(ControlError):
    """No such control endpoint, or no such fault, user or app."""

    error = "not_found"
    status_code = 404
    description = "Not found"


class ControlMethodNotAllowed(ControlError):
    """The control endpoint exists but not with this HTTP method."""

    error = "method_not_allowed"
    status_code = 405
    description = "Method not allowed"


class ControlUnreachable(ControlError):
    """Raised by the remote control handle when the mock cannot be reached at all."""

    error = "unreachable"
    status_code = 503
    description = "The mock cannot be reached"


class NoResponse(Exception):
    """Raised below the journal to end a request with no HTTP response at all (a dropped
    connection): the journal records the entry with status 0 and lets the exception through."""


class ServeError(RuntimeError):
    """The mock could not start serving (port in use, unknown host). `str()` is one line."""
