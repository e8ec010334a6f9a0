"""Proof Key for Code Exchange (RFC 7636): challenge and verifier checks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Literal

ChallengeMethod = Literal["S256", "plain"]

# §4.1: 43 to 128 unreserved characters; an S256 challenge is exactly 43 base64url characters.
_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
_S256_CHALLENGE = re.compile(r"[A-Za-z0-9\-_]{43}")


def challenge_method(value: str | None) -> ChallengeMethod | None:
    """The method named by `code_challenge_method` (absent means plain, §4.3), or None when it
    is not one of ours. Method names are case-sensitive (§6.2)."""
    if value is None:
        return "plain"
    return "S256" if value == "S256" else "plain" if value == "plain" else None


def is_valid_challenge(challenge: str, method: ChallengeMethod) -> bool:
    pattern = _S256_CHALLENGE if method == "S256" else _VERIFIER
    return pattern.fullmatch(challenge) is not None


def is_valid_verifier(verifier: str) -> bool:
    return _VERIFIER.fullmatch(verifier) is not None


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def verifier_matches(verifier: str, challenge: str, method: ChallengeMethod) -> bool:
    """§4.6; the verifier must already be valid (ASCII) by `is_valid_verifier`."""
    expected = s256(verifier) if method == "S256" else verifier
    return hmac.compare_digest(expected.encode("ascii"), challenge.encode("ascii"))
