"""The README's "Use it in your project", run as written: the wheel installed in a fresh venv
outside the repository, in a user project that has a `contract_tests/` package of its own.

The fresh venv gets the wheel (no dependencies) and reads its dependencies from this venv's
site-packages through a `.pth` line: no network in `make test`, the versions `make test` already
checks, and a venv made in a second rather than a minute. The checkout itself stays out of
reach: the editable install's `.pth` lives in this venv's site-packages, and Python reads `.pth`
files only in site folders, not in folders another `.pth` names. `pytest` is run as its console
script runs it (`python -P`: the project's folder is not put first on sys.path).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.contract_tests.test_readme import readme_adapter
from tests.readme_sections import readme_section

ROOT = Path(__file__).resolve().parent.parent
SECTION = readme_section("Use it in your project")
PIP = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check"]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", SECTION, re.S)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("groove_contract-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("user") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    subprocess.run(
        [*PIP, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return where


@pytest.fixture(scope="module")
def project(venv: Path) -> Path:
    """The user's project: their own `contract_tests` package, the README's test and adapter."""
    where = venv.parent / "project"
    (where / "contract_tests").mkdir(parents=True)
    (where / "contract_tests" / "__init__.py").write_text('"""Our own contract tests."""\n')
    (where / "contract_tests" / "test_own.py").write_text("def test_own():\n    assert True\n")
    (where / "tests").mkdir()
    for index, python_block in enumerate(blocks("python")):  # each block a module of tests
        (where / "tests" / f"test_readme_{index}.py").write_text(python_block)
    (where / "my_groove_adapter.py").write_text(readme_adapter())
    return where


def run(venv: Path, project: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    if command[0] == "pytest":
        python = str(venv / "bin" / "python")
        command = [python, "-P", "-m", "pytest", "-p", "no:cacheprovider", *command[1:]]
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_section_shows_the_wheel_the_sdist_and_a_git_url(wheel: Path) -> None:
    (install,) = (block for block in blocks("sh") if "pip install" in block)
    assert f"pip install {wheel.name}" in install
    assert f"pip install {wheel.name.split('-py3')[0]}.tar.gz" in install
    assert 'pip install "groove-contract @ git+https://' in install


def test_the_installed_wheel_is_what_runs(venv: Path, project: Path) -> None:
    done = run(
        venv,
        project,
        [
            str(venv / "bin" / "python"),
            "-P",
            "-c",
            "import contract_tests, groove_contract_pytest, mock_server;"
            "print(contract_tests.__file__, groove_contract_pytest.__file__, mock_server.__file__)",
        ],
    )
    assert done.returncode == 0, done.stderr
    assert all(Path(f).is_relative_to(venv) for f in done.stdout.split())


def test_their_own_contract_tests_run_with_the_plugin_loaded(venv: Path, project: Path) -> None:
    done = run(venv, project, ["pytest", "contract_tests"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "plugins: groove-contract-0.1.0" in done.stdout
    assert "1 passed" in done.stdout


def test_the_readme_commands_pass_in_the_user_project(venv: Path, project: Path) -> None:
    (commands,) = (block for block in blocks("sh") if "pytest tests" in block)
    lines = [line.split("  #")[0].strip() for line in commands.splitlines() if line.strip()]
    assert [line.split()[0] for line in lines] == ["pytest", "pytest", "groove-contract"]
    outputs = []
    for line in lines:
        done = run(venv, project, shlex.split(line))
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        outputs.append(done.stdout)
    tests = sum(
        block.count("\ndef test_") + block.startswith("def test_") for block in blocks("python")
    )
    assert tests >= 2  # the app token, and the browser's sign-in
    assert f"{tests} passed" in outputs[0]
    passed = re.search(r"(\d+) passed", outputs[1])
    assert passed is not None and int(passed.group(1)) > tests, outputs[1]  # tests and rules
    assert outputs[2].splitlines()[-1].endswith("PASS")
