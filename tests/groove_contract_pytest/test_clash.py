"""A user project with packages named like ours (`contract_tests/`, a natural name) loads the
plugin and runs; only a run that needs our package while theirs stands in its place is refused,
with one line naming both."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

PYTEST = str(Path(sys.executable).with_name("pytest"))
"""The console script: unlike `python -m pytest`, it does not put the project first on
sys.path, so a user's package is imported only if their tests import it."""


def run_script(project: pytest.Pytester, *args: str) -> pytest.RunResult:
    """`pytest *args` in the project as a user runs it (pytester's own runs put the project
    on PYTHONPATH)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    start = time.monotonic()
    done = subprocess.run(
        [PYTEST, "-p", "no:cacheprovider", *args],
        cwd=project.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return pytest.RunResult(
        done.returncode,
        done.stdout.splitlines(),
        done.stderr.splitlines(),
        time.monotonic() - start,
    )


THEIR_TEST = "def test_theirs():\n    assert 1 + 1 == 2\n"
MOCK_TEST = "def test_mock(groove_mock):\n    assert groove_mock.journal == []\n"


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project with its own `contract_tests` package holding its own tests."""
    pytester.mkpydir("contract_tests")
    (pytester.path / "contract_tests" / "test_own.py").write_text(THEIR_TEST)
    return pytester


def test_a_project_with_its_own_contract_tests_package_runs_its_tests(
    project: pytest.Pytester,
) -> None:
    # `python -m pytest` from the project: its folder comes first on sys.path
    project.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
    run_script(project).assert_outcomes(passed=1)


def test_the_plugin_is_loaded_in_that_project(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("-p", "no:cacheprovider", "--fixtures")
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["*groove_mock*"])


def test_our_fixture_next_to_their_package_works(project: pytest.Pytester) -> None:
    project.mkdir("tests")
    (project.path / "tests" / "test_mock.py").write_text(MOCK_TEST)
    run_script(project, "tests").assert_outcomes(passed=1)


def test_our_fixture_where_their_package_is_imported_fails_in_one_line(
    project: pytest.Pytester,
) -> None:
    (project.path / "contract_tests" / "test_mock.py").write_text(MOCK_TEST)
    result = run_script(project)
    result.assert_outcomes(passed=1, errors=1)
    theirs = project.path / "contract_tests" / "__init__.py"
    result.stdout.fnmatch_lines(
        [f"groove-contract: your package 'contract_tests' ({theirs}) shadows groove-contract's *"]
    )
    assert "Traceback" not in result.stdout.str()


def test_the_suite_in_that_project_is_a_usage_error_naming_the_clash(
    project: pytest.Pytester,
) -> None:
    result = project.runpytest_subprocess(
        "-p", "no:cacheprovider", "--groove-client", "contract_tests.reference_client:make_adapter"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: groove-contract: your package 'contract_tests' (*"])


def test_the_suite_next_to_their_package_runs(project: pytest.Pytester) -> None:
    project.mkdir("tests")
    (project.path / "tests" / "test_mock.py").write_text(MOCK_TEST)
    client = ("--groove-client", "contract_tests.reference_client:make_adapter")
    result = run_script(project, *client, "--groove-rule", "GC-TOKEN-001", "tests")
    result.assert_outcomes(passed=2)
