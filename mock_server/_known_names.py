"""The names a journal filter can ask for: every violation, error code and token kind the mock
records. A filter naming anything else is refused, listing these, since a misspelt filter that
matches nothing would read as "the client never did that" (a CI gate passing on a typo)."""

from __future__ import annotations

from ._tokens import TokenKind
from .auth._errors import OAUTH_ERRORS
from .auth._violations import Violation
from .groove._errors import GROOVE_ERRORS

GROOVE_VIOLATIONS = frozenset(
    {
        "app-token-on-user-endpoint",
        "continuation-with-other-parameters",
        "credential-not-in-header",
        "expired-token",
        "malformed-credential",
        "multiple-credentials",
        "no-credential",
        "refresh-token-as-access-token",
        "revoked-token",
        "token-used-after-sign-out",
        "unknown-token",
    }
)
"""What the Groove side journals (the authorization server's are `auth.Violation`); a test
reads the sources to keep this list whole."""

VIOLATIONS = frozenset(v.value for v in Violation) | GROOVE_VIOLATIONS
ERROR_CODES = frozenset(GROOVE_ERRORS) | frozenset(OAUTH_ERRORS)
TOKEN_KINDS = frozenset(
    {kind.value for kind in TokenKind}
    | {"unknown"}
    | {f"unknown-{kind.value}" for kind in TokenKind}  # what an unverifiable token looks like
)
KNOWN = {"violation": VIOLATIONS, "error_code": ERROR_CODES, "token_kind": TOKEN_KINDS}
"""Journal filter name -> the values it can match."""


def unknown_name_message(filter_name: str, value: str) -> str | None:
    """One line naming the unknown value and the known ones; None when the value is known."""
    known = KNOWN.get(filter_name)
    if known is None or value in known:
        return None
    return f"unknown {filter_name.replace('_', '-')} {value!r} (known: {', '.join(sorted(known))})"
