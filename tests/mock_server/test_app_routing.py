"""The app's segment router answers every request exactly as Starlette's plain Router would."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from starlette.routing import Route, Router, compile_path

from mock_server import MockState, Settings, create_app
from mock_server._inprocess import InProcessTransport
from mock_server._routing import CaselessRoute, SegmentRouter, first_segment

BASE_URL = "http://127.0.0.1:8080"
LOOKUP = "/1/content/music.A83EB907-0100-11DB-89CA-0019B92A3933/lookup"

REQUESTS = [
    ("GET", "/"),
    ("GET", "//"),
    ("GET", "/1"),
    ("GET", "/1/"),
    ("GET", "/1/content/music/spotlight"),
    ("GET", "/1/CONTENT/music/SpotLight"),
    ("GET", "/1/content/music/spotlight/"),
    ("GET", "/3/content/music/catalog/genres"),
    ("GET", LOOKUP),
    ("POST", LOOKUP),
    ("DELETE", "/1/content/music/collection/add"),
    ("GET", "/1/content/music/collection/tracks/browse"),
    ("GET", "/1/user/music/profile"),
    ("POST", "/accesstoken.srf"),
    ("POST", "/ACCESSTOKEN.SRF"),
    ("POST", "/accesstoken.srf/"),
    ("GET", "/oauth20_authorize.srf?client_id=nobody&response_type=code"),
    ("GET", "/oauth20_desktop.srf"),
    ("GET", "/_mock"),
    ("GET", "/_mock/"),
    ("GET", "/_mock/journal"),
    ("GET", "/media/preview/nothing.mp3"),
    ("GET", "/MEDIA/preview/nothing.mp3"),
    ("GET", "/m\u00e9dia/preview/nothing.mp3"),
    ("GET", "/unknown"),
    ("GET", "/unknown/"),
]


@pytest.fixture
def clients() -> Iterator[tuple[httpx.Client, httpx.Client]]:
    state = MockState(Settings())
    # The landing page shows the mock clock: frozen, the two answers cannot fall on either
    # side of a second.
    state.clock.freeze()
    fast = create_app(state=state)
    plain = create_app(state=state)
    plain.router = Router(routes=plain.router.routes)
    with (
        httpx.Client(transport=InProcessTransport(fast), base_url=BASE_URL) as one,
        httpx.Client(transport=InProcessTransport(plain), base_url=BASE_URL) as two,
    ):
        yield one, two


@pytest.mark.parametrize(("method", "path"), REQUESTS)
def test_same_answer_as_the_plain_router(clients, method, path):
    fast, plain = clients
    expected = plain.request(method, path)
    got = fast.request(method, path)
    assert (got.status_code, got.headers.raw, got.content) == (
        expected.status_code,
        expected.headers.raw,
        expected.content,
    )


def test_the_app_uses_the_segment_router_over_all_routes():
    app = create_app()
    assert isinstance(app.router, SegmentRouter)
    paths = {getattr(route, "path", None) for route in app.routes}
    assert {"/accesstoken.srf", "/1/content/{ids}/lookup", "/_mock"} <= paths


def test_routes_starting_with_a_parameter_join_every_group():
    from starlette.responses import PlainTextResponse

    def endpoint(request):
        return PlainTextResponse("x")

    routes = [Route("/1/a", endpoint), Route("/{any}/b", endpoint), Route("/2/c", endpoint)]
    assert [first_segment(r) for r in routes] == ["1", None, "2"]
    router = SegmentRouter(routes)
    groups = router._build_groups()
    assert [r.path for r in groups["1"].routes] == ["/1/a", "/{any}/b"]
    assert [r.path for r in groups["2"].routes] == ["/{any}/b", "/2/c"]
    assert [r.path for r in router._anywhere.routes] == ["/{any}/b"]


def test_routes_added_after_creation_are_served():
    from starlette.responses import PlainTextResponse

    def endpoint(request):
        return PlainTextResponse("probe")

    app = create_app()
    app.router.routes.append(Route("/1/probe", endpoint))
    with httpx.Client(transport=InProcessTransport(app), base_url=BASE_URL) as http:
        assert http.get("/1/probe").text == "probe"
        app.router.routes.remove(app.router.routes[-1])
        assert http.get("/1/probe").status_code == 404
        app.router.routes += [Route("/9/late", endpoint)]
        assert http.get("/9/late").text == "probe"
        app.router.routes = [Route("/only", endpoint)]
        assert http.get("/only").text == "probe"
        assert http.get("/9/late").status_code == 404


def test_groove_routes_match_their_paths_without_regard_to_case_and_auth_routes_do_not():
    routes = [r for r in create_app().routes if isinstance(r, Route)]
    groove = [r for r in routes if r.path.startswith(("/1/", "/3/", "/media/"))]
    assert len(groove) > 20
    for route in routes:
        pattern, _, _ = compile_path(route.path)
        assert route.path_regex.pattern == pattern.pattern
        caseless = route in groove
        assert bool(route.path_regex.flags & re.IGNORECASE) is caseless
    lookup = next(r for r in groove if r.path == "/1/content/{ids}/lookup")
    assert lookup.path_regex.match("/1/CONTENT/music.X/LOOKUP")


def test_a_caseless_route_matches_like_starlettes_but_for_case():
    from starlette.routing import Match

    def endpoint(request):
        return None

    route = CaselessRoute("/1/{ns}/x.mp3", endpoint, methods=["POST"])
    plain = Route("/1/{ns}/x.mp3", endpoint, methods=["POST"])
    for path, method in [
        ("/1/music/x.mp3", "POST"),
        ("/1/music/x.mp3", "GET"),
        ("/1/a/b/x.mp3", "POST"),
        ("/1/music/xxmp3", "POST"),
    ]:
        scope = {"type": "http", "path": path, "root_path": "", "method": method}
        assert route.matches(scope) == plain.matches(scope)
    upper = {"type": "http", "path": "/1/music/X.MP3", "root_path": "", "method": "POST"}
    assert route.matches(upper)[0] is Match.FULL
    assert plain.matches(upper)[0] is Match.NONE
