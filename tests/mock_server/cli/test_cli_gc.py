"""`groove-mock serve` starts without the cyclic garbage collector (mock_server/cli/__init__.py,
`pause_gc`) and turns it back on once listening, leaving what the start made out of later
collections; every other command, and a serve that fails before listening, leave the
collector as they found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from mock_server._errors import ServeError
from mock_server.cli import _serve as _cli_serve
from mock_server.cli import main, pause_gc, resume_gc


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_serve_starts_without_the_collector_and_freezes_what_it_made(monkeypatch, capsys):
    seen: dict[str, Any] = {}

    def start_server(settings: Any, **kwargs: Any) -> Any:
        seen["enabled while starting"] = gc.isenabled()
        state = SimpleNamespace(settings=settings, scenario=SimpleNamespace(source="x"))
        return SimpleNamespace(state=state, running=False, stop=lambda: None)

    def announce(server: Any, public: Any) -> None:
        seen["enabled once listening"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count()

    monkeypatch.setattr(_cli_serve, "start_server", start_server)
    monkeypatch.setattr(_cli_serve, "_announce", announce)
    assert main(["serve", "--port", "0"]) == 1  # the fake server is not running: serve stops
    assert seen["enabled while starting"] is False
    assert seen["enabled once listening"] is True
    assert seen["frozen"] > 0
    assert gc.isenabled()
    assert "stopped unexpectedly" in capsys.readouterr().err


def test_a_serve_that_fails_before_listening_turns_the_collector_back_on(monkeypatch, capsys):
    def start_server(settings: Any, **kwargs: Any) -> Any:
        raise ServeError("cannot listen on 127.0.0.1:1: address already in use")

    monkeypatch.setattr(_cli_serve, "start_server", start_server)
    assert main(["serve", "--port", "1"]) == 2
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert "address already in use" in capsys.readouterr().err


def test_other_commands_and_a_disabled_collector_are_left_alone(capsys):
    assert main(["serve", "--no-such-flag"]) == 2
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    pause_gc()
    resume_gc(freeze=True)
    assert not gc.isenabled() and gc.get_freeze_count() == 0  # it was off: it stays off
    gc.enable()
    assert main(["token", "--app", "--signing-key", "k"]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
    capsys.readouterr()


def test_resume_without_a_pause_does_nothing():
    resume_gc(freeze=True)
    assert gc.isenabled() and gc.get_freeze_count() == 0
