"""The pytest plugin, run in a scratch project with pytester."""

from __future__ import annotations

import pytest

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


def test_installed_plugin_changes_nothing_by_default(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain():\n    assert 1 + 1 == 2\n")
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["collecting ... collected 1 item"])
    assert "groove-contract::" not in result.stdout.str()
    assert "groove-contract journal" not in result.stdout.str()


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


def test_groove_server_is_a_real_socket_reset_per_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
import httpx
import pytest

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
"""
    )
    pytester.runpytest().assert_outcomes(passed=2)


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


def test_groove_client_option_adds_one_test_per_rule(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(
        "--groove-client",
        "contract_tests.reference_client:make_adapter",
        "--groove-rule",
        "GC-AUTH",
        "-v",
    )
    result.assert_outcomes(passed=7)
    result.stdout.fnmatch_lines(["*groove-contract::GC-AUTH-001 PASSED*"])


def test_groove_client_from_ini_reports_the_broken_rule(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        broken_spec="""
from contract_tests.broken import BROKEN_CLIENTS

factory = BROKEN_CLIENTS["GC-AUTH-006"]
"""
    )
    pytester.makeini("[pytest]\ngroove_client = broken_spec:factory\n")
    pytester.syspathinsert()
    result = pytester.runpytest("--groove-rule", "GC-AUTH-006", "--groove-rule", "GC-AUTH-001")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*GC-AUTH-006 FAILED*", "*expected: the forged callback's code never redeemed*", "*fix:*"]
    )


def test_bad_client_spec_is_a_usage_error(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROOVE_CLIENT", "no_such_module_xyz:factory")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*groove-contract: cannot import 'no_such_module_xyz'*"])
