"""The contract breaches the authorization server writes into the journal.

Each is a short, stable id in `JournalEntry.violations`: the client contract suite judges a
client by them, so an id never changes meaning once published (docs/contract/auth.md lists them).
"""

from __future__ import annotations

from enum import StrEnum


class Violation(StrEnum):
    # HTTP and encoding (RFC 6749 §3.1, §3.2)
    WRONG_METHOD = "wrong-method"
    WRONG_CONTENT_TYPE = "wrong-content-type"
    MALFORMED_PARAMETERS = "malformed-parameters"
    REPEATED_PARAMETER = "repeated-parameter"
    BODY_TOO_LARGE = "body-too-large"
    # secrets where they leak into logs and browser history (RFC 6749 §2.3.1, §3.2)
    SECRET_IN_QUERY = "secret-in-query"
    CODE_IN_QUERY = "code-in-query"
    REFRESH_TOKEN_IN_QUERY = "refresh-token-in-query"
    CODE_VERIFIER_IN_QUERY = "code-verifier-in-query"
    # client authentication (RFC 6749 §2.3)
    MULTIPLE_CLIENT_AUTH = "multiple-client-auth"
    BASIC_NOT_FORM_ENCODED = "basic-not-form-encoded"
    UNKNOWN_CLIENT = "unknown-client"
    BAD_CLIENT_SECRET = "bad-client-secret"
    SECRET_ON_PUBLIC_CLIENT = "secret-on-public-client"
    LEGACY_GRANT_TYPE = "grant-type-client"
    # redirect URIs (RFC 6749 §3.1.2, §4.1.3; reference §3.3)
    REDIRECT_URI_UNREGISTERED = "redirect-uri-unregistered"
    REDIRECT_URI_MISMATCH = "redirect-uri-mismatch"
    REDIRECT_URI_MISSING = "redirect-uri-missing"
    # the authorize URL's own (reference §3.3): the suite pins it on GC-AUTH-002, where the
    # token request's missing redirect_uri above breaks the code redemption rule GC-CODE-001
    AUTHORIZE_REDIRECT_URI_MISSING = "authorize-redirect-uri-missing"
    # sign-out (reference §3.3): ids of their own, because the suite pins the ids above on the
    # sign-in rules, and a bad logout URL breaks the sign-out rule
    LOGOUT_REDIRECT_URI_MISSING = "logout-redirect-uri-missing"
    LOGOUT_REDIRECT_URI_UNREGISTERED = "logout-redirect-uri-unregistered"
    # PKCE (RFC 7636)
    PKCE_MISSING = "pkce-missing"
    PKCE_PLAIN = "pkce-plain"
    PKCE_MISMATCH = "pkce-mismatch"
    PKCE_DOWNGRADE = "pkce-downgrade"
    # codes and refresh tokens (RFC 6749 §4.1.2, §6, §10.5)
    CODE_REPLAYED = "code-replayed"
    CODE_EXPIRED = "code-expired"
    CODE_WRONG_CLIENT = "code-wrong-client"
    REFRESH_TOKEN_REPLAYED = "refresh-token-replayed"
    REFRESH_TOKEN_WRONG_CLIENT = "refresh-token-wrong-client"
    REFRESH_AFTER_SIGN_OUT = "refresh-after-sign-out"
    REFRESH_SCOPE_WIDENED = "refresh-scope-widened"
    # scopes (reference §3.3)
    OFFLINE_ACCESS_IN_TOKEN_FLOW = "offline-access-in-token-flow"
