"""Hypothesis strategies for where credentials go (the request half of `contract_tests.strategies`).

A drawn `CredentialRequest` carries zero or more credentials spread over `Authorization` headers
(one per line, or comma-joined on one line), the legacy `accessToken` query parameter (value
`Bearer <token>`), `access_token` in the query and in a form body, written with odd casing, odd
whitespace and odd encodings, plus garbage and non-ASCII bytes and decoys that are not
credentials at all. It builds the httpx request; `WireRequest.of()` gives the model the same view.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

import httpx
from hypothesis import strategies as st

from mock_server import MockState

from ._model import TokenFacts
from ._tokens import TokenCase, fingerprint, made_up_tokens, tokens

Where = Literal["header", "joined", "legacy-query", "query", "form"]
WHERES: tuple[Where, ...] = ("header", "joined", "legacy-query", "query", "form")

_FORM_TYPES = (
    b"application/x-www-form-urlencoded",
    b"application/x-www-form-urlencoded; charset=UTF-8",
    b"Application/X-WWW-Form-URLEncoded",
    b"application/x-www-form-urlencoded ;charset=utf-8",
)
_HEADER_NAMES = (b"Authorization", b"authorization", b"AUTHORIZATION")
_SCHEMES = ("Bearer", "bearer", "BEARER", "bEaReR")
_NAMES: dict[Where, tuple[str, ...]] = {
    "legacy-query": ("accessToken", "accesstoken", "ACCESSTOKEN", "AccessToken"),
    "query": ("access_token", "ACCESS_TOKEN", "Access_Token"),
    "form": ("access_token",),
}
_HEADER_GARBAGE = (
    b"",
    b"Bearer",
    b"Bearer ",
    b"Basic dXNlcjpwYXNz",
    b"Token abc123",
    b"Bearer a b",
    b'Bearer "quoted"',
    b"Bearer\tEgAAAA==",
    b"Bearer \xc3\xa9t\xc3\xa9",
    b"Bearer Eg\xff\xfe",
)
_VALUE_GARBAGE = ("", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer a b", "Bearer été", "é")
# Bytes a real HTTP server can hand over in a header value: visible ASCII, SP, HTAB, obs-text.
_HEADER_BYTES = [0x09, *range(0x20, 0x7F), *range(0x80, 0x100)]


@dataclass(frozen=True, slots=True)
class Placement:
    """One credential attempt: where it went, how it was written, and its token (None for
    garbage). `wire` is the header value, or the encoded `name=value` of a query or form pair."""

    where: Where
    style: str
    token: TokenCase | None
    wire: bytes = field(repr=False)

    def __repr__(self) -> str:
        what = (
            repr(self.token) if self.token is not None else f"garbage {fingerprint(str(self.wire))}"
        )
        return f"{self.where}[{self.style}] {what}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


@dataclass(frozen=True, slots=True)
class CredentialRequest:
    """A request to send to any Groove path: `build()` it on a client, then send it."""

    method: str
    headers: tuple[tuple[bytes, bytes], ...] = field(repr=False)
    query: str = field(repr=False)
    body: bytes = field(repr=False)
    placements: tuple[Placement, ...]
    decoys: tuple[str, ...] = ()

    @property
    def known_tokens(self) -> dict[str, TokenFacts]:
        """The genuine tokens placed, with their facts (what `predict()` needs)."""
        return {
            p.token.token: p.token.facts
            for p in self.placements
            if p.token is not None and p.token.facts is not None
        }

    def __repr__(self) -> str:
        decoys = f", decoys {list(self.decoys)}" if self.decoys else ""
        return f"<{self.method} with {list(self.placements)}{decoys}>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def build(self, client: httpx.Client, path: str) -> httpx.Request:
        url = f"{path}?{self.query}" if self.query else path
        return client.build_request(
            self.method, url, headers=list(self.headers), content=self.body or None
        )


def placements(
    token_cases: st.SearchStrategy[TokenCase],
    *,
    wheres: Sequence[Where] = WHERES,
    garbage: bool = True,
) -> st.SearchStrategy[Placement]:
    """One credential attempt: a token (or, if `garbage`, junk) written in one of `wheres`."""
    return _placements(token_cases, tuple(wheres), garbage)


@functools.lru_cache(maxsize=128)
def _placements(
    token_cases: st.SearchStrategy[TokenCase], wheres: tuple[Where, ...], garbage: bool
) -> st.SearchStrategy[Placement]:
    return _placement(token_cases, st.sampled_from(wheres), garbage)


_LEAD = st.sampled_from(["", " "])
_SCHEME = st.sampled_from(_SCHEMES)
_GAP = st.sampled_from([" ", "  ", " \t"])
_TRAIL = st.sampled_from(["", " ", "\t"])
_ENCODING = st.sampled_from(["quote", "quote-plus", "raw"])
_ONE_IN_5 = st.integers(0, 4)
_ONE_IN_6 = st.integers(0, 5)
_INDEX = st.integers(0, 63)
_BOOL = st.booleans()
_NAME = {where: st.sampled_from(names) for where, names in _NAMES.items()}
_HEADER_JUNK = st.one_of(
    st.sampled_from(_HEADER_GARBAGE),
    st.lists(st.sampled_from(_HEADER_BYTES), max_size=24).map(bytes),
)
_VALUE_JUNK = st.one_of(st.sampled_from(_VALUE_GARBAGE), st.text(max_size=16))
_LEGACY_JUNK = st.one_of(_VALUE_JUNK, made_up_tokens())
_SEPARATOR = st.sampled_from([b",", b", ", b" ,", b" , "])
_HEADER_NAME = st.sampled_from(_HEADER_NAMES)
_FORM_TYPE = st.sampled_from(_FORM_TYPES)
_DECOYS = ("x-access-token", "token-param", "cookie", "json-body")
_DECOY_LISTS = st.lists(st.sampled_from(_DECOYS), max_size=2, unique=True)
_SHUFFLER = st.randoms(use_true_random=False)


@st.composite
def _placement(
    draw: st.DrawFn,
    token_cases: st.SearchStrategy[TokenCase],
    wheres: st.SearchStrategy[Where],
    garbage: bool,
) -> Placement:
    where = draw(wheres)
    if garbage and draw(_ONE_IN_5) == 0:
        return _garbage(draw, where)
    case = draw(token_cases)
    if where in ("header", "joined"):
        lead, scheme, gap, trail = draw(_LEAD), draw(_SCHEME), draw(_GAP), draw(_TRAIL)
        style = f"{scheme}{gap!r}{trail!r}"
        return Placement(where, style, case, f"{lead}{scheme}{gap}{case.token}{trail}".encode())
    name, name_style = _name(draw, where)
    value = f"Bearer {case.token}" if where == "legacy-query" else case.token
    encoding = draw(_ENCODING)
    if encoding == "quote":
        encoded = quote(value, safe="")
    elif encoding == "quote-plus":
        encoded = quote(value, safe=" ").replace(" ", "+")
    else:  # not URL-encoded: a '+' in the token turns into a space
        encoded = value.replace(" ", "+")
    return Placement(where, f"{name_style},{encoding}", case, f"{name}={encoded}".encode())


def _name(draw: st.DrawFn, where: Where) -> tuple[str, str]:
    """The parameter name, as written: its casing, and maybe one character percent-encoded."""
    name = draw(_NAME[where])
    if draw(_ONE_IN_6) != 0:
        return name, name
    index = draw(_INDEX) % len(name)
    escape = f"%{ord(name[index]):02X}"
    escape = escape.lower() if draw(_BOOL) else escape
    return name[:index] + escape + name[index + 1 :], f"{name}%{index}"


def _garbage(draw: st.DrawFn, where: Where) -> Placement:
    if where in ("header", "joined"):
        return Placement(where, "garbage", None, draw(_HEADER_JUNK))
    name, name_style = _name(draw, where)
    text = draw(_LEGACY_JUNK if where == "legacy-query" else _VALUE_JUNK)
    return Placement(where, f"{name_style},garbage", None, f"{name}={quote(text)}".encode())


@functools.lru_cache(maxsize=128)
def credential_requests(
    state: MockState,
    *,
    methods: tuple[str, ...] = ("GET", "POST"),
    min_credentials: int = 0,
    max_credentials: int = 3,
    token_cases: st.SearchStrategy[TokenCase] | None = None,
    wheres: tuple[Where, ...] = WHERES,
    garbage: bool = True,
    decoys: bool = True,
    params: st.SearchStrategy[list[tuple[str, str]]] | None = None,
) -> st.SearchStrategy[CredentialRequest]:
    """Requests with `min_credentials` to `max_credentials` credential attempts (when the range
    allows it, about one in two has exactly one), tokens drawn from `token_cases` (default:
    `tokens(state)`, every kind, origin and defect).

    `params` adds query parameters the endpoint needs, as plain text (they are encoded here).
    Decoys are look-alikes that are not credentials: an `X-Access-Token` header, a `token`
    query parameter, an `access_token` cookie, a JSON body; a form body on GET is one too.
    Arguments are hashable (tuples) because the built strategy is cached and reused.
    """
    cases = token_cases if token_cases is not None else tokens(state)
    counts = st.integers(min_credentials, max_credentials)
    if min_credentials <= 1 <= max_credentials:
        counts = st.one_of(st.just(1), counts)
    one = _placements(cases, wheres, garbage)
    return _requests(st.sampled_from(methods), counts, one, decoys, params)


@st.composite
def _requests(
    draw: st.DrawFn,
    methods: st.SearchStrategy[str],
    counts: st.SearchStrategy[int],
    one: st.SearchStrategy[Placement],
    with_decoys: bool,
    params: st.SearchStrategy[list[tuple[str, str]]] | None,
) -> CredentialRequest:
    method = draw(methods)
    chosen = tuple(draw(one) for _ in range(draw(counts)))
    headers = _authorization_lines(draw, chosen)
    query = [p.wire.decode("ascii") for p in chosen if p.where in ("legacy-query", "query")]
    form = [p.wire for p in chosen if p.where == "form"]
    if params is not None:
        query += [f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in draw(params)]
    decoys: list[str] = []
    json_body: bytes | None = None
    if with_decoys:
        for decoy in draw(_DECOY_LISTS):
            token = draw(made_up_tokens())
            if decoy == "x-access-token":
                headers.append((b"X-Access-Token", f"Bearer {token}".encode()))
            elif decoy == "token-param":
                query.append(f"token={quote(token, safe='')}")
            elif decoy == "cookie":
                headers.append((b"Cookie", f"access_token={quote(token, safe='')}".encode()))
            elif method != "GET" and not form:
                json_body = json.dumps({"access_token": token}).encode()
            else:
                continue
            decoys.append(decoy)
    shuffler = draw(_SHUFFLER)
    body = b""
    if form:
        fields = [*form, b"grant=1"] if draw(_BOOL) else form
        shuffler.shuffle(fields)
        body = b"&".join(fields)
        headers.append((b"Content-Type", draw(_FORM_TYPE)))
    elif json_body is not None:
        body = json_body
        headers.append((b"Content-Type", b"application/json"))
    shuffler.shuffle(query)
    return CredentialRequest(method, tuple(headers), "&".join(query), body, chosen, tuple(decoys))


def _authorization_lines(
    draw: st.DrawFn, chosen: tuple[Placement, ...]
) -> list[tuple[bytes, bytes]]:
    """`header` starts a new Authorization line; `joined` is comma-joined to the last one."""
    lines: list[list[bytes]] = []
    for placement in chosen:
        if placement.where == "joined" and lines:
            lines[-1].append(placement.wire)
        elif placement.where in ("header", "joined"):
            lines.append([placement.wire])
    return [(draw(_HEADER_NAME), draw(_SEPARATOR).join(values)) for values in lines]
