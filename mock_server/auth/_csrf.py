"""The sign-in form's CSRF token: a form post counts only from the browser that got the page.

The page sets a random browser secret in a `SameSite=Strict` cookie (a cross-site post does not
carry it; a page elsewhere cannot read or set it) and puts `HMAC(key, secret, handle)` in the
form. The decision endpoint recomputes it from the cookie and the posted handle and compares in
constant time. The `Host` check (`mock_server._hosts`) closes the other way in, DNS rebinding,
where the attacker's page would be on the mock's own origin.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

from .._settings import Settings

CSRF_COOKIE = "MSPCsrf"
CSRF_FIELD = "csrf"

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "SignInCSRF"]


class SignInCSRF:
    def __init__(self, settings: Settings):
        self._key = secrets.token_bytes(32)
        self._secure = settings.public_auth_url.startswith("https:")

    def browser_secret(self, request: Request) -> tuple[str, bool]:
        """The browser's secret from its cookie, or a new one (and True: set the cookie)."""
        found = request.cookies.get(CSRF_COOKIE, "")
        if 16 <= len(found) <= 64 and found.isascii():
            return found, False
        return secrets.token_urlsafe(24), True

    def token(self, secret: str, handle: str) -> str:
        message = secret.encode() + b"\n" + handle.encode("utf-8", "surrogateescape")
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def valid(self, request: Request, handle: str, posted: str) -> bool:
        secret = request.cookies.get(CSRF_COOKIE, "")
        if not secret:
            return False
        expected = self.token(secret, handle).encode()
        return hmac.compare_digest(expected, posted.encode("utf-8", "surrogateescape"))

    def set_cookie(self, response: Response, secret: str) -> None:
        response.set_cookie(
            CSRF_COOKIE, secret, httponly=True, samesite="strict", secure=self._secure
        )
