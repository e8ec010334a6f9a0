"""`python -m bench` options, and a run of only some rows (measurements stubbed out)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import _cli
from bench._report import NOT_RUN, SKIPPED, InProcessResult, StartupResult
from bench._select import ALL_ROWS


def test_by_default_every_row_runs_and_the_json_is_the_usual_file():
    options = _cli.parse_args([])
    assert options.rows == ALL_ROWS
    assert options.output == Path(".bench/results.json")
    assert not options.skip_soak


def test_only_narrows_the_rows_and_names_its_own_json_file():
    options = _cli.parse_args(["--only", "launch,in-process"])
    assert options.rows == ("launch", "in-process")
    assert options.output == Path(".bench/results-launch-in-process.json")
    assert _cli.parse_args(["--only", "launch", "--output", "x.json"]).output == Path("x.json")


def test_skip_soak_drops_the_memory_row():
    assert "memory" not in _cli.parse_args(["--skip-soak"]).rows
    assert _cli.parse_args(["--skip-soak", "--only", "memory,launch"]).rows == ("launch",)


def test_an_unknown_row_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        _cli.parse_args(["--only", "lookup"])
    assert exited.value.code == 2
    assert "unknown row 'lookup'" in capsys.readouterr().err


def _never(*args: object, **kwargs: object) -> None:
    raise AssertionError("a row that was not selected ran")


@pytest.fixture
def compiled(monkeypatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(_cli, "compile_sources", lambda: calls.append(1) or ["mock_server"])
    return calls


@pytest.fixture
def stubbed(monkeypatch, compiled):
    """Every measurement replaced: selected ones answer, the others fail the test if called."""
    for name in ("measure_loads", "measure_memory", "measure_contract_suite"):
        monkeypatch.setattr(_cli, name, _never)
    monkeypatch.setattr(_cli._wrk, "ensure_wrk", _never)
    monkeypatch.setattr(_cli, "measure_launches", lambda launches, cpu: StartupResult("ok", 5, 2))
    monkeypatch.setattr(
        _cli, "measure_in_process", lambda repeats: InProcessResult("ok", 9.0, 12.0, 2.0, 200, 5)
    )


@pytest.mark.usefixtures("stubbed")
def test_only_launch_runs_the_launch_row_alone_and_judges_only_it(tmp_path, capsys):
    output = tmp_path / "results.json"
    assert _cli.main(["--only", "launch", "--launches", "3", "--output", str(output)]) == 1
    printed = capsys.readouterr().out
    assert "launch of groove-mock serve to first 200 | 5 ms (bare app 2 ms, 2.50x)" in printed
    assert "ceiling" not in printed
    assert "in-process" not in printed
    data = json.loads(output.read_text())
    assert data["meta"]["rows"] == ["launch"]
    assert data["startup"]["verdict"] == "FAIL"
    for part in ("in_process", "memory", "contract_suite", "ceiling"):
        assert (data[part]["status"], data[part]["verdict"]) == (SKIPPED, NOT_RUN)
    assert {row["status"] for row in data["loads"]} == {SKIPPED}


@pytest.mark.usefixtures("stubbed")
def test_rows_left_out_never_fail_the_run(tmp_path, capsys):
    output = tmp_path / "results.json"
    assert _cli.main(["--only", "in-process", "--output", str(output)]) == 0
    assert "first 12.0 ms, median 2.0 ms (answer 200)" in capsys.readouterr().out


@pytest.mark.usefixtures("stubbed")
def test_start_up_rows_run_on_byte_compiled_sources_unless_told_not_to(tmp_path, compiled):
    output = tmp_path / "results.json"
    _cli.main(["--only", "launch", "--output", str(output)])
    assert compiled == [1]
    assert json.loads(output.read_text())["meta"]["byte_compiled"] == ["mock_server"]
    _cli.main(["--only", "launch", "--no-compile", "--output", str(output)])
    assert compiled == [1]
    assert json.loads(output.read_text())["meta"]["byte_compiled"] == []
