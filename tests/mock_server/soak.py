"""The soak: mixed traffic against a served mock (sign-ins, refreshes, Groove reads, user
calls, revocations checked at once, forged tokens, malformed input, control reads, and a mock
clock moved 5 days every `DAY_EVERY` requests so that what is remembered can expire), with the
server's RSS sampled. Bounded in count and time. `run()` returns the figures for docs/."""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import wire_fuzz
from wire_support import RawClient, Served, request

WEB_APP = "000000004C1B7E2A"
WEB_SECRET = "gr00ve+Demo/Secret="
WEB_REDIRECT = "http://localhost:3000/callback"
SCOPE = "MicrosoftMediaServices.GrooveApiAccess offline_access"
JSON_TYPE = {"Content-Type": "application/json"}
FORM_TYPE = {"Content-Type": "application/x-www-form-urlencoded"}
# The mock clock moves 5 days every 10,000 requests (500 days per 10^6): grants (90 days) and
# everything else the mock remembers expire, as in a test suite that moves the clock; without it,
# the mock rightly keeps every live grant and, at its bound, refuses new sign-ins (a 503).
DAY_EVERY = 10_000
STEP_SECONDS = 5 * 86400
READS = [
    "/1/content/music.AR.1/lookup",
    "/1/content/music/search?q=love&maxItems=5",
    "/1/content/music/catalog/genres",
    "/1/content/music/catalog/albums/browse?maxItems=3",
    "/1/content/music/spotlight",
]
USER_CALLS = ["/1/content/music/collection/tracks/browse?maxItems=5", "/1/user/music/profile"]


@dataclass
class SoakFigures(wire_fuzz.Figures):
    sign_ins: int = 0
    refreshes: int = 0
    revocations: int = 0
    rss_kib: list[tuple[int, int]] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        found = super().summary()
        found.update(
            sign_ins=self.sign_ins,
            refreshes=self.refreshes,
            revocations=self.revocations,
            rss_mib=[(n, round(kib / 1024, 1)) for n, kib in self.rss_kib],
        )
        return found


class _Traffic:
    def __init__(self, served: Served, seed: int, figures: SoakFigures, lock: threading.Lock):
        self.served = served
        self.rng = random.Random(seed)
        self.client = RawClient(served.port)
        self.figures = figures
        self.lock = lock
        self.app = self.user = ""
        self.refresh = ""
        self.epoch = DAY_EVERY
        self.fresh_tokens()

    def send(self, raw: bytes, *, fresh: bool = False) -> wire_fuzz.Answer:
        answer = self.client.send(raw, fresh=fresh)
        if fresh:
            self.client.close()
        with self.lock:
            self.figures.count(answer.status, f"{raw[:160]!r} {answer.body[:200]!r}")
        return answer

    def mint(self, kind: str) -> str:
        answer = self.send(
            request("POST", "/_mock/tokens", JSON_TYPE, json.dumps({"kind": kind}).encode())
        )
        if answer.status != 201:
            return ""
        token: str = json.loads(answer.body)["token"]
        return token

    def fresh_tokens(self) -> None:
        self.app, self.user = self.mint("app"), self.mint("user")

    def breach(self, what: str, answer: wire_fuzz.Answer) -> None:
        with self.lock:
            self.figures.breaches += 1
            if len(self.figures.examples) < 10:
                self.figures.examples.append(f"breach {what}: {answer.status}")

    def step(self) -> None:
        pick = self.rng.random()
        if pick < 0.40:
            self.send(
                request("GET", self.rng.choice(READS), {"Authorization": f"Bearer {self.app}"})
            )
        elif pick < 0.55:
            self.send(
                request(
                    "GET", self.rng.choice(USER_CALLS), {"Authorization": f"Bearer {self.user}"}
                )
            )
        elif pick < 0.63:
            self.sign_in()
        elif pick < 0.66:
            self.refresh_once()
        elif pick < 0.70:
            self.revoke_and_check()
        elif pick < 0.73:
            forged = wire_fuzz.forge(self.app)
            answer = self.send(request("GET", READS[0], {"Authorization": f"Bearer {forged}"}))
            if answer.status != 401:
                self.breach("forged", answer)
        elif pick < 0.88:
            raw, _, malformed = wire_fuzz._one(
                self.rng, wire_fuzz.Tokens(self.app, self.user, self.app, self.app)
            )
            if b"Content-Length: 1" not in raw[:0]:  # every kind, bounded sizes below
                self.send(raw, fresh=malformed)
        else:
            self.send(
                request(
                    "GET",
                    self.rng.choice(["/_mock/status", "/_mock/journal?limit=5", "/_mock/clock"]),
                )
            )

    def sign_in(self) -> None:
        query = urlencode(
            {
                "client_id": WEB_APP,
                "redirect_uri": WEB_REDIRECT,
                "response_type": "code",
                "scope": SCOPE,
                "state": "s",
            }
        )
        answer = self.send(request("GET", f"/oauth20_authorize.srf?{query}"))
        location = answer.headers.get(b"location", b"").decode()
        codes = parse_qs(urlsplit(location).query).get("code")
        if answer.status != 302 or not codes:
            return
        form = urlencode(
            {
                "grant_type": "authorization_code",
                "client_id": WEB_APP,
                "client_secret": WEB_SECRET,
                "code": codes[0],
                "redirect_uri": WEB_REDIRECT,
            }
        ).encode()
        redeemed = self.send(request("POST", "/oauth20_token.srf", FORM_TYPE, form))
        if redeemed.status == 200:
            body = json.loads(redeemed.body)
            self.user, self.refresh = body["access_token"], body.get("refresh_token", "")
            with self.lock:
                self.figures.sign_ins += 1
            if self.rng.random() < 0.1:  # a replayed code: refused, and the grant revoked
                again = self.send(request("POST", "/oauth20_token.srf", FORM_TYPE, form))
                if again.status == 200:
                    self.breach("replayed code", again)
                check = self.send(
                    request("GET", USER_CALLS[1], {"Authorization": f"Bearer {self.user}"})
                )
                if check.status != 401:
                    self.breach("token of a replayed code", check)
                self.user = self.mint("user")

    def refresh_once(self) -> None:
        if not self.refresh:
            return
        form = urlencode(
            {
                "grant_type": "refresh_token",
                "client_id": WEB_APP,
                "client_secret": WEB_SECRET,
                "refresh_token": self.refresh,
            }
        ).encode()
        answer = self.send(request("POST", "/oauth20_token.srf", FORM_TYPE, form))
        if answer.status == 200:
            body = json.loads(answer.body)
            self.user, self.refresh = body["access_token"], body.get("refresh_token", "")
            with self.lock:
                self.figures.refreshes += 1
        else:
            self.refresh = ""

    def revoke_and_check(self) -> None:
        token = self.mint("app")
        if not token:
            return
        body = json.dumps({"token": token}).encode()
        if self.send(request("POST", "/_mock/tokens/revoke", JSON_TYPE, body)).status != 200:
            return
        with self.lock:
            self.figures.revocations += 1
        answer = self.send(request("GET", READS[0], {"Authorization": f"Bearer {token}"}))
        if answer.status != 401:
            self.breach("revoked", answer)


def run(
    served: Served,
    *,
    count: int,
    seconds: float,
    seed: int = 7,
    workers: int = 3,
    samples: int = 10,
) -> SoakFigures:
    """`count` requests (or until `seconds` pass) from `workers` threads; RSS sampled
    `samples` times (and at the end)."""
    figures = SoakFigures()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    traffic = [_Traffic(served, seed * 100 + index, figures, lock) for index in range(workers)]
    sample_every = max(1, count // samples)
    next_sample = [sample_every]
    next_day = [DAY_EVERY]

    def drive(part: _Traffic) -> None:
        try:
            while time.monotonic() < deadline:
                with lock:
                    done = figures.requests
                    if done >= count:
                        return
                    advance = done >= next_day[0]
                    if advance:
                        next_day[0] += DAY_EVERY
                    sample = done >= next_sample[0]
                    if sample:
                        next_sample[0] += sample_every
                if sample:
                    rss = served.rss_kib()
                    with lock:
                        figures.rss_kib.append((done, rss))
                if advance:
                    body = json.dumps({"seconds": STEP_SECONDS}).encode()
                    part.send(request("POST", "/_mock/clock/advance", JSON_TYPE, body))
                if part.epoch < next_day[0] or not part.app:
                    # A day passed: tokens expired. Each thread renews its own (its connection).
                    part.epoch = next_day[0]
                    part.fresh_tokens()
                part.step()
        finally:
            part.client.close()

    threads = [threading.Thread(target=drive, args=(part,)) for part in traffic]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    figures.rss_kib.append((figures.requests, served.rss_kib()))
    return figures
