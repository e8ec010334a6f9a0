"""CORS for the Groove API (reference §4): Starlette's `CORSMiddleware`, with a lean hot path.
Never on the control plane under `/_mock/`: no web page may read or drive it.

Every response passes through CORS (it always adds `Vary: Origin`), so the per-request part is
rewritten on raw ASGI headers: no `Headers`/`MutableHeaders` objects, no string round trips.
Preflight requests are rare and keep Starlette's own code. The answers are byte for byte those
of `CORSMiddleware` with the same options (tests/mock_server/groove/test_cors.py compares them).
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware

from .._journal import CONTROL_PREFIX
from ..types import Message, Receive, Scope, Send

RawHeaders = list[tuple[bytes, bytes]]


def _set_header(headers: RawHeaders, name: bytes, value: bytes) -> None:
    """`MutableHeaders.__setitem__`: replace the first `name`, drop the others, else append."""
    found = [index for index, (key, _) in enumerate(headers) if key == name]
    for index in reversed(found[1:]):
        del headers[index]
    if found:
        headers[found[0]] = (name, value)
    else:
        headers.append((name, value))


def _add_vary_origin(headers: RawHeaders) -> None:
    values = [value for key, value in headers if key == b"vary"]
    _set_header(headers, b"vary", b", ".join([*values, b"Origin"]))


def _is_control(path: str) -> bool:
    return path.startswith(CONTROL_PREFIX) or path == CONTROL_PREFIX[:-1]


class GrooveCORS(CORSMiddleware):
    """`CORSMiddleware` (allow-all origins, no credentials) with a fast simple-request path."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.allow_credentials or not self.allow_all_origins:
            raise ValueError("GrooveCORS takes allow_origins=['*'] without credentials only")
        self._simple_raw = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in self.simple_headers.items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _is_control(scope["path"]):
            # No CORS on the control plane: no web page may read or drive it.
            await self.app(scope, receive, send)
            return
        has_origin = preflight = False
        for name, _ in scope["headers"]:
            if name == b"origin":
                has_origin = True
            elif name == b"access-control-request-method":
                preflight = True
        if has_origin and preflight and scope["method"] == "OPTIONS":
            await super().__call__(scope, receive, send)
            return
        simple = self._simple_raw if has_origin else ()

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: RawHeaders = list(message.get("headers", ()))
                for name, value in simple:
                    _set_header(headers, name, value)
                _add_vary_origin(headers)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cors)
