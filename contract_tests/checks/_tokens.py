"""Checks of token requests and of the credential on API calls (GC-TOKEN, GC-CLIENT, GC-CRED)."""

from __future__ import annotations

from collections.abc import Callable

from .._adapter import Capability
from ..harness._registration import SUITE_SECRET
from ..harness._session import Blocked, Session
from ._base import (
    APP_SCOPE,
    APP_TOKEN,
    APP_TOKEN_LIFETIME,
    APP_TOKEN_PATH,
    LOOKUP,
    PAST_EXPIRY,
    PROFILE,
    TOKEN_ERRORS,
    USER_TOKEN_LIFETIME,
    Skipped,
    api_records,
    blocked_by_other_rule,
    check,
    expect,
    first,
    on_path,
    query_of,
    reached,
    second_user,
    token_requests,
)

_URL_SECRETS = ("client_secret", "code", "refresh_token", "code_verifier")
_FORM = "application/x-www-form-urlencoded"


@check("GC-TOKEN-001")
def app_token_request(s: Session) -> None:
    if not s.has(Capability.APP_TOKEN):
        raise Skipped("no app-token capability")
    s.do(APP_TOKEN)
    s.do(LOOKUP)
    # The whole session, not since a mark: a client may fetch its app token when it is built.
    records = s.wire()
    requests = on_path(records, APP_TOKEN_PATH)
    expect(bool(requests), "a request to /accesstoken.srf", "none", records)
    reached("GC-TOKEN-001", requests, "the app token request")
    for r in requests:
        form = r.form
        expect(r.method == "POST", "POST", r.method, [r])
        media = r.content_type.split(";")[0].strip().lower()
        expect(media == _FORM, f"Content-Type {_FORM}", repr(r.content_type or None), [r])
        grant = first(form, "grant_type")
        expect(grant == "client_credentials", "grant_type=client_credentials", repr(grant), [r])
        scope = first(form, "scope")
        expect(scope == APP_SCOPE, f"scope={APP_SCOPE}", repr(scope), [r])
        if r.status != 200:
            blocked_by_other_rule(s, "GC-TOKEN-001", "the app token request")
        expect(r.status == 200, "the mock to issue the token", f"{r.status} {r.error_code}", [r])


@check("GC-TOKEN-002")
def no_secret_in_url(s: Session) -> None:
    app, user = s.has(Capability.APP_TOKEN), s.has(Capability.USER_SIGN_IN)
    if not (app or user):
        raise Skipped("neither app-token nor user-sign-in: no token request to look at")
    if app:
        s.do(APP_TOKEN)
        s.do(LOOKUP)
    if user:
        url = s.authorize_url(offline_access=s.has(Capability.REFRESH), require=False)
        leaked = [name for name in _URL_SECRETS if name in query_of(url)]
        expect(not leaked, "no secret in the authorize URL", f"{', '.join(leaked)} in it")
        expect(SUITE_SECRET not in url, "no secret in the authorize URL", "the client secret")
        callback = s.browse(url)
        if callback is not None:
            s.do({"op": "finish_sign_in", "callback_url": callback})
            s.do(PROFILE)
            if s.has(Capability.REFRESH):  # the refresh request carries a secret too
                s.advance(USER_TOKEN_LIFETIME + PAST_EXPIRY)
                s.do(PROFILE)
    for r in s.wire():
        leaked = [name for name in _URL_SECRETS if name in r.query]
        if r.side == "api":
            leaked = [name for name in leaked if name == "client_secret"]
        expect(not leaked, "no secret in the query string", f"{', '.join(leaked)}", [r])


@check("GC-TOKEN-003")
def app_token_reused(s: Session) -> None:
    if not s.has(Capability.APP_TOKEN):
        raise Skipped("no app-token capability")
    s.require(APP_TOKEN, "get_app_token")
    calls = 0

    def judge() -> None:
        # Nothing expires here: a token the API refused was refused for another rule's breach
        # (a renewal after it is GC-RETRY-001's business, not a token thrown away).
        refused = [
            r
            for r in api_records(s.wire())
            if r.status == 401 and r.error_code in TOKEN_ERRORS and not r.injected
        ]
        reached("GC-TOKEN-003", refused, "the catalog call")
        if refused:
            raise Blocked(f"the API refused the app token: {refused[0].summary()}")
        issued = [r for r in on_path(s.wire(), APP_TOKEN_PATH) if r.status == 200]
        expect(
            len(issued) == 1,
            f"one app token for {calls} catalog calls, across the user's sign-ins and sign-out",
            f"{len(issued)} app tokens",
            issued,
        )

    try:
        for life_event in ("", "sign-in", "sign-in of another user", "sign-out"):
            if life_event and not _life_event(s, life_event):
                continue
            for _ in range(2):
                s.require(LOOKUP, "a catalog lookup with the app token")
                s.require({"op": "search", "query": "get lucky", "max_items": 5}, "a search")
                calls += 2
    except Blocked:
        judge()  # what reached the mock before the block is judged all the same
        raise
    judge()


def _life_event(s: Session, event: str) -> bool:
    """A sign-in, a second user's sign-in or a sign-out between catalog calls, when the
    client can; False when it cannot."""
    if not s.has(Capability.USER_SIGN_IN):
        return False
    if event == "sign-out":
        if not s.has(Capability.SIGN_OUT):
            return False
        s.require({"op": "sign_out"}, "sign_out")
        return True
    if event == "sign-in of another user":
        other = second_user(s)
        if other is None:
            return False
        s.switch_user(other)
    s.sign_in()
    return True


def _token_workload(s: Session) -> None:
    """App calls across an app-token renewal, user calls across a refresh: the places where
    a client can end up with zero or two credentials."""
    app, user = s.has(Capability.APP_TOKEN), s.has(Capability.USER_SIGN_IN)
    if not (app or user):
        raise Skipped("neither app-token nor user-sign-in: no API call to look at")
    if app:
        s.require(APP_TOKEN, "get_app_token")
        s.require(LOOKUP, "a catalog lookup with the app token")
        s.advance(APP_TOKEN_LIFETIME + PAST_EXPIRY)
        s.do(LOOKUP)
        s.do(LOOKUP)
    if user:
        refresh = s.has(Capability.REFRESH)
        s.sign_in(offline_access=refresh)
        s.require(PROFILE, "the profile call after sign-in")
        if refresh:
            s.advance(USER_TOKEN_LIFETIME + PAST_EXPIRY)
            s.do(PROFILE)
            s.do(PROFILE)


@check("GC-CLIENT-001")
def client_authentication(s: Session) -> None:
    # Steps, not preconditions: a refused authentication is what is judged here.
    if s.has(Capability.APP_TOKEN):
        s.do(APP_TOKEN)
    if s.has(Capability.USER_SIGN_IN):
        url = s.authorize_url(offline_access=s.has(Capability.REFRESH), require=False)
        callback = s.browse(url)
        if callback is not None:
            s.do({"op": "finish_sign_in", "callback_url": callback})
            s.advance(USER_TOKEN_LIFETIME + PAST_EXPIRY)
            s.do(PROFILE)
    requests = token_requests(s.wire())
    if not requests:
        raise Skipped("the client made no token request")
    reached("GC-CLIENT-001", requests, "the token request")
    for r in requests:
        basic = any(a.lower().startswith("basic ") for a in r.authorization)
        in_body = "client_secret" in r.form
        expect(not (basic and in_body), "one client authentication method", "Basic and body", [r])
        if r.error_code == "invalid_client":
            blocked_by_other_rule(s, "GC-CLIENT-001", "the client authentication")
        expect(
            r.error_code != "invalid_client",
            "the mock to accept the client's credentials",
            "invalid_client",
            [r],
        )


def _api_entries(s: Session) -> list[tuple[int, list[str]]]:
    return [
        (e.seq, [c.location for c in e.credentials])
        for e in s.journal()
        if e.side == "api" and e.fault is None
    ]


def _with_workload(s: Session, judge: Callable[[], None]) -> None:
    """Run the workload and judge; when a step is blocked, judge what reached the mock first
    (the breach itself may be what blocked it)."""
    try:
        _token_workload(s)
    except Blocked:
        judge()
        raise
    judge()


@check("GC-CRED-001")
def exactly_one_credential(s: Session) -> None:
    def judge() -> None:
        calls = api_records(s.wire())
        for seq, locations in _api_entries(s):
            expect(
                len(locations) == 1,
                "exactly one credential on every API call",
                f"{len(locations)} on journal entry #{seq}: {', '.join(locations) or 'none'}",
                [r for r in calls if len(r.credentials) != 1],
            )

    _with_workload(s, judge)


@check("GC-CRED-002")
def credential_in_bearer_header(s: Session) -> None:
    def judge() -> None:
        calls = api_records(s.wire())
        entries = _api_entries(s)
        for seq, locations in entries:
            if len(locations) > 1:
                continue  # where a second credential went is GC-CRED-001's business
            outside = [loc for loc in locations if not loc.startswith("header")]
            expect(
                not outside,
                "the token in an Authorization header",
                f"{', '.join(outside)} on journal entry #{seq}",
                [r for r in calls if r.query.keys() & {"accessToken", "access_token"}],
            )
        for r in calls:
            # RFC 9110 §11.1: auth schemes are case-insensitive.
            schemes = {a.rsplit(" ", 1)[0].lower() for a in r.authorization}
            expect(schemes <= {"bearer"}, "the Bearer scheme", ", ".join(sorted(schemes)), [r])
        if any(len(locations) > 1 for _, locations in entries):
            raise Blocked("blocked by GC-CRED-001: calls carried more than one credential")

    _with_workload(s, judge)
