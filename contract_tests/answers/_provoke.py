"""Scenarios that provoke each answer of the inventory (`_inventory.py`) and judge whether the
client handled it as the contract asks.

A scenario brings the client to the place where the answer can come (an app token held, a
sign-in under way, a user signed in), then provokes it: naturally when the mock can produce it
from the client's own traffic (an expired token by the mock clock, an unknown id, revoked
consent, a Deny on the sign-in page), else by having the wire tap answer in the mock's place
(a Groove ErrorCode or an OAuth error, with `Retry-After` in seconds or as an HTTP-date), or,
for an error callback, by sending the browser back the way the authorization server would.
The result says whether the answer was really provoked (seen on the wire or in the callback)
and whether the client handled it.
"""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from mock_server.control import MockControl

from .._adapter import Capability, ClientFactory, Outcome, Step
from ..checks._base import (
    APP_TOKEN_LIFETIME,
    GET_LUCKY,
    PAST_EXPIRY,
    PROFILE,
    UNKNOWN_ID,
    USER_TOKEN_LIFETIME,
    Skipped,
    api_records,
    first,
    judge_renew_and_retry,
    on_path,
    prepare_call,
    query_of,
)
from ..harness._hosting import Host
from ..harness._session import Blocked, RuleFailed, Session, SessionOptions
from ..harness._tap import WireRecord
from ._inventory import Answer, Handling

MAX_ATTEMPTS = 6
_TOLERANCE = 0.05
_USER_CODES = frozenset(
    {
        "AUTHORIZATION_TOKEN_EXPIRED",
        "INVALID_AUTHORIZATION_HEADER",
        "MSA_SCOPE_REQUIRES_USER_CONSENT",
        "NO_MUSIC_PASS_SUBSCRIPTION",
    }
)


@dataclass(frozen=True, slots=True)
class Provoked:
    """What a scenario did: the step whose answer is judged, its outcome, the requests since
    the answer was armed, whether the answer really came, and when the wait should end."""

    step: Step
    outcome: Outcome
    records: list[WireRecord]
    seen: bool
    min_wait: float = 0.0


@dataclass(frozen=True, slots=True)
class Result:
    answer: Answer
    status: str
    """`handled`, `mishandled`, `not provoked`, `not applicable` or `blocked`."""
    detail: str = ""


Scenario = Callable[[Session, Answer], Provoked]
SCENARIOS: dict[str, Scenario] = {}
SETTINGS: dict[str, dict[str, Any]] = {
    "deny_consent": {"sign_in": "interactive"},
    "second_user": {"sign_in": "interactive"},  # the sign-in page, so the browser picks
}
"""Mock settings a scenario needs (the interactive page shows for every sign-in)."""


def scenario(name: str) -> Callable[[Scenario], Scenario]:
    def register(run: Scenario) -> Scenario:
        SCENARIOS[name] = run
        return run

    return register


def _seen(records: list[WireRecord], code: str) -> bool:
    return any(r.error_code == code for r in records)


def _sign_in(s: Session) -> None:
    if not s.has(Capability.USER_SIGN_IN):
        raise Skipped("the client does not sign users in")
    s.sign_in(offline_access=s.has(Capability.REFRESH))
    s.require(PROFILE, "the profile call after sign-in")


def _call_for(s: Session, code: str) -> Step:
    """A call on which `code` can come, with the client ready to make it."""
    if code.startswith("COLLECTION_") and s.has(Capability.COLLECTION_WRITES):
        _sign_in(s)
        return {"op": "collection_add", "track_ids": [GET_LUCKY]}
    if (code.startswith("DELIVERY_") or code == "NO_MUSIC_PASS_SUBSCRIPTION") and s.has(
        Capability.STREAMING
    ):
        _sign_in(s)
        return {"op": "stream", "track_id": GET_LUCKY}
    if code in _USER_CODES or not s.has(Capability.APP_TOKEN):
        _sign_in(s)
        return PROFILE
    return prepare_call(s)


def _provoke(s: Session, step: Step, code: str, min_wait: float = 0.0) -> Provoked:
    mark = s.mark()
    outcome = s.do(step)
    s.tap.clear_faults()
    records = s.wire(mark)
    return Provoked(step, outcome, records, _seen(records, code), min_wait)


@scenario("api_error")
def api_error(s: Session, answer: Answer) -> Provoked:
    step = _call_for(s, answer.code)
    # Persistent where a bounded retry is allowed, so that an unbounded one shows.
    times = {Handling.REPORT_OR_RETRY: 10, Handling.REREAD_AND_RETRY: 5}.get(answer.handling, 1)
    s.inject(answer.status, answer.code, times=times)
    return _provoke(s, step, answer.code)


@scenario("throttled")
def throttled(s: Session, answer: Answer) -> Provoked:
    step = prepare_call(s)
    retry_after, wait = {"seconds": ("1", 1.0), "absent": (None, 0.0)}.get(
        answer.variant, (None, 0.0)
    )
    if answer.variant == "http-date":
        # An HTTP-date has whole seconds: at least one second from now.
        moment = math.floor(time.time()) + 2
        retry_after = email.utils.formatdate(moment, usegmt=True)
        wait = 1.0
    s.inject(answer.status, answer.code, retry_after=retry_after)
    return _provoke(s, step, answer.code, wait)


@scenario("expired_token")
def expired_token(s: Session, answer: Answer) -> Provoked:
    if answer.code == "ACCESS_TOKEN_EXPIRED":
        if not s.has(Capability.APP_TOKEN):
            raise Skipped("the client has no app token to expire")
        step = prepare_call(s)
        s.advance(APP_TOKEN_LIFETIME + PAST_EXPIRY)
    else:
        if not s.has(Capability.REFRESH):
            raise Skipped("the client cannot renew a user token")
        _sign_in(s)
        step = PROFILE
        s.advance(USER_TOKEN_LIFETIME + PAST_EXPIRY)
    return _provoke(s, step, answer.code)


@scenario("unknown_item")
def unknown_item(s: Session, answer: Answer) -> Provoked:
    prepare_call(s)
    return _provoke(s, {"op": "lookup", "ids": [UNKNOWN_ID]}, answer.code)


@scenario("consent_revoked")
def consent_revoked(s: Session, answer: Answer) -> Provoked:
    _sign_in(s)
    MockControl(s.state).revoke_consent(s.env.default_user_id, s.env.client_id)
    return _provoke(s, PROFILE, answer.code)


@scenario("revoked_grant")
def revoked_grant(s: Session, answer: Answer) -> Provoked:
    if not s.has(Capability.REFRESH):
        raise Skipped("the client does not refresh")
    _sign_in(s)
    MockControl(s.state).revoke_consent(s.env.default_user_id, s.env.client_id)
    s.advance(USER_TOKEN_LIFETIME + PAST_EXPIRY)  # expired comes before revoked: a refresh
    return _provoke(s, PROFILE, answer.code)


@scenario("token_error")
def token_error(s: Session, answer: Answer) -> Provoked:
    if answer.where == "accesstoken":
        if not s.has(Capability.APP_TOKEN):
            raise Skipped("the client has no app token")
        step = prepare_call(s)  # held, and expired below: a renewal must ask again
        s.advance(APP_TOKEN_LIFETIME + PAST_EXPIRY)
        s.inject(answer.status, answer.code, path_prefix="/accesstoken.srf")
        return _provoke(s, step, answer.code)
    if not s.has(Capability.USER_SIGN_IN):
        raise Skipped("the client does not sign users in")
    callback = s.browse(s.authorize_url(offline_access=s.has(Capability.REFRESH)))
    if callback is None:
        raise Blocked("the mock gave no code for the client's authorize URL")
    s.inject(answer.status, answer.code, path_prefix="/oauth20_token.srf")
    return _provoke(s, {"op": "finish_sign_in", "callback_url": callback}, answer.code)


@scenario("error_callback")
def error_callback(s: Session, answer: Answer) -> Provoked:
    if not s.has(Capability.USER_SIGN_IN):
        raise Skipped("the client does not sign users in")
    state = first(query_of(s.authorize_url()), "state")
    params = {"error": answer.code, "error_description": f"provoked by the suite: {answer.code}"}
    if state is not None:
        params["state"] = state
    callback = f"{s.env.redirect_uri}?{urlencode(params)}"
    step: Step = {"op": "finish_sign_in", "callback_url": callback}
    provoked = _provoke(s, step, answer.code)
    return Provoked(step, provoked.outcome, provoked.records, True)


@scenario("deny_consent")
def deny_consent(s: Session, answer: Answer) -> Provoked:
    if not s.has(Capability.USER_SIGN_IN):
        raise Skipped("the client does not sign users in")
    callback = s.browse(s.authorize_url(), decision="deny")
    if callback is None:
        raise Blocked("the sign-in page sent the browser nowhere")
    step: Step = {"op": "finish_sign_in", "callback_url": callback}
    provoked = _provoke(s, step, answer.code)
    denied = first(query_of(callback), "error") == answer.code
    return Provoked(step, provoked.outcome, provoked.records, denied)


# judging -------------------------------------------------------------------------------------


def judge(s: Session, answer: Answer, provoked: Provoked) -> str:
    """Why the client mishandled the answer, or "" when it did what the contract asks."""
    ok, records = bool(provoked.outcome.get("ok")), provoked.records
    on_target = [r for r in records if r.error_code == answer.code] or records
    path = on_target[0].path if on_target else ""
    attempts = on_path(records, path.lower()) if path else []
    handling = answer.handling
    if s.timed_out(provoked.outcome):
        return f"the step did not end within {s.step_timeout:g} s"
    if handling in (Handling.REPORT, Handling.SIGN_IN_AGAIN):
        if ok:
            return "the step succeeded after an error it must report"
        if len(attempts) > 1:
            return f"{len(attempts)} requests to {path}: the error was repeated"
    elif handling is Handling.REFUSE_CALLBACK:
        redeemed = on_path(records, "/oauth20_token.srf")
        if ok or redeemed:
            return "the error callback was taken for a sign-in"
    elif handling is Handling.PARTIAL and not ok:
        return "a 200 with a partial-data Error was reported as a failure"
    elif handling in (Handling.REPORT_OR_RETRY, Handling.REREAD_AND_RETRY):
        limit = MAX_ATTEMPTS if handling is Handling.REPORT_OR_RETRY else 2
        if len(attempts) > limit:
            return f"{len(attempts)} requests to {path} (at most {limit})"
    elif handling is Handling.WAIT_AND_RETRY:
        return _judge_wait(provoked, ok)
    elif handling is Handling.CARRY_ON and not ok:
        return provoked.outcome.get("detail", "the client did not carry on")
    elif handling is Handling.RENEW_AND_RETRY:
        try:
            judge_renew_and_retry(s, records[0].seq - 1 if records else s.mark(), answer.code)
        except RuleFailed as exc:
            return f"expected {exc.expected}; saw {exc.seen}"
        if not ok:
            return "the call failed after the renewal"
    return ""


def _judge_wait(provoked: Provoked, ok: bool) -> str:
    api = api_records(provoked.records)
    if len(api) < 2 or not ok:
        return "no successful retry after the throttling answer"
    waited = api[1].arrived - api[0].arrived
    if waited < provoked.min_wait - _TOLERANCE:
        return f"a retry after {waited:.2f} s; Retry-After asked for {provoked.min_wait:g} s"
    return ""


def provoke(
    answer: Answer, factory: ClientFactory, host: Host, options: SessionOptions | None = None
) -> Result:
    """Run the answer's scenario on a fresh client and mock, and judge the client."""
    options = options or SessionOptions()
    settings = SETTINGS.get(answer.scenario, {})
    session = Session(host, factory, options=options, settings=settings)
    try:
        provoked = SCENARIOS[answer.scenario](session, answer)
        if not provoked.seen:
            return Result(answer, "not provoked", "the answer never reached the client")
        why = judge(session, answer, provoked)
        return Result(answer, "mishandled" if why else "handled", why)
    except Skipped as exc:
        return Result(answer, "not applicable", str(exc))
    except Blocked as exc:
        return Result(answer, "blocked", str(exc))
    finally:
        session.close()


from . import _life  # noqa: E402, F401 - the life events register on SCENARIOS
