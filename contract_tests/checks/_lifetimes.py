"""Checks of how long a client keeps its tokens: a user access token reused while it lives
(GC-USER-002), and the lifetime read from `expires_in` (GC-TOKEN-004).

GC-TOKEN-004 is the one check that needs real time: the client's clock is its own, so a token
that lives one second is issued, the suite waits that second (and moves the mock's clock past
the expiry), and the next call must not meet the expiry at the API. One short wait per run,
shared by the app token and the user token.
"""

from __future__ import annotations

import time

from .._adapter import Capability, Step
from ..harness._session import Session
from ._base import (
    APP_TOKEN,
    LOOKUP,
    PROFILE,
    TOKEN_ERRORS,
    Skipped,
    api_records,
    check,
    expect,
    on_path,
    reached,
    sign_in_with_refresh,
    token_requests,
)
from ._base import TOKEN_PATH as USER_TOKEN_PATH

SHORT_LIFETIME = 1
"""Seconds the tokens of GC-TOKEN-004 live (expires_in): shorter than any client assumes."""
ROUNDING = 1.1
"""Seconds the suite waits past that lifetime before the next call. Clients may keep an expiry to
the whole second (oauthlib stores round(time.time()) + expires_in, up to half a second late; a
ceiling is up to a second late): legal, so the wait covers it. Waiting only 0.2 s failed the
requests-oauthlib example about one run in four."""
_USER_CALLS: tuple[Step, ...] = (
    PROFILE,
    {"op": "browse_collection", "type": "tracks", "max_items": 5},
    PROFILE,
    {"op": "browse_collection", "type": "albums", "max_items": 5},
    PROFILE,
    {"op": "browse_collection", "type": "tracks", "max_items": 5},
)


@check("GC-USER-002")
def user_token_reused(s: Session) -> None:
    if not s.has(Capability.USER_SIGN_IN):
        raise Skipped("no user-sign-in capability")
    s.sign_in(offline_access=s.has(Capability.REFRESH))
    mark = s.mark()
    for call in _USER_CALLS:
        s.require(call, f"the user call {call['op']}")
    records = s.wire(mark)
    renewals = on_path(records, USER_TOKEN_PATH)
    expect(
        not renewals,
        f"the user token of the sign-in reused for {len(_USER_CALLS)} calls within its lifetime",
        f"{len(renewals)} token request(s) while it was valid",
        renewals,
    )
    tokens = {c for r in api_records(records) for c in r.credentials}
    expect(len(tokens) == 1, "one user token on every call", f"{len(tokens)} tokens")


@check(
    "GC-TOKEN-004",
    settings={"app_token_lifetime": SHORT_LIFETIME, "user_token_lifetime": SHORT_LIFETIME},
)
def expires_in_read(s: Session) -> None:
    app, refresh = s.has(Capability.APP_TOKEN), s.has(Capability.REFRESH)
    if not (app or refresh):
        raise Skipped("neither app-token nor refresh: no token the client renews itself")
    calls: list[tuple[Step, str]] = []
    if app:
        s.require(APP_TOKEN, "get_app_token")
        s.require(LOOKUP, "a catalog lookup with the app token")
        calls.append((LOOKUP, "app"))
    if refresh:
        sign_in_with_refresh(s)
        s.require(PROFILE, "the profile call after sign-in")
        calls.append((PROFILE, "user"))
    time.sleep(SHORT_LIFETIME + ROUNDING)  # the client's own clock must see the lifetime pass
    s.advance(SHORT_LIFETIME + 1)
    for call, kind in calls:
        mark = s.mark()
        s.do(call)
        records = s.wire(mark)
        reached("GC-TOKEN-004", records, f"the renewal of the {kind} token")
        api = api_records(records)
        expect(bool(api), f"the {call['op']} call to reach the API", "no API request", records)
        refused = api[0].status == 401 and api[0].error_code in TOKEN_ERRORS
        renewed = any(r.seq < api[0].seq for r in token_requests(records))
        expect(
            not refused,
            f"the {kind} token renewed before it expired (expires_in was {SHORT_LIFETIME} s)",
            f"the expired {kind} token sent: {api[0].status} {api[0].error_code}"
            + ("" if renewed else ", no renewal before the call"),
            api[:1],
        )
