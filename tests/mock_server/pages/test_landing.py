"""`GET /`: the landing page."""

from __future__ import annotations

import httpx
from pages_support import pages_client

from mock_server import MockState, Settings
from mock_server.control._scenario_edit import put_app, put_user

DEMO_SECRET = "gr00ve+Demo/Secret="


def test_landing_page_lists_endpoints_apps_and_users(client: httpx.Client):
    answer = client.get("/")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert "<h1>groove-mock</h1>" in page
    for expected in (
        "http://127.0.0.1:8080/oauth20_authorize.srf",
        "http://127.0.0.1:8080/accesstoken.srf",
        'href="http://127.0.0.1:8080/_mock/status"',
        'href="http://127.0.0.1:8080/_mock/ui"',
        "000000004C1B7E2A",
        "Ada Paid",
        "ben@example.com",
        'href="/_mock/demo/sign-in"',
        'href="/_mock/demo/sign-in?user_id=7c2e0b9d41f8a356"',
    ):
        assert expected in page, expected
    assert "/openapi.json" in page  # the app serves it (mock_server.openapi)


def test_scripts_come_only_from_the_mock(client: httpx.Client):
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'none'" in policy


def test_secrets_shown_on_loopback_only(state: MockState):
    with pages_client(state) as near:
        assert DEMO_SECRET in near.get("/").text
    with pages_client(state, peer="192.0.2.7") as far:
        page = far.get("/").text
    assert DEMO_SECRET not in page
    assert "Client secrets are hidden" in page


def test_secrets_hidden_when_the_mock_is_not_on_loopback():
    state = MockState(Settings(host="0.0.0.0", admin_key="k" * 24))
    with pages_client(state) as near:
        assert DEMO_SECRET not in near.get("/").text


def test_scenario_values_are_escaped(state: MockState, client: httpx.Client):
    put_user(state, "evil", {"name": "<script>alert(1)</script>", "email": "e@example.com"})
    put_app(
        state,
        "x<b>",
        {
            "name": '"><img src=x onerror=alert(1)>',
            "client_secret": "s",
            "redirect_uris": ["http://localhost/<i>"],
        },
    )
    page = client.get("/").text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page
    assert "x&lt;b&gt;" in page


def test_openapi_link_when_the_app_serves_it(state: MockState):
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from mock_server import create_app
    from mock_server._inprocess import InProcessTransport

    app = create_app(state=state)

    async def openapi(request: object) -> JSONResponse:
        return JSONResponse({})

    app.router.routes.append(Route("/openapi.json", openapi))
    with httpx.Client(transport=InProcessTransport(app), base_url="http://127.0.0.1:8080") as c:
        assert 'href="http://127.0.0.1:8080/openapi.json"' in c.get("/").text


def test_other_methods_are_refused(client: httpx.Client):
    answer = client.post("/")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD"
