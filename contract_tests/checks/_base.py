"""The registry of checks (one per rule) and the helpers they share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .._adapter import Capability, Outcome, Step
from ..harness._session import Blocked, RuleFailed, Session
from ..harness._tap import WireRecord
from ..rules import rules_for_signal

GET_LUCKY = "music.A83EB907-0100-11DB-89CA-0019B92A3933"
RAM_ALBUM = "music.B13EB907-0100-11DB-89CA-0019B92A3933"
UNKNOWN_ID = "music.00000000-0000-0000-0000-000000000000"
SEARCH_TERM = "daft punk"
GROOVE_SCOPE = "MicrosoftMediaServices.GrooveApiAccess"
APP_SCOPE = "app.music.xboxlive.com"

APP_TOKEN_LIFETIME = 86400
USER_TOKEN_LIFETIME = 3600
PAST_EXPIRY = 60
"""Seconds past a lifetime the suite moves the mock clock, so a token is surely expired."""

_USER_PATHS = re.compile(
    r"^/1/(user/|content/[^/]+/(collection/|radio/)|content/[^/]+/stream$)", re.IGNORECASE
)
TOKEN_PATH = "/oauth20_token.srf"
APP_TOKEN_PATH = "/accesstoken.srf"
TOKEN_ERRORS = frozenset(
    {"ACCESS_TOKEN_EXPIRED", "AUTHORIZATION_TOKEN_EXPIRED", "INVALID_AUTHORIZATION_HEADER"}
)

Check = Callable[[Session], None]


class Skipped(Exception):
    """The rule does not apply to this client (a capability it lacks)."""


@dataclass(frozen=True, slots=True)
class CheckSpec:
    run: Check
    settings: dict[str, Any] = field(default_factory=dict)
    public: bool = False


CHECKS: dict[str, CheckSpec] = {}


def check(
    rule_id: str, *, settings: dict[str, Any] | None = None, public: bool = False
) -> Callable[[Check], Check]:
    """Register the check of a rule, with the mock settings and the app it runs with."""

    def register(run: Check) -> Check:
        CHECKS[rule_id] = CheckSpec(run, dict(settings or {}), public)
        return run

    return register


# steps --------------------------------------------------------------------------------------

LOOKUP: Step = {"op": "lookup", "ids": [GET_LUCKY]}
PROFILE: Step = {"op": "profile"}
APP_TOKEN: Step = {"op": "get_app_token"}


def prepare_call(s: Session) -> Step:
    """Get the client to a state where it can make one ordinary API call, and return that
    call: a catalog lookup with the app token, else the profile of a signed-in user."""
    if s.has(Capability.APP_TOKEN):
        s.require(APP_TOKEN, "get_app_token")
        s.require(LOOKUP, "a catalog lookup with the app token")
        return LOOKUP
    if s.has(Capability.USER_SIGN_IN):
        s.sign_in(offline_access=s.has(Capability.REFRESH))
        s.require(PROFILE, "the profile call after sign-in")
        return PROFILE
    raise Skipped("the client has neither the app-token nor the user-sign-in capability")


# evidence -----------------------------------------------------------------------------------


def api_records(records: Iterable[WireRecord]) -> list[WireRecord]:
    return [r for r in records if r.side == "api"]


def on_path(records: Iterable[WireRecord], path: str) -> list[WireRecord]:
    return [r for r in records if r.path.lower() == path]


def is_user_path(path: str) -> bool:
    """Profile, collection, playlists, radio and stream: user-only endpoints (§5, §6)."""
    return bool(_USER_PATHS.match(path))


def token_requests(records: Iterable[WireRecord]) -> list[WireRecord]:
    return [r for r in records if r.path.lower() in (TOKEN_PATH, APP_TOKEN_PATH)]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def first(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name)
    return found[0] if found else None


def expect(condition: bool, expected: str, seen: str, records: Iterable[WireRecord] = ()) -> None:
    if not condition:
        raise RuleFailed(expected, seen, records)


def judge_renew_and_retry(s: Session, mark: int, what: str) -> None:
    """After a call that got a token error: a token was fetched, then the call was repeated
    with it. (How many repeats is GC-RETRY-002's business.)"""
    records = s.wire(mark)
    api = api_records(records)
    expect(bool(api), f"the {what} call to reach the API", "no API request", records)
    failed = api[0]
    if failed.status < 400:
        return  # renewed before the call: nothing to recover from
    reached("GC-RETRY-001", records, f"the {what} call")
    app_tokens = {r.issued["access_token"] for r in on_path(s.wire(), APP_TOKEN_PATH) if r.issued}
    for r in api:
        if is_user_path(r.path) and app_tokens & set(r.credentials):
            raise Blocked(f"blocked by GC-USER-001: an app token went to {r.summary()}")
    retries = api[1:]
    expect(
        bool(retries),
        f"a fresh token and one retry after {failed.status} {failed.error_code}",
        "no retry: the error was reported",
        records,
    )
    renewals = [
        r
        for r in token_requests(records)
        if failed.seq < r.seq < retries[0].seq and r.status == 200 and "access_token" in r.issued
    ]
    expect(
        bool(renewals),
        f"a new token between the {failed.error_code} and the retry",
        "a retry without a new token",
        records,
    )
    expect(
        retries[0].credentials != failed.credentials,
        "the retry to carry the new token",
        "the retry carried the rejected token",
        records,
    )


def blocked_by_other_rule(s: Session, rule_id: str, what: str) -> None:
    """A refusal the mock explains with another rule's breach blocks this rule, so that one
    mistake fails one rule."""
    others = sorted(
        {
            rule.id
            for entry in s.journal()
            for signal in entry.violations
            for rule in rules_for_signal(signal)
            if rule.id != rule_id
        }
    )
    if others:
        raise Blocked(f"blocked by {', '.join(others)}: {what} was refused for that breach")


def reached(rule_id: str, records: Iterable[WireRecord], what: str) -> None:
    """Field checks judge only requests that reached the rule's part of the contract: a
    request the mock marked with another rule's breach (a token request refused for its
    content type, say) blocks the rule and names the rule that was broken. A request that
    also breaks this rule is judged."""
    for r in records:
        ids = {rule.id for v in r.violations for rule in rules_for_signal(v)}
        if r.error_code == "invalid_client" and r.path.lower() in (TOKEN_PATH, APP_TOKEN_PATH):
            ids.add("GC-CLIENT-001")  # RFC 6749 §5.2: the client authentication failed
        if ids and rule_id not in ids:
            others = ", ".join(sorted(ids))
            raise Blocked(f"blocked by {others}: {what} {r.summary()} broke it")


def loose_sign_in(s: Session, *, offline_access: bool = False) -> bool:
    """A sign-in whose steps are judged rather than required (the evidence it leaves is judged
    whether it finishes or not). False when the mock gave no code for the authorize URL."""
    url = s.authorize_url(offline_access=offline_access, require=False)
    callback = s.browse(url)
    if callback is None or "code=" not in callback:
        return False
    s.do({"op": "finish_sign_in", "callback_url": callback})
    return True


def second_user(s: Session) -> str | None:
    """A user of the scenario other than the default one, or None."""
    others = [u.id for u in s.env.users if u.id != s.env.default_user_id]
    return others[0] if others else None


def sign_in_with_refresh(s: Session) -> None:
    """Sign in with offline_access; blocked when no refresh token came back."""
    mark = s.mark()
    s.sign_in(offline_access=True)
    if not any("refresh_token" in r.issued for r in s.wire(mark)):
        raise Blocked("the sign-in got no refresh token (see GC-AUTH-004)")


def expect_ok(s: Session, outcome: Outcome, rule_id: str, what: str) -> None:
    """The step succeeded; when it did not because of another rule's breach, blocked."""
    if not outcome.get("ok"):
        blocked_by_other_rule(s, rule_id, what)
    expect(bool(outcome.get("ok")), f"{what} to succeed", _brief(outcome))


def _brief(outcome: Outcome) -> str:
    parts = [str(outcome.get(k)) for k in ("status", "error_code", "detail") if outcome.get(k)]
    return "failed: " + " ".join(parts) if parts else "failed"
