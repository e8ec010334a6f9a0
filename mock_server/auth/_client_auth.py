"""Client authentication at the token endpoints (RFC 6749 §2.3).

A client proves itself with `client_id` + `client_secret` in the form body, or with HTTP Basic;
never both (§2.3: one method per request). Basic credentials are accepted in both encodings real
clients send: RFC 6749 §2.3.1's form-urlencoded id and secret, and the raw `id:secret` most
libraries send. Public (mobile) clients have no secret: their `client_id` identifies them and
PKCE is their proof. Secrets are compared in constant time and only ever journaled as
fingerprints.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote_plus

from starlette.datastructures import Headers

from .._journal import CredentialSeen, JournalEntry
from .._scenario import App
from .._state import MockState
from .._tokens import fingerprint
from ._errors import InvalidClient, InvalidRequest
from ._violations import Violation

AuthMethod = Literal["client_secret_basic", "client_secret_post", "none"]

# IANA's HTTP authentication schemes (and NTLM). Only these are journaled by name: the first
# word of a header without a scheme may be the secret or token itself.
_KNOWN_SCHEMES = frozenset(
    {
        "basic", "bearer", "concealed", "digest", "dpop", "gnap", "hoba", "mutual",
        "negotiate", "ntlm", "oauth", "privatetoken", "scram-sha-1", "scram-sha-256", "vapid",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class AuthenticatedClient:
    app: App
    method: AuthMethod
    used_basic: bool


@dataclass(frozen=True, slots=True)
class _Basic:
    client_id: str
    raw_secret: str

    @property
    def form_decoded_secret(self) -> str:
        return unquote_plus(self.raw_secret)


def authenticate_client(
    state: MockState, headers: Headers, form: dict[str, str], entry: JournalEntry
) -> AuthenticatedClient:
    """The authenticated client, or `invalid_request` / `invalid_client` (401, with a Basic
    challenge when the client used the Authorization header)."""
    basic = _read_basic(headers, entry)
    body_id, body_secret = form.get("client_id"), form.get("client_secret")
    if body_secret is not None:
        entry.credentials.append(CredentialSeen("form:client_secret", fingerprint(body_secret)))
    if basic is not None:
        if body_secret is not None:
            entry.violate(Violation.MULTIPLE_CLIENT_AUTH.value)
            raise InvalidRequest(
                "The request uses more than one client authentication method "
                "(HTTP Basic and client_secret in the body): use one"
            )
        if body_id is not None and body_id != basic.client_id:
            raise InvalidRequest("client_id in the body differs from the HTTP Basic client id")
        client_id = basic.client_id
    elif body_id is None:
        raise InvalidRequest("The request must contain the parameter 'client_id'")
    else:
        client_id = body_id

    entry.client_id = client_id
    used_basic = basic is not None
    app = state.app(client_id)
    if app is None:
        entry.violate(Violation.UNKNOWN_CLIENT.value)
        raise InvalidClient("The client does not exist", basic_auth_used=used_basic)
    presented = basic.raw_secret if basic is not None else body_secret
    if app.client_secret is None:
        if presented:
            entry.violate(Violation.SECRET_ON_PUBLIC_CLIENT.value)
            raise InvalidClient(
                "This public client has no secret and must not send one",
                basic_auth_used=used_basic,
            )
        return AuthenticatedClient(app, "none", used_basic)
    if not presented:
        raise InvalidClient(
            "The client secret is missing: send client_secret or use HTTP Basic",
            basic_auth_used=used_basic,
        )
    if basic is not None:
        return _check_basic_secret(app, basic, entry)
    if not _same(app.client_secret, presented):
        entry.violate(Violation.BAD_CLIENT_SECRET.value)
        raise InvalidClient("The client secret is wrong")
    return AuthenticatedClient(app, "client_secret_post", False)


def _check_basic_secret(app: App, basic: _Basic, entry: JournalEntry) -> AuthenticatedClient:
    expected = app.client_secret or ""
    # Both comparisons always run: which encoding matched must not show in the timing.
    form_encoded_ok = _same(expected, basic.form_decoded_secret)
    raw_ok = _same(expected, basic.raw_secret)
    if not (form_encoded_ok or raw_ok):
        entry.violate(Violation.BAD_CLIENT_SECRET.value)
        raise InvalidClient("The client secret is wrong", basic_auth_used=True)
    if not form_encoded_ok:
        entry.violate(Violation.BASIC_NOT_FORM_ENCODED.value)
    return AuthenticatedClient(app, "client_secret_basic", True)


def _read_basic(headers: Headers, entry: JournalEntry) -> _Basic | None:
    values = headers.getlist("authorization")
    if not values:
        return None
    if len(values) > 1:
        entry.violate(Violation.MULTIPLE_CLIENT_AUTH.value)
        raise InvalidRequest("The request has more than one Authorization header")
    scheme, _, encoded = values[0].strip().partition(" ")
    if scheme.lower() != "basic":
        named = scheme.lower() if scheme.lower() in _KNOWN_SCHEMES else "other"
        entry.credentials.append(CredentialSeen(f"header:{named}", None))
        raise InvalidClient(
            "The token endpoint authenticates clients with HTTP Basic only",
            basic_auth_used=True,
        )
    try:
        padded = encoded.strip() + "=" * (-len(encoded.strip()) % 4)
        decoded = base64.b64decode(padded, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        entry.credentials.append(CredentialSeen("basic", None))
        raise InvalidClient(
            "The HTTP Basic credentials are not base64", basic_auth_used=True
        ) from None
    raw_id, colon, raw_secret = decoded.partition(":")
    entry.credentials.append(
        CredentialSeen("basic", fingerprint(raw_secret) if raw_secret else None)
    )
    if not colon or not raw_id:
        raise InvalidClient(
            "The HTTP Basic credentials need 'client_id:secret'", basic_auth_used=True
        )
    return _Basic(unquote_plus(raw_id), raw_secret)


def _same(expected: str, presented: str) -> bool:
    return hmac.compare_digest(expected.encode(), presented.encode("utf-8", "surrogateescape"))
