"""The root of the error tree, and the two errors that belong to no side.

Each side keeps its own errors next to the code that raises them: `mock_server.groove._errors`
(the Groove envelope, reference §8), `mock_server.auth._errors` (OAuth, RFC 6749 §5.2) and
`mock_server.control._errors` (the control plane). Every class carries its wire form: `status_code`
and a default description as class attributes; the instance may add a `message` (Groove) or
override the description (OAuth).

    MockError
    ├── GrooveError    {"Error": {"ErrorCode", "Description", "Message"?}}
    ├── OAuthError     {"error", "error_description"}
    └── ControlError   {"error", "message"}
"""

from __future__ import annotations

from typing import Any, ClassVar


class MockError(Exception):
    """Base of every error the mock turns into an HTTP answer."""

    status_code: ClassVar[int] = 500
    description: ClassVar[str] = "Internal server error"

    def to_body(self) -> dict[str, Any]:
        """The JSON body of the answer."""
        raise NotImplementedError

    def body_key(self) -> object | None:
        """What the body depends on, when the class renders it the usual way (the body can then
        be rendered once per key and reused); None when it must be rendered each time."""
        return None


class NoResponse(Exception):
    """Raised below the journal to end a request with no HTTP response at all (a dropped
    connection): the journal records the entry with status 0 and lets the exception through."""


class ServeError(RuntimeError):
    """The mock could not start serving (port in use, unknown host). `str()` is one line."""
