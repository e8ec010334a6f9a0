"""Hypothesis strategies for where credentials go (the request half of `contract_tests.strategies`).

A drawn `CredentialRequest` carries zero or more credentials spread over `Authorization` headers
(one per line, or comma-joined on one line), the legacy `accessToken` query parameter (value
`Bearer <token>`), `access_token` in the query and in a form body, written with odd casing, odd
whitespace and odd encodings, plus garbage and non-ASCII bytes and decoys that are not
credentials at all. It builds the httpx request; `WireRequest.of()` gives the model the same view.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote

import httpx
from hypothesis import strategies as st

from mock_server import MockState

from ._model import TokenFacts
from ._strategy_tokens import TokenCase, fingerprint, made_up_tokens, tokens

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
    return _placement(token_cases, tuple(wheres), garbage)


@st.composite
def _placement(
    draw: st.DrawFn,
    token_cases: st.SearchStrategy[TokenCase],
    wheres: tuple[Where, ...],
    garbage: bool,
) -> Placement:
    where = draw(st.sampled_from(wheres))
    if garbage and draw(st.integers(0, 4)) == 0:
        return draw(_garbage(where))
    case = draw(token_cases)
    if where in ("header", "joined"):
        lead = draw(st.sampled_from(["", " "]))
        scheme = draw(st.sampled_from(_SCHEMES))
        gap = draw(st.sampled_from([" ", "  ", " \t"]))
        trail = draw(st.sampled_from(["", " ", "\t"]))
        style = f"{scheme}{gap!r}{trail!r}"
        return Placement(where, style, case, f"{lead}{scheme}{gap}{case.token}{trail}".encode())
    name, name_style = draw(_name(where))
    value = f"Bearer {case.token}" if where == "legacy-query" else case.token
    encoding = draw(st.sampled_from(["quote", "quote-plus", "raw"]))
    if encoding == "quote":
        encoded = quote(value, safe="")
    elif encoding == "quote-plus":
        encoded = quote(value, safe=" ").replace(" ", "+")
    else:  # not URL-encoded: a '+' in the token turns into a space
        encoded = value.replace(" ", "+")
    return Placement(where, f"{name_style},{encoding}", case, f"{name}={encoded}".encode())


@st.composite
def _name(draw: st.DrawFn, where: Where) -> tuple[str, str]:
    """The parameter name, as written: its casing, and maybe one character percent-encoded."""
    name = draw(st.sampled_from(_NAMES[where]))
    if draw(st.integers(0, 5)) != 0:
        return name, name
    index = draw(st.integers(0, len(name) - 1))
    escape = f"%{ord(name[index]):02X}"
    escape = escape.lower() if draw(st.booleans()) else escape
    return name[:index] + escape + name[index + 1 :], f"{name}%{index}"


@st.composite
def _garbage(draw: st.DrawFn, where: Where) -> Placement:
    if where in ("header", "joined"):
        fixed = st.sampled_from(_HEADER_GARBAGE)
        free = st.lists(st.sampled_from(_HEADER_BYTES), max_size=24).map(bytes)
        value = draw(st.one_of(fixed, free))
        return Placement(where, "garbage", None, value)
    name, name_style = draw(_name(where))
    bare = made_up_tokens() if where == "legacy-query" else st.nothing()
    text = draw(st.one_of(st.sampled_from(_VALUE_GARBAGE), st.text(max_size=16), bare))
    return Placement(where, f"{name_style},garbage", None, f"{name}={quote(text)}".encode())


def credential_requests(
    state: MockState,
    *,
    methods: Sequence[str] = ("GET", "POST"),
    min_credentials: int = 0,
    max_credentials: int = 3,
    token_cases: st.SearchStrategy[TokenCase] | None = None,
    wheres: Sequence[Where] = WHERES,
    garbage: bool = True,
    decoys: bool = True,
    params: st.SearchStrategy[list[tuple[str, str]]] | None = None,
) -> st.SearchStrategy[CredentialRequest]:
    """Requests with `min_credentials` to `max_credentials` credential attempts (when the range
    allows, one in two or so has exactly one), tokens drawn from `token_cases` (default: `tokens(state)`, every state).

    `params` adds query parameters the endpoint needs (already encoded name/value pairs are
    not expected: give plain text, it is encoded here). Decoys are look-alikes that are not
    credentials: `X-Access-Token`, a `token` query parameter, a JSON body, a form on GET.
    """
    cases = token_cases if token_cases is not None else tokens(state)
    return _requests(cases, tuple(methods), max_credentials, tuple(wheres), garbage, decoys, params)


@st.composite
def _requests(
    draw: st.DrawFn,
    cases: st.SearchStrategy[TokenCase],
    methods: tuple[str, ...],
    counts: st.SearchStrategy[int],
    wheres: tuple[Where, ...],
    garbage: bool,
    with_decoys: bool,
    params: st.SearchStrategy[list[tuple[str, str]]] | None,
) -> CredentialRequest:
    method = draw(st.sampled_from(methods))
    count = draw(counts)
    chosen = tuple(draw(_placement(cases, wheres, garbage)) for _ in range(count))
    headers = _authorization_lines(draw, chosen)
    query = [p.wire.decode("ascii") for p in chosen if p.where in ("legacy-query", "query")]
    form = [p.wire for p in chosen if p.where == "form"]
    if params is not None:
        query += [f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in draw(params)]
    decoys: list[str] = []
    json_body: bytes | None = None
    if with_decoys:
        for decoy in draw(st.lists(st.sampled_from(_DECOYS), max_size=2, unique=True)):
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
    body = b""
    if form:
        extra = [b"grant=1"] if draw(st.booleans()) else []
        body = b"&".join(draw(st.permutations([*form, *extra])))
        headers.append((b"Content-Type", draw(st.sampled_from(_FORM_TYPES))))
    elif json_body is not None:
        body = json_body
        headers.append((b"Content-Type", b"application/json"))
    ordered_query = "&".join(draw(st.permutations(query)))
    return CredentialRequest(method, tuple(headers), ordered_query, body, chosen, tuple(decoys))


_DECOYS = ("x-access-token", "token-param", "cookie", "json-body")


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
    result = []
    for values in lines:
        separator = draw(st.sampled_from([b",", b", ", b" ,", b" , "]))
        result.append((draw(st.sampled_from(_HEADER_NAMES)), separator.join(values)))
    return result
