"""The README's Python examples run as printed (the control-plane snippets)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.readme_sections import readme_section

SECTION = "Run the mock, and steer it from your tests"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", readme_section(SECTION), re.S)


def test_the_section_has_examples():
    assert len(python_blocks()) >= 2


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_each_python_example_runs(index: int):
    code = python_blocks()[index]
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(compile(code, f"README.md:{SECTION}#{index}", "exec"), namespace)  # noqa: S102


def test_every_section_the_tests_read_exists():
    for title in (
        "Walk-through: signing in with curl",
        "Verify your client in five minutes",
        SECTION,
    ):
        assert readme_section(title).startswith(f"## {title}")


def ci_recipe() -> str:
    blocks = re.findall(r"```sh\n(#!/usr/bin/env bash\n.*?)```", readme_section(SECTION), re.S)
    assert len(blocks) == 1
    return str(blocks[0])


def test_the_ci_recipe_runs_and_runs_again(tmp_path: Path):
    """The recipe, with `./run-my-client-tests` played by curl, twice in one folder (a stale
    ready file from the first run must not fool the second)."""
    bin_dir = Path(sys.executable).parent
    client = (
        'curl -fsS -H "Authorization: Bearer $TOKEN" '
        '"$GROOVE_MOCK_URL/1/content/music/spotlight" -o /dev/null --retry 1 --retry-all-errors'
    )
    script = ci_recipe().replace(".venv/bin/", f"{bin_dir}/")
    script = re.sub(r"^\./run-my-client-tests .*$", client, script, flags=re.M)
    for attempt in (1, 2):
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"run {attempt}: {done.stdout}{done.stderr}"
        assert (tmp_path / "journal.jsonl").read_text().count("spotlight") >= 1
