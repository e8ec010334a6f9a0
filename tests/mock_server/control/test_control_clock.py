"""Clock control, both ways in: advance, freeze, unfreeze, set; and expiry follows it."""

from __future__ import annotations

import time

import httpx
import pytest

from mock_server import MockState
from mock_server.control import Control
from mock_server.control._errors import ControlError

MAY_2017 = 1493640000.0  # 2017-05-01T12:00:00Z


def test_freeze_holds_the_clock_and_advance_moves_it(control: Control):
    frozen = control.freeze()
    time.sleep(0.02)
    assert control.now() == frozen
    assert control.advance(3600) == pytest.approx(frozen + 3600)
    assert control.now() == pytest.approx(frozen + 3600)


def test_freeze_at_a_given_moment_in_seconds_or_iso(control: Control):
    assert control.freeze(MAY_2017) == MAY_2017
    assert control.freeze("2017-05-01T12:00:00Z") == MAY_2017
    assert control.freeze("2017-05-01T12:00:00") == MAY_2017  # no zone: UTC
    assert control.freeze("2017-05-01T14:00:00+02:00") == MAY_2017


def test_set_may_go_back_and_unfreeze_runs_on_from_there(control: Control):
    control.set_time(MAY_2017)
    assert control.now() == pytest.approx(MAY_2017, abs=1)
    control.freeze()
    control.set_time(MAY_2017 - 86400)
    assert control.now() == MAY_2017 - 86400
    resumed = control.unfreeze()
    time.sleep(0.02)
    assert control.now() > resumed >= MAY_2017 - 86400


def test_reset_brings_back_real_time(control: Control):
    control.freeze(MAY_2017)
    control.reset()
    assert control.now() == pytest.approx(time.time(), abs=5)


def test_token_expiry_follows_the_mock_clock(control: Control, state: MockState):
    minted = control.user_token(lifetime=60)
    claims = state.tokens.decode(minted.token)
    assert claims is not None
    assert not claims.expired(state.clock.now())
    control.advance(61)
    assert claims.expired(state.clock.now())


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda c: c.advance(-1), "seconds must be between 0"),
        (lambda c: c.advance(float("nan")), "seconds must be between 0|not JSON"),
        (lambda c: c.advance("soon"), "seconds must be a number"),
        (lambda c: c.advance(True), "seconds must be a number"),
        (lambda c: c.set_time("yesterday"), "time must be a Unix time or an ISO-8601"),
        (lambda c: c.set_time(-5), "time must be between 0"),
        (lambda c: c.freeze("2017-13-01"), "at must be a Unix time or an ISO-8601"),
    ],
)
def test_bad_clock_values_are_refused(control: Control, action, message: str):
    before = control.now()
    with pytest.raises(ControlError, match=message):
        action(control)
    assert control.now() == pytest.approx(before, abs=1)


def test_the_http_clock_api(http: httpx.Client):
    assert set(http.get("/_mock/clock").json()) == {"now", "iso", "frozen"}
    frozen = http.post("/_mock/clock/freeze", json={"at": "2017-05-01T12:00:00Z"}).json()
    assert frozen == {"now": MAY_2017, "iso": "2017-05-01T12:00:00.000Z", "frozen": True}
    moved = http.post("/_mock/clock/advance", json={"seconds": 90}).json()
    assert moved["iso"] == "2017-05-01T12:01:30.000Z"
    assert http.post("/_mock/clock/set", json={"time": MAY_2017}).json()["now"] == MAY_2017
    assert http.post("/_mock/clock/unfreeze").json()["frozen"] is False
    for path, body in (("advance", {}), ("set", {}), ("advance", {"secs": 1})):
        refused = http.post(f"/_mock/clock/{path}", json=body)
        assert refused.status_code == 400, (path, body)
        assert refused.json()["error"] == "bad_request"
    wrong_method = http.get("/_mock/clock/advance")
    assert (wrong_method.status_code, wrong_method.json()["error"]) == (405, "method_not_allowed")
