"""The load rows: what each sends and expects.

The headline rows are the varied loads of `_varied` (requests drawn from a seed). The others
repeat one request, as marked in their labels: they show what one kind of request costs, and
have no target. A row is a plan (a wrk script plus the checks its requests must pass before the
load starts) or the reason it cannot run. A check that meets a 404 or 405 from the router means
the endpoint has not landed yet; any other surprise is an error of the row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from . import _mock as mock
from ._lua import HttpRequest, cycle_script, sign_in_script
from ._plan import Check, Plan
from ._varied import mint_tokens, mixed_plan_of, varied_reads_plan

# Answers of the router for a path or method it does not know (mock_server/_app.py).
_ROUTING_CODES = frozenset({None, "INVALID_INPUT_PARAMETER", "UNAUTHORIZED_API_METHOD"})
_OAUTH_ROUTING_CODES = frozenset({None, "invalid_request"})


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


def _varied_plan(credentials: mock.Credentials, max_requests: int) -> Plan:
    return varied_reads_plan(mint_tokens(credentials), max_requests)


def mixed_plan(credentials: mock.Credentials, max_requests: int) -> Plan:
    return mixed_plan_of(mint_tokens(credentials), max_requests)


_ONE = "one request repeated"

LOAD_ROWS: tuple[LoadRow, ...] = (
    LoadRow("varied-reads", "varied Groove reads (seeded)", 0.4, _varied_plan),
    LoadRow("mixed", "mixed load (seeded)", 0.3, mixed_plan),
    LoadRow(
        "lookup-app",
        f"catalog lookup, app token ({_ONE})",
        None,
        lambda c, n: _single(lookup_with_app_token(c), n),
    ),
    LoadRow(
        "browse-user",
        f"collection browse ({_ONE})",
        None,
        lambda c, n: _single(browse_with_user_token(c), n),
    ),
    LoadRow(
        "rejected-two-credentials",
        f"rejected: two credentials ({_ONE})",
        None,
        lambda c, n: _single(two_credentials(c), n, all_rejected=True),
    ),
    LoadRow(
        "client-credentials",
        f"POST /accesstoken.srf ({_ONE})",
        None,
        lambda c, n: _single(client_credentials(), n),
    ),
    LoadRow("sign-in", "complete code sign-in (repeated)", None, _sign_in_plan, unit="sign-ins/s"),
    LoadRow("refresh", f"refresh token grant ({_ONE})", None, _refresh_plan),
)
