"""The mock on a real socket: port 0, two ports sharing one state, a busy port, clean stops,
and the faults only a socket can show (a dropped connection)."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from mock_server import MockState, Settings
from mock_server._errors import ServeError
from mock_server._server import RunningServer, start_server, uvicorn_log_level
from mock_server.control import ConnectionAccess, RemoteControl
from mock_server.control._errors import ControlUnauthorized

SPOTLIGHT = "/1/content/music/spotlight"


@pytest.fixture(scope="module")
def web() -> Iterator[httpx.Client]:
    """One plain HTTP client for the module (making one loads a CA bundle: slow)."""
    with httpx.Client(timeout=5) as client:
        yield client


@pytest.fixture
def server() -> Iterator[RunningServer]:
    with start_server(Settings(port=0)) as running:
        yield running


def _refused(web: httpx.Client, url: str) -> bool:
    try:
        web.get(url, timeout=2)
    except httpx.ConnectError:
        return True
    return False


def test_port_0_serves_on_a_free_port_and_the_urls_name_it(
    server: RunningServer, web: httpx.Client
):
    port = server.state.settings.port
    assert port != 0
    assert server.auth_url == server.api_url == f"http://127.0.0.1:{port}"
    assert server.control_url == f"http://127.0.0.1:{port}/_mock"
    assert server.state.settings.public_auth_url == server.auth_url
    assert web.get(f"{server.control_url}/health").json() == {"status": "ok"}
    response = web.get(server.api_url + SPOTLIGHT)
    assert response.status_code == 401
    assert "server" not in response.headers
    assert [e.path for e in server.control.journal()] == [SPOTLIGHT]


def test_stop_releases_the_port_and_is_idempotent(web: httpx.Client):
    server = start_server(Settings(port=0))
    url = f"{server.control_url}/health"
    assert web.get(url).status_code == 200
    started = time.perf_counter()
    server.stop()
    assert time.perf_counter() - started < 3
    assert not server.running
    assert _refused(web, url)
    server.stop()
    again = start_server(Settings(port=server.state.settings.port))
    with again:
        assert web.get(url).status_code == 200


def test_a_busy_port_fails_at_once_with_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError) as caught:
            start_server(Settings(port=port))
    assert str(caught.value) == f"cannot listen on 127.0.0.1:{port}: address already in use"


def test_an_unknown_host_fails_with_one_line():
    with pytest.raises(
        ServeError, match=r"cannot listen on no\.such\.host\.invalid:0: unknown host"
    ):
        start_server(Settings(host="no.such.host.invalid", port=0))


def test_two_ports_share_one_state(web: httpx.Client):
    with start_server(Settings(port=0, api_port=0)) as server:
        assert server.auth_url != server.api_url
        token = server.control.app_token()
        served = web.get(server.api_url + SPOTLIGHT, headers={"Authorization": token.authorization})
        assert served.status_code == 200
        assert web.post(server.auth_url + "/accesstoken.srf").status_code == 400
        # Each side lives on its own port; the control API answers on both.
        assert web.get(server.auth_url + SPOTLIGHT).status_code == 404
        assert web.get(f"{server.api_url}/_mock/health").status_code == 200
        sides = [e.side for e in server.control.journal()]
        assert sides == ["api", "auth", "api"]


def test_an_existing_state_is_served_and_told_its_port():
    state = MockState(Settings(port=0))
    with start_server(state=state) as server:
        assert server.state is state
        assert state.settings.port == int(server.auth_url.rsplit(":", 1)[1])


def test_a_dropped_connection_over_a_socket(
    server: RunningServer, web: httpx.Client, caplog: pytest.LogCaptureFixture
):
    fault = server.control.inject(SPOTLIGHT, drop=True)
    with caplog.at_level(logging.INFO), pytest.raises(httpx.RemoteProtocolError):
        web.get(server.api_url + SPOTLIGHT)
    assert web.get(server.api_url + SPOTLIGHT).status_code == 401
    dropped, answered = server.control.journal()
    assert (dropped.status, dropped.fault) == (0, f"{fault.id}: drop")
    assert answered.status == 401
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_faults_and_the_remote_handle_over_a_socket(server: RunningServer, web: httpx.Client):
    with server.remote() as remote:
        remote.inject(SPOTLIGHT, error="TOO_MANY_REQUESTS", retry_after=2, delay=0.05)
        started = time.perf_counter()
        throttled = web.get(server.api_url + SPOTLIGHT)
        assert time.perf_counter() - started >= 0.05
        assert (throttled.status_code, throttled.headers["Retry-After"]) == (429, "2")
        assert remote.journal(status=429)[0].fault is not None
        assert remote.status()["urls"]["auth"] == server.auth_url


def test_off_loopback_the_mock_generates_an_admin_key():
    # Decided by the settings alone, so no test needs to bind a public interface.
    from mock_server.control import MockControl

    assert MockControl(MockState(Settings(host="0.0.0.0"))).admin_key
    assert MockControl(MockState(Settings(host="::"))).admin_key
    assert MockControl(MockState(Settings())).admin_key is None


def test_a_server_with_a_key_requires_it():
    with start_server(Settings(port=0, admin_key="server-test-key-0123456789")) as server:
        assert server.admin_key == "server-test-key-0123456789"
        assert server.auth_url.startswith("http://127.0.0.1:")
        with RemoteControl(server.auth_url) as keyless, pytest.raises(ControlUnauthorized):
            keyless.status()
        with server.remote() as remote:
            assert remote.status()["admin_key_required"] is True


def test_no_access_log_even_when_a_handler_listens(
    server: RunningServer, web: httpx.Client, caplog: pytest.LogCaptureFixture
):
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("uvicorn.access").addHandler(caplog.handler)
        try:
            web.get(server.api_url + SPOTLIGHT + "?accessToken=Bearer+SECRET-TOKEN")
        finally:
            logging.getLogger("uvicorn.access").removeHandler(caplog.handler)
    server_lines = [r.getMessage() for r in caplog.records if r.name.startswith("uvicorn")]
    assert not [r for r in caplog.records if r.name == "uvicorn.access"]
    assert not [line for line in server_lines if "SECRET-TOKEN" in line]
    assert server.control.journal()[0].query_names == ("accessToken",)


def test_uvicorns_own_info_lines_only_at_debug(caplog: pytest.LogCaptureFixture):
    """uvicorn's "Started server process" and shutdown lines repeat what `serve`'s banner and
    exit line say; its warnings and errors still pass at every level."""

    def uvicorn_lines(level: str) -> list[str]:
        caplog.clear()
        with start_server(Settings(port=0, log_level=level)):
            pass
        return [r.getMessage() for r in caplog.records if r.name.startswith("uvicorn")]

    assert not [line for line in uvicorn_lines("info") if "server process" in line]
    assert logging.getLogger("uvicorn.error").getEffectiveLevel() == logging.WARNING
    assert [line for line in uvicorn_lines("debug") if "Started server process" in line]
    assert uvicorn_log_level("error") == "error"


def test_a_control_id_that_is_not_utf8_is_refused_over_a_socket(
    server: RunningServer, web: httpx.Client
):
    """uvicorn decodes `%FF` to U+FFFD: the control API must look at the raw path."""
    answer = web.put(f"{server.control_url}/users/%FF", json={})
    assert (answer.status_code, answer.json()["error"]) == (400, "bad_request")
    assert "\ufffd" not in {user.id for user in server.state.scenario.users}


def test_the_served_app_is_wrapped_to_keep_the_servers_send():
    with start_server(Settings(port=0)) as running:
        served = [server.config.app for server in running._servers]
    assert all(isinstance(app, ConnectionAccess) for app in served)
