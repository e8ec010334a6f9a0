"""Which redirect URIs an app may use, and how answers are put on them.

Reference §3.3: a web app's redirect URI must be on the registered domain; a mobile/desktop app
uses `oauth20_desktop.srf`; logout wants the exact URI. RFC 6749 §3.1.2: absolute, no fragment,
its query kept when parameters are added. An unusable URI is never redirected to (§4.1.2.1):
the browser goes to `err.srf` with the error in the fragment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from urllib.parse import SplitResult, urlencode, urlsplit

from .._scenario import App
from .._settings import Settings

DESKTOP_PATH = "/oauth20_desktop.srf"
ERROR_PAGE_PATH = "/err.srf"
# Live SDK clients hard-code Microsoft's own desktop URI; lenient mode takes it as an alias.
LIVE_DESKTOP_URI = "https://login.live.com/oauth20_desktop.srf"
DESKTOP_LOCALE = ("lc", "1033")

ResponseMode = Literal["query", "fragment"]
Origin = tuple[str, str, int]

# Printable ASCII without space: what goes into a Location header verbatim must not be able to
# split it (CR/LF) or be re-encoded on the way out.
_PLAIN_URI = re.compile(r"[!-~]+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class RedirectTarget:
    """A redirect URI accepted for one app, kept exactly as the client sent it."""

    uri: str
    desktop: bool


class RedirectPolicy:
    """The redirect URI rules of one mock instance; settings are read once, not per request."""

    def __init__(self, settings: Settings):
        self.strict = settings.strict
        own_desktop_uri = settings.public_auth_url + DESKTOP_PATH
        self.desktop_uris = frozenset(
            {own_desktop_uri} if settings.strict else {own_desktop_uri, LIVE_DESKTOP_URI}
        )
        self._error_page = f"{settings.public_auth_url}{ERROR_PAGE_PATH}?lc=1033#"

    def for_authorize(self, app: App, uri: str) -> RedirectTarget | None:
        """The target when `uri` is allowed for `app` at the authorization endpoint, else None.

        Mobile apps: only the desktop URI. Web apps: in strict mode the exact registered string
        (RFC 6749 §3.1.2.3, OAuth 2.1); in lenient mode any URI on the origin (scheme, host,
        port) of a registered one, our reading of "the domain must match" (reference §3.3).
        """
        parts = _parse(uri)
        if parts is None:
            return None
        desktop = uri in self.desktop_uris
        if app.platform == "mobile":
            return RedirectTarget(uri, True) if desktop else None
        if self.strict:
            allowed = uri in app.redirect_uris
        else:
            allowed = _origin(parts) in _registered_origins(app.redirect_uris)
        return RedirectTarget(uri, desktop) if allowed else None

    def for_logout(self, app: App, uri: str) -> bool:
        """Logout takes the exact registered URI (reference §3.3), in every mode."""
        if _parse(uri) is None:
            return False
        if app.platform == "mobile":
            return uri in self.desktop_uris
        return uri in app.redirect_uris

    def error_page_url(self, error: str, description: str) -> str:
        """login.live.com's error page, the error in the fragment (reference §3.3)."""
        return self._error_page + urlencode({"error": error, "error_description": description})


def add_parameters(target: RedirectTarget, params: dict[str, str], mode: ResponseMode) -> str:
    """`target` with `params` in its query (kept intact) or fragment; `lc=1033` on the desktop
    URI's query, as login.live.com does."""
    if mode == "fragment":
        return f"{target.uri}#{urlencode(params)}"
    if target.desktop:
        params = {**params, DESKTOP_LOCALE[0]: DESKTOP_LOCALE[1]}
    if "?" not in target.uri:
        separator = "?"
    elif target.uri.endswith(("?", "&")):
        separator = ""
    else:
        separator = "&"
    return f"{target.uri}{separator}{urlencode(params)}"


def _parse(uri: str) -> SplitResult | None:
    if len(uri) > 2048 or not _PLAIN_URI.fullmatch(uri) or "#" in uri:
        return None
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    return parts


def _origin(parts: SplitResult) -> Origin:
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS[scheme]


@lru_cache(maxsize=256)
def _registered_origins(uris: tuple[str, ...]) -> frozenset[Origin]:
    parsed = (_parse(uri) for uri in uris)
    return frozenset(_origin(parts) for parts in parsed if parts is not None)
