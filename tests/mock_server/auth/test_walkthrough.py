"""The README's walk-through stays true: its curl commands run, in order, against the
mock on a real socket, and print what the document says they print."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from mock_server import Settings
from mock_server._server import RunningServer, start_server
from tests.readme_sections import readme_section

BLOCK = re.compile(r"```(sh|text|json)\n(.*?)```", re.S)
GUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
DOC_AUTH = "AUTH=http://127.0.0.1:8080"

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("bash", "curl", "jq", "openssl")),
    reason="the walk-through needs bash, curl, jq and openssl",
)


@pytest.fixture
def server() -> Iterator[RunningServer]:
    running = start_server(Settings(port=0))
    try:
        yield running
    finally:
        running.stop()


def expected_lines(blocks: list[tuple[str, str]]) -> list[re.Pattern[str]]:
    """Every shown output line, as a whole-line pattern; elided lines (…) are skipped and the
    random code of the example redirect matches any GUID."""
    patterns = []
    for kind, text in blocks:
        if kind == "sh":
            continue
        for line in text.splitlines():
            if "…" in line or not line.strip():
                continue
            pieces = [re.escape(piece) for piece in re.split(GUID, line)]
            pattern = GUID.join(pieces)
            patterns.append(re.compile(f"^{pattern}$", re.M))
    return patterns


def test_the_walkthrough_runs_as_documented(server):
    blocks = BLOCK.findall(readme_section("Walk-through: signing in with curl"))
    script = "\n".join(text for kind, text in blocks if kind == "sh")
    assert DOC_AUTH in script
    script = script.replace(DOC_AUTH, f"AUTH={server.auth_url}")

    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    for pattern in expected_lines(blocks):
        assert pattern.search(result.stdout), f"{pattern.pattern!r} not in:\n{result.stdout}"
    for kind, text in blocks:
        if kind == "json":
            json.loads(text)  # every shown answer is valid JSON
