"""The varied loads: requests drawn at random from a seed, as clients send them.

`varied_reads` is the varied read load: each request carries one of 64 user tokens; four in
five are a lookup of 1 to 3 catalog ids (tracks, albums, artists, playlists) with, half the
time, one extra that applies to the first id's kind; one in five is a collection browse of a
random type with a random `maxItems`. `mixed` adds what else reaches a mock: collection edits,
client-credentials grants, refreshes, requests the API must reject, and complete code sign-ins
(the wrk script takes each code from the authorize answer and redeems it).

Every distinct request is checked once before a load (status, error code, and for reads that
the ids asked for are in the answer); during the load the script counts rejected answers, which
must be those of the rejected requests alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from mock_server import TokenKind
from mock_server._scenario import GROOVE_SCOPE, load_scenario
from mock_server.groove.catalog import load_catalog

from . import _mock as mock
from ._lua import HttpRequest, cycle_script, sign_in_script
from ._plan import Check, Plan

SEED = 12
USER_TOKENS = 64
DISTINCT_READS = 512
MIXED_CYCLE = 240
_KIND_EXTRAS = {
    "Tracks": ("AlbumDetails", "ArtistDetails"),
    "Albums": ("Tracks", "ArtistDetails"),
    "Artists": ("Albums", "TopTracks"),
    "Playlists": ("Tracks",),
}
_BROWSE_TYPES = ("tracks", "albums", "artists", "playlists")


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens the varied loads send: user tokens for the scenario's users in turn, an app
    token, a refresh token (None when sign-in is not there)."""

    users: tuple[str, ...]
    app: str
    refresh: str | None


def mint_tokens(credentials: mock.Credentials) -> Tokens:
    """64 user tokens signed with the key the bench passes to the server, spread over the
    scenario's users with Music Pass (so that browse reads several collections)."""
    service = mock.local_tokens()
    app = mock.web_app()
    scenario = load_scenario()
    users = [u.id for u in scenario.users if u.has_music_pass] or [scenario.default_user_id]
    tokens = tuple(
        service.mint(
            TokenKind.USER,
            app.client_id,
            lifetime=86400,
            user_id=users[i % len(users)],
            scopes={GROOVE_SCOPE},
        )[0]
        for i in range(USER_TOKENS)
    )
    return Tokens(tokens, credentials.app_token, credentials.refresh_token)


def _catalog_ids() -> dict[str, tuple[str, ...]]:
    catalog = load_catalog()
    return {
        "Tracks": tuple(t.id for t in catalog.tracks),
        "Albums": tuple(a.id for a in catalog.albums),
        "Artists": tuple(a.id for a in catalog.artists),
        "Playlists": tuple(p.id for p in catalog.playlists),
    }


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass(frozen=True, slots=True)
class Read:
    check: Check
    ids: tuple[str, ...]  # what the answer must name


def _read(rng: random.Random, tokens: Tokens, ids: dict[str, tuple[str, ...]]) -> Read:
    token = rng.choice(tokens.users)
    if rng.random() < 0.2:
        kind = rng.choice(_BROWSE_TYPES)
        query = urlencode({"maxItems": rng.randint(1, 25)})
        path = f"/1/content/music/collection/{kind}/browse?{query}"
        return Read(Check(HttpRequest("GET", path, _bearer(token)), 200), ())
    first_kind = rng.choice(tuple(ids))
    chosen = [rng.choice(ids[first_kind])]
    for _ in range(rng.randint(0, 2)):
        chosen.append(rng.choice(ids[rng.choice(tuple(ids))]))
    path = f"/1/content/{'+'.join(chosen)}/lookup"
    if rng.random() < 0.5:
        path += "?" + urlencode({"extras": rng.choice(_KIND_EXTRAS[first_kind])})
    return Read(Check(HttpRequest("GET", path, _bearer(token)), 200), tuple(chosen))


def reads(tokens: Tokens, count: int = DISTINCT_READS, seed: int = SEED) -> list[Read]:
    rng = random.Random(seed)  # noqa: S311 - a reproducible load, not a secret
    ids = _catalog_ids()
    return [_read(rng, tokens, ids) for _ in range(count)]


def check_reads(http: httpx.Client, drawn: list[Read]) -> str | None:
    """None when every read gets 200 and names the ids it asked for; else the first problem."""
    for read in drawn:
        request = read.check.request
        answer = http.get(request.path, headers=request.headers)
        if answer.status_code != 200:
            return f"GET {request.path}: {answer.status_code} {answer.text[:160]}"
        missing = [i for i in read.ids if i.lower() not in answer.text.lower()]
        if missing:
            return f"GET {request.path}: the answer does not name {missing[0]}"
    return None


def varied_reads_plan(tokens: Tokens, max_requests: int) -> Plan:
    drawn = reads(tokens)
    return Plan(
        cycle_script([r.check.request for r in drawn], max_requests=max_requests),
        (),
        flow_check=lambda http: check_reads(http, drawn),
    )


def _rejections(rng: random.Random, tokens: Tokens, ids: dict[str, tuple[str, ...]]) -> list[Check]:
    track = rng.choice(ids["Tracks"])
    lookup = f"/1/content/{track}/lookup"
    two = {"Authorization": f"Bearer {tokens.app}, Bearer {rng.choice(tokens.users)}"}
    return [
        Check(HttpRequest("GET", lookup, two), 400, "INCOMPATIBLE_INPUT_PARAMETERS"),
        Check(HttpRequest("GET", lookup), 401, "ACCESS_TOKEN_MISSING"),
        Check(HttpRequest("GET", lookup, _bearer("EgAnything+not/a=token")), 401),
        Check(
            HttpRequest("GET", "/1/content/music/collection/tracks/browse", _bearer(tokens.app)),
            401,
        ),
    ]


def _writes(rng: random.Random, tokens: Tokens, ids: dict[str, tuple[str, ...]]) -> list[Check]:
    """A track added to a user's collection, then deleted: collections stay the same size."""
    token = rng.choice(tokens.users)
    body = '{"TrackIds": ["' + rng.choice(ids["Tracks"]) + '"]}'
    headers = {**_bearer(token), "Content-Type": "application/json"}
    return [
        Check(HttpRequest("POST", "/1/content/music/collection/add", headers, body), 200),
        Check(HttpRequest("POST", "/1/content/music/collection/delete", headers, body), 200),
    ]


@dataclass(frozen=True, slots=True)
class Mix:
    """The mixed load's cycle: what it sends, and the share of it that must be rejected."""

    reads: list[Read]
    others: list[Check]
    cycle: list[HttpRequest]
    rejected_share: float


def mix(tokens: Tokens, seed: int = SEED) -> Mix:
    """In each cycle of 240: 60% varied reads, 10% writes, 10% client-credentials grants, 5%
    refreshes (grants instead without a refresh token), 10% rejections, and 5% sign-ins (the
    authorize request here; its redemption is sent by the script)."""
    rng = random.Random(seed + 1)  # noqa: S311 - a reproducible load, not a secret
    ids = _catalog_ids()
    drawn = [_read(rng, tokens, ids) for _ in range(MIXED_CYCLE * 60 // 100)]
    grant = Check(HttpRequest("POST", mock.APP_TOKEN_PATH, mock.FORM, mock.app_token_form()), 200)
    refresh = grant
    if tokens.refresh is not None:
        body = mock.refresh_form(tokens.refresh)
        refresh = Check(HttpRequest("POST", mock.TOKEN_PATH, mock.FORM, body), 200)
    writes = [w for _ in range(MIXED_CYCLE * 10 // 200) for w in _writes(rng, tokens, ids)]
    rejected = [c for _ in range(MIXED_CYCLE * 10 // 400) for c in _rejections(rng, tokens, ids)]
    others = [
        *writes,
        *[grant] * (MIXED_CYCLE * 10 // 100),
        *[refresh] * (MIXED_CYCLE * 5 // 100),
        *rejected,
    ]
    cycle = [r.check.request for r in drawn] + [c.request for c in others]
    rng.shuffle(cycle)
    return Mix(drawn, others, cycle, len(rejected) / (len(cycle) + MIXED_CYCLE * 5 // 100))


def mixed_plan_of(tokens: Tokens, max_requests: int) -> Plan:
    drawn = mix(tokens)
    authorize = HttpRequest("GET", mock.authorize_path())
    redeem = HttpRequest("POST", mock.TOKEN_PATH, mock.FORM, mock.redeem_form_without_code())
    sign_ins = MIXED_CYCLE * 5 // 100
    step = len(drawn.cycle) // sign_ins
    requests = list(drawn.cycle)
    for index in range(sign_ins):  # the authorize requests, spread over the cycle
        requests.insert(index * (step + 1), authorize)

    def check(http: httpx.Client) -> str | None:
        signed_in = mock.sign_in(http)
        if isinstance(signed_in, str):
            return f"sign-in: {signed_in}"
        return check_reads(http, drawn.reads)

    return Plan(
        sign_in_script(requests[0], redeem, max_requests=max_requests, also=requests[1:]),
        tuple(drawn.others),
        counts_flows=False,
        flow_check=check,
        rejected_share=drawn.rejected_share,
    )
