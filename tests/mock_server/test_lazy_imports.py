"""What a mock imports, and when: the packages' names on first use, each endpoint's module on
its first request, the control client (httpx) never for serving. Each case runs in a fresh
interpreter, since this one has imported everything already."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

import mock_server
from mock_server import auth, control, groove

# The modules of endpoints other than the catalog lookup, the collection's own (a lookup with
# an app token reads no collection), and the control client.
NOT_FOR_A_LOOKUP = [
    "httpx",
    "mock_server.auth._authorize",
    "mock_server.auth._token_endpoints",
    "mock_server.auth._logout",
    "mock_server.auth._pages",
    "mock_server.control._http",
    "mock_server.control._local",
    "mock_server.control._remote",
    "mock_server.control._fault_middleware",
    "mock_server.control._faults",
    "mock_server.groove.catalog._find",
    "mock_server.groove.catalog._search",
    "mock_server.groove.catalog._load",
    "mock_server.groove.catalog._browse",
    "mock_server.groove.catalog._discovery",
    "mock_server.groove.catalog._subbrowse",
    "mock_server.groove.library._browse",
    "mock_server.groove.library._playlist_routes",
    "mock_server.groove.library._user_data",
    "mock_server.groove.library._types",
    "mock_server.groove.library._playlist_edits",
    "mock_server.groove.library._radio",
    "mock_server.groove._stream",
    "mock_server.groove._stream_media",
    "mock_server.cli._tools",
    "tomllib",
]

_ASGI_GET = """
import asyncio

def get(app, path, headers=()):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": [(k.encode(), v.encode()) for k, v in headers],
        "server": ("127.0.0.1", 8080), "client": ("127.0.0.1", 50000),
    }
    asyncio.run(app(scope, receive, send))
    return sent[0]["status"]
"""


def _run(code: str) -> dict[str, object]:
    """Run `code` in a fresh interpreter; it prints one JSON object last."""
    done = subprocess.run(
        [sys.executable, "-c", _ASGI_GET + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_importing_the_package_imports_none_of_its_parts():
    found = _run(
        """
        import json, sys
        import mock_server
        before = sorted(m for m in sys.modules if m.startswith("mock_server"))
        settings = mock_server.Settings
        print(json.dumps({"before": before, "cached": "Settings" in vars(mock_server)}))
        """
    )
    assert found["before"] == ["mock_server", "mock_server._lazy", "mock_server.types"]
    assert found["cached"] is True


@pytest.mark.parametrize("package", [mock_server, auth, control, groove], ids=str)
def test_every_public_name_is_listed_and_reachable(package):
    assert set(package.__all__) <= set(dir(package))
    for name in package.__all__:
        assert getattr(package, name) is not None
    with pytest.raises(AttributeError, match="has no attribute 'not_a_name'"):
        package.not_a_name  # noqa: B018


def test_a_catalog_lookup_loads_only_what_it_needs_and_the_rest_loads_when_called():
    found = _run(
        f"""
        import json, sys
        from mock_server import MockState, Settings, create_app
        from mock_server._scenario import APP_SCOPE
        from mock_server._tokens import TokenKind
        state = MockState(Settings())
        app = create_app(state=state)
        token, _ = state.tokens.mint(
            TokenKind.APP, "000000004C1B7E2A", lifetime=3600, scopes={{APP_SCOPE}}
        )
        lookup = get(
            app,
            "/1/content/music.A83EB907-0100-11DB-89CA-0019B92A3933/lookup",
            [("authorization", "Bearer " + token)],
        )
        unwanted = {NOT_FOR_A_LOOKUP!r}
        loaded = sorted(m for m in unwanted if m in sys.modules)
        health = get(app, "/_mock/health")
        spotlight = get(app, "/1/content/music/spotlight", [("authorization", "Bearer " + token)])
        later = sorted(m for m in unwanted if m in sys.modules)
        print(json.dumps(
            {{"lookup": lookup, "loaded": loaded, "statuses": [health, spotlight], "later": later}}
        ))
        """
    )
    assert found["lookup"] == 200
    assert found["loaded"] == []
    assert found["statuses"] == [200, 200]
    assert "mock_server.control._http" in found["later"]  # type: ignore[operator]
    assert "mock_server.groove.catalog._discovery" in found["later"]  # type: ignore[operator]
    assert "httpx" not in found["later"]  # type: ignore[operator]


def test_the_serve_command_builds_only_its_own_parser_and_never_imports_httpx():
    found = _run(
        """
        import json, sys
        from mock_server.cli import build_parser
        parser = build_parser(["serve", "--port", "0"])
        args = parser.parse_args(["serve", "--port", "0"])
        print(json.dumps({
            "tools": "mock_server.cli._tools" in sys.modules,
            "httpx": "httpx" in sys.modules,
            "metadata": "importlib.metadata" in sys.modules,
            "run": args.run.__module__,
        }))
        """
    )
    assert found == {
        "tools": False,
        "httpx": False,
        "metadata": False,
        "run": "mock_server.cli._serve",
    }


def test_a_fault_that_answers_does_not_import_httpx_and_a_drop_in_process_does():
    found = _run(
        """
        import json, sys
        import mock_server._server
        from mock_server import MockState, Settings, create_app
        from mock_server.control._fault_queue import FaultQueue
        state = MockState(Settings())
        app = create_app(state=state)
        state.part(FaultQueue).add({"path": "/_nothing", "status": 503})
        answered = get(app, "/_nothing")
        before = "httpx" in sys.modules
        state.part(FaultQueue).add({"path": "/_nothing", "drop": True})
        try:
            get(app, "/_nothing")
            raised = None
        except Exception as exc:
            raised = [c.__module__ + "." + c.__name__ for c in type(exc).__mro__]
        print(json.dumps({"answered": answered, "before": before, "raised": raised}))
        """
    )
    assert found["answered"] == 503
    assert found["before"] is False
    raised = found["raised"]
    assert isinstance(raised, list)
    assert raised[:1] == ["mock_server.control._dropped.DroppedConnection"]
    assert "httpx.RemoteProtocolError" in raised
