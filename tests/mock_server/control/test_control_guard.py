"""No web page may drive the control plane: no CORS under /_mock/, bodies only as
application/json, and without an admin key only requests naming the mock itself."""

from __future__ import annotations

import httpx
import pytest

from mock_server import MockState, Settings, create_app
from mock_server._inprocess import InProcessTransport
from mock_server.control import MockControl

JSON = {"Content-Type": "application/json"}
PAGE = "https://evil.example"


@pytest.mark.parametrize("method", ["GET", "POST", "OPTIONS"])
def test_no_cors_header_on_any_control_answer(http: httpx.Client, method: str):
    headers = {"Origin": "http://127.0.0.1:8080", "Access-Control-Request-Method": "POST"}
    response = http.request(method, "/_mock/status", headers=headers)
    assert "access-control-allow-origin" not in response.headers
    assert "access-control-allow-methods" not in response.headers


def test_the_groove_api_keeps_its_cors(http: httpx.Client):
    response = http.get("/1/content/music.AR.1/lookup", headers={"Origin": PAGE})
    assert response.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_a_page_could_send_without_preflight_is_refused(
    http: httpx.Client, state: MockState, content_type: str
):
    minted = http.post(
        "/_mock/tokens", content=b'{"kind": "app"}', headers={"Content-Type": content_type}
    )
    assert minted.status_code == 415
    assert minted.json()["error"] == "unsupported_media_type"
    reset = http.post("/_mock/reset", headers={"Content-Type": content_type})
    assert reset.status_code == 415


def test_a_body_without_content_type_is_refused_but_no_body_is_fine(http: httpx.Client):
    assert http.post("/_mock/clock/advance", content=b'{"seconds": 5}').status_code == 415
    assert http.post("/_mock/reset").status_code == 200
    ok = http.post("/_mock/clock/advance", content=b'{"seconds": 5}', headers=JSON)
    assert ok.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "evil.example"},
        {"Host": "evil.example:8080"},
        {"Host": "127.0.0.1.evil.example"},
        {"Origin": PAGE},
        {"Origin": "null"},
    ],
)
def test_a_request_naming_another_site_is_refused(
    http: httpx.Client, state: MockState, headers: dict[str, str]
):
    fault = {"path": "/1/", "status": 500, "times": 1}
    response = http.post("/_mock/faults", json=fault, headers=headers)
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert MockControl(state).faults() == []
    assert http.get("/_mock/status", headers=headers).status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "localhost:8080"},
        {"Host": "[::1]:8080"},
        {"Origin": "http://localhost:8080"},
        {"Origin": "http://127.0.0.1:8080"},
    ],
)
def test_the_mock_own_names_are_served(http: httpx.Client, headers: dict[str, str]):
    assert http.get("/_mock/status", headers=headers).status_code == 200


def test_the_health_check_answers_any_host(http: httpx.Client):
    assert http.get("/_mock/health", headers={"Host": "evil.example"}).status_code == 200


def test_the_admin_key_passes_whatever_the_host():
    state = MockState(Settings(host="0.0.0.0"))
    key = MockControl(state).admin_key
    transport = InProcessTransport(create_app(state=state))
    with httpx.Client(transport=transport, base_url="http://192.0.2.7:8080") as client:
        assert client.get("/_mock/status").status_code == 401
        keyed = client.get("/_mock/status", headers={"X-Admin-Key": str(key)})
        assert keyed.status_code == 200
