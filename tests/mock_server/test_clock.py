from __future__ import annotations

import math
import time
from collections.abc import Callable

import pytest

from mock_server import Clock
from mock_server._clock import RUNNING_READ_WINDOW, stop_watching, watch_reads


def test_runs_at_real_speed_by_default():
    clock = Clock()
    assert abs(clock.now() - time.time()) < 1
    assert not clock.frozen


def test_advance_moves_time_forward_and_keeps_running():
    clock = Clock()
    before = clock.now()
    clock.advance(3600)
    assert 3600 <= clock.now() - before < 3601


def test_freeze_stops_time_until_advanced_or_set():
    clock = Clock()
    at = clock.freeze()
    time.sleep(0.01)
    assert clock.now() == at
    assert clock.advance(10) == at + 10
    assert clock.set(1_000_000.0) == 1_000_000.0
    assert clock.now() == 1_000_000.0


def test_unfreeze_continues_from_the_frozen_instant():
    clock = Clock()
    clock.freeze(5_000.0)
    clock.unfreeze()
    assert 5_000.0 <= clock.now() < 5_001.0
    assert not clock.frozen


def test_set_goes_back_but_advance_refuses_negative():
    clock = Clock()
    clock.set(100.0)
    assert 100.0 <= clock.now() < 101.0
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)


def test_reset_returns_to_real_time():
    clock = Clock()
    clock.freeze(1.0)
    clock.reset()
    assert not clock.frozen
    assert abs(clock.now() - time.time()) < 1


# what an answer learns from the clock (answer replay) ------------------------------------------


def _watched(read: Callable[[Clock], object], clock: Clock) -> float:
    reads, token = watch_reads()
    try:
        read(clock)
    finally:
        stop_watching(token)
    return reads.until


def test_a_running_reading_keeps_an_answer_for_the_read_window_only():
    clock = Clock()
    until = _watched(lambda c: c.now(), clock)
    assert clock.now() < until <= clock.now() + RUNNING_READ_WINDOW


def test_a_frozen_reading_keeps_an_answer_until_the_clock_changes():
    clock = Clock()
    clock.freeze()
    assert _watched(lambda c: c.now(), clock) == math.inf


def test_a_deadline_still_ahead_keeps_an_answer_until_it_comes():
    clock = Clock()
    deadline = clock.now() + 30
    assert _watched(lambda c: c.reached(deadline), clock) == deadline
    assert not clock.reached(deadline)


def test_a_deadline_passed_stays_passed():
    clock = Clock()
    assert _watched(lambda c: c.reached(c.record_time() - 1), clock) == math.inf


def test_records_and_unwatched_readings_never_narrow():
    clock = Clock()
    assert _watched(lambda c: c.record_time(), clock) == math.inf
    clock.now()  # outside a watch: nothing to narrow, nothing fails


@pytest.mark.parametrize(
    "jump",
    [
        lambda c: c.advance(1),
        lambda c: c.set(0),
        lambda c: c.freeze(),
        lambda c: c.unfreeze(),
        lambda c: c.reset(),
    ],
)
def test_every_jump_is_announced(jump: Callable[[Clock], object]):
    jumps: list[None] = []
    clock = Clock(on_change=lambda: jumps.append(None))
    jump(clock)
    assert len(jumps) == 1
