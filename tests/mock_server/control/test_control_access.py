"""Who may use the control API, and where it lives: open on loopback, the admin key off
loopback (or whenever one is set), only under /_mock/, always JSON, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from mock_server import MockState, Settings, create_app
from mock_server._inprocess import InProcessTransport
from mock_server.control import MockControl, RemoteControl
from mock_server.control._errors import ControlUnauthorized

JSON = {"Content-Type": "application/json"}
BASE_URL = "http://127.0.0.1:8080"


def _client(state: MockState) -> httpx.Client:
    return httpx.Client(transport=InProcessTransport(create_app(state=state)), base_url=BASE_URL)


@pytest.fixture
def exposed() -> MockState:
    """A mock bound to every interface, with no key configured."""
    return MockState(Settings(host="0.0.0.0"))


@pytest.fixture
def exposed_http(exposed: MockState) -> Iterator[httpx.Client]:
    with _client(exposed) as client:
        yield client


def test_on_loopback_the_control_api_is_open(http: httpx.Client, state: MockState):
    assert MockControl(state).admin_key is None
    assert http.get("/_mock/status").status_code == 200


def test_off_loopback_a_key_is_generated_and_required(
    exposed: MockState, exposed_http: httpx.Client
):
    key = MockControl(exposed).admin_key
    assert key is not None and len(key) >= 24
    refused = exposed_http.get("/_mock/status")
    assert refused.status_code == 401
    assert refused.json()["error"] == "unauthorized"
    assert "admin key" in refused.json()["message"]
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    bearer = exposed_http.get("/_mock/status", headers={"Authorization": f"Bearer {key}"})
    assert bearer.status_code == 200
    assert bearer.json()["admin_key_required"] is True
    header = exposed_http.get("/_mock/journal", headers={"X-Admin-Key": key})
    assert header.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer wrong"},
        {"X-Admin-Key": "wrong"},
        {"Authorization": "Basic d3Jvbmc6d3Jvbmc="},
        {"Authorization": "Bearer"},
        {"X-Admin-Key": ""},
        {"Authorization": b"Bearer \xff\xfe"},
        {"X-Admin-Key": b"\x00\xff"},
    ],
)
def test_a_wrong_or_malformed_key_is_refused(
    exposed_http: httpx.Client, headers: dict[str, str | bytes]
):
    refused = exposed_http.post("/_mock/reset", headers=headers)
    assert refused.status_code == 401
    assert set(refused.json()) == {"error", "message"}


def test_every_control_endpoint_is_behind_the_key_except_health(exposed_http: httpx.Client):
    assert exposed_http.get("/_mock/health").json() == {"status": "ok"}
    for method, path in [
        ("GET", "/_mock/journal"),
        ("DELETE", "/_mock/journal"),
        ("POST", "/_mock/faults"),
        ("POST", "/_mock/clock/advance"),
        ("GET", "/_mock/scenario"),
        ("PUT", "/_mock/users/x"),
        ("POST", "/_mock/tokens"),
        ("POST", "/_mock/reset"),
        ("GET", "/_mock/no-such-endpoint"),
    ]:
        assert exposed_http.request(method, path).status_code == 401, (method, path)


def test_a_configured_key_is_required_even_on_loopback():
    state = MockState(Settings(admin_key="s3cret"))
    with _client(state) as http:
        assert http.get("/_mock/status").status_code == 401
        assert http.get("/_mock/status", headers={"X-Admin-Key": "s3cret"}).status_code == 200
        remote = RemoteControl(BASE_URL, admin_key="s3cret", client=http)
        assert remote.status()["admin_key_required"] is True
        with pytest.raises(ControlUnauthorized):
            RemoteControl(BASE_URL, client=http).journal()
        assert RemoteControl(BASE_URL, client=http).health() is True


def test_the_key_survives_a_reset(exposed: MockState, exposed_http: httpx.Client):
    key = MockControl(exposed).admin_key
    assert exposed_http.post("/_mock/reset", headers={"X-Admin-Key": key}).status_code == 200
    assert MockControl(exposed).admin_key == key


@pytest.mark.parametrize(
    "path",
    ["/1/_mock/status", "/1/content/_mock/journal", "/_MOCK/status", "/x/_mock/reset"],
)
def test_the_control_plane_lives_only_under_its_prefix(http: httpx.Client, path: str):
    response = http.get(path)
    assert response.status_code == 404
    assert "urls" not in response.json()


def test_unknown_endpoints_and_methods_answer_in_json(http: httpx.Client):
    missing = http.get("/_mock/nope")
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    wrong = http.delete("/_mock/clock")
    assert (wrong.status_code, wrong.json()["error"]) == (405, "method_not_allowed")
    assert "GET" in wrong.headers["Allow"]


@pytest.mark.parametrize(
    "raw",
    [b"{", b"[]", b'"text"', b"\xff", b'{"seconds": NaN}', b'{"seconds": 1e999}', b"null"],
)
def test_malformed_bodies_are_400_never_500(http: httpx.Client, raw: bytes):
    response = http.post("/_mock/clock/advance", content=raw, headers=JSON)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert "\n" not in response.json()["message"]


def test_an_oversized_body_is_refused(http: httpx.Client):
    response = http.post("/_mock/faults", content=b" " * (1 << 20) + b"{}", headers=JSON)
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert "larger than" in response.json()["message"]


def test_the_status_endpoint(http: httpx.Client):
    status = http.get("/_mock/status").json()
    assert status["urls"] == {
        "auth": BASE_URL,
        "api": BASE_URL,
        "control": f"{BASE_URL}/_mock",
    }
    assert status["journal"]["max_entries"] == 10_000
    assert status["admin_key_required"] is False
    assert status["faults_pending"] == 0


def test_an_unexpected_error_is_a_json_500_logged_without_its_message(
    state: MockState, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    # A message may quote a request value (a token to revoke): the log keeps type and frames.
    def crash(self: MockControl, token: str, *, grant: bool = False) -> None:
        raise RuntimeError(f"cannot revoke {token}")

    monkeypatch.setattr(MockControl, "revoke_token", crash)
    with _client(state) as http:
        response = http.post("/_mock/tokens/revoke", json={"token": "EwA-SECRET-TOKEN"})
    assert response.status_code == 500
    assert response.json() == {
        "error": "internal",
        "message": "unexpected error in the control API",
    }
    logged = [r for r in caplog.records if r.name == "groove_mock"]
    assert logged
    assert "RuntimeError" in logged[0].getMessage()
    assert "crash" in logged[0].getMessage()  # the frames, to find the bug
    assert not [r for r in logged if "SECRET" in r.getMessage() or r.exc_info]
