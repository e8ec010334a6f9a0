"""The credential rules of reference §5 and §9, through probe routes that call authenticate()
(each Need once) so every row is checked apart from any one endpoint's own logic."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mock_server import MockState, Settings, TokenKind, create_app
from mock_server._inprocess import InProcessTransport
from mock_server._responses import JSONResponse
from mock_server._scenario import APP_SCOPE, GROOVE_SCOPE, App
from mock_server._tokens import TokenService
from mock_server.groove._access import Need, authenticate

WEB_APP = "000000004C1B7E2A"
UNENROLLED_APP = "000000004C1B7E2C"
ADA, CLEO = "4a1f9c2e7b3d5068", "9e3d6a0f2c7b1845"


def _probe(need: Need):  # type: ignore[no-untyped-def]
    async def endpoint(request: Request) -> Response:
        caller = await authenticate(request, need)
        return JSONResponse(
            {"kind": caller.claims.kind.value, "user": caller.user.id if caller.user else None}
        )

    return endpoint


def probe_client(state: MockState) -> httpx.Client:
    app = create_app(state=state)
    for need in Need:
        app.router.routes.append(
            Route(f"/1/probe/{need.value}", _probe(need), methods=["GET", "POST"])
        )
    return httpx.Client(transport=InProcessTransport(app), base_url="http://127.0.0.1:8080")


@pytest.fixture
def probe(state: MockState) -> Iterator[httpx.Client]:
    with probe_client(state) as http:
        yield http


def app_token(state: MockState, client_id: str = WEB_APP, lifetime: float = 3600) -> str:
    return state.tokens.mint(TokenKind.APP, client_id, lifetime=lifetime, scopes={APP_SCOPE})[0]


def user_token(
    state: MockState, user: str = ADA, *, scopes: frozenset[str] = frozenset({GROOVE_SCOPE})
) -> str:
    return state.tokens.mint(TokenKind.USER, WEB_APP, lifetime=3600, user_id=user, scopes=scopes)[0]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def error_of(response: httpx.Response) -> str:
    return str(response.json()["Error"]["ErrorCode"])


# -- zero credentials --------------------------------------------------------------------------


def test_no_credential_on_app_or_user_endpoint_is_access_token_missing(probe: httpx.Client):
    response = probe.get("/1/probe/app-or-user")
    assert response.status_code == 401
    assert error_of(response) == "ACCESS_TOKEN_MISSING"
    # RFC 6750 §3: no error attribute when the request carried no credential.
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="music.xboxlive.com"'


@pytest.mark.parametrize("need", ["user", "user-with-pass"])
def test_no_credential_on_user_endpoint_is_invalid_authorization_header(
    probe: httpx.Client, need: str
):
    response = probe.get(f"/1/probe/{need}")
    assert response.status_code == 401
    assert error_of(response) == "INVALID_AUTHORIZATION_HEADER"
    assert "error=" not in response.headers["WWW-Authenticate"]


# -- more than one credential -------------------------------------------------------------------


def two_credential_requests(state: MockState) -> list[tuple[str, dict[str, object]]]:
    a, u = app_token(state), user_token(state)
    return [
        (
            "two headers",
            {"headers": [("Authorization", f"Bearer {a}"), ("Authorization", f"Bearer {u}")]},
        ),
        ("comma-joined", {"headers": {"Authorization": f"Bearer {a}, Bearer {u}"}}),
        ("header+legacy query", {"headers": bearer(u), "params": {"accessToken": f"Bearer {a}"}}),
        ("header+rfc query", {"headers": bearer(u), "params": {"access_token": a}}),
        ("two query", {"params": [("accessToken", f"Bearer {a}"), ("access_token", a)]}),
        ("same token twice", {"headers": {"Authorization": f"Bearer {a},Bearer {a}"}}),
    ]


@pytest.mark.parametrize("case", range(6))
def test_two_credentials_are_refused_with_400_naming_both_places(
    probe: httpx.Client, state: MockState, case: int
):
    name, kwargs = two_credential_requests(state)[case]
    response = probe.get("/1/probe/app-or-user", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 400, name
    assert error_of(response) == "INCOMPATIBLE_INPUT_PARAMETERS"
    message = response.json()["Error"]["Message"]
    assert "Exactly one auth token" in message and "found 2" in message
    assert response.headers["WWW-Authenticate"].endswith('error="invalid_request"')
    assert state.journal.query(violation="multiple-credentials")


def test_form_body_token_counts_as_a_credential(probe: httpx.Client, state: MockState):
    response = probe.post(
        "/1/probe/app-or-user",
        headers=bearer(app_token(state)),
        data={"access_token": app_token(state)},
    )
    assert response.status_code == 400
    assert "access_token form field" in response.json()["Error"]["Message"]


@pytest.mark.parametrize("settings", [Settings(multiple_credentials="invalid-header")])
def test_a_setting_switches_two_credentials_to_401(probe: httpx.Client, state: MockState):
    a = app_token(state)
    response = probe.get(
        "/1/probe/app-or-user", headers={"Authorization": f"Bearer {a}, Bearer {a}"}
    )
    assert response.status_code == 401
    assert error_of(response) == "INVALID_AUTHORIZATION_HEADER"
    assert 'error="invalid_request"' in response.headers["WWW-Authenticate"]


# -- malformed credentials -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        b"Basic dXNlcjpwYXNz",
        b"Bearer",
        b"Bearer ",
        b"",
        b"garbage",
        b"Bearer a b",
        b"Bearer \xc3\xa9t\xc3\xa9",
    ],
)
def test_malformed_header_is_invalid_authorization_header(probe: httpx.Client, value: bytes):
    response = probe.get("/1/probe/app-or-user", headers=[(b"Authorization", value)])
    assert response.status_code == 401
    assert error_of(response) == "INVALID_AUTHORIZATION_HEADER"
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="music.xboxlive.com"')
    assert "Malformed credential" in response.json()["Error"]["Message"]


def test_bearer_scheme_is_case_insensitive(probe: httpx.Client, state: MockState):
    response = probe.get(
        "/1/probe/app-or-user", headers={"Authorization": f"bearer {app_token(state)}"}
    )
    assert response.status_code == 200


# -- legacy and RFC 6750 query tokens ----------------------------------------------------------


def test_lone_legacy_query_token_is_accepted_in_lenient_mode(probe: httpx.Client, state: MockState):
    token = app_token(state)
    response = probe.get(f"/1/probe/app-or-user?accessToken={quote('Bearer ' + token)}")
    assert response.status_code == 200
    assert response.json()["kind"] == "app"
    assert state.journal.query(violation="credential-not-in-header")


def test_legacy_query_token_not_url_encoded_is_malformed(probe: httpx.Client, state: MockState):
    # Real tokens carry '+', '/' and '='; unencoded, '+' decodes to a space.
    # A '+' inside the token (one at its very end would decode to a trailing space, stripped).
    token = app_token(state)
    while "+" not in token.rstrip("=")[:-1]:
        token = app_token(state)
    response = probe.get(f"/1/probe/app-or-user?accessToken=Bearer%20{token}")
    assert response.status_code == 401
    assert error_of(response) == "INVALID_AUTHORIZATION_HEADER"


@pytest.mark.parametrize("settings", [Settings(strictness="strict")])
@pytest.mark.parametrize("place", ["accessToken", "access_token"])
def test_query_tokens_are_refused_in_strict_mode(probe: httpx.Client, state: MockState, place: str):
    token = app_token(state)
    value = f"Bearer {token}" if place == "accessToken" else token
    response = probe.get(f"/1/probe/app-or-user?{place}={quote(value)}")
    assert response.status_code == 401
    assert error_of(response) == "INVALID_AUTHORIZATION_HEADER"
    assert "Authorization: Bearer" in response.json()["Error"]["Message"]


# -- the §9 table, token by token ---------------------------------------------------------------


def test_valid_app_token_on_app_or_user_endpoint(probe: httpx.Client, state: MockState):
    response = probe.get("/1/probe/app-or-user", headers=bearer(app_token(state)))
    assert response.status_code == 200
    assert response.json() == {"kind": "app", "user": None}
    (entry,) = state.journal.query(path="/1/probe/")
    assert entry.token_kind == "app" and entry.client_id == WEB_APP
    assert entry.credentials[0].location == "header#1"
    assert entry.token_fingerprint and entry.token_fingerprint not in app_token(state)


@pytest.mark.parametrize("need", ["user", "user-with-pass"])
def test_app_token_on_user_endpoint_needs_user_authentication(
    probe: httpx.Client, state: MockState, need: str
):
    response = probe.get(f"/1/probe/{need}", headers=bearer(app_token(state)))
    assert response.status_code == 401
    assert response.json()["Error"] == {
        "ErrorCode": "INVALID_AUTHORIZATION_HEADER",
        "Description": "Missing or invalid authorization header",
        "Message": "You need user authentication to use this API",
    }


def test_user_token_is_accepted_everywhere_it_may_be(probe: httpx.Client, state: MockState):
    for need in ("app-or-user", "user", "user-with-pass"):
        response = probe.get(f"/1/probe/{need}", headers=bearer(user_token(state)))
        assert response.status_code == 200, need
        assert response.json() == {"kind": "user", "user": ADA}


def test_user_without_music_pass_cannot_stream(probe: httpx.Client, state: MockState):
    token = user_token(state, CLEO)
    assert probe.get("/1/probe/user", headers=bearer(token)).status_code == 200
    response = probe.get("/1/probe/user-with-pass", headers=bearer(token))
    assert response.status_code == 403
    assert error_of(response) == "NO_MUSIC_PASS_SUBSCRIPTION"


def test_expired_tokens(probe: httpx.Client, state: MockState):
    app, user = app_token(state), user_token(state)
    state.clock.advance(3600)
    response = probe.get("/1/probe/app-or-user", headers=bearer(app))
    assert (response.status_code, error_of(response)) == (401, "ACCESS_TOKEN_EXPIRED")
    response = probe.get("/1/probe/user", headers=bearer(user))
    assert (response.status_code, error_of(response)) == (401, "AUTHORIZATION_TOKEN_EXPIRED")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_token_is_valid_until_the_last_second(probe: httpx.Client, state: MockState):
    state.clock.freeze()
    token = app_token(state, lifetime=60)
    state.clock.advance(59.9)
    assert probe.get("/1/probe/app-or-user", headers=bearer(token)).status_code == 200
    state.clock.advance(0.1)
    assert probe.get("/1/probe/app-or-user", headers=bearer(token)).status_code == 401


def forged(token: str) -> str:
    middle = len(token) // 2
    return token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]


def test_forged_and_foreign_app_tokens_are_access_token_invalid(
    probe: httpx.Client, state: MockState
):
    foreign = TokenService(state.clock).mint(
        TokenKind.APP, WEB_APP, lifetime=60, scopes={APP_SCOPE}
    )[0]
    for token in (forged(app_token(state)), foreign, "EgAAAA=="):
        response = probe.get("/1/probe/app-or-user", headers=bearer(token))
        assert (response.status_code, error_of(response)) == (401, "ACCESS_TOKEN_INVALID"), token


def test_forged_foreign_or_aad_user_tokens_are_invalid_authorization_header(
    probe: httpx.Client, state: MockState
):
    foreign = TokenService(state.clock).mint(TokenKind.USER, WEB_APP, lifetime=60, user_id=ADA)[0]
    aad_v2 = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"
    for token in (forged(user_token(state)), foreign, aad_v2):
        response = probe.get("/1/probe/app-or-user", headers=bearer(token))
        assert (response.status_code, error_of(response)) == (401, "INVALID_AUTHORIZATION_HEADER")


def test_revoked_tokens(probe: httpx.Client, state: MockState):
    app, user = app_token(state), user_token(state)
    for token in (app, user):
        claims = state.tokens.decode(token)
        assert claims is not None
        state.tokens.revoke(claims)
    response = probe.get("/1/probe/app-or-user", headers=bearer(app))
    assert error_of(response) == "ACCESS_TOKEN_INVALID"
    response = probe.get("/1/probe/user", headers=bearer(user))
    assert error_of(response) == "INVALID_AUTHORIZATION_HEADER"


def test_app_not_enrolled_is_invalid_subscription(probe: httpx.Client, state: MockState):
    for token in (
        app_token(state, UNENROLLED_APP),
        state.tokens.mint(
            TokenKind.USER, UNENROLLED_APP, lifetime=60, user_id=ADA, scopes={GROOVE_SCOPE}
        )[0],
    ):
        response = probe.get("/1/probe/app-or-user", headers=bearer(token))
        assert (response.status_code, error_of(response)) == (
            401,
            "ACCESS_TOKEN_INVALID_SUBSCRIPTION",
        )


def test_enrolment_is_read_live(probe: httpx.Client, state: MockState):
    token = app_token(state)
    app = state.app(WEB_APP)
    assert isinstance(app, App)
    state.put_app(App(**{**{f: getattr(app, f) for f in app.__slots__}, "enrolled": False}))  # type: ignore[attr-defined]
    assert (
        error_of(probe.get("/1/probe/app-or-user", headers=bearer(token)))
        == "ACCESS_TOKEN_INVALID_SUBSCRIPTION"
    )


def test_user_token_without_groove_scope_needs_consent(probe: httpx.Client, state: MockState):
    token = user_token(state, scopes=frozenset({"wl.basic"}))
    response = probe.get("/1/probe/app-or-user", headers=bearer(token))
    assert (response.status_code, error_of(response)) == (401, "MSA_SCOPE_REQUIRES_USER_CONSENT")


def test_revoked_consent_invalidates_earlier_user_tokens(probe: httpx.Client, state: MockState):
    state.clock.freeze()
    before = user_token(state)
    state.revoke_consent(ADA, WEB_APP)
    state.clock.advance(1)
    after = user_token(state)  # consent given again by signing in anew
    assert (
        error_of(probe.get("/1/probe/user", headers=bearer(before)))
        == "MSA_SCOPE_REQUIRES_USER_CONSENT"
    )
    assert probe.get("/1/probe/user", headers=bearer(after)).status_code == 200


def test_refresh_token_is_not_an_access_token(probe: httpx.Client, state: MockState):
    refresh = state.tokens.mint(
        TokenKind.REFRESH, WEB_APP, lifetime=60, user_id=ADA, scopes={GROOVE_SCOPE}
    )[0]
    response = probe.get("/1/probe/app-or-user", headers=bearer(refresh))
    assert (response.status_code, error_of(response)) == (401, "INVALID_AUTHORIZATION_HEADER")
    assert state.journal.query(violation="refresh-token-as-access-token")


def test_a_code_is_not_an_access_token(probe: httpx.Client):
    response = probe.get(
        "/1/probe/app-or-user", headers=bearer("df6aa589-1080-b241-b410-c4dff65dbf7c")
    )
    assert (response.status_code, error_of(response)) == (401, "INVALID_AUTHORIZATION_HEADER")


def test_token_used_after_sign_out_is_journaled_as_a_violation(
    probe: httpx.Client, state: MockState
):
    state.clock.freeze()
    token = user_token(state)
    state.sign_out(ADA, WEB_APP)
    assert probe.get("/1/probe/user", headers=bearer(token)).status_code == 200
    assert state.journal.query(violation="token-used-after-sign-out")


def test_no_token_or_secret_in_the_journal(probe: httpx.Client, state: MockState):
    token = app_token(state)
    probe.get(f"/1/probe/app-or-user?accessToken={quote('Bearer ' + token)}", headers=bearer(token))
    dumped = str([entry.to_json() for entry in state.journal])
    assert token not in dumped and token[2:30] not in dumped


@pytest.mark.parametrize("name", ["access%5Ftoken", "%61ccess_token", "%61ccessToken"])
def test_a_percent_encoded_credential_name_still_counts(
    probe: httpx.Client, state: MockState, name: str
):
    token = app_token(state)
    value = quote(f"Bearer {token}" if name.lower().endswith("token") and "T" in name else token)
    response = probe.get(f"/1/probe/app-or-user?{name}={value}", headers=bearer(token))
    assert response.status_code == 400
    assert error_of(response) == "INCOMPATIBLE_INPUT_PARAMETERS"


def test_a_value_without_a_scheme_is_never_quoted_back(probe: httpx.Client, state: MockState):
    token = app_token(state)
    response = probe.get("/1/probe/app-or-user", headers={"Authorization": token})
    assert response.status_code == 401
    assert token[:8] not in response.text
    assert "an unknown scheme is not the Bearer scheme" in response.json()["Error"]["Message"]
    named = probe.get("/1/probe/app-or-user", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert "Basic is not the Bearer scheme" in named.json()["Error"]["Message"]
