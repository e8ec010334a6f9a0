"""Checks of how calls react to errors and lists (GC-RETRY, GC-RATE, GC-PAGE, GC-STREAM)."""

from __future__ import annotations

import math
import time
from email.utils import formatdate, parsedate_to_datetime

from .._adapter import Capability, Step
from ..harness._session import Blocked, Session
from ..harness._tap import WireRecord
from ._base import (
    APP_TOKEN,
    APP_TOKEN_LIFETIME,
    GET_LUCKY,
    PAST_EXPIRY,
    PROFILE,
    SEARCH_TERM,
    UNKNOWN_ID,
    USER_TOKEN_LIFETIME,
    Skipped,
    api_records,
    blocked_by_other_rule,
    check,
    expect,
    expect_ok,
    judge_renew_and_retry,
    prepare_call,
    sign_in_with_refresh,
    token_requests,
)

MAX_ATTEMPTS = 6
"""GC-RATE-002: one call and at most five retries of a persistent 429/503."""
RETRY_AFTER = 1
"""Seconds of Retry-After in GC-RATE-001: as short as an integer header allows (the HTTP-date
form: one second later rounded up, a wait between 1 and 2 s)."""
LONG_WAIT = 3600
"""A Retry-After no client waits for within a step: any retry in the step is early."""
_TOLERANCE = 0.05


def _app_or_refresh(s: Session) -> tuple[bool, bool]:
    app, refresh = s.has(Capability.APP_TOKEN), s.has(Capability.REFRESH)
    if not (app or refresh):
        raise Skipped("neither app-token nor refresh: the client cannot renew a token")
    return app, refresh


@check("GC-RETRY-001")
def renew_and_retry(s: Session) -> None:
    app, refresh = _app_or_refresh(s)
    if app:
        call = prepare_call(s)
        s.advance(APP_TOKEN_LIFETIME + PAST_EXPIRY)
        mark = s.mark()
        outcome = s.do(call)
        judge_renew_and_retry(s, mark, "expired app token")
        expect_ok(s, outcome, "GC-RETRY-001", "the retried call")
    if refresh:
        sign_in_with_refresh(s)
        s.require(PROFILE, "the profile call after sign-in")
        s.advance(USER_TOKEN_LIFETIME + PAST_EXPIRY)
        for what in ("expired user token", "INVALID_AUTHORIZATION_HEADER"):
            if what.startswith("INVALID"):
                s.inject(401, "INVALID_AUTHORIZATION_HEADER")
            mark = s.mark()
            outcome = s.do(PROFILE)
            judge_renew_and_retry(s, mark, what)
            expect_ok(s, outcome, "GC-RETRY-001", "the retried call")


@check("GC-RETRY-002")
def retry_once_not_loop(s: Session) -> None:
    app, refresh = _app_or_refresh(s)
    cases: list[tuple[Step, str]] = []
    if app:
        cases.append((prepare_call(s), "ACCESS_TOKEN_EXPIRED"))
    if refresh:
        s.sign_in(offline_access=True)
        s.require(PROFILE, "the profile call after sign-in")
        cases.append((PROFILE, "AUTHORIZATION_TOKEN_EXPIRED"))
    for call, code in cases:
        s.inject(401, code, times=20)
        mark = s.mark()
        outcome = s.do(call)
        s.tap.clear_faults()
        api = api_records(s.wire(mark))
        expect(
            len(api) <= 2,
            f"at most 2 attempts (one retry) under a persistent {code}",
            f"{len(api)} attempts",
            api,
        )
        renewals = token_requests(s.wire(mark))
        expect(len(renewals) <= 2, "at most one renewal per attempt", f"{len(renewals)}", renewals)
        expect(not outcome.get("ok"), "the call reported as failed", "ok")


@check("GC-RATE-001")
def honours_retry_after(s: Session) -> None:
    call = prepare_call(s)
    for status, code in ((429, "TOO_MANY_REQUESTS"), (503, "SERVICE_UNAVAILABLE")):
        date_form = status == 503
        retry_after = http_date(time.time() + RETRY_AFTER) if date_form else str(RETRY_AFTER)
        s.inject(status, code, retry_after=retry_after)
        mark = s.mark()
        outcome = s.do(call)
        api = api_records(s.wire(mark))
        gave_up = "none: the error was reported"
        if s.timed_out(outcome):
            gave_up = f"none within the step's {s.step_timeout:g} s"
        expect(len(api) >= 2, f"a retry after {status}", gave_up, api)
        _no_early_retry(api, retry_after)
        expect_ok(s, outcome, "GC-RATE-001", "the retried call")
    for status, code in ((429, "TOO_MANY_REQUESTS"), (503, "SERVICE_UNAVAILABLE")):
        # Longer than anyone waits: giving up is right, waiting is GC-RATE-002's business,
        # retrying early (a capped wait) is wrong.
        retry_after = http_date(time.time() + LONG_WAIT) if status == 503 else str(LONG_WAIT)
        s.inject(status, code, retry_after=retry_after)
        mark = s.mark()
        outcome = s.do(call)
        s.tap.clear_faults()
        _no_early_retry(api_records(s.wire(mark)), retry_after)
        if s.timed_out(outcome):
            break  # the client waits it out; a second wait would only cost time


def http_date(when: float) -> str:
    """An HTTP-date (RFC 9110 §5.6.7) for a wall-clock time, rounded up to the second."""
    return formatdate(math.ceil(when), usegmt=True)


def _no_early_retry(api: list[WireRecord], retry_after: str) -> None:
    """No request after the throttled one came sooner than its Retry-After allowed."""
    if len(api) < 2:
        return
    throttled, retry = api[0], api[1]
    if retry_after.isdigit():
        waited = retry.arrived - throttled.arrived
        allowed = float(retry_after)
    else:
        waited = retry.wall - throttled.wall
        date = parsedate_to_datetime(retry_after).timestamp()
        allowed = date - throttled.wall
    expect(
        waited >= allowed - _TOLERANCE,
        f"no retry before Retry-After: {retry_after} ({allowed:.1f} s)",
        f"a retry after {waited:.2f} s",
        api[:2],
    )


@check("GC-RATE-002")
def bounded_backoff(s: Session) -> None:
    call = prepare_call(s)
    s.inject(503, "SERVICE_UNAVAILABLE", retry_after="0", times=50)
    mark = s.mark()
    outcome = s.do(call)
    s.tap.clear_faults()
    api = api_records(s.wire(mark))
    expect(
        len(api) <= MAX_ATTEMPTS,
        f"at most {MAX_ATTEMPTS} attempts under a persistent 503",
        f"{len(api)} attempts" + (" (stopped by the suite)" if s.timed_out(outcome) else ""),
        api[:3] + api[-1:],
    )
    expect(not outcome.get("ok"), "the call reported as failed", "ok")
    s.inject(429, "TOO_MANY_REQUESTS", retry_after="86400")
    mark = s.mark()
    outcome = s.do(call)
    s.tap.clear_faults()
    expect(
        not s.timed_out(outcome),
        f"the call to end within {s.step_timeout:g} s under Retry-After: 86400",
        "the client still waiting",
        api_records(s.wire(mark)),
    )


@check("GC-RATE-003")
def no_retry_of_client_errors(s: Session) -> None:
    prepared = prepare_call(s)
    cases: list[tuple[Step, int, str]] = [(prepared, 400, "INVALID_INPUT_PARAMETER")]
    if s.has(Capability.APP_TOKEN):
        cases.insert(0, ({"op": "lookup", "ids": [UNKNOWN_ID]}, 404, "CATALOG_NO_RESULT"))
    for index, (call, status, code) in enumerate(cases):
        if index == len(cases) - 1:
            s.inject(status, code)
        mark = s.mark()
        s.do(call)
        api = api_records(s.wire(mark))
        expect(
            len(api) == 1,
            f"one request: {status} {code} is not retried",
            f"{len(api)} requests",
            api,
        )


@check("GC-STREAM-001")
def client_instance_id(s: Session) -> None:
    if not s.has(Capability.STREAMING):
        raise Skipped("no streaming capability")
    if s.has(Capability.APP_TOKEN):
        s.require(APP_TOKEN, "get_app_token")
    elif s.has(Capability.USER_SIGN_IN):
        s.sign_in()
    else:
        raise Skipped("neither app-token nor user-sign-in: no way to call preview")
    s.do({"op": "preview", "track_id": GET_LUCKY})
    s.do({"op": "preview", "track_id": GET_LUCKY})
    if s.has(Capability.USER_SIGN_IN):
        if s.has(Capability.APP_TOKEN):
            s.sign_in()
        s.do({"op": "stream", "track_id": GET_LUCKY})
    restarted = s.has(Capability.PERSISTENCE)
    if restarted:  # "stable per client": the program restarting is the same client
        s.restart()
        s.do({"op": "preview", "track_id": GET_LUCKY})
    calls = [r for r in api_records(s.wire()) if r.path.lower().endswith(("/preview", "/stream"))]
    expect(bool(calls), "preview and stream calls", "none")
    seen: set[str] = set()
    for r in calls:
        values = r.query.get("clientInstanceId", [])
        expect(len(values) == 1, "one clientInstanceId", f"{len(values)}", [r])
        value = values[0]
        expect(32 <= len(value) <= 128, "32 to 128 characters", f"{len(value)}", [r])
        seen.add(value)
    expect(
        len(seen) == 1,
        "the same clientInstanceId on every call" + (", across a restart" if restarted else ""),
        f"{len(seen)} values",
        calls,
    )


def _paging_call() -> Step:
    return {
        "op": "search",
        "query": SEARCH_TERM,
        "filters": "tracks",
        "max_items": 2,
        "all_pages": True,
    }


def _paged(s: Session) -> tuple[list[str], list[WireRecord], bool]:
    """Run the paged search; the ids the client returned, the API requests, and its success."""
    if not s.has(Capability.PAGING):
        raise Skipped("no paging capability")
    if s.has(Capability.APP_TOKEN):
        s.require(APP_TOKEN, "get_app_token")
    elif s.has(Capability.USER_SIGN_IN):
        s.sign_in()  # a public client searches with the user token (collection and catalog)
    else:
        raise Skipped("paging is checked on a search, which needs app-token or user-sign-in")
    mark = s.mark()
    outcome = s.do(_paging_call())
    api = api_records(s.wire(mark))
    if not api or api[0].status != 200 or not api[0].continuations:
        raise Blocked("the first page of the search failed or had no ContinuationToken")
    ids = outcome.get("data", {}).get("ids", [])
    return [i for i in ids if isinstance(i, str)], api, bool(outcome.get("ok"))


@check("GC-PAGE-001")
def pages_by_continuation(s: Session) -> None:
    ids, api, ok = _paged(s)
    first_call = api[0]
    expect("continuationToken" not in first_call.query, "a first call", "a continuation", api[:1])
    pending = list(first_call.continuations)
    expected = list(first_call.item_ids)
    for r in api[1:]:
        sent = r.query.get("continuationToken", [])
        expect(
            len(sent) == 1 and sent[0] in pending,
            "continuationToken=<the token received>",
            "another parameter or a changed token" if sent else "no continuationToken",
            [r],
        )
        expect(r.path == first_call.path, f"the same URL {first_call.path}", r.path, [r])
        pending.remove(sent[0])
        pending += r.continuations
        expected += r.item_ids
    expect(not pending, "the list read to its end", "a ContinuationToken left unfollowed", api)
    missing = [i for i in expected if i not in ids]
    expect(not missing, "every item of every page returned", f"{len(missing)} missing", api)
    if not ok:
        blocked_by_other_rule(s, "GC-PAGE-001", "the paged search")
    expect(ok, "the paged search to succeed", "it failed", api[-1:])


@check("GC-PAGE-002")
def continuation_drops_parameters(s: Session) -> None:
    _, api, _ = _paged(s)
    for r in api:
        if "continuationToken" in r.query:
            # A token in the query is GC-CRED-002's business, not an optional parameter.
            allowed = {"continuationToken", "language", "country", "accessToken", "access_token"}
            extra = sorted(set(r.query) - allowed)
            expect(not extra, "only continuationToken", ", ".join(extra), [r])
