"""Groove errors: the `{"Error": {...}}` envelope and every documented code (reference §8)."""

from __future__ import annotations

from typing import Any, ClassVar

from .._errors import MockError


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

    def body_key(self) -> object | None:
        cls = type(self)
        plain = cls.to_body is GrooveError.to_body
        if plain and cls.to_error_object is GrooveError.to_error_object:
            return (cls, self.message)
        return None


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
