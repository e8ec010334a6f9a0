"""Hypothesis strategies for tokens in every state (the token half of `contract_tests.strategies`).

Genuine tokens are minted by the mock under test (`MockState.tokens`) and come with their
`TokenFacts`; forged, foreign and made-up tokens carry none, since the server must not know them.
Minting happens at draw time, so draw inside the test (`st.data()`), after resetting the state.

Every inner strategy is built once (module constants, or per cached builder call): Hypothesis
validates each new strategy object, and building them per draw costs more than the request.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from hypothesis import strategies as st

from mock_server import App, MockState, TokenKind, TokenService

from ._model import Defect, TokenFacts

GROOVE_SCOPE = "MicrosoftMediaServices.GrooveApiAccess"
"""The user scope every Groove user token needs (reference §3.3)."""
APP_SCOPE = "app.music.xboxlive.com"
"""The scope of an app token (reference §3.1)."""
OPTIONAL_USER_SCOPES = ("offline_access", "wl.basic")
UNENROLLED_CLIENT_ID = "groove-contract-unenrolled"

Kind = Literal["app", "user", "refresh"]
Origin = Literal["genuine", "forged", "foreign", "made-up"]
KINDS: tuple[Kind, ...] = ("app", "user", "refresh")
ORIGINS: tuple[Origin, ...] = ("genuine", "forged", "foreign", "made-up")
ALL_DEFECTS: tuple[Defect, ...] = tuple(Defect)
T = TypeVar("T")

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_PREFIXES = ("M.R3_BAY.", "EwA", "Eg")
_OTHER_LOOKS = (*_PREFIXES, "eg", "EWA", "")
_LIFETIME = {"app": 86400, "user": 3600, "refresh": 90 * 86400}
_MINT_KIND = {"app": TokenKind.APP, "user": TokenKind.USER, "refresh": TokenKind.REFRESH}
_APPLIES: dict[Kind, frozenset[Defect]] = {
    "app": frozenset(
        {Defect.REVOKED, Defect.EXPIRED, Defect.UNREGISTERED_APP, Defect.UNENROLLED_APP}
    ),
    "user": frozenset(Defect),
    "refresh": frozenset({Defect.REVOKED, Defect.EXPIRED}),
}
# A past event (consent withdrawn, sign-out) is dated one second ago; the tokens it must not
# touch are issued within the last half second, so several can share one example.
_EVENT_AGE = 1.0
_FRESH_AGES = (0.0, 0.5)
_OVERDUE = (0.0, 0.001, 1.0, 86400.0)  # 0.0: refused at exactly `exp` (C10)

_PICK = st.integers(0, 255)  # an index into a list that can change (apps, users): taken modulo
_BOOL = st.booleans()
_HEX16 = st.text(alphabet="0123456789ABCDEF", min_size=16, max_size=16)
_EXTRA_SCOPES = st.frozensets(st.sampled_from(OPTIONAL_USER_SCOPES))
_FORGE_HOW = st.sampled_from(["flip", "truncate", "extend", "reprefix", "splice"])
_STEP = st.integers(1, len(_B64) - 1)
_SHORT_B64 = st.text(alphabet=_B64, min_size=1, max_size=8)
_TAIL = st.text(alphabet=_B64 + "=", min_size=1, max_size=4)
_LOOK = st.sampled_from(_OTHER_LOOKS)
_UNIT = st.floats(0, 1, allow_nan=False)


def fingerprint(token: str) -> str:
    """A short one-way name for a token, for reports (the same as the mock's journal uses)."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class TokenCase:
    """A token string and what is known about it (`facts` is None unless the mock issued it).

    `repr` shows a fingerprint, never the token, so failure reports stay short and clean.
    """

    token: str = field(repr=False)
    facts: TokenFacts | None
    origin: Origin
    how: str = ""

    def __repr__(self) -> str:
        if self.facts is None:
            return f"<{self.origin} token {self.how or '-'} {fingerprint(self.token)}>"
        defects = "+".join(sorted(self.facts.defects)) or "valid"
        music_pass = " pass" if self.facts.music_pass else ""
        return f"<{self.facts.kind} token {defects}{music_pass} {fingerprint(self.token)}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Hypothesis prints drawn values with this: the fingerprint, not the token."""
        printer.text(repr(self))


@functools.lru_cache(maxsize=128)
def tokens(
    state: MockState,
    *,
    kinds: tuple[Kind, ...] = KINDS,
    origins: tuple[Origin, ...] = ORIGINS,
    defects: tuple[Defect, ...] = ALL_DEFECTS,
    max_defects: int = 2,
) -> st.SearchStrategy[TokenCase]:
    """Tokens of the given kinds and origins, genuine ones with up to `max_defects` defects.

    For exact expiry boundaries freeze `state.clock` first; on a running clock the margins are
    minutes wide, so a token does not expire between the draw and the request.
    """
    genuine = {
        kind: genuine_tokens(state, kind=kind, defects=defects, max_defects=max_defects)
        for kind in kinds
    }
    return _tokens(state, st.sampled_from(origins), st.sampled_from(kinds), genuine)


@st.composite
def _tokens(
    draw: st.DrawFn,
    state: MockState,
    origins: st.SearchStrategy[Origin],
    kinds: st.SearchStrategy[Kind],
    genuine: dict[Kind, st.SearchStrategy[TokenCase]],
) -> TokenCase:
    origin = draw(origins)
    if origin == "made-up":
        how, token = draw(_MADE_UP)
        return TokenCase(token, None, origin, how)
    kind = draw(kinds)
    if origin == "foreign":
        client = _pick(_enrolled(state), draw(_PICK))
        user = None if kind == "app" else _pick(state.scenario.users, draw(_PICK)).id
        token, _ = TokenService(state.clock).mint(
            _MINT_KIND[kind], client, lifetime=_LIFETIME[kind], user_id=user, scopes=_scopes(kind)
        )
        return TokenCase(token, None, origin, "another-server")
    case = draw(genuine[kind])
    if origin == "forged":
        how, token = draw(_forge(case.token))
        return TokenCase(token, None, origin, how)
    return case


@functools.lru_cache(maxsize=128)
def genuine_tokens(
    state: MockState,
    *,
    kind: Kind = "user",
    defects: tuple[Defect, ...] = ALL_DEFECTS,
    max_defects: int = 2,
) -> st.SearchStrategy[TokenCase]:
    """Tokens the mock issued, of one kind, each with a drawn set of applicable defects."""
    applicable = sorted(set(defects) & _APPLIES[kind])
    chosen: st.SearchStrategy[frozenset[Defect]] = (
        st.frozensets(st.sampled_from(applicable), max_size=max_defects)
        if applicable and max_defects
        else st.just(frozenset())
    )
    return _genuine(state, kind, chosen)


@st.composite
def _genuine(
    draw: st.DrawFn, state: MockState, kind: Kind, chosen: st.SearchStrategy[frozenset[Defect]]
) -> TokenCase:
    defects = draw(chosen)
    if Defect.UNREGISTERED_APP in defects:
        defects -= {Defect.UNENROLLED_APP}
        client = _unregistered(set(state.scenario.apps_by_id), draw(_HEX16))
    elif Defect.UNENROLLED_APP in defects:
        client = _unenrolled(state)
    else:
        client = _pick(_enrolled(state), draw(_PICK))
    user_id: str | None = None
    music_pass = False
    if kind != "app":
        if Defect.UNKNOWN_USER in defects:
            user_id = _unregistered(set(state.scenario.users_by_id), draw(_HEX16))
        else:
            user = _pick(state.scenario.users, draw(_PICK))
            user_id, music_pass = user.id, user.has_music_pass
    scopes = _scopes(kind)
    if kind != "app":
        scopes = draw(_EXTRA_SCOPES) | (set() if Defect.NO_GROOVE_SCOPE in defects else scopes)
    issued_at, lifetime = _times(state, kind, defects, draw(_PICK), draw(_UNIT))
    token, claims = state.tokens.mint(
        _MINT_KIND[kind],
        client,
        lifetime=lifetime,
        user_id=user_id,
        scopes=scopes,
        issued_at=issued_at,
    )
    if Defect.REVOKED in defects:
        if draw(_BOOL):
            state.tokens.revoke(claims)
        else:
            state.tokens.revoke_grant(claims.grant_id)
    if user_id is not None:
        if Defect.CONSENT_REVOKED in defects:
            _dated(state, lambda: state.revoke_consent(user_id, client))
        if Defect.SIGNED_OUT in defects:
            _dated(state, lambda: state.sign_out(user_id, client))
    return TokenCase(token, TokenFacts(kind, frozenset(defects), music_pass), "genuine")


def _times(
    state: MockState, kind: Kind, defects: frozenset[Defect], pick: int, unit: float
) -> tuple[float, float]:
    """(issued_at, lifetime): expired exactly when `EXPIRED` is among the defects."""
    now = state.clock.now()
    frozen = state.clock.frozen
    if Defect.EXPIRED in defects:
        lifetime = float(1 + int(unit * (_LIFETIME[kind] - 1)))
        overdue = _pick(_OVERDUE, pick) if frozen else 1.0
        issued_at = now - lifetime - overdue
        while issued_at + lifetime > now:  # float rounding may land a hair after now
            issued_at -= 0.001
        return issued_at, lifetime
    victim = bool(defects & {Defect.CONSENT_REVOKED, Defect.SIGNED_OUT})
    age = _EVENT_AGE + 1.0 if victim else _pick(_FRESH_AGES, pick)
    # Frozen: anything from a millisecond to a full lifetime left; running: at least minutes.
    remaining = 0.001 + unit * _LIFETIME[kind] if frozen else 600.0 + unit * 3000.0
    return now - age, age + remaining


def _dated(state: MockState, event: Callable[[], None]) -> None:
    """Record a past event: the clock is set back `_EVENT_AGE` seconds for its length only."""
    now = state.clock.now()
    state.clock.set(now - _EVENT_AGE)
    try:
        event()
    finally:
        state.clock.set(now)


def _pick(items: Sequence[T], index: int) -> T:
    return items[index % len(items)]


def _scopes(kind: Kind) -> frozenset[str]:
    return frozenset({APP_SCOPE}) if kind == "app" else frozenset({GROOVE_SCOPE})


def _enrolled(state: MockState) -> list[str]:
    enrolled = [app.client_id for app in state.scenario.apps if app.enrolled]
    if not enrolled:
        raise ValueError("the scenario has no enrolled app to mint tokens for")
    return enrolled


def _unenrolled(state: MockState) -> str:
    """An app of the scenario that is not enrolled; one is registered if there is none."""
    for app in state.scenario.apps:
        if not app.enrolled:
            return app.client_id
    state.put_app(
        App(
            client_id=UNENROLLED_CLIENT_ID,
            name="Not enrolled (groove-contract)",
            platform="web",
            client_secret="unenrolled-secret",
            redirect_uris=("http://localhost/callback",),
            enrolled=False,
        )
    )
    return UNENROLLED_CLIENT_ID


def _unregistered(taken: set[str], candidate: str) -> str:
    while candidate in taken:
        candidate = f"{int(candidate, 16) + 1:016X}"[-16:]
    return candidate


# -- tokens the server never issued ----------------------------------------------------------------


def _prefix_of(token: str) -> str:
    return next((p for p in _PREFIXES if token.startswith(p)), "")


@st.composite
def _forge(draw: st.DrawFn, token: str) -> tuple[str, str]:
    """(how, forged): a string made from `token` that differs from it."""
    prefix = _prefix_of(token)
    body = token[len(prefix) :]
    how = draw(_FORGE_HOW)
    if how == "flip" or len(body) < 2:
        # One draw in two aims at the last characters: in base64 they carry padding bits.
        last = len(body) - 1
        index = last - draw(_PICK) % 4 if draw(_BOOL) else draw(_PICK) * 7 % len(body)
        index = max(index, 0)
        swap = _B64[(_B64.find(body[index]) + draw(_STEP)) % len(_B64)]
        return f"flip@{index}", prefix + body[:index] + swap + body[index + 1 :]
    if how == "truncate":
        cut = 1 + draw(_PICK) % min(8, len(body) - 1)
        return f"truncate-{cut}", token[:-cut]
    if how == "extend":
        return "extend", token + draw(_TAIL)
    if how == "reprefix":
        other = draw(_LOOK)
        other = other if other != prefix else "eg"
        return f"reprefix-{other or 'none'}", other + body
    cut = 1 + draw(_PICK) * 7 % (len(body) - 1)
    other = draw(_SHORT_B64)
    spliced = prefix + body[:cut] + other + body[cut + len(other) :]
    return f"splice@{cut}", spliced if spliced != token else token + "A"


def forgeries(token: str) -> st.SearchStrategy[str]:
    """Strings made from a genuine token (one character changed anywhere, cut, extended,
    re-prefixed, spliced): none of them was issued, so none may be accepted."""
    return _forge(token).map(lambda pair: pair[1])


def _shaped(parts: tuple[str, str, str]) -> tuple[str, str]:
    return f"shaped-{parts[0] or 'plain'}", "".join(parts)


_MADE_UP: st.SearchStrategy[tuple[str, str]] = st.one_of(
    st.tuples(
        st.sampled_from(["Eg", "EwA", "M.R3_BAY.", "eyJ", ""]),
        st.text(alphabet=_B64, min_size=1, max_size=64),
        st.sampled_from(["", "=", "=="]),
    ).map(_shaped),
    st.sampled_from(
        [
            ("aad-v2-jwt", "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"),
            ("sample-app-token", "EgBtAQMAAAAEgA9BCGc1Ni05YTNwA="),
        ]
    ),
    st.uuids().map(lambda u: ("authorization-code", str(u))),
)
_MADE_UP_TOKENS = _MADE_UP.map(lambda pair: pair[1])


def made_up_tokens() -> st.SearchStrategy[str]:
    """Well-formed bearer tokens no server issued: Microsoft-looking ones, an AAD v2 JWT, a code."""
    return _MADE_UP_TOKENS
