"""The wheel carries both packages and the default fixtures, and works outside the repo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("groove_contract-*.whl")
    return built


def test_wheel_contains_packages_typing_marker_and_fixtures(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mock_server/__init__.py" in names
    assert "contract_tests/__init__.py" in names
    assert "mock_server/py.typed" in names
    assert "contract_tests/py.typed" in names
    assert "groove_contract_pytest/__init__.py" in names
    assert "groove_contract_pytest/py.typed" in names
    assert "mock_server/_fixtures/scenario.json" in names
    for kind in ("suite-hello", "adapter-hello", "step", "outcome", "close"):
        assert f"contract_tests/bridge/schemas/{kind}.schema.json" in names  # the bridge's protocol
    assert "mock_server/scenario.schema.json" in names
    # The pages' templates, stylesheet and script, and the HTML report's template.
    assert "mock_server/pages/static/inspector.js" in names
    assert "mock_server/pages/templates/page.html" in names
    assert "contract_tests/reports/templates/report.html" in names
    assert not any(name.startswith(("tests/", "fixtures/", "bench/")) for name in names)
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"mock_server", "contract_tests", "groove_contract_pytest"}
    metadata = next(n for n in names if n.endswith("entry_points.txt"))
    entry_points = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "groove-mock = mock_server.cli:main" in entry_points
    assert "groove_contract = groove_contract_pytest" in entry_points


def run_from_unpacked_wheel(wheel: Path, where: Path, script: str) -> tuple[Path, str]:
    """Run `script` with only the unpacked wheel on the path, from a folder outside the repo;
    return the site folder and what the script printed."""
    site = where / "site"
    zipfile.ZipFile(wheel).extractall(site)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=where,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return site, done.stdout


def test_the_unpacked_wheel_loads_its_default_scenario_outside_the_repo(
    wheel: Path, tmp_path: Path
):
    site, printed = run_from_unpacked_wheel(
        wheel,
        tmp_path,
        "import mock_server; from mock_server import load_scenario; s = load_scenario();"
        "print(mock_server.__file__); print(s.source); print(len(s.apps))",
    )
    module_file, source, apps = printed.split()
    assert module_file.startswith(str(site))
    assert source.startswith(str(site / "mock_server" / "_fixtures"))
    assert int(apps) >= 1


def test_verify_runs_the_suite_from_the_unpacked_wheel_outside_the_repo(
    wheel: Path, tmp_path: Path
):
    site, printed = run_from_unpacked_wheel(
        wheel,
        tmp_path,
        "import sys, contract_tests; from contract_tests.cli import main;"
        "print(contract_tests.__file__);"
        "sys.exit(main(['verify', '--client', 'contract_tests.reference_client:make_adapter',"
        " '--json', 'report.json']))",
    )
    assert printed.splitlines()[0].startswith(str(site))
    assert "PASS" in printed.splitlines()[-1]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["passed"] is True
    assert {result["status"] for result in report["results"]} <= {"passed", "skipped"}
