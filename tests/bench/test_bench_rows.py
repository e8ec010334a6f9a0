"""Pre-flight checks: expected answers, endpoints not there yet, and the rows' requests."""

from __future__ import annotations

import httpx
import pytest

from bench import _mock as mock
from bench import _varied as varied
from bench._loads import unexpected_answers
from bench._lua import HttpRequest
from bench._plan import Check, Plan
from bench._rows import LOAD_ROWS, error_code_of, verdict_of_check
from bench._wrk import WrkResult

CHECK = Check(HttpRequest("GET", "/1/x"), 200)
REJECT = Check(HttpRequest("GET", "/1/x"), 400, "INCOMPATIBLE_INPUT_PARAMETERS")


def _groove(status: int, code: str | None) -> httpx.Response:
    body = {"Error": {"ErrorCode": code, "Description": "d"}} if code else {"Tracks": {}}
    return httpx.Response(status, json=body)


def test_the_expected_answer_passes():
    assert verdict_of_check(_groove(200, None), CHECK) is None
    assert verdict_of_check(_groove(400, "INCOMPATIBLE_INPUT_PARAMETERS"), REJECT) is None


def test_the_routers_404_and_405_mean_not_available_yet():
    assert verdict_of_check(_groove(404, "INVALID_INPUT_PARAMETER"), CHECK) == mock.NOT_AVAILABLE
    assert verdict_of_check(_groove(405, "UNAUTHORIZED_API_METHOD"), CHECK) == mock.NOT_AVAILABLE
    oauth = httpx.Response(404, json={"error": "invalid_request", "error_description": "x"})
    assert verdict_of_check(oauth, CHECK) == mock.NOT_AVAILABLE
    assert verdict_of_check(httpx.Response(404, text="Not Found"), CHECK) == mock.NOT_AVAILABLE


def test_a_domain_404_or_another_surprise_is_an_error():
    assert verdict_of_check(_groove(404, "CATALOG_NO_RESULT"), CHECK) == (
        "expected 200, got 404 CATALOG_NO_RESULT"
    )
    assert verdict_of_check(_groove(401, "INVALID_AUTHORIZATION_HEADER"), REJECT) == (
        "expected 400 INCOMPATIBLE_INPUT_PARAMETERS, got 401 INVALID_AUTHORIZATION_HEADER"
    )
    assert verdict_of_check(_groove(400, "MISSING_INPUT_PARAMETER"), REJECT).startswith("expected")


def test_error_code_of_reads_both_envelopes_and_tolerates_anything():
    assert error_code_of(_groove(401, "ACCESS_TOKEN_MISSING")) == "ACCESS_TOKEN_MISSING"
    assert error_code_of(httpx.Response(400, json={"error": "invalid_grant"})) == "invalid_grant"
    assert error_code_of(httpx.Response(200, json=[1, 2])) is None
    assert error_code_of(httpx.Response(500, text="<html>")) is None


@pytest.mark.parametrize(
    ("location", "code"),
    [
        ("http://localhost:3000/callback?code=abc-123&state=bench", "abc-123"),
        ("http://localhost:3000/callback#code=frag&state=s", "frag"),
        ("http://localhost:3000/callback?error=access_denied", None),
        ("", None),
    ],
)
def test_code_from_location(location, code):
    assert mock.code_from_location(location) == code


def test_every_row_builds_its_plan_from_credentials():
    credentials = mock.Credentials("EgAPP=", "test", "EwAUSER=", "test", "M.R3_BAY.R=")
    plans = {row.key: row.plan(credentials, 1000) for row in LOAD_ROWS}
    assert set(plans) == {
        "varied-reads",
        "mixed",
        "lookup-app",
        "browse-user",
        "rejected-two-credentials",
        "client-credentials",
        "sign-in",
        "refresh",
    }
    for plan in plans.values():
        assert not isinstance(plan, str)
        assert "local max_requests = 1000" in plan.script
    assert "Bearer EgAPP=, Bearer EwAUSER=" in plans["rejected-two-credentials"].script
    assert plans["rejected-two-credentials"].all_rejected
    assert plans["sign-in"].counts_flows
    assert "refresh_token=M.R3_BAY.R%3D" in plans["refresh"].script
    assert [row.key for row in LOAD_ROWS if row.target is not None] == ["varied-reads", "mixed"]
    assert all("one request" in row.label or "repeated" in row.label for row in LOAD_ROWS[2:])


def test_refresh_is_not_available_without_a_refresh_token():
    credentials = mock.Credentials("EgAPP=", "test", "EwAUSER=", "test", None)
    refresh = next(row for row in LOAD_ROWS if row.key == "refresh")
    assert refresh.plan(credentials, 1000) == mock.NOT_AVAILABLE


def test_the_varied_loads_are_drawn_from_a_seed_and_differ_request_by_request():
    credentials = mock.Credentials("EgAPP=", "test", "EwAUSER=", "test", "M.R3_BAY.R=")
    tokens = varied.mint_tokens(credentials)
    assert len(set(tokens.users)) == varied.USER_TOKENS
    drawn = varied.reads(tokens)
    again = varied.reads(tokens)
    assert [r.check.request for r in drawn] == [r.check.request for r in again]
    paths = [r.check.request.path for r in drawn]
    sent = {(r.check.request.path, r.check.request.headers["Authorization"]) for r in drawn}
    assert len(sent) > 0.95 * len(drawn)
    browses = [p for p in paths if "/collection/" in p]
    assert 0.1 < len(browses) / len(paths) < 0.3
    assert len({r.check.request.headers["Authorization"] for r in drawn}) > 32
    lookups = [r for r in drawn if r.ids]
    assert {len(r.ids) for r in lookups} == {1, 2, 3}
    assert any("extras=" in r.check.request.path for r in lookups)


def test_the_mixed_load_holds_every_kind_and_knows_its_rejected_share():
    credentials = mock.Credentials("EgAPP=", "test", "EwAUSER=", "test", "M.R3_BAY.R=")
    mix = varied.mix(varied.mint_tokens(credentials))
    statuses = [c.status for c in mix.others]
    paths = {c.request.path.split("?")[0] for c in mix.others}
    assert {"/accesstoken.srf", "/oauth20_token.srf", "/1/content/music/collection/add"} <= paths
    rejected = sum(1 for s in statuses if s >= 400)
    assert rejected > 0
    plan = varied.mixed_plan_of(varied.mint_tokens(credentials), 1000)
    assert plan.rejected_share == pytest.approx(rejected / (len(mix.cycle) + 12))
    assert "oauth20_authorize.srf" in plan.script


def test_a_mixed_run_is_judged_on_its_share_of_rejected_answers():
    plan = Plan("", (), rejected_share=0.1)

    def run(rejected: int, failed: int = 0) -> WrkResult:
        return WrkResult(
            1.0, 10_000, 0, {}, 0, 0, 0, 0, 0, rejected=rejected, failed=failed, codes=0
        )

    assert unexpected_answers(plan, run(1_000)) == 0
    assert unexpected_answers(plan, run(1_050)) == 0  # within 16 + 1%
    assert unexpected_answers(plan, run(1_500)) == 500
    assert unexpected_answers(plan, run(1_000, failed=3)) == 3
