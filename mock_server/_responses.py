"""Fast JSON responses and the two error renderings (Groove envelope, OAuth JSON)."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

from ._errors import GrooveError, OAuthError

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
_dumps_ascii = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode


def render_json(content: Any) -> bytes:
    """Compact UTF-8 JSON. A lone surrogate (JSON lets a client send `"\\ud800"`, and handlers
    may echo it back) cannot be UTF-8: such a body is written with `\\u` escapes instead."""
    try:
        return _dumps(content).encode("utf-8")
    except UnicodeEncodeError:
        return _dumps_ascii(content).encode("ascii")


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return render_json(content)


NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def groove_error_response(exc: GrooveError, www_authenticate: str | None = None) -> JSONResponse:
    headers = dict(exc.headers)
    if exc.status_code == 401 and "WWW-Authenticate" not in headers:
        headers["WWW-Authenticate"] = www_authenticate or 'Bearer error="invalid_token"'
    return JSONResponse(exc.to_body(), status_code=exc.status_code, headers=headers)


def oauth_error_response(exc: OAuthError) -> JSONResponse:
    headers = dict(NO_STORE)
    if exc.status_code == 401 and exc.basic_auth_used:
        headers["WWW-Authenticate"] = 'Basic realm="login.live.com"'
    return JSONResponse(exc.to_body(), status_code=exc.status_code, headers=headers)
