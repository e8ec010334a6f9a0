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

The classes live by family in `_errors_groove`, `_errors_oauth` and `_errors_control` (the
control plane's own errors); this module gathers them, so every other module imports from here.

Each class has `status_code` and a default description as class attributes; the instance may
add a `message` (Groove) or override the description (OAuth). The Groove codes and statuses are
those of the reference's §8 (`R/json-error.md`); the OAuth ones RFC 6749 §4.1.2.1 and §5.2.
"""

from ._error_base import MockError
from ._errors_control import (
    ControlError,
    ControlMethodNotAllowed,
    ControlNotFound,
    ControlUnauthorized,
    ControlUnreachable,
    NoResponse,
    ServeError,
)
from ._errors_groove import (
    GROOVE_ERRORS,
    AccessTokenExpired,
    AccessTokenInvalid,
    AccessTokenInvalidSubscription,
    AccessTokenMissing,
    AuthorizationTokenExpired,
    CatalogInvalidData,
    CatalogNoResult,
    CatalogUnavailable,
    CollectionConcurrentUpdate,
    CollectionFull,
    CollectionInvalidId,
    CollectionInvalidOperation,
    CollectionInvalidPlaylistInfo,
    CollectionInvalidPlaylistReorder,
    CollectionNoResult,
    CollectionPlaylistFull,
    CollectionSomeOperationsFailed,
    ContinuationTokenInvalid,
    DeliveryConcurrentStreaming,
    DeliveryUnavailableContent,
    DiscoveryInvalidGenre,
    DiscoveryNoResult,
    GrooveError,
    IncompatibleInputParameters,
    InternalServerError,
    InvalidAuthorizationHeader,
    InvalidCountry,
    InvalidInputParameter,
    MissingInputParameter,
    MsaScopeRequiresUserConsent,
    NoMusicPassSubscription,
    ServiceUnavailable,
    TooManyRequests,
    UnauthorizedApiMethod,
)
from ._errors_oauth import (
    OAUTH_ERRORS,
    AccessDenied,
    InvalidClient,
    InvalidGrant,
    InvalidRequest,
    InvalidScope,
    LoginRequired,
    OAuthError,
    ServerError,
    TemporarilyUnavailable,
    UnauthorizedClient,
    UnsupportedGrantType,
    UnsupportedResponseType,
)

__all__ = [
    "GROOVE_ERRORS",
    "OAUTH_ERRORS",
    "AccessDenied",
    "AccessTokenExpired",
    "AccessTokenInvalid",
    "AccessTokenInvalidSubscription",
    "AccessTokenMissing",
    "AuthorizationTokenExpired",
    "CatalogInvalidData",
    "CatalogNoResult",
    "CatalogUnavailable",
    "CollectionConcurrentUpdate",
    "CollectionFull",
    "CollectionInvalidId",
    "CollectionInvalidOperation",
    "CollectionInvalidPlaylistInfo",
    "CollectionInvalidPlaylistReorder",
    "CollectionNoResult",
    "CollectionPlaylistFull",
    "CollectionSomeOperationsFailed",
    "ContinuationTokenInvalid",
    "ControlError",
    "ControlMethodNotAllowed",
    "ControlNotFound",
    "ControlUnauthorized",
    "ControlUnreachable",
    "DeliveryConcurrentStreaming",
    "DeliveryUnavailableContent",
    "DiscoveryInvalidGenre",
    "DiscoveryNoResult",
    "GrooveError",
    "IncompatibleInputParameters",
    "InternalServerError",
    "InvalidAuthorizationHeader",
    "InvalidClient",
    "InvalidCountry",
    "InvalidGrant",
    "InvalidInputParameter",
    "InvalidRequest",
    "InvalidScope",
    "LoginRequired",
    "MissingInputParameter",
    "MockError",
    "MsaScopeRequiresUserConsent",
    "NoMusicPassSubscription",
    "NoResponse",
    "OAuthError",
    "ServeError",
    "ServerError",
    "ServiceUnavailable",
    "TemporarilyUnavailable",
    "TooManyRequests",
    "UnauthorizedApiMethod",
    "UnauthorizedClient",
    "UnsupportedGrantType",
    "UnsupportedResponseType",
]
