"""The canned answers of error and malformed faults, built once when a fault is queued."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.responses import Response

from .._responses import groove_error_response, oauth_error_response
from ..auth._errors import OAUTH_ERRORS, OAuthError
from ..groove._errors import GROOVE_ERRORS, GrooveError

if TYPE_CHECKING:
    from ._faults import Fault

DEFAULT_MALFORMED_BODY = '{"Error": {"ErrorCode": "INTERNAL_SERVER_ERROR", "Descrip'

# The body a status-only fault gets, by status and side (Groove ErrorCode / OAuth error).
_GROOVE_BY_STATUS = {
    400: "INVALID_INPUT_PARAMETER",
    401: "INVALID_AUTHORIZATION_HEADER",
    403: "UNAUTHORIZED_API_METHOD",
    404: "CATALOG_NO_RESULT",
    409: "COLLECTION_CONCURRENT_UPDATE",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_SERVER_ERROR",
    502: "CATALOG_UNAVAILABLE",
    503: "SERVICE_UNAVAILABLE",
}
_OAUTH_BY_STATUS = {
    400: "invalid_request",
    401: "invalid_client",
    429: "temporarily_unavailable",
    500: "server_error",
    503: "temporarily_unavailable",
}


def error_answer(fault: Fault, side: str) -> tuple[Response, str]:
    status = fault.status or 0
    server_side = status >= 500
    code = fault.error or (
        _GROOVE_BY_STATUS.get(
            status, "INTERNAL_SERVER_ERROR" if server_side else "INVALID_INPUT_PARAMETER"
        )
        if side == "api"
        else _OAUTH_BY_STATUS.get(status, "server_error" if server_side else "invalid_request")
    )
    response: Response
    if code in GROOVE_ERRORS:
        groove: GrooveError = GROOVE_ERRORS[code](fault.message)
        response = groove_error_response(groove)
    else:
        oauth: OAuthError = OAUTH_ERRORS[code](fault.message)
        response = oauth_error_response(oauth)
    if fault.status is not None:
        response.status_code = fault.status
    if fault.retry_after is not None:
        response.headers["Retry-After"] = str(fault.retry_after)
    return response, code


def malformed_answer(fault: Fault) -> Response:
    body = DEFAULT_MALFORMED_BODY if fault.body is None else fault.body
    headers = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
    return Response(
        body.encode("utf-8"),
        status_code=fault.status or 200,
        media_type="application/json",
        headers=headers,
    )
