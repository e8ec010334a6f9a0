"""Fast JSON responses and the two error renderings (Groove envelope, OAuth JSON)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from ._errors import MockError

if TYPE_CHECKING:  # the sides import this module: at run time only their base is needed
    from .auth._errors import OAuthError
    from .groove._errors import GrooveError


class RawJSON(bytes):
    """A JSON value already rendered (a catalog item's template, filled in for a caller): put
    into an answer as it is by `render_json`."""


class _RawPart(Exception):
    """The fast encoder met a `RawJSON`: the answer is assembled instead."""


def _refuse(value: Any) -> Any:
    if isinstance(value, RawJSON):
        raise _RawPart
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_options: dict[str, Any] = {"separators": (",", ":"), "allow_nan": False, "default": _refuse}
_dumps = json.JSONEncoder(ensure_ascii=False, **_options).encode
_dumps_ascii = json.JSONEncoder(ensure_ascii=True, **_options).encode


def render_json(content: Any) -> bytes:
    """Compact UTF-8 JSON. A lone surrogate (JSON lets a client send `"\\ud800"`, and handlers
    may echo it back) cannot be UTF-8: such a body is written with `\\u` escapes instead.
    `RawJSON` values inside `content` are written as they are."""
    try:
        return _encoded(content)
    except _RawPart:
        parts: list[bytes] = []
        _assemble(content, parts)
        return b"".join(parts)


def _encoded(content: Any) -> bytes:
    try:
        return _dumps(content).encode("utf-8")
    except UnicodeEncodeError:
        return _dumps_ascii(content).encode("ascii")


def _assemble(value: Any, out: list[bytes]) -> None:
    """`value` as the encoder writes it, with its `RawJSON` parts as they are."""
    if isinstance(value, RawJSON):
        out.append(value)
    elif isinstance(value, dict):
        opening = b"{"
        for key, item in value.items():
            out.append(opening)
            out.append(_member(key))
            _assemble(item, out)
            opening = b","
        out.append(b"{}" if opening == b"{" else b"}")
    elif isinstance(value, list | tuple):
        opening = b"["
        for item in value:
            out.append(opening)
            _assemble(item, out)
            opening = b","
        out.append(b"[]" if opening == b"[" else b"]")
    else:
        out.append(_encoded(value))


@lru_cache(maxsize=1024)
def _member(key: str) -> bytes:
    return _encoded(key) + b":"


_JSON_TYPE = (b"content-type", b"application/json")


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        # Bytes are a body already rendered (a cached error body): sent as they are.
        return content if isinstance(content, bytes) else render_json(content)

    def init_headers(self, headers: Mapping[str, str] | None = None) -> None:
        # Starlette's raw headers for a JSON body and no extra header, built without its
        # general-case bookkeeping (the common case of every successful Groove answer).
        status = self.status_code
        plain = headers is None and self.media_type == "application/json"
        if plain and status >= 200 and status not in (204, 304):
            self.raw_headers = [(b"content-length", str(len(self.body)).encode()), _JSON_TYPE]
            return
        super().init_headers(headers)


MAX_CACHED_MESSAGE_CHARS = 512


def _quotes_much(key: object) -> bool:
    parts = key if isinstance(key, tuple) else (key,)
    return any(isinstance(part, str) and len(part) > MAX_CACHED_MESSAGE_CHARS for part in parts)


class _RenderedBodies:
    """Error bodies rendered once: an error's wire form depends only on its class and its
    message, and the same few errors answer most bad requests. Bounded: cleared when full."""

    def __init__(self, size: int = 1024):
        self._size = size
        self._bodies: dict[object, bytes] = {}

    def get(self, exc: MockError) -> bytes:
        key = exc.body_key()
        if key is None or _quotes_much(key):
            # A long message quotes request values: rendered each time, never kept.
            return render_json(exc.to_body())
        body = self._bodies.get(key)
        if body is None:
            if len(self._bodies) >= self._size:
                self._bodies.clear()
            body = self._bodies[key] = render_json(exc.to_body())
        return body


_error_bodies = _RenderedBodies()


NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def groove_error_response(exc: GrooveError, www_authenticate: str | None = None) -> JSONResponse:
    headers = dict(exc.headers)
    if exc.status_code == 401 and "WWW-Authenticate" not in headers:
        headers["WWW-Authenticate"] = www_authenticate or 'Bearer error="invalid_token"'
    return JSONResponse(_error_bodies.get(exc), status_code=exc.status_code, headers=headers)


def oauth_error_response(exc: OAuthError) -> JSONResponse:
    headers = dict(NO_STORE)
    if exc.status_code == 401 and exc.basic_auth_used:
        headers["WWW-Authenticate"] = 'Basic realm="login.live.com"'
    return JSONResponse(_error_bodies.get(exc), status_code=exc.status_code, headers=headers)
