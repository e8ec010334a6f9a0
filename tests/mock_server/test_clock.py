from __future__ import annotations

import time

import pytest

from mock_server import Clock


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


def test_a_deadline_is_reached_when_the_clock_gets_there():
    clock = Clock()
    clock.freeze(1_000.0)
    assert not clock.reached(1_000.5)
    clock.advance(0.5)
    assert clock.reached(1_000.5)
