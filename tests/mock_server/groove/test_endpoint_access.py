"""Which token, where (reference §5, §6 Token column, §9), endpoint by endpoint over HTTP.

The §9 rows themselves are proven on probe routes in test_access.py; this file proves that each
of the 21 endpoints (and the `source=collection` variants) applies the right access rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from mock_server import MockState, TokenKind
from mock_server._scenario import APP_SCOPE, GROOVE_SCOPE

WEB_APP = "000000004C1B7E2A"
ADA, CLEO = "4a1f9c2e7b3d5068", "9e3d6a0f2c7b1845"
GET_LUCKY = "music.A83EB907-0100-11DB-89CA-0019B92A3933"
RAM = "music.B13EB907-0100-11DB-89CA-0019B92A3933"
DAFT_PUNK = "music.C61C0000-0200-11DB-89CA-0019B92A3933"
INSTANCE = "5b559245-96ed-4cf2-a4de-e0a13d66609c"

APP_OR_USER, USER, USER_WITH_PASS = "A|U", "U", "U+P"
COLLECTION = "/1/content/music/collection"
RADIO = "/1/content/music/radio"
DEVICE = f"clientInstanceId={INSTANCE}"
SEED = {"Seeds": [{"Id": DAFT_PUNK, "Type": "Artist"}]}


@dataclass(frozen=True)
class Call:
    row: str
    method: str
    path: str
    need: str
    json: dict[str, Any] | None = None

    def send(self, http: httpx.Client, headers: dict[str, str]) -> httpx.Response:
        return http.request(self.method, self.path, headers=headers, json=self.json)


CALLS = [
    Call("1 lookup", "GET", f"/1/content/{GET_LUCKY}/lookup", APP_OR_USER),
    Call("1 lookup collection", "GET", f"/1/content/{GET_LUCKY}/lookup?source=collection", USER),
    Call("2 search", "GET", "/1/content/music/search?q=daft", APP_OR_USER),
    Call("2 search collection", "GET", "/1/content/music/search?q=a&source=collection", USER),
    Call("3 catalog browse", "GET", "/1/content/music/catalog/albums/browse", APP_OR_USER),
    Call("4 sub-browse", "GET", f"/1/content/{RAM}/catalog/album/tracks/browse", APP_OR_USER),
    Call("5 collection browse", "GET", f"{COLLECTION}/tracks/browse", USER),
    Call("6 genres v3", "GET", "/3/content/music/catalog/genres", APP_OR_USER),
    Call("6 genres v1", "GET", "/1/content/music/catalog/genres", APP_OR_USER),
    Call("7 moods", "GET", "/1/content/music/catalog/moods", APP_OR_USER),
    Call("8 activities", "GET", "/1/content/music/catalog/activities", APP_OR_USER),
    Call("9 spotlight", "GET", "/1/content/music/spotlight", APP_OR_USER),
    Call("10 new releases", "GET", "/1/content/music/newreleases", APP_OR_USER),
    Call("11 preview", "GET", f"/1/content/{GET_LUCKY}/preview?{DEVICE}", APP_OR_USER),
    Call("12 stream", "GET", f"/1/content/{GET_LUCKY}/stream?{DEVICE}", USER_WITH_PASS),
    Call("14 collection add", "POST", f"{COLLECTION}/add", USER, {"TrackIds": [GET_LUCKY]}),
    Call("15 collection delete", "POST", f"{COLLECTION}/delete", USER, {"TrackIds": [GET_LUCKY]}),
    Call("16 playlist create", "POST", f"{COLLECTION}/playlists/create", USER, {"Name": "Mix"}),
    Call("19 radio create", "POST", f"{RADIO}/create", USER, SEED),
    Call("21 radio recently played", "GET", f"{RADIO}/recentlyplayed", USER),
]  # fmt: skip
IDS = [call.row for call in CALLS]


def token(state: MockState, kind: TokenKind, user: str | None = ADA, **options: Any) -> str:
    scopes = {APP_SCOPE} if kind is TokenKind.APP else {GROOVE_SCOPE}
    return state.tokens.mint(
        kind, WEB_APP, lifetime=options.get("lifetime", 3600), user_id=user, scopes=scopes
    )[0]


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def code(response: httpx.Response) -> str:
    return str(response.json()["Error"]["ErrorCode"])


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_no_credential(client: httpx.Client, call: Call):
    response = call.send(client, {})
    assert response.status_code == 401
    expected = (
        "ACCESS_TOKEN_MISSING" if call.need == APP_OR_USER else "INVALID_AUTHORIZATION_HEADER"
    )
    assert code(response) == expected
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="music.xboxlive.com"'


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_app_token(client: httpx.Client, state: MockState, call: Call):
    response = call.send(client, bearer(token(state, TokenKind.APP, None)))
    if call.need == APP_OR_USER:
        assert response.status_code == 200, response.text
        assert "Error" not in response.json()
    else:
        assert response.status_code == 401
        assert response.json()["Error"]["Message"] == "You need user authentication to use this API"
        assert code(response) == "INVALID_AUTHORIZATION_HEADER"


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_user_token_with_music_pass(client: httpx.Client, state: MockState, call: Call):
    response = call.send(client, bearer(token(state, TokenKind.USER)))
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_user_token_without_music_pass(client: httpx.Client, state: MockState, call: Call):
    response = call.send(client, bearer(token(state, TokenKind.USER, CLEO)))
    if call.need == USER_WITH_PASS:
        assert response.status_code == 403
        assert code(response) == "NO_MUSIC_PASS_SUBSCRIPTION"
    else:
        assert response.status_code == 200, response.text


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_two_credentials(client: httpx.Client, state: MockState, call: Call):
    user = token(state, TokenKind.USER)
    app = token(state, TokenKind.APP, None)
    response = call.send(client, {"Authorization": f"Bearer {user}, Bearer {app}"})
    assert response.status_code == 400
    assert code(response) == "INCOMPATIBLE_INPUT_PARAMETERS"


@pytest.mark.parametrize("call", CALLS, ids=IDS)
def test_expired_user_token(client: httpx.Client, state: MockState, call: Call):
    expired = token(state, TokenKind.USER)
    state.clock.advance(3600)
    response = call.send(client, bearer(expired))
    assert response.status_code == 401
    assert code(response) == "AUTHORIZATION_TOKEN_EXPIRED"


def test_user_only_edits_that_need_an_existing_playlist_or_session(
    client: httpx.Client, state: MockState
):
    """Rows 17, 18 and 20 need an object made first; app tokens are refused on them too."""
    user, app = bearer(token(state, TokenKind.USER)), bearer(token(state, TokenKind.APP, None))
    made = client.post(f"{COLLECTION}/playlists/create", headers=user, json={"Name": "Mix"}).json()[
        "PlaylistActionResult"
    ]["Id"]
    radio = client.post(f"{RADIO}/create", headers=user, json=SEED).json()["SessionId"]
    calls = [
        Call("17", "POST", f"{COLLECTION}/playlists/update", USER, {"Id": made, "Name": "2"}),
        Call("20", "GET", f"{RADIO}/{radio}/next", USER),
        Call("18", "POST", f"{COLLECTION}/playlists/delete", USER, {"Id": made}),
    ]  # fmt: skip
    for call in calls:
        refused = call.send(client, app)
        assert refused.status_code == 401, call.row
        assert refused.json()["Error"]["Message"] == "You need user authentication to use this API"
        assert call.send(client, user).status_code == 200, call.row


def test_profile_with_an_app_token_gives_only_the_availability_fields(
    client: httpx.Client, state: MockState
):
    """Row 13: user authentication is 'mandatory', yet the documented non-user examples answer
    with the availability fields only (reference §12.6)."""
    response = client.get(
        "/1/user/music/profile", headers=bearer(token(state, TokenKind.APP, None))
    )
    assert response.status_code == 200
    assert set(response.json()) == {"IsSubscriptionAvailableForPurchase", "Culture"}
    full = client.get("/1/user/music/profile", headers=bearer(token(state, TokenKind.USER)))
    assert {"HasSubscription", "Collection", "Subscription"} <= set(full.json())
