"""Fault injection, both ways in: every kind of fault, matching, counting, listing, and the
control plane's refusals of faults that make no sense."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from mock_server import MockState
from mock_server.control import Control, DroppedConnection
from mock_server.control._errors import ControlError, ControlNotFound

SPOTLIGHT = "/1/content/music/spotlight"

JSON = {"Content-Type": "application/json"}


def test_a_groove_error_fault_answers_with_the_envelope_and_is_journaled(
    control: Control, http: httpx.Client, state: MockState
):
    fault = control.inject("/1/*", error="TOO_MANY_REQUESTS", retry_after=7, message="slow down")
    assert (fault.id, fault.remaining, fault.error) == (fault.id, 1, "TOO_MANY_REQUESTS")

    response = http.get(SPOTLIGHT)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {
        "Error": {
            "ErrorCode": "TOO_MANY_REQUESTS",
            "Description": "Too many requests",
            "Message": "slow down",
        }
    }
    (entry,) = control.journal(path=SPOTLIGHT)
    assert entry.status == 429
    assert entry.error_code == "TOO_MANY_REQUESTS"
    assert entry.fault == f"{fault.id}: 429 TOO_MANY_REQUESTS"
    assert control.faults() == []


def test_an_oauth_error_fault_answers_in_oauth_shape(control: Control, http: httpx.Client):
    control.inject("/oauth20_token.srf", method="POST", error="invalid_grant")

    response = http.post("/oauth20_token.srf", data={"grant_type": "refresh_token"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert set(response.json()) == {"error", "error_description"}
    assert response.headers["Cache-Control"] == "no-store"
    assert control.journal(error_code="invalid_grant")[0].fault is not None


def test_a_status_overrides_the_errors_own(control: Control, http: httpx.Client):
    control.inject(SPOTLIGHT, error="CATALOG_UNAVAILABLE", status=503)
    response = http.get(SPOTLIGHT)
    assert response.status_code == 503
    assert response.json()["Error"]["ErrorCode"] == "CATALOG_UNAVAILABLE"


@pytest.mark.parametrize(
    ("path", "status", "expected"),
    [
        (SPOTLIGHT, 503, {"ErrorCode": "SERVICE_UNAVAILABLE"}),
        (SPOTLIGHT, 500, {"ErrorCode": "INTERNAL_SERVER_ERROR"}),
        (SPOTLIGHT, 418, {"ErrorCode": "INVALID_INPUT_PARAMETER"}),
        ("/accesstoken.srf", 503, {"error": "temporarily_unavailable"}),
        ("/accesstoken.srf", 429, {"error": "temporarily_unavailable"}),
        ("/accesstoken.srf", 502, {"error": "server_error"}),
    ],
)
def test_a_status_alone_picks_an_error_in_the_sides_own_shape(
    control: Control, http: httpx.Client, path: str, status: int, expected: dict[str, str]
):
    control.inject(path, status=status, retry_after=1)
    response = http.post(path) if path.endswith(".srf") else http.get(path)
    assert response.status_code == status
    assert response.headers["Retry-After"] == "1"
    body = response.json()
    found = body.get("Error", body)
    assert {key: found[key] for key in expected} == expected


def test_a_dropped_connection_gives_no_response_and_is_journaled_with_status_0(
    control: Control, http: httpx.Client
):
    fault = control.inject(SPOTLIGHT, drop=True)

    with pytest.raises(httpx.RemoteProtocolError) as caught:
        http.get(SPOTLIGHT)

    assert isinstance(caught.value, DroppedConnection)
    (entry,) = control.journal(path=SPOTLIGHT)
    assert (entry.status, entry.fault) == (0, f"{fault.id}: drop")
    assert http.get(SPOTLIGHT).status_code != 0  # the next request is answered again


def test_a_malformed_answer_is_not_json(control: Control, http: httpx.Client):
    default = control.inject(SPOTLIGHT, malformed=True)
    chosen = control.inject(
        SPOTLIGHT, malformed=True, status=502, body="<html>bad gateway", retry_after=3
    )

    first = http.get(SPOTLIGHT)
    second = http.get(SPOTLIGHT)

    assert first.status_code == 200
    assert first.headers["Content-Type"] == "application/json"
    with pytest.raises(ValueError, match=r"Unterminated|Expecting|delimiter"):
        first.json()
    assert (second.status_code, second.text) == (502, "<html>bad gateway")
    assert second.headers["Retry-After"] == "3"
    assert [e.fault for e in control.journal()] == [
        f"{default.id}: malformed 200",
        f"{chosen.id}: malformed 502",
    ]


def test_a_delay_only_fault_slows_the_request_and_lets_it_through(
    control: Control, http: httpx.Client
):
    plain = http.get(SPOTLIGHT)
    fault = control.inject(SPOTLIGHT, delay=0.15)

    started = time.perf_counter()
    delayed = http.get(SPOTLIGHT)
    elapsed = time.perf_counter() - started

    assert elapsed >= 0.15
    assert (delayed.status_code, delayed.json()) == (plain.status_code, plain.json())
    assert control.journal()[-1].fault == f"{fault.id}: delay 0.15s"


def test_a_delay_comes_before_the_error(control: Control, http: httpx.Client):
    control.inject(SPOTLIGHT, delay=0.05, status=503)
    started = time.perf_counter()
    assert http.get(SPOTLIGHT).status_code == 503
    assert time.perf_counter() - started >= 0.05


def test_a_fault_fires_times_times_then_is_gone(control: Control, http: httpx.Client):
    fault = control.inject(SPOTLIGHT, status=503, times=3)
    statuses = [http.get(SPOTLIGHT).status_code for _ in range(4)]
    assert statuses[:3] == [503, 503, 503]
    assert statuses[3] != 503
    assert fault.times == 3
    assert control.faults() == []


def test_pending_faults_are_listed_with_what_is_left(control: Control, http: httpx.Client):
    first = control.inject(SPOTLIGHT, status=503, times=2)
    second = control.inject("/oauth20_token.srf", error="invalid_grant")
    http.get(SPOTLIGHT)

    pending = control.faults()

    assert [(f.id, f.remaining) for f in pending] == [(first.id, 1), (second.id, 1)]
    with pytest.raises(AssertionError, match="2 fault\\(s\\) still queued"):
        control.assert_faults_fired()


def test_faults_can_be_removed_one_by_one_or_all(control: Control):
    first = control.inject(SPOTLIGHT, status=503)
    control.inject(SPOTLIGHT, status=500)
    control.inject(SPOTLIGHT, status=502)
    control.remove_fault(first.id)
    assert len(control.faults()) == 2
    with pytest.raises(ControlNotFound, match=first.id):
        control.remove_fault(first.id)
    assert control.clear_faults() == 2
    assert control.faults() == []
    control.assert_faults_fired()


def test_the_first_matching_fault_wins_and_others_wait(control: Control, http: httpx.Client):
    control.inject("/1/*", status=500)
    control.inject(SPOTLIGHT, status=503)
    assert http.get(SPOTLIGHT).status_code == 500
    assert http.get(SPOTLIGHT).status_code == 503


@pytest.mark.parametrize(
    ("pattern", "hits", "misses"),
    [
        ("/1/content/*/lookup", ["/1/content/music.X+music.Y/lookup"], ["/1/content/x/search"]),
        ("/1/CONTENT/music/spotlight", [SPOTLIGHT], ["/1/content/music/newreleases"]),
        ("re:/1/content/music/(spotlight|newreleases)", [SPOTLIGHT], ["/1/content/music/x"]),
        ("re:/1/", [], [SPOTLIGHT]),  # a regex must match the whole path
        ("*.srf", ["/oauth20_token.srf"], [SPOTLIGHT]),
    ],
)
def test_path_patterns_are_globs_or_whole_path_regexes_ignoring_case(
    control: Control, http: httpx.Client, pattern: str, hits: list[str], misses: list[str]
):
    control.inject(pattern, status=503, times=len(hits) + len(misses) + 1)
    for path in hits:
        assert http.get(path).status_code == 503, path
    for path in misses:
        assert http.get(path).status_code != 503, path


def test_method_filters_the_matching_requests(control: Control, http: httpx.Client):
    control.inject("/oauth20_token.srf", method="post", status=503, times=5)
    assert http.get("/oauth20_token.srf").status_code != 503
    assert http.post("/oauth20_token.srf").status_code == 503
    control.clear_faults()
    control.inject(SPOTLIGHT, method="GET, POST", status=503, times=5)
    assert http.post(SPOTLIGHT).status_code == 503
    assert control.faults()[0].method == "GET,POST"


def test_the_control_plane_is_never_faulted(control: Control, http: httpx.Client):
    control.inject("*", drop=True, times=100)
    assert http.get("/_mock/health").json() == {"status": "ok"}
    assert len(control.faults()) == 1
    with pytest.raises(httpx.RemoteProtocolError):
        http.get(SPOTLIGHT)


def test_reset_clears_the_queued_faults(control: Control):
    control.inject(SPOTLIGHT, status=503)
    control.reset()
    assert control.faults() == []


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"error": "NOT_A_CODE"}, "unknown error 'NOT_A_CODE'"),
        ({"status": 99}, "status must be between 200 and 599"),
        ({"status": 200}, "needs a 4xx or 5xx"),
        ({"status": "soon"}, "status must be an integer"),
        ({"status": True}, "status must be an integer"),
        ({"drop": True, "status": 503}, "a dropped connection has no status"),
        ({"drop": True, "retry_after": 1}, "a dropped connection has no status"),
        ({"malformed": True, "error": "TOO_MANY_REQUESTS"}, "a malformed answer has no error"),
        ({"body": "x"}, "body is only for malformed answers"),
        ({"message": "x"}, "message needs an error answer"),
        ({"retry_after": 3}, "retry_after needs an answer"),
        ({"retry_after": -1, "status": 503}, "retry_after must be between 0"),
        ({"delay": 301}, "delay must be between 0 and 300"),
        ({"delay": -0.1}, "delay must be between 0 and 300"),
        ({"times": 0, "status": 503}, "times must be between 1"),
        ({"path": "1/content", "status": 503}, "must start with '/'"),
        ({"path": "re:(", "status": 503}, "bad regular expression"),
        ({"path": "", "status": 503}, "path must be a non-empty string"),
        ({"method": "G E T", "status": 503}, "give '\\*' or methods"),
        ({"drop": "yes"}, "drop must be true or false"),
    ],
)
def test_bad_faults_are_refused_with_a_one_line_message(
    control: Control, spec: dict[str, Any], message: str
):
    with pytest.raises(ControlError, match=message) as caught:
        control.inject(**spec)
    assert "\n" not in str(caught.value)
    assert control.faults() == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"status": 99}', "status must be between 200 and 599"),
        (b'{"statuz": 503}', "unknown field 'statuz'"),
        (b"[1, 2]", "body must be a JSON object"),
        (b'{"delay": Infinity}', "body is not JSON"),
        (b'{"delay": NaN}', "body is not JSON"),
        (b'{"status": 503', "body is not JSON"),
        (b"\xff\xfe", "body is not JSON"),
    ],
)
def test_bad_faults_over_http_are_400_with_the_control_error_shape(
    http: httpx.Client, raw: bytes, message: str
):
    response = http.post("/_mock/faults", content=raw, headers=JSON)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert set(response.json()) == {"error", "message"}
    assert message in response.json()["message"]
    assert http.get("/_mock/faults").json() == []


def test_faults_over_http_list_and_delete(http: httpx.Client):
    created = http.post("/_mock/faults", json={"path": SPOTLIGHT, "status": 503, "times": 2})
    assert created.status_code == 201
    fault_id = created.json()["id"]
    listed = http.get("/_mock/faults").json()
    assert [(f["id"], f["remaining"], f["status"]) for f in listed] == [(fault_id, 2, 503)]
    assert http.delete(f"/_mock/faults/{fault_id}").json() == {"removed": fault_id}
    missing = http.delete(f"/_mock/faults/{fault_id}")
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    http.post("/_mock/faults", json={"status": 503})
    assert http.delete("/_mock/faults").json() == {"cleared": 1}


def test_fault_ids_count_the_faults_armed_or_refused_for_a_value_not_for_an_unknown_field():
    from mock_server.control._fault_queue import FaultQueue

    queue = FaultQueue()
    with pytest.raises(ControlError, match="unknown field 'statuz'"):
        queue.add({"statuz": 503})
    with pytest.raises(ControlError, match="unknown error"):
        queue.add({"error": "NOT_A_CODE"})
    assert queue.add({"status": 503}).id == "f2"
    assert queue.armed and [fault.id for fault in queue.pending()] == ["f2"]
