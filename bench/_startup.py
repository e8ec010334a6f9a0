"""Start-up rows: `groove-mock serve` to its first 200 against the bare app, and the in-process
fixture to its first answer."""

from __future__ import annotations

import compileall
import importlib.util
import json
import statistics
import subprocess
import sys
from pathlib import Path

from . import _mock as mock
from ._bare_app import PATH as BARE_PATH
from ._report import NOT_AVAILABLE, InProcessResult, StartupResult
from ._servers import Server, ServerError, free_port, raw_get


def compile_sources(packages: tuple[str, ...] = ("mock_server", "bench")) -> list[str]:
    """Byte-compile our packages, as installing them does (pip compiles a wheel's modules),
    so that the start-up rows compare like with like: the bare app's Starlette and uvicorn are
    byte-compiled. Python writes the same files itself on a first run, unless told not to
    (PYTHONDONTWRITEBYTECODE); modules already compiled are left alone. The folders compiled."""
    done = []
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            if compileall.compile_dir(folder, quiet=1, force=False):
                done.append(str(Path(folder)))
    return done


def _launch_ms(server: Server, probe: bytes) -> float:
    with server:
        return server.wait_for(probe, timeout_s=30.0) * 1000


def measure_launches(launches: int, *, cpu: int | None) -> StartupResult:
    """Median launch-to-first-200 of both servers, launched in turn so drift hits both alike."""
    if not mock.cli_available():
        return StartupResult(status=NOT_AVAILABLE)
    app_token = mock.mint_app_token()
    mock_probe = raw_get(mock.LOOKUP_PATH, {"Authorization": f"Bearer {app_token}"})
    bare_probe = raw_get(BARE_PATH)
    result = StartupResult(status="ok")
    try:
        for _ in range(launches):
            port = free_port()
            bare = Server("bare app", mock.bare_command(port), port, cpu=cpu)
            result.bare_samples_ms.append(_launch_ms(bare, bare_probe))
            port = free_port()
            served = Server("groove-mock", mock.serve_command(port, via_cli=True), port, cpu=cpu)
            result.mock_samples_ms.append(_launch_ms(served, mock_probe))
    except ServerError as exc:
        answered_404 = "answers 404" in str(exc) or "answers 405" in str(exc)
        return StartupResult(status=NOT_AVAILABLE if answered_404 else str(exc))
    result.mock_launch_ms = statistics.median(result.mock_samples_ms)
    result.bare_launch_ms = statistics.median(result.bare_samples_ms)
    return result


def measure_in_process(repeats: int) -> InProcessResult:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench._inprocess_probe", "--repeats", str(repeats)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        return InProcessResult(status=f"probe failed: {done.stderr.strip()[-200:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return InProcessResult(
        status="ok",
        import_ms=float(data["import_ms"]),
        first_ms=float(data["first_ms"]),
        median_ms=float(data["median_ms"]),
        answer_status=int(data["answer_status"]),
        samples=int(data["samples"]),
    )
