"""Errors of the control plane (`/_mock/` and the control handles): not part of the Groove
contract."""

from __future__ import annotations

from typing import ClassVar

from .._errors import MockError


class ControlError(MockError):
    """A control request the mock cannot carry out: `{"error", "message"}` on `/_mock/`, and
    the exception both control handles (in process and remote) raise for bad input."""

    error: ClassVar[str] = "bad_request"
    status_code = 400
    description = "Bad control request"

    def __init__(self, message: str | None = None):
        super().__init__(message or self.description)
        self.message = message or self.description

    def to_body(self) -> dict[str, str]:
        return {"error": self.error, "message": self.message}


class ControlUnauthorized(ControlError):
    """The control API needs the admin key and the request did not carry it."""

    error = "unauthorized"
    status_code = 401
    description = "The control API needs the admin key"


class ControlForbidden(ControlError):
    """The request names another site in `Host` or `Origin` (DNS rebinding, a web page):
    the control plane answers only the mock's own names (docs/hardening.md)."""

    error = "forbidden"
    status_code = 403
    description = "The control API answers only requests naming the mock itself"


class ControlUnsupportedMediaType(ControlError):
    """A control request body that is not sent as `application/json`: a web page can post
    `text/plain` or a form without asking first, so the control plane takes JSON only."""

    error = "unsupported_media_type"
    status_code = 415
    description = "Control request bodies are JSON sent as application/json"


class ControlAtCapacity(ControlError):
    """Minting or revoking would go past a bound that must not forget anything (the revocation
    ledger): refused until entries expire by the mock clock (docs/hardening.md)."""

    error = "at_capacity"
    status_code = 503
    description = "The mock is at a memory bound"


class ControlNotFound(ControlError):
    """No such control endpoint, or no such fault, user or app."""

    error = "not_found"
    status_code = 404
    description = "Not found"


class ControlMethodNotAllowed(ControlError):
    """The control endpoint exists but not with this HTTP method."""

    error = "method_not_allowed"
    status_code = 405
    description = "Method not allowed"


class ControlUnreachable(ControlError):
    """Raised by the remote control handle when the mock cannot be reached at all."""

    error = "unreachable"
    status_code = 503
    description = "The mock cannot be reached"
