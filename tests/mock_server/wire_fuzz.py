"""A wire-level fuzzer for what an OpenAPI document cannot express: malformed HTTP, huge and
many headers, odd encodings, hostile bodies, and credentials in every place a token can travel
(valid, revoked, forged, several at once). Every loop is bounded in count and time.

`run()` returns the figures the issue asks for: requests, answers by status class, 5xx, hangs
(no answer within `READ_TIMEOUT`) and breaches (a revoked or forged credential accepted).
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

from wire_support import RawClient, Served, request

LOOKUP = "/1/content/music.AR.1/lookup"
BROWSE = "/1/content/music/collection/tracks/browse"
CREATE = "/1/content/music/collection/playlists/create"
PATHS = [
    LOOKUP,
    BROWSE,
    CREATE,
    "/1/content/music/search?q=love",
    "/1/content/music/catalog/genres",
    "/1/user/music/profile",
    "/oauth20_token.srf",
    "/oauth20_authorize.srf?client_id=000000004C1B7E2A",
    "/accesstoken.srf",
    "/_mock/status",
    "/_mock/clock/advance",
    "/openapi.json",
    "/media/stream/x.mp3",
]
REFUSED = frozenset({400, 401, 403, 405, 413, 414, 415, 431})


@dataclass
class Tokens:
    app: str
    user: str
    revoked: str
    forged: str


@dataclass
class Figures:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: int = 0
    hangs: int = 0
    breaches: int = 0
    examples: list[str] = field(default_factory=list)

    def count(self, status: int, example: str) -> None:
        """One answer: its status, and `example` kept (the first ten) when it is a 5xx or a
        hang."""
        self.requests += 1
        self.statuses[status] += 1
        if status >= 500:
            self.server_errors += 1
        elif status == -1:
            self.hangs += 1
        else:
            return
        if len(self.examples) < 10:
            self.examples.append(f"{'hang' if status == -1 else status}: {example}")

    def add(self, other: Figures) -> None:
        self.requests += other.requests
        self.statuses.update(other.statuses)
        self.server_errors += other.server_errors
        self.hangs += other.hangs
        self.breaches += other.breaches
        self.examples += other.examples[: max(0, 10 - len(self.examples))]

    def summary(self) -> dict[str, object]:
        classes = Counter(
            f"{status // 100}xx" if status > 0 else str(status)
            for status in self.statuses.elements()
        )
        return {
            "requests": self.requests,
            "by_class": dict(sorted(classes.items())),
            "5xx": self.server_errors,
            "hangs": self.hangs,
            "breaches": self.breaches,
        }


def forge(token: str) -> str:
    """The token with one character of its signature changed: same look, wrong signature."""
    middle = len(token) * 3 // 4
    swapped = "A" if token[middle] != "A" else "B"
    return token[:middle] + swapped + token[middle + 1 :]


def _garbage(rng: random.Random) -> bytes:
    # At least one byte that is not CR or LF: empty lines before a request line are ignored
    # (RFC 9112 §2.2), so a connection sending only those has sent no request at all, and
    # uvicorn waits for one (docs/hardening.md: the one "hang" of the first 10^6 run).
    head = bytes([rng.choice(b"GPXZ\x00\xff")])
    return head + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 400))) + b"\r\n\r\n"


def _bad_request_line(rng: random.Random) -> bytes:
    method = rng.choice(["GET", "get", "G\x00T", "PROPFIND", "X" * 300, "", "GET GET"])
    target = rng.choice(
        ["/", "*", "//", "/\x7f", "http://evil/", "/1/" + "a" * rng.randrange(9000), ""]
    )
    version = rng.choice(["HTTP/1.1", "HTTP/1.0", "HTTP/9.9", "HTTP/1", "", "HTTPS/1.1"])
    return f"{method} {target} {version}\r\nHost: 127.0.0.1\r\n\r\n".encode("latin-1", "replace")


def _huge_header(rng: random.Random) -> bytes:
    size = rng.choice(
        [9_000, 17_000, 70_000, 300_000, 1_100_000 if rng.random() < 0.02 else 20_000]
    )
    name = rng.choice(["X-Pad", "Authorization", "Cookie", "Accept"])
    value = ("Bearer " if name == "Authorization" else "") + "a" * size
    return request("GET", rng.choice(PATHS), {name: value})


def _many_headers(rng: random.Random) -> bytes:
    headers = {f"X-H{i}": "v" * rng.randrange(1, 40) for i in range(rng.randrange(50, 1500))}
    return request("GET", LOOKUP, headers)


def _odd_encoding(rng: random.Random) -> bytes:
    piece = rng.choice(
        ["%FF", "%C0%AF", "%00", "%", "%zz", "%E2%82", "\xe9", "%2e%2e/", "..%2f", "+"]
    )
    where = rng.random()
    if where < 0.4:
        target = f"/1/content/{piece}/lookup"
    elif where < 0.7:
        target = f"{LOOKUP}?language={piece}&country={piece}"
    else:
        target = f"/_mock/users/{piece}"
    method = "PUT" if target.startswith("/_mock/users") else "GET"
    headers = {"Content-Type": "application/json"} if method == "PUT" else {}
    return request(method, target, headers, b"{}" if method == "PUT" else b"")


def _hostile_body(rng: random.Random, tokens: Tokens) -> bytes:
    depth = rng.choice([10, 33, 1000, 50_000])
    body = rng.choice(
        [
            b"[" * depth + b"]" * depth,
            b'{"Name": ' + b"9" * rng.choice([50, 4400, 100_000]) + b"}",
            b'{"Name": 1e999}',
            b"\xff\xfe{}",
            b'{"Name": "' + b"\\ud800" * 10 + b'"}',
            json.dumps({"Name": "x" * rng.randrange(1, 5000)}).encode(),
        ]
    )
    if rng.random() < 0.5:
        return request(
            "POST",
            CREATE,
            {"Authorization": f"Bearer {tokens.user}", "Content-Type": "application/json"},
            body,
        )
    return request("POST", "/_mock/clock/advance", {"Content-Type": "application/json"}, body)


def _framing(rng: random.Random) -> bytes:
    head = f"POST {CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    choice = rng.randrange(4)
    if choice == 0:
        return (head + "Transfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n").encode()
    if choice == 1:
        return (head + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n").encode()
    if choice == 2:
        return (head + "Content-Length: -1\r\n\r\n").encode()
    return (head + "Content-Length: 99999999999999999999\r\n\r\n").encode()


_LOCATIONS = ("header", "header-twice", "header-joined", "legacy-query", "query", "form", "cookie")


def _credentials(rng: random.Random, tokens: Tokens) -> tuple[bytes, str, int]:
    """A request carrying credentials; what kind, and how many places carry one."""
    kind = rng.choice(["app", "revoked", "forged", "garbage"])
    token = {
        "app": tokens.app,
        "revoked": tokens.revoked,
        "forged": tokens.forged,
        "garbage": "EwA" + "x" * 40,
    }[kind]
    places = rng.sample(_LOCATIONS, rng.choice([1, 1, 1, 2, 3]))
    headers: dict[str, str] = {}
    query: list[str] = []
    body = b""
    extra_headers: list[str] = []
    for place in places:
        if place == "header":
            headers["Authorization"] = f"Bearer {token}"
        elif place == "header-twice":
            extra_headers += [f"Authorization: Bearer {token}", f"Authorization: Bearer {token}"]
        elif place == "header-joined":
            headers["Authorization"] = f"Bearer {token}, Bearer {token}"
        elif place == "legacy-query":
            query.append("accessToken=" + quote(f"Bearer {token}"))
        elif place == "query":
            query.append("access_token=" + quote(token))
        elif place == "form":
            body = f"access_token={quote(token)}".encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            headers["Cookie"] = f"access_token={token}"
    method = "POST" if body else "GET"
    path = CREATE if body else LOOKUP
    target = path + ("?" + "&".join(query) if query else "")
    raw = request(method, target, headers, body)
    if extra_headers:
        head, _, rest = raw.partition(b"\r\n")
        raw = head + b"\r\n" + "".join(h + "\r\n" for h in extra_headers).encode() + rest
    return raw, kind, len(places)


def _random_method(rng: random.Random) -> bytes:
    method = rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"])
    path = rng.choice(PATHS)
    headers = {"Origin": rng.choice(["https://evil.example", "null", "http://127.0.0.1"])}
    if rng.random() < 0.3:
        headers["Access-Control-Request-Method"] = "POST"
    return request(method, path, headers)


def _one(rng: random.Random, tokens: Tokens) -> tuple[bytes, str | None, bool]:
    """(request, credential kind or None, whether the request is malformed)."""
    pick = rng.random()
    if pick < 0.30:
        raw, kind, _ = _credentials(rng, tokens)
        return raw, kind, False
    if pick < 0.40:
        return _garbage(rng), None, True
    if pick < 0.50:
        return _bad_request_line(rng), None, True
    if pick < 0.56:
        return _huge_header(rng), None, False
    if pick < 0.60:
        return _many_headers(rng), None, False
    if pick < 0.72:
        return _odd_encoding(rng), None, False
    if pick < 0.82:
        return _hostile_body(rng, tokens), None, False
    if pick < 0.86:
        return _framing(rng), None, True
    return _random_method(rng), None, False


def _worker(
    served: Served, tokens: Tokens, seed: int, count: int, deadline: float, out: Figures
) -> None:
    rng = random.Random(seed)
    client = RawClient(served.port)
    try:
        for _ in range(count):
            if time.monotonic() > deadline:
                break
            raw, kind, malformed = _one(rng, tokens)
            answer = client.send(raw, fresh=malformed)
            if malformed:
                client.close()
            out.count(answer.status, f"{raw[:200]!r}")
            if (
                kind in ("revoked", "forged", "garbage")
                and answer.status not in REFUSED
                and answer.status > 0
            ):
                out.breaches += 1
                if len(out.examples) < 10:
                    out.examples.append(f"breach {kind} {answer.status}: {raw[:200]!r}")
    finally:
        client.close()


def mint_tokens(served: Served) -> Tokens:
    client = RawClient(served.port)
    json_type = {"Content-Type": "application/json"}

    def mint(kind: str) -> str:
        body = json.dumps({"kind": kind}).encode()
        answer = client.send(request("POST", "/_mock/tokens", json_type, body))
        assert answer.status == 201, answer
        token: str = json.loads(answer.body)["token"]
        return token

    app, user, revoked = mint("app"), mint("user"), mint("app")
    body = json.dumps({"token": revoked}).encode()
    assert client.send(request("POST", "/_mock/tokens/revoke", json_type, body)).status == 200
    client.close()
    return Tokens(app=app, user=user, revoked=revoked, forged=forge(app))


def run(served: Served, *, count: int, seconds: float, seed: int = 11, workers: int = 3) -> Figures:
    tokens = mint_tokens(served)
    deadline = time.monotonic() + seconds
    parts = [Figures() for _ in range(workers)]
    threads = [
        threading.Thread(
            target=_worker,
            args=(
                served,
                tokens,
                seed * 1000 + index,
                count // workers + (index < count % workers),
                deadline,
                part,
            ),
        )
        for index, part in enumerate(parts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    total = Figures()
    for part in parts:
        total.add(part)
    return total
