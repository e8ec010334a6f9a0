"""The pytest plugin's fixtures (`groove_mock`, `groove_server`) and markers, run in a scratch
project with pytester."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.contract_tests.test_readme import python_blocks, readme_adapter

ROOT = Path(__file__).resolve().parents[3]

APP_TOKEN_TEST = """
import httpx
import pytest


def app_token(mock):
    env = mock.environment()
    with mock.http() as http:
        response = http.post("/accesstoken.srf", data={
            "grant_type": "client_credentials", "client_id": env.client_id,
            "client_secret": env.client_secret, "scope": "app.music.xboxlive.com"})
    return response.json()["access_token"]
"""


def test_groove_mock_fixture_serves_the_mock_in_process(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        APP_TOKEN_TEST
        + """
def test_lookup(groove_mock):
    token = app_token(groove_mock)
    assert groove_mock.transport is not None
    with groove_mock.http() as http:
        r = http.get("/1/content/music.A83EB907-0100-11DB-89CA-0019B92A3933/lookup",
                      headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    assert [e.path for e in groove_mock.journal][-1].endswith("/lookup")


@pytest.mark.groove_mock(strictness="strict", user_token_lifetime=60)
def test_marker_settings(groove_mock):
    assert groove_mock.state.settings.strict
    assert groove_mock.state.settings.user_token_lifetime == 60
"""
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_recorded_violations_fail_the_test_unless_allowed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        APP_TOKEN_TEST
        + """
def two_credentials(mock):
    token = app_token(mock)
    with mock.http() as http:
        headers = [("Authorization", f"Bearer {token}"), ("Authorization", f"Bearer {token}")]
        return http.get("/1/content/music/search", params={"q": "daft"}, headers=headers)


def test_not_allowed(groove_mock):
    assert two_credentials(groove_mock).status_code == 400


@pytest.mark.groove_allow_violations("multiple-credentials")
def test_allowed_by_name(groove_mock):
    assert two_credentials(groove_mock).status_code == 400


@pytest.mark.groove_allow_violations
def test_allowed_all(groove_mock):
    assert two_credentials(groove_mock).status_code == 400


@pytest.mark.groove_allow_violations("no-credential")
def test_other_name_not_enough(groove_mock):
    assert two_credentials(groove_mock).status_code == 400
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*the mock recorded contract violations*",
            "*GET /1/content/music/search -> 400: multiple-credentials*",
        ]
    )


def test_an_expired_or_revoked_token_is_not_a_violation(pytester: pytest.Pytester) -> None:
    """S15: the marks of what happened to a token (it expired, a test revoked it) do not
    fail a test; the same test with a real breach does."""
    pytester.makepyfile(
        APP_TOKEN_TEST
        + """
from mock_server.control import MockControl


def lookup(mock, token):
    with mock.http() as http:
        headers = {"Authorization": f"Bearer {token}"}
        return http.get("/1/content/music.A83EB907-0100-11DB-89CA-0019B92A3933/lookup",
                        headers=headers)


def test_expired(groove_mock):
    token = app_token(groove_mock)
    groove_mock.advance(86400 + 60)
    assert lookup(groove_mock, token).json()["Error"]["ErrorCode"] == "ACCESS_TOKEN_EXPIRED"
    assert "expired-token" in groove_mock.journal[-1].violations


def test_revoked(groove_mock):
    token = app_token(groove_mock)
    MockControl(groove_mock.state).revoke_token(token)
    assert lookup(groove_mock, token).status_code == 401
    assert "revoked-token" in groove_mock.journal[-1].violations


def test_breach(groove_mock):
    with groove_mock.http() as http:
        http.get("/accesstoken.srf")
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*test_breach*", "*GET /accesstoken.srf -> 405: wrong-method*"])


def test_failed_test_gets_the_journal(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
def test_fails(groove_mock):
    with groove_mock.http() as http:
        http.get("/1/user/music/profile")
    assert False, "boom"
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*groove-contract journal*",
            "#1  *  api   GET     /1/user/music/profile  401  * violations=no-credential",
        ]
    )


SOCKET_TESTS = """
import httpx
import pytest
from mock_server import MockControl

PORTS = set()
pytestmark = pytest.mark.groove_allow_violations("no-credential")


def _call(groove_server):
    PORTS.add(groove_server.base_url)
    assert groove_server.transport is None
    r = httpx.get(groove_server.base_url + "/1/content/music/spotlight")
    assert r.status_code == 401
    assert len(groove_server.journal) == 1


def test_one(groove_server):
    _call(groove_server)


def test_two(groove_server):
    _call(groove_server)
    assert len(PORTS) == 1


def test_control_over_the_socket(groove_server):
    assert isinstance(groove_server.control, MockControl)
    groove_server.control.inject("/1/*", status=503, retry_after=7)
    r = httpx.get(groove_server.base_url + "/1/content/music/spotlight")
    assert (r.status_code, r.headers["retry-after"]) == (503, "7")
    groove_server.control.assert_faults_fired()
"""


def test_groove_server_is_a_real_socket_reset_per_test(pytester: pytest.Pytester) -> None:
    # In a subprocess: a socket client imports httpcore, and an in-process run would drop it
    # from sys.modules afterwards, leaving httpx unable to map its errors for later tests.
    pytester.makepyfile(SOCKET_TESTS)
    pytester.runpytest_subprocess().assert_outcomes(passed=3)


def test_httpx_maps_a_refused_connection() -> None:
    """Run after the socket test, in one process (below): httpx still turns httpcore's
    errors into its own, so no test before left a second copy of httpcore behind."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nobody listens
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=5)


def test_the_plugin_tests_leave_no_trace_for_later_tests() -> None:
    """`test_plugin.py` then `tests/mock_server/test_cli_tools.py` once failed: an in-process
    pytester run imported httpcore, pytester dropped it, and httpx stopped mapping
    httpcore.ConnectError. The socket test, then a test of that mapping, in a fresh process
    (the other order cannot fail: the mapping is checked before any pytester run)."""
    here = f"{Path(__file__).relative_to(ROOT)}"
    tests = [
        f"{here}::test_groove_server_is_a_real_socket_reset_per_test",
        f"{here}::test_httpx_maps_a_refused_connection",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *tests],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_unknown_marker_setting_is_an_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
import pytest


@pytest.mark.groove_mock(strictnes="strict")
def test_typo(groove_mock):
    pass
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown setting 'strictnes'*"])


def test_a_violation_counts_for_xfail(pytester: pytest.Pytester) -> None:
    """S19: the mock's verdict is the test's failure: an xfail test that breaks a rule is XFAIL,
    not XPASS(strict) with a journal; one that breaks nothing is still XPASS(strict)."""
    pytester.makepyfile(
        """
import pytest
from contract_tests import ContractViolation


def no_credential(mock):
    with mock.http() as http:
        http.get("/1/content/music/spotlight")


@pytest.mark.xfail(reason="known bug: sends no credential", strict=True)
def test_known_bug(groove_mock):
    no_credential(groove_mock)


@pytest.mark.xfail(raises=ContractViolation, strict=True)
def test_known_bug_by_type(groove_mock):
    no_credential(groove_mock)


@pytest.mark.xfail(strict=True)
def test_no_bug(groove_mock):
    pass
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(xfailed=2, failed=1)
    result.stdout.fnmatch_lines(["*_ test_no_bug _*", "*XPASS(strict)*"])


def test_groove_mock_control_drives_faults_and_the_clock(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        APP_TOKEN_TEST
        + """
from mock_server import MockControl

LOOKUP = "/1/content/music.A83EB907-0100-11DB-89CA-0019B92A3933/lookup"


def lookup(mock, token):
    with mock.http() as http:
        return http.get(LOOKUP, headers={"Authorization": f"Bearer {token}"})


def test_faults(groove_mock):
    assert isinstance(groove_mock.control, MockControl)
    assert groove_mock.control is groove_mock.control
    token = app_token(groove_mock)
    groove_mock.control.inject("/1/content/*/lookup", error="TOO_MANY_REQUESTS", retry_after=2)
    throttled = lookup(groove_mock, token)
    assert (throttled.status_code, throttled.headers["retry-after"]) == (429, "2")
    assert lookup(groove_mock, token).status_code == 200
    groove_mock.control.assert_faults_fired()


def test_clock(groove_mock):
    token = app_token(groove_mock)
    groove_mock.control.advance(86400 + 60)
    expired = lookup(groove_mock, token).json()["Error"]["ErrorCode"]
    assert expired == "ACCESS_TOKEN_EXPIRED"
"""
    )
    pytester.runpytest().assert_outcomes(passed=2)


README_FIXTURE_SNIPPET = """
from my_groove_adapter import MyClient

LOOKUP = "/1/content/music.A83EB907-0100-11DB-89CA-0019B92A3933/lookup"


def test_my_client_waits_out_a_429(groove_mock):
    groove_mock.control.inject("/1/content/*/lookup", error="TOO_MANY_REQUESTS", retry_after=1)
    client = MyClient(groove_mock.environment())  # in process: env.transport, no socket
    assert client.get(LOOKUP).status_code == 200
    assert [e.status for e in groove_mock.journal if e.path == LOOKUP] == [429, 200]
    groove_mock.control.assert_faults_fired()


def test_my_client_renews_an_expired_token(groove_mock):
    client = MyClient(groove_mock.environment())
    client.get(LOOKUP)
    groove_mock.control.advance(86400)  # the app token expires on the mock's clock
    assert client.get(LOOKUP).status_code == 200
    assert [e.status for e in groove_mock.journal if e.path == LOOKUP] == [200, 401, 200]
"""
"""The README's pytest step shows this (run here with the README's adapter)."""


def test_the_fixture_snippet_works_with_the_readme_adapter(pytester: pytest.Pytester) -> None:
    shown = [block for block in python_blocks() if "groove_mock" in block]
    assert shown in ([], [README_FIXTURE_SNIPPET.lstrip("\n")]), "the README shows another one"
    pytester.makepyfile(my_groove_adapter=readme_adapter(), test_mine=README_FIXTURE_SNIPPET)
    pytester.syspathinsert()
    pytester.runpytest().assert_outcomes(passed=2)
