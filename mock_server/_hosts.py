"""Which `Host` (and `Origin`) a request to the mock's own pages may name.

A web page the developer visits can reach a server on loopback through the browser, either
cross-origin (the browser sends `Origin: https://evil.example`) or by DNS rebinding (the page's
own name resolves to 127.0.0.1, so the request says `Host: evil.example`). The control plane
and the sign-in form therefore answer only requests naming the mock itself: a loopback name,
the host it is bound to, or the host of a configured public base URL. A request carrying the
admin key passes whatever its `Host`: a page cannot know the key, and a mock bound to every
interface is reached by names nobody configured.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from ._settings import Settings
from .types import Scope

__all__ = ["HostPolicy"]

_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "localhost."})
_BIND_ALL = frozenset({"0.0.0.0", "::", ""})  # noqa: S104 - names, not a bind


def _host_name(authority: str) -> str:
    """The host of `host[:port]` or `[v6][:port]`, lowercased; '' when malformed."""
    authority = authority.strip().lower()
    if authority.startswith("["):
        end = authority.find("]")
        return authority[1:end] if end > 0 else ""
    return authority.rsplit(":", 1)[0] if authority.count(":") == 1 else authority


class HostPolicy:
    """The allowed host names of one mock (from its settings)."""

    def __init__(self, settings: Settings):
        names = set(_LOOPBACK_NAMES)
        if settings.host.lower() not in _BIND_ALL:
            names.add(settings.host.lower())
        for url in (settings.public_auth_url, settings.public_api_url):
            hostname = urlsplit(url).hostname
            if hostname:
                names.add(hostname.lower())
        self.names = frozenset(names)

    def allows_name(self, name: str) -> bool:
        if name in self.names:
            return True
        try:
            return ipaddress.ip_address(name).is_loopback
        except ValueError:
            return False

    def refusal(self, scope: Scope, *, check_origin: bool = True) -> str | None:
        """Why the request's `Host` (or, with `check_origin`, its `Origin`) names another site; None
        when they are ours (a request without `Origin` comes from a program, not a page)."""
        for name, value in scope["headers"]:
            if name == b"host":
                host = value.decode("latin-1")
                if not self.allows_name(_host_name(host)):
                    return (
                        f"Host {host[:100]!r} is not this mock (DNS rebinding?): use a loopback "
                        "name, the bound host, or set --auth-base-url/--api-base-url"
                    )
            elif name == b"origin" and check_origin:
                origin = value.decode("latin-1")
                parts = urlsplit(origin)
                if parts.scheme not in ("http", "https") or not self.allows_name(
                    _host_name(parts.netloc)
                ):
                    return f"requests from the web page at {origin[:100]!r} are refused"
        return None
