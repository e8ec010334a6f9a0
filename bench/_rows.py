"""The load rows of the issue "Benchmark and performance": what each sends and expects.

A row is a plan (a wrk script plus the checks that one request of each kind must pass before
the load starts) or the reason it cannot run. A check that meets a 404 or 405 from the router
means the endpoint has not landed yet; any other surprise is an error of the row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from . import _mock as mock
from ._lua import HttpRequest, cycle_script, sign_in_script

# Answers of the router for a path or method it does not know (mock_server/_app.py).
_ROUTING_CODES = frozenset({None, "INVALID_INPUT_PARAMETER", "UNAUTHORIZED_API_METHOD"})
_OAUTH_ROUTING_CODES = frozenset({None, "invalid_request"})


@dataclass(frozen=True, slots=True)
class Check:
    request: HttpRequest
    status: int
    error_code: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    script: str
    checks: tuple[Check, ...]
    all_rejected: bool = False
    counts_flows: bool = False
    flow_check: Callable[[httpx.Client], str | None] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class LoadRow:
    key: str
    label: str
    target: float | None
    plan: Callable[[mock.Credentials, int], Plan | str]
    unit: str = "req/s"


def error_code_of(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    if isinstance(body.get("Error"), dict):
        code = body["Error"].get("ErrorCode")
        return str(code) if code is not None else None
    code = body.get("error")
    return str(code) if code is not None else None


def verdict_of_check(response: httpx.Response, check: Check) -> str | None:
    """None when the answer is the expected one; else "not available yet" or what went wrong."""
    code = error_code_of(response)
    if response.status_code == check.status and (
        check.error_code is None or code == check.error_code
    ):
        return None
    if response.status_code in (404, 405) and (
        code in _ROUTING_CODES or code in _OAUTH_ROUTING_CODES
    ):
        return mock.NOT_AVAILABLE
    wanted = f"{check.status} {check.error_code or ''}".strip()
    return f"expected {wanted}, got {response.status_code} {code or ''}".strip()


def run_checks(http: httpx.Client, checks: tuple[Check, ...]) -> str | None:
    for check in checks:
        request = check.request
        response = http.request(
            request.method,
            request.path,
            headers=request.headers,
            content=request.body.encode() if request.body is not None else None,
        )
        problem = verdict_of_check(response, check)
        if problem is not None:
            return f"{request.method} {request.path.split('?')[0]}: {problem}"
    return None


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def lookup_with_app_token(credentials: mock.Credentials) -> Check:
    return Check(HttpRequest("GET", mock.LOOKUP_PATH, bearer(credentials.app_token)), 200)


def browse_with_user_token(credentials: mock.Credentials) -> Check:
    return Check(HttpRequest("GET", mock.BROWSE_PATH, bearer(credentials.user_token)), 200)


def two_credentials(credentials: mock.Credentials) -> Check:
    # One header, two comma-joined bearer values: what a .NET client that adds a second
    # Authorization value sends (reference §13, GiancarloLelli/groovesdk).
    joined = f"Bearer {credentials.app_token}, Bearer {credentials.user_token}"
    request = HttpRequest("GET", mock.LOOKUP_PATH, {"Authorization": joined})
    return Check(request, 400, "INCOMPATIBLE_INPUT_PARAMETERS")


def client_credentials() -> Check:
    return Check(HttpRequest("POST", mock.APP_TOKEN_PATH, mock.FORM, mock.app_token_form()), 200)


def refresh(credentials: mock.Credentials) -> Check | str:
    if credentials.refresh_token is None:
        return mock.NOT_AVAILABLE
    body = mock.refresh_form(credentials.refresh_token)
    return Check(HttpRequest("POST", mock.TOKEN_PATH, mock.FORM, body), 200)


def _single(check: Check, max_requests: int, *, all_rejected: bool = False) -> Plan:
    return Plan(
        cycle_script([check.request], max_requests=max_requests),
        (check,),
        all_rejected=all_rejected,
    )


def _refresh_plan(credentials: mock.Credentials, max_requests: int) -> Plan | str:
    check = refresh(credentials)
    return check if isinstance(check, str) else _single(check, max_requests)


def _sign_in_failure(http: httpx.Client) -> str | None:
    outcome = mock.sign_in(http)
    return outcome if isinstance(outcome, str) else None


def _sign_in_plan(credentials: mock.Credentials, max_requests: int) -> Plan:
    authorize = HttpRequest("GET", mock.authorize_path())
    redeem = HttpRequest("POST", mock.TOKEN_PATH, mock.FORM, mock.redeem_form_without_code())
    return Plan(
        sign_in_script(authorize, redeem, max_requests=max_requests),
        (),
        counts_flows=True,
        flow_check=_sign_in_failure,
    )


def mixed_script(checks: list[Check], *, max_requests: int, with_sign_in: bool) -> str:
    """The memory soak's load: the given requests in turn, and complete sign-ins among them
    when the authorization server is there (they are what makes it keep state)."""
    requests = [check.request for check in checks]
    if not with_sign_in:
        return cycle_script(requests, max_requests=max_requests)
    authorize = HttpRequest("GET", mock.authorize_path())
    redeem = HttpRequest("POST", mock.TOKEN_PATH, mock.FORM, mock.redeem_form_without_code())
    return sign_in_script(authorize, redeem, max_requests=max_requests, also=requests)


def mixed_requests(credentials: mock.Credentials) -> list[Check]:
    """Every kind of request the load rows send, for the memory soak."""
    checks = [
        lookup_with_app_token(credentials),
        browse_with_user_token(credentials),
        two_credentials(credentials),
        client_credentials(),
    ]
    refreshing = refresh(credentials)
    if isinstance(refreshing, Check):
        checks.append(refreshing)
    return checks


LOAD_ROWS: tuple[LoadRow, ...] = (
    LoadRow(
        "lookup-app",
        "catalog lookup, app token",
        0.7,
        lambda c, n: _single(lookup_with_app_token(c), n),
    ),
    LoadRow(
        "browse-user",
        "collection browse, user token",
        0.7,
        lambda c, n: _single(browse_with_user_token(c), n),
    ),
    LoadRow(
        "rejected-two-credentials",
        "rejected: two credentials",
        0.8,
        lambda c, n: _single(two_credentials(c), n, all_rejected=True),
    ),
    LoadRow(
        "client-credentials",
        "POST /accesstoken.srf",
        0.2,
        lambda c, n: _single(client_credentials(), n),
    ),
    LoadRow("sign-in", "complete code sign-in", 0.04, _sign_in_plan, unit="sign-ins/s"),
    LoadRow("refresh", "refresh token grant", None, _refresh_plan),
)
