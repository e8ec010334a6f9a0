"""Hypothesis strategies for tokens in every state (the token half of `contract_tests.strategies`).

Genuine tokens are minted by the mock under test (`MockState.tokens`) and come with their
`TokenFacts`; forged, foreign and made-up tokens carry none, since the server must not know them.
Minting happens at draw time, so draw inside the test (`st.data()`), after resetting the state.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from hypothesis import strategies as st

from mock_server import App, MockState, TokenKind, TokenService

from ._model import Defect, TokenFacts

GROOVE_SCOPE = "MicrosoftMediaServices.GrooveApiAccess"
"""The user scope every Groove user token needs (reference §3.3)."""
APP_SCOPE = "app.music.xboxlive.com"
"""The scope of an app token (reference §3.1)."""
OPTIONAL_USER_SCOPES = ("offline_access", "wl.basic")

Kind = Literal["app", "user", "refresh"]
Origin = Literal["genuine", "forged", "foreign", "made-up"]
KINDS: tuple[Kind, ...] = ("app", "user", "refresh")
ORIGINS: tuple[Origin, ...] = ("genuine", "forged", "foreign", "made-up")
ALL_DEFECTS: tuple[Defect, ...] = tuple(Defect)

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_PREFIXES = ("M.R3_BAY.", "EwA", "Eg")
_LIFETIME = {"app": 86400, "user": 3600, "refresh": 90 * 86400}
_MINT_KIND = {"app": TokenKind.APP, "user": TokenKind.USER, "refresh": TokenKind.REFRESH}
_APPLIES: dict[Kind, frozenset[Defect]] = {
    "app": frozenset(
        {Defect.REVOKED, Defect.EXPIRED, Defect.UNREGISTERED_APP, Defect.UNENROLLED_APP}
    ),
    "user": frozenset(Defect),
    "refresh": frozenset({Defect.REVOKED, Defect.EXPIRED}),
}
# A past event (consent withdrawn, sign-out) is dated one second ago; the tokens it should not
# touch are issued within the last half second, so several can share one example.
_EVENT_AGE = 1.0
_FRESH_AGE = 0.5
UNENROLLED_CLIENT_ID = "groove-contract-unenrolled"


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
            return f"<{self.origin} token {self.how} {fingerprint(self.token)}>".replace("  ", " ")
        defects = "+".join(sorted(self.facts.defects)) or "valid"
        music_pass = " pass" if self.facts.music_pass else ""
        return f"<{self.facts.kind} token {defects}{music_pass} {fingerprint(self.token)}>"


def tokens(
    state: MockState,
    *,
    kinds: tuple[Kind, ...] = KINDS,
    origins: tuple[Origin, ...] = ORIGINS,
    defects: tuple[Defect, ...] = ALL_DEFECTS,
    max_defects: int = 2,
) -> st.SearchStrategy[TokenCase]:
    """Tokens of the given kinds and origins, genuine ones with up to `max_defects` defects.

    For exact expiry boundaries freeze `state.clock` first; on a running clock the margins are a
    minute wide so a token does not expire between the draw and the request.
    """
    return _tokens(state, kinds, origins, defects, max_defects)


@st.composite
def _tokens(
    draw: st.DrawFn,
    state: MockState,
    kinds: tuple[Kind, ...],
    origins: tuple[Origin, ...],
    defects: tuple[Defect, ...],
    max_defects: int,
) -> TokenCase:
    origin = draw(st.sampled_from(origins))
    if origin == "made-up":
        how, token = draw(_made_up())
        return TokenCase(token, None, origin, how)
    kind = draw(st.sampled_from(kinds))
    if origin == "foreign":
        foreign = TokenService(state.clock)
        client = draw(st.sampled_from(_enrolled(state)))
        user = None if kind == "app" else draw(st.sampled_from(state.scenario.users)).id
        token, _ = foreign.mint(
            _MINT_KIND[kind], client, lifetime=_LIFETIME[kind], user_id=user, scopes=_scopes(kind)
        )
        return TokenCase(token, None, origin, "another-server")
    genuine = draw(genuine_tokens(state, kind=kind, defects=defects, max_defects=max_defects))
    if origin == "forged":
        how, token = draw(_forge(genuine.token))
        return TokenCase(token, None, origin, how)
    return genuine


def genuine_tokens(
    state: MockState,
    *,
    kind: Kind = "user",
    defects: tuple[Defect, ...] = ALL_DEFECTS,
    max_defects: int = 2,
) -> st.SearchStrategy[TokenCase]:
    """Tokens the mock issued, of one kind, each with a drawn set of applicable defects."""
    applicable = sorted(set(defects) & _APPLIES[kind])
    chosen = (
        st.frozensets(st.sampled_from(applicable), max_size=max_defects)
        if applicable and max_defects
        else st.just(frozenset[Defect]())
    )
    return chosen.flatmap(lambda found: _genuine(state, kind, found))


@st.composite
def _genuine(
    draw: st.DrawFn, state: MockState, kind: Kind, defects: frozenset[Defect]
) -> TokenCase:
    if Defect.UNREGISTERED_APP in defects and Defect.UNENROLLED_APP in defects:
        defects = defects - {Defect.UNENROLLED_APP}
    if Defect.UNREGISTERED_APP in defects:
        client = draw(_unregistered_id(set(state.scenario.apps_by_id)))
    elif Defect.UNENROLLED_APP in defects:
        client = _unenrolled(state)
    else:
        client = draw(st.sampled_from(_enrolled(state)))
    user_id: str | None = None
    music_pass = False
    if kind != "app":
        if Defect.UNKNOWN_USER in defects:
            user_id = draw(_unregistered_id(set(state.scenario.users_by_id)))
        else:
            user = draw(st.sampled_from(state.scenario.users))
            user_id, music_pass = user.id, user.has_music_pass
    scopes = _scopes(kind) if kind == "app" else draw(_user_scopes(defects))
    issued_at, lifetime = draw(_times(state, kind, defects))
    token, claims = state.tokens.mint(
        _MINT_KIND[kind],
        client,
        lifetime=lifetime,
        user_id=user_id,
        scopes=scopes,
        issued_at=issued_at,
    )
    if Defect.REVOKED in defects:
        if draw(st.booleans()):
            state.tokens.revoke(claims)
        else:
            state.tokens.revoke_grant(claims.grant_id)
    if user_id is not None and Defect.CONSENT_REVOKED in defects:
        _dated(state, lambda: state.revoke_consent(user_id, client))
    if user_id is not None and Defect.SIGNED_OUT in defects:
        _dated(state, lambda: state.sign_out(user_id, client))
    return TokenCase(token, TokenFacts(kind, defects, music_pass), "genuine")


def _dated(state: MockState, event: Callable[[], None]) -> None:
    """Record a past event: the clock is set back `_EVENT_AGE` seconds for its length only."""
    now = state.clock.now()
    state.clock.set(now - _EVENT_AGE)
    try:
        event()
    finally:
        state.clock.set(now)


@st.composite
def _times(
    draw: st.DrawFn, state: MockState, kind: Kind, defects: frozenset[Defect]
) -> tuple[float, float]:
    """(issued_at, lifetime) so that the token is expired exactly when `EXPIRED` is drawn."""
    now = state.clock.now()
    frozen = state.clock.frozen
    if Defect.EXPIRED in defects:
        lifetime = float(draw(st.integers(1, _LIFETIME[kind])))
        overdue = draw(st.sampled_from([0.0, 0.001, 1.0, 86400.0]) if frozen else st.just(1.0))
        issued_at = now - lifetime - overdue
        while issued_at + lifetime > now:  # float rounding may land a hair after now
            issued_at -= 0.001
        return issued_at, lifetime
    victim = bool(defects & {Defect.CONSENT_REVOKED, Defect.SIGNED_OUT})
    age = _EVENT_AGE + 1.0 if victim else draw(st.sampled_from([0.0, _FRESH_AGE]))
    remaining = draw(
        st.sampled_from([0.001, 1.0, float(_LIFETIME[kind])]) if frozen else st.just(600.0)
    )
    return now - age, age + remaining


def _scopes(kind: Kind) -> frozenset[str]:
    return frozenset({APP_SCOPE}) if kind == "app" else frozenset({GROOVE_SCOPE})


def _user_scopes(defects: frozenset[Defect]) -> st.SearchStrategy[frozenset[str]]:
    extra = st.frozensets(st.sampled_from(OPTIONAL_USER_SCOPES))
    if Defect.NO_GROOVE_SCOPE in defects:
        return extra
    return extra.map(lambda scopes: scopes | {GROOVE_SCOPE})


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


def _unregistered_id(taken: set[str]) -> st.SearchStrategy[str]:
    hex_ids = st.text(alphabet="0123456789ABCDEF", min_size=16, max_size=16)
    return hex_ids.filter(lambda candidate: candidate not in taken)


# -- tokens the server never issued ----------------------------------------------------------------


def _prefix_of(token: str) -> str:
    return next((p for p in _PREFIXES if token.startswith(p)), "")


@st.composite
def _forge(draw: st.DrawFn, token: str) -> tuple[str, str]:
    """(how, forged): a string made from `token` that differs from it."""
    prefix = _prefix_of(token)
    body = token[len(prefix) :]
    how = draw(st.sampled_from(["flip", "truncate", "extend", "reprefix", "splice"]))
    if how == "flip" or len(body) < 2:
        index = draw(st.integers(0, len(body) - 1))
        swap = draw(st.sampled_from([c for c in _B64 if c != body[index]]))
        return f"flip@{index}", prefix + body[:index] + swap + body[index + 1 :]
    if how == "truncate":
        cut = draw(st.integers(1, min(8, len(body) - 1)))
        return f"truncate-{cut}", token[:-cut]
    if how == "extend":
        return "extend", token + draw(st.text(alphabet=_B64 + "=", min_size=1, max_size=4))
    if how == "reprefix":
        other = draw(st.sampled_from([p for p in (*_PREFIXES, "eg", "EWA") if p != prefix]))
        return f"reprefix-{other}", other + body
    half = len(body) // 2
    tail = draw(st.text(alphabet=_B64, min_size=len(body) - half, max_size=len(body) - half))
    return "splice", (prefix + body[:half] + tail) if tail != body[half:] else token + "A"


def forgeries(token: str) -> st.SearchStrategy[str]:
    """Strings made from a genuine token (one character changed anywhere, cut, extended,
    re-prefixed, spliced): none of them was issued, so none may be accepted."""
    return _forge(token).map(lambda pair: pair[1])


def _made_up() -> st.SearchStrategy[tuple[str, str]]:
    body = st.text(alphabet=_B64, min_size=1, max_size=64)
    padding = st.sampled_from(["", "=", "=="])
    look = st.sampled_from(["Eg", "EwA", "M.R3_BAY.", "eyJ", ""])
    shaped = st.tuples(look, body, padding).map(lambda p: (f"shaped-{p[0] or 'plain'}", "".join(p)))
    fixed = st.sampled_from(
        [
            ("aad-v2-jwt", "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"),
            ("sample-app-token", "EgBtAQMAAAAEgA9BCGc1Ni05YTNwA="),
        ]
    )
    code = st.uuids().map(lambda u: ("authorization-code", str(uuid.UUID(int=u.int))))
    return st.one_of(shaped, fixed, code)


def made_up_tokens() -> st.SearchStrategy[str]:
    """Well-formed bearer tokens no server issued: Microsoft-looking ones, an AAD v2 JWT, a code."""
    return _made_up().map(lambda pair: pair[1])
