"""The mock answers in JSON only. XML (`Accept: application/xml`, `contentType=xml`) and JSONP
(`jsonp=`) requests, documented in reference §4, get a clear 400 instead of a JSON body the
client did not ask for (see docs/contract.md, "Left out")."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, unquote_to_bytes

from .._journal import ENTRY_KEY, JournalEntry
from ..types import ASGIApp, Receive, Scope, Send


def _refusal(scope: Scope) -> str | None:
    query: bytes = scope.get("query_string", b"")
    if query:
        # A percent-encoded name (`%6Asonp`) is the same parameter: look at the decoded text.
        lowered = (unquote_to_bytes(query) if b"%" in query else query).lower()
        if b"jsonp" in lowered or b"contenttype" in lowered:
            for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
                key = name.lower()
                if key == "jsonp":
                    return "JSONP is not supported by this mock: call the API with CORS instead"
                if key == "contenttype" and value.lower() != "json":
                    return "Only contentType=json is supported by this mock (no XML)"
    for name, value in scope["headers"]:
        if name == b"accept":
            accept = value.decode("latin-1").lower()
            if "xml" in accept and "json" not in accept and "*/*" not in accept:
                return "XML responses are not supported by this mock: send Accept: application/json"
    return None


class RepresentationGuard:
    """Refuses XML and JSONP on the Groove paths with INVALID_INPUT_PARAMETER."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(("/1/", "/3/")):
            message = _refusal(scope)
            if message is not None:
                entry = scope.get(ENTRY_KEY)
                if isinstance(entry, JournalEntry):
                    entry.error_code = "INVALID_INPUT_PARAMETER"
                body = {
                    "Error": {
                        "ErrorCode": "INVALID_INPUT_PARAMETER",
                        "Description": "Invalid input parameter",
                        "Message": message,
                    }
                }
                payload = json.dumps(body).encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 400,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": payload})
                return
        await self.app(scope, receive, send)
