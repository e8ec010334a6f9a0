"""Checks of what must be new at every sign-in (GC-AUTH-005 state, GC-AUTH-007 PKCE) and of
the state that comes back (GC-AUTH-006).

Freshness is judged over several sign-ins, finished or not, by two users, and across a
sign-out: a value that is new only sometimes is not fresh. Unpredictability is judged from the
outside by how much of the value changes from one sign-in to another: a counter, a clock or a
value derived from the client id keeps most of its characters, a random value changes nearly
all of them.
"""

from __future__ import annotations

import re
import time
from itertools import combinations
from urllib.parse import urlencode, urlsplit, urlunsplit

from .._adapter import Capability
from ..harness._session import Blocked, Session
from ._base import (
    TOKEN_PATH,
    Skipped,
    blocked_by_other_rule,
    check,
    expect,
    first,
    loose_sign_in,
    on_path,
    query_of,
    reached,
    second_user,
)

MIN_STATE = 16
"""Characters a state must have (at least 64 bits even in hex)."""
MIN_CHANGE = 8
"""Characters that must change between the states of any two sign-ins. Two random states of
16 hex digits keep 8 or more of them in place (as a common prefix and suffix) with odds under
one in a billion; a counter or a clock keeps all but its last few."""
_PKCE_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")


def changed_part(a: str, b: str) -> int:
    """How many characters differ between two values once their common prefix and suffix are
    set aside (counted on the longer one)."""
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    limit = min(len(a), len(b)) - prefix
    while suffix < limit and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return max(len(a), len(b)) - prefix - suffix


_DIGIT_RUN = re.compile(r"\d{10,19}")
_UUID1 = re.compile(
    r"[0-9a-f]{8}-?[0-9a-f]{4}-?1[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}", re.I
)
_YEAR = 366 * 86400


def clock_derived(states: list[str], now: float) -> str | None:
    """Why every state reads as a time (None when they do not): a run of 10 to 19 digits that
    is now in seconds, milliseconds, microseconds or nanoseconds since the epoch (within a
    year), or a time-based UUID (version 1). Random states match in every one of several
    sign-ins with odds far below one in a million."""
    if all(_UUID1.search(state) for state in states):
        return "time-based UUIDs (version 1)"

    def timestamp(state: str) -> bool:
        for run in _DIGIT_RUN.findall(state):
            seconds = int(run) / 10 ** (len(run) - 10)
            if abs(seconds - now) < _YEAR:
                return True
        return False

    if all(timestamp(state) for state in states):
        return "the time of the sign-in in digits"
    return None


def _need_sign_in(s: Session) -> None:
    if not s.has(Capability.USER_SIGN_IN):
        raise Skipped("no user-sign-in capability")


def _sign_ins(s: Session, *, codes: bool = False) -> list[str]:
    """Four authorize URLs: a sign-in, (a sign-out,) a sign-in by another user, then two begun
    and abandoned. Their states or challenges are what is judged. With `codes`, a sign-in for
    which the mock gave no code (another rule's breach) blocks the rule."""
    urls: list[str] = []
    for number in (1, 2):
        if number == 2:
            if s.has(Capability.SIGN_OUT):
                s.do({"op": "sign_out"})
            other = second_user(s)
            if other is not None:
                s.switch_user(other)
        if not loose_sign_in(s) and codes:
            raise Blocked(f"the mock gave no code for the authorize URL of sign-in {number}")
        urls.append(s.last_authorize_url)
    for _ in range(2):
        urls.append(s.authorize_url(require=False))
    return urls


@check("GC-AUTH-005")
def state_fresh_and_unguessable(s: Session) -> None:
    _need_sign_in(s)
    states: list[str] = []
    for number, url in enumerate(_sign_ins(s), 1):
        state = first(query_of(url), "state")
        expect(state is not None, f"a state parameter on sign-in {number}", "none")
        assert state is not None
        expect(
            len(state) >= MIN_STATE,
            f"a state of {MIN_STATE} characters or more",
            f"{len(state)} on sign-in {number}",
        )
        states.append(state)
    clock = clock_derived(states, time.time())
    expect(clock is None, "an unpredictable state, not derived from the clock", f"{clock}")
    for (i, a), (j, b) in combinations(enumerate(states, 1), 2):
        expect(a != b, "a new state for every sign-in", f"the same state on sign-ins {i} and {j}")
        change = changed_part(a, b)
        expect(
            change >= MIN_CHANGE,
            f"an unpredictable state: at least {MIN_CHANGE} characters new at every sign-in",
            f"sign-ins {i} and {j} differ in {change} character(s): a counter, a clock or a "
            "value derived from something fixed",
        )


def _tampered(callback: str, state: str | None) -> str:
    parts = urlsplit(callback)
    params = query_of(callback)
    if state is None:
        params.pop("state", None)
    else:
        params["state"] = [state]
    return urlunsplit(parts._replace(query=urlencode(params, doseq=True)))


@check("GC-AUTH-006")
def state_checked(s: Session) -> None:
    _need_sign_in(s)
    for case in ("forged", "missing"):
        url = s.authorize_url()
        sent = first(query_of(url), "state")
        if not sent:
            raise Blocked("blocked by GC-AUTH-005: the authorize URL carries no state to check")
        callback = s.browse(url)
        if callback is None or "code=" not in callback:
            raise Blocked("the mock gave no code for the client's authorize URL")
        forged = "forged-" + sent[::-1]
        tampered = _tampered(callback, forged if case == "forged" else None)
        mark = s.mark()
        outcome = s.do({"op": "finish_sign_in", "callback_url": tampered})
        redeemed = on_path(s.wire(mark), TOKEN_PATH)
        expect(
            not redeemed,
            f"the code of a callback with a {case} state never redeemed",
            "a redemption",
            redeemed,
        )
        expect(
            not outcome.get("ok"),
            f"finish_sign_in to refuse a callback with a {case} state",
            "it succeeded",
        )


@check("GC-AUTH-007", public=True)
def pkce_for_public_clients(s: Session) -> None:
    if not s.has(Capability.PUBLIC_CLIENT):
        raise Skipped("no public-client capability")
    challenges: list[str] = []
    mark = s.mark()
    for number, url in enumerate(_sign_ins(s, codes=True)[:2], 1):
        params = query_of(url)
        challenge = first(params, "code_challenge") or ""
        method = first(params, "code_challenge_method")
        expect(
            bool(_PKCE_CHALLENGE.fullmatch(challenge)),
            "an S256 code_challenge",
            f"{challenge!r} on sign-in {number}",
        )
        expect(method == "S256", "code_challenge_method=S256", repr(method))
        challenges.append(challenge)
    redemptions = [
        r
        for r in on_path(s.wire(mark), TOKEN_PATH)
        if first(r.form, "grant_type") != "refresh_token"
    ]
    reached("GC-AUTH-007", redemptions, "the redemption")
    expect(bool(redemptions), "the code redeemed", "no request to /oauth20_token.srf")
    for r in redemptions:
        expect("code_verifier" in r.form, "a code_verifier", "none", [r])
        if r.status != 200:
            blocked_by_other_rule(s, "GC-AUTH-007", "the redemption")
    expect(
        challenges[0] != challenges[1],
        "a new code_verifier (so a new code_challenge) for every sign-in",
        "the same code_challenge on two sign-ins",
    )
    verifiers = [first(r.form, "code_verifier") for r in redemptions]
    expect(
        len(set(verifiers)) == len(verifiers),
        "a new code_verifier for every sign-in",
        "the same code_verifier redeemed twice",
        redemptions,
    )
