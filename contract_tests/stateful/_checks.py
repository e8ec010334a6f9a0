"""The contract invariants the stateful machine checks after every client step.

Each check reads the evidence of one step (the tap's wire records, the mock's journal entries,
the step's outcome) and what the machine knows of the run so far (`Knowledge`), and returns the
breaches it finds, each naming a rule of the catalogue (`contract_tests.rules`). They judge
what is observable whatever the order of steps and server events, so they hold for any
sequence the machine draws.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from mock_server._journal import JournalEntry

from .._adapter import Outcome, Step
from ..harness._tap import WireRecord
from ..rules import RULES_BY_ID, Level, rules_for_signal

APP_TOKEN_PATH = "/accesstoken.srf"
TOKEN_PATH = "/oauth20_token.srf"
AUTHORIZE_PATH = "/oauth20_authorize.srf"
GROOVE_SCOPE = "MicrosoftMediaServices.GrooveApiAccess"
APP_SCOPE = "app.music.xboxlive.com"
TOKEN_ERRORS = frozenset(
    {"ACCESS_TOKEN_EXPIRED", "AUTHORIZATION_TOKEN_EXPIRED", "INVALID_AUTHORIZATION_HEADER"}
)
MAX_THROTTLED = 6
"""More 429/503 answers than this to one call in one step is an unbounded backoff (GC-RATE-002)."""
MAX_TOKEN_ERRORS = 2
"""A call, its one renewed repeat: two token errors at most (GC-RETRY-002)."""
EARLY = 0.05
"""Seconds of slack on Retry-After (clock granularity, not a client's impatience)."""
_URL_SECRETS = ("client_secret", "code", "refresh_token", "code_verifier")


@dataclass(frozen=True, slots=True)
class Breach:
    """A rule seen broken: what the rule asks, what happened, and the requests involved."""

    rule: str
    expected: str
    seen: str
    records: tuple[WireRecord, ...] = ()

    def describe(self) -> str:
        rule = RULES_BY_ID.get(self.rule)
        title = f" ({rule.level.value}) {rule.title}" if rule else ""
        lines = [f"{self.rule}{title}: expected {self.expected}; saw {self.seen}"]
        lines += [f"    {record.summary()}" for record in self.records[:8]]
        return "\n".join(lines)


@dataclass(slots=True)
class Knowledge:
    """What the machine knows of the run: the client's tokens (by fingerprint) and past answers."""

    client_id: str
    redirect_uri: str
    confidential: bool
    app_fps: set[str] = field(default_factory=set)
    user_fps: set[str] = field(default_factory=set)
    current_app_fp: str | None = None
    app_refused: bool = False
    current_user_fp: str | None = None
    user_refused: bool = False
    refresh_alive: bool = False
    states: set[str] = field(default_factory=set)
    instance_ids: set[str] = field(default_factory=set)

    def learn(self, records: Iterable[WireRecord]) -> None:
        """Tokens issued and refresh tokens refused (call after the step's checks)."""
        for r in records:
            path = r.path.lower()
            if path == TOKEN_PATH and r.status == 200 and "access_token" in r.issued:
                self.user_fps.add(r.issued["access_token"].removeprefix("fp:"))
                if "refresh_token" in r.issued:
                    self.refresh_alive = True
            elif (
                path == TOKEN_PATH
                and r.status >= 400
                and r.one(r.form, "grant_type") == ("refresh_token")
            ):
                self.refresh_alive = False


@dataclass(frozen=True, slots=True)
class Evidence:
    """One client step: what was asked, what the client said, and what reached the mock."""

    step: Step
    outcome: Outcome
    records: tuple[WireRecord, ...]
    journal: tuple[JournalEntry, ...]
    tampered: bool = False
    offline_asked: bool = False


def check_step(evidence: Evidence, known: Knowledge) -> list[Breach]:
    """Every breach of a MUST rule in one step. Updates `known` with what the step showed."""
    breaches = [
        *signals(evidence),
        *token_requests(evidence),
        *app_token_reuse(evidence, known),
        *user_token_reuse(evidence, known),
        *renewals(evidence, known),
        *throttling(evidence),
        *no_retry_on_client_errors(evidence),
        *paging(evidence),
        *instance_ids(evidence, known),
        *tampered_callback(evidence),
    ]
    known.learn(evidence.records)
    return [b for b in breaches if RULES_BY_ID[b.rule].level is Level.MUST]


def signals(evidence: Evidence) -> list[Breach]:
    """The mock journaled a breach that a rule claims (its `server_signals`)."""
    found: list[Breach] = []
    for entry in evidence.journal:
        for signal in entry.violations:
            for rule in rules_for_signal(signal):
                seen = f"the mock journaled '{signal}' on {entry.method} {entry.path}"
                found.append(Breach(rule.id, "no such breach", seen, _near(evidence, entry)))
    return found


def _near(evidence: Evidence, entry: JournalEntry) -> tuple[WireRecord, ...]:
    return tuple(r for r in evidence.records if r.path == entry.path)[:3]


def token_requests(evidence: Evidence) -> list[Breach]:
    """GC-TOKEN-001: app token requests are POST form with the right grant and scope.
    GC-TOKEN-002: no secret, code, refresh token or verifier in any query string."""
    found: list[Breach] = []
    for r in evidence.records:
        leaked = [name for name in _URL_SECRETS if name in r.query]
        if leaked:
            found.append(Breach("GC-TOKEN-002", "no secret in a URL", f"{leaked} in it", (r,)))
        if r.path.lower() != APP_TOKEN_PATH:
            continue
        media = r.content_type.split(";")[0].strip().lower()
        shape = (r.method, media, r.one(r.form, "grant_type"), r.one(r.form, "scope"))
        wanted = ("POST", "application/x-www-form-urlencoded", "client_credentials", APP_SCOPE)
        if shape != wanted:
            found.append(Breach("GC-TOKEN-001", f"{wanted}", f"{shape}", (r,)))
    return found


def app_token_reuse(evidence: Evidence, known: Knowledge) -> list[Breach]:
    """GC-TOKEN-003: a new app token only once the API refused the one the client holds."""
    found: list[Breach] = []
    for r in evidence.records:
        path = r.path.lower()
        if path == APP_TOKEN_PATH and r.status == 200 and "access_token" in r.issued:
            if known.current_app_fp is not None and not known.app_refused:
                seen = "a new app token while the last one was still accepted"
                found.append(Breach("GC-TOKEN-003", "the app token reused", seen, (r,)))
            known.current_app_fp = r.issued["access_token"].removeprefix("fp:")
            known.app_fps.add(known.current_app_fp)
            known.app_refused = False
        elif r.side == "api" and r.status == 401 and known.current_app_fp in _fps(r):
            known.app_refused = True
    return found


def user_token_reuse(evidence: Evidence, known: Knowledge) -> list[Breach]:
    """GC-USER-002: a refresh only once the API refused the user token the client holds (a
    sign-in, which redeems a code, starts afresh)."""
    found: list[Breach] = []
    for r in evidence.records:
        if r.path.lower() == TOKEN_PATH and r.status == 200 and "access_token" in r.issued:
            refresh = r.one(r.form, "grant_type") == "refresh_token"
            if refresh and known.current_user_fp is not None and not known.user_refused:
                seen = "a refresh while the user token was still accepted"
                found.append(Breach("GC-USER-002", "the user token reused", seen, (r,)))
            known.current_user_fp = r.issued["access_token"].removeprefix("fp:")
            known.user_refused = False
        elif r.side == "api" and r.status == 401 and known.current_user_fp in _fps(r):
            known.user_refused = True
    return found


def _fps(record: WireRecord) -> set[str]:
    return {c.removeprefix("fp:") for c in record.credentials}


def _call(record: WireRecord) -> tuple[str, str, str | None]:
    """What identifies one call of a step: method, path and the page it asks for."""
    return record.method, record.path.lower(), record.one(record.query, "continuationToken")


def renewals(evidence: Evidence, known: Knowledge) -> list[Breach]:
    """GC-RETRY-001: after a token error, a renewal (when one is possible) and one repeat.
    GC-RETRY-002: never more than one repeat: two token errors per call at most."""
    found: list[Breach] = []
    records = evidence.records
    errors = Counter(_call(r) for r in records if r.side == "api" and r.error_code in TOKEN_ERRORS)
    for call, count in errors.items():
        if count > MAX_TOKEN_ERRORS:
            hits = tuple(r for r in records if _call(r) == call)
            seen = f"{count} token errors on {call[0]} {call[1]}: the call was repeated in a loop"
            found.append(Breach("GC-RETRY-002", "one renewal and one repeat", seen, hits))
    user_fps = known.user_fps | {
        x.issued["access_token"].removeprefix("fp:")
        for x in records
        if x.path.lower() == TOKEN_PATH and "access_token" in x.issued
    }
    for index, r in enumerate(records):
        if r.side != "api" or r.error_code not in TOKEN_ERRORS:
            continue
        if any(_call(x) == _call(r) and x.error_code in TOKEN_ERRORS for x in records[:index]):
            continue  # the repeat failed too: reporting it now is right (GC-RETRY-002)
        user = bool(_fps(r) & user_fps)
        app = known.confidential and bool(_fps(r) & known.app_fps)
        renewable = known.refresh_alive if user else app
        if not renewable:
            continue
        endpoint = TOKEN_PATH if user else APP_TOKEN_PATH
        later = records[index + 1 :]
        asked = [x for x in later if x.path.lower() == endpoint]
        if not asked:
            seen = f"{r.error_code} was reported without asking for a new token"
            found.append(Breach("GC-RETRY-001", "a renewal and one retry", seen, (r,)))
            continue
        issued = next((x for x in asked if x.status == 200 and "access_token" in x.issued), None)
        if issued is not None and not any(
            _call(x) == _call(r) and x.seq > issued.seq for x in later
        ):
            seen = "a new token, but the call was not repeated"
            found.append(Breach("GC-RETRY-001", "one retry", seen, (r, issued)))
    return found


def throttling(evidence: Evidence) -> list[Breach]:
    """GC-RATE-001: after 429/503 the call is repeated, no sooner than Retry-After.
    GC-RATE-002: a persisting 429/503 ends in an error after a few repeats."""
    found: list[Breach] = []
    records = evidence.records
    throttled = Counter(_call(r) for r in records if r.side == "api" and r.status in (429, 503))
    for call, count in throttled.items():
        if count > MAX_THROTTLED:
            seen = f"{count} answers 429/503 to {call[0]} {call[1]} and it kept asking"
            hits = tuple(r for r in records if _call(r) == call)
            found.append(Breach("GC-RATE-002", "a bounded number of retries", seen, hits))
    for index, r in enumerate(records):
        if r.side != "api" or r.status not in (429, 503):
            continue
        repeat = next((x for x in records[index + 1 :] if _call(x) == _call(r)), None)
        first = not any(_call(x) == _call(r) and x.status in (429, 503) for x in records[:index])
        if repeat is None:
            if first:
                seen = f"{r.status} was reported without a retry"
                found.append(Breach("GC-RATE-001", "a retry after 429/503", seen, (r,)))
            continue
        wait = float(r.retry_after) if r.retry_after and r.retry_after.isdigit() else 0.0
        waited = repeat.arrived - r.arrived
        if waited < wait - EARLY:
            seen = f"a retry after {waited:.2f} s, though Retry-After said {wait:g} s"
            found.append(Breach("GC-RATE-001", "waiting Retry-After", seen, (r, repeat)))
    return found


def no_retry_on_client_errors(evidence: Evidence) -> list[Breach]:
    """GC-RATE-003: a 4xx that is neither 429 nor a token error is reported, not repeated."""
    found: list[Breach] = []
    records = evidence.records
    for index, r in enumerate(records):
        final = 400 <= r.status < 500 and r.status != 429 and r.error_code not in TOKEN_ERRORS
        if r.side != "api" or not final:
            continue
        repeat = next((x for x in records[index + 1 :] if _call(x) == _call(r)), None)
        if repeat is not None:
            seen = f"{r.status} {r.error_code} was retried"
            found.append(Breach("GC-RATE-003", "no retry of this error", seen, (r, repeat)))
    return found


def paging(evidence: Evidence) -> list[Breach]:
    """GC-PAGE-001: asked for every page, the client follows each ContinuationToken."""
    if not evidence.step.get("all_pages") or not evidence.outcome.get("ok"):
        return []
    asked = {r.one(r.query, "continuationToken") for r in evidence.records}
    for r in evidence.records:
        for token in r.continuations:
            if token not in asked:
                seen = "a ContinuationToken that was never followed"
                return [Breach("GC-PAGE-001", "every page read", seen, (r,))]
    return []


def instance_ids(evidence: Evidence, known: Knowledge) -> list[Breach]:
    """GC-STREAM-001: one clientInstanceId of 32 to 128 characters on every preview/stream."""
    found: list[Breach] = []
    for r in evidence.records:
        if r.side != "api" or not r.path.lower().endswith(("/preview", "/stream")):
            continue
        value = r.one(r.query, "clientInstanceId") or ""
        if not 32 <= len(value) <= 128:
            seen = f"clientInstanceId of {len(value)} characters"
            found.append(Breach("GC-STREAM-001", "32 to 128 characters", seen, (r,)))
        known.instance_ids.add(value)
        if len(known.instance_ids) > 1:
            seen = f"{len(known.instance_ids)} different clientInstanceId values"
            found.append(Breach("GC-STREAM-001", "one clientInstanceId", seen, (r,)))
    return found


def tampered_callback(evidence: Evidence) -> list[Breach]:
    """GC-AUTH-006: a callback whose state differs is refused, and its code never redeemed."""
    if not evidence.tampered or evidence.step.get("op") != "finish_sign_in":
        return []
    redeemed = [
        r
        for r in evidence.records
        if r.path.lower() == TOKEN_PATH and r.one(r.form, "grant_type") == "authorization_code"
    ]
    if redeemed or evidence.outcome.get("ok"):
        seen = "the code was redeemed" if redeemed else "the sign-in succeeded"
        return [Breach("GC-AUTH-006", "the callback refused", seen, tuple(redeemed))]
    return []


def authorize_url(url: object, known: Knowledge, *, offline: bool, public: bool) -> list[Breach]:
    """GC-AUTH-001 to 005 and 007 on the URL a sign-in starts with."""
    if not isinstance(url, str) or not url:
        return [Breach("GC-AUTH-001", "an authorize URL", "none")]
    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    scopes = query.get("scope", "").split()
    state = query.get("state", "")
    checks = [
        ("GC-AUTH-001", parts.path.endswith(AUTHORIZE_PATH), "the path /oauth20_authorize.srf"),
        ("GC-AUTH-001", query.get("response_type") == "code", "response_type=code"),
        ("GC-AUTH-001", query.get("client_id") == known.client_id, "the app's client_id"),
        ("GC-AUTH-002", query.get("redirect_uri") == known.redirect_uri, "the redirect URI"),
        ("GC-AUTH-003", GROOVE_SCOPE in scopes, f"{GROOVE_SCOPE} in the scope"),
        ("GC-AUTH-004", not offline or "offline_access" in scopes, "offline_access asked"),
        ("GC-AUTH-005", len(state) >= 16 and state not in known.states, "a fresh state"),
    ]
    if public:
        pkce = query.get("code_challenge_method") == "S256" and bool(query.get("code_challenge"))
        checks.append(("GC-AUTH-007", pkce, "an S256 code_challenge"))
    known.states.add(state)
    return [
        Breach(rule, expected, f"the authorize URL {_without_values(url)}")
        for rule, ok, expected in checks
        if not ok
    ]


def _without_values(url: str) -> str:
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    shown = {k: v[0] for k, v in query.items() if k in ("response_type", "scope", "redirect_uri")}
    return f"{parts.path}?{'&'.join(f'{k}={v}' for k, v in sorted(shown.items()))}"
