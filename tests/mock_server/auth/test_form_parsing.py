"""Bad input at the token endpoints gets `invalid_request`, never a 500 (RFC 6749 §3.1, §3.2)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from auth_support import WEB_APP, WEB_SECRET, assert_oauth_error
from hypothesis import given
from hypothesis import strategies as st

from mock_server import MockState, Settings, create_app
from mock_server._inprocess import InProcessTransport

FORM = "application/x-www-form-urlencoded"
GOOD = (
    f"grant_type=client_credentials&client_id={WEB_APP}"
    f"&client_secret={quote(WEB_SECRET, safe='')}&scope=app.music.xboxlive.com"
)


def post(flow, body: bytes | str, content_type: str | None = FORM, path="/accesstoken.srf", **kw):
    headers = dict(kw.pop("headers", {}))
    if content_type is not None:
        headers["Content-Type"] = content_type
    raw = body.encode() if isinstance(body, str) else body
    return flow.client.post(path, content=raw, headers=headers, **kw)


def test_the_well_formed_body_works(flow):
    assert post(flow, GOOD).status_code == 200


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded;charset=UTF-8",
        "application/x-www-form-urlencoded; charset=utf-8",
        'Application/X-WWW-Form-URLEncoded; charset="UTF-8"',
    ],
)
def test_media_type_parameters_and_case_are_accepted(flow, content_type):
    assert post(flow, GOOD, content_type).status_code == 200


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "multipart/form-data; boundary=x",
        "text/plain",
        "application/x-www-form-urlencoded; charset=ISO-8859-1",
    ],
)
def test_other_content_types_are_invalid_request(flow, content_type):
    assert_oauth_error(post(flow, GOOD, content_type), 400, "invalid_request")
    assert "wrong-content-type" in flow.last("/accesstoken.srf").violations


def test_a_body_without_content_type_is_invalid_request(flow):
    assert_oauth_error(post(flow, GOOD, None), 400, "invalid_request")


def test_an_empty_post_reports_the_missing_parameter(flow):
    body = assert_oauth_error(post(flow, b"", None), 400, "invalid_request")
    assert "client_id" in body["error_description"]


def test_a_json_body_is_invalid_request(flow):
    response = flow.client.post("/oauth20_token.srf", json={"grant_type": "refresh_token"})
    assert_oauth_error(response, 400, "invalid_request")


@pytest.mark.parametrize("name", ["grant_type", "client_id", "scope", "client_secret"])
def test_a_repeated_parameter_is_invalid_request(flow, name):
    body = assert_oauth_error(post(flow, f"{GOOD}&{name}=x"), 400, "invalid_request")
    assert name in body["error_description"]
    assert "repeated-parameter" in flow.last("/accesstoken.srf").violations


@pytest.mark.parametrize(
    "body",
    [
        GOOD + "&scope%=x",  # broken escape
        GOOD + "&x=%zz",
        GOOD + "&x=%4",
        GOOD + "&=orphan",  # value without a name
        GOOD.encode() + b"&x=%FF%FE",  # escapes that decode to non-UTF-8
        GOOD.encode() + b"&x=\xff",  # raw bytes that are not UTF-8
    ],
)
def test_malformed_form_encoding_is_invalid_request(flow, body):
    assert_oauth_error(post(flow, body), 400, "invalid_request")
    assert "malformed-parameters" in flow.last("/accesstoken.srf").violations


def test_empty_values_count_as_omitted(flow):
    # RFC 6749 §3.1: `client_secret=` is as if absent, so it is a missing secret, not a wrong one.
    body = GOOD.replace(f"client_secret={quote(WEB_SECRET, safe='')}", "client_secret=")
    error = assert_oauth_error(post(flow, body), 401, "invalid_client")
    assert "missing" in error["error_description"]


def test_empty_pairs_are_skipped(flow):
    assert post(flow, "&&" + GOOD.replace("&", "&&") + "&").status_code == 200


def test_utf8_values_are_decoded(flow):
    # A UTF-8 secret that is wrong must fail as a wrong secret, not as an encoding problem.
    body = GOOD.replace(quote(WEB_SECRET, safe=""), "%C3%A9t%C3%A9")
    error = assert_oauth_error(post(flow, body), 401, "invalid_client")
    assert "wrong" in error["error_description"]


def test_a_declared_huge_body_is_refused_unread(flow):
    response = post(flow, GOOD, headers={"Content-Length": str(10_000_000)})

    assert_oauth_error(response, 400, "invalid_request")
    assert "body-too-large" in flow.last("/accesstoken.srf").violations


def test_a_huge_body_is_invalid_request(flow):
    body = GOOD + "&pad=" + "a" * (70 * 1024)
    error = assert_oauth_error(post(flow, body), 400, "invalid_request")
    assert "larger" in error["error_description"]
    assert "body-too-large" in flow.last("/accesstoken.srf").violations


def test_a_compressed_body_is_invalid_request(flow):
    response = post(flow, GOOD, headers={"Content-Encoding": "gzip"})
    assert_oauth_error(response, 400, "invalid_request")
    assert flow.last("/accesstoken.srf").violations == ["body-too-large"]


@pytest.mark.parametrize("name", ["client_secret", "code", "refresh_token", "code_verifier"])
def test_grant_material_in_the_query_is_refused(flow, name):
    response = post(flow, "grant_type=authorization_code", path=f"/oauth20_token.srf?{name}=abc")

    assert_oauth_error(response, 400, "invalid_request")
    entry = flow.last("/oauth20_token.srf")
    assert entry.credentials[0].location == f"query:{name}"
    assert entry.violations[0].endswith("-in-query")


def test_other_query_parameters_are_ignored(flow):
    assert post(flow, GOOD, path="/accesstoken.srf?trace=1").status_code == 200


@pytest.fixture(scope="module")
def shared_client() -> Iterator[httpx.Client]:
    transport = InProcessTransport(create_app(state=MockState(Settings())))
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:8080") as http:
        yield http


form_like = st.lists(
    st.tuples(
        st.sampled_from(["grant_type", "client_id", "client_secret", "code", "scope", "x", ""]),
        st.text(max_size=20),
    ),
    max_size=6,
).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs).encode("utf-8", "surrogatepass"))


@given(
    body=st.one_of(st.binary(max_size=300), form_like),
    content_type=st.sampled_from([FORM, "text/plain", None]),
)
def test_arbitrary_bodies_never_cause_a_server_error(shared_client, body, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    for path in ("/accesstoken.srf", "/oauth20_token.srf"):
        response = shared_client.post(path, content=body, headers=headers)
        assert response.status_code in (400, 401), response.text
        assert response.json()["error"] in {
            "invalid_request",
            "invalid_client",
            "unsupported_grant_type",
            "invalid_scope",
            "invalid_grant",
        }


def test_two_content_type_headers_are_invalid_request(flow):
    response = flow.client.post(
        "/accesstoken.srf",
        content=GOOD.encode(),
        headers=[("Content-Type", FORM), ("Content-Type", FORM)],
    )

    assert_oauth_error(response, 400, "invalid_request")


awkward_values = st.one_of(
    st.sampled_from(
        [
            WEB_APP,
            "000000004C1B7E2B",
            "http://localhost:3000/callback",
            "http://127.0.0.1:8080/oauth20_desktop.srf",
            "http://[::1",
            "http://localhost:3000:x/",
            "http://localhost:3000/callback%23x",
            "code",
            "token",
            "MicrosoftMediaServices.GrooveApiAccess%20offline_access",
            "none",
            "login",
            "S256",
            "plain",
            "query",
            "fragment",
            "accept",
            "%FF",
            "%",
        ]
    ),
    st.text(max_size=12).map(lambda text: quote(text, safe="")),
)
query_like = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "client_id",
                "redirect_uri",
                "response_type",
                "scope",
                "state",
                "prompt",
                "login_hint",
                "code_challenge",
                "code_challenge_method",
                "response_mode",
                "tx",
                "decision",
                "user_id",
                "",
            ]
        ),
        awkward_values,
    ),
    max_size=8,
)
awkward_redirect_uris = st.sampled_from(
    [
        "http://localhost:3000/callback",
        "http://127.0.0.1:8080/oauth20_desktop.srf",
        "http://[::1/callback",
        "http://localhost:3000:x/",
        "http://localhost:99999/",
        "http://user@localhost:3000/",
        "http://localhost:3000/callback%23x",
        "http://localhost:3000/%FF",
        "%",
    ]
)
# Each request names a client (mostly a real one) and a redirect URI first, so that the checks
# after those two are reached too.
query_like = st.tuples(
    st.sampled_from([WEB_APP, WEB_APP, "000000004C1B7E2B", "nobody"]),
    awkward_redirect_uris,
    query_like,
).map(
    lambda parts: (
        f"client_id={parts[0]}&redirect_uri={parts[1]}&"
        + "&".join(f"{name}={value}" for name, value in parts[2])
    )
)


@given(query=query_like)
def test_arbitrary_browser_requests_never_cause_a_server_error(shared_client, query):
    # The browser-facing endpoints answer with a redirect, a page or a 400 page; never a 500.
    for path in ("/oauth20_authorize.srf", "/oauth20_logout.srf"):
        assert shared_client.get(f"{path}?{query}").status_code in (200, 302), query
    decision = shared_client.post(
        "/ppsecure/post.srf", content=query.encode(), headers={"Content-Type": FORM}
    )
    assert decision.status_code in (200, 302, 400), query
