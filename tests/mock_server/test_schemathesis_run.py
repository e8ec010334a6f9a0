"""Schemathesis against the served mock's own /openapi.json (127.0.0.1): no answer of 5xx.

`POST /_mock/faults` is left out (an injected 5xx is that endpoint's point) and the journal
tail too (it long-polls up to 60 s by design). The bounded run takes well under a minute; the
long one (`make fuzz`) runs every phase for up to GROOVE_FUZZ_SECONDS."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fuzz_budget import LONG, budget, report, seconds
from wire_support import RawClient, request, served

SCHEMATHESIS = [sys.executable, "-m", "schemathesis.cli"]


@pytest.mark.fuzz
def test_schemathesis_finds_no_server_error(tmp_path: Path):
    examples = budget("GROOVE_SCHEMATHESIS_EXAMPLES", 2, 300)
    limit = seconds(30, 1800)
    with served(tmp_path) as mock:
        client = RawClient(mock.port)
        minted = client.send(
            request(
                "POST", "/_mock/tokens", {"Content-Type": "application/json"}, b'{"kind": "user"}'
            )
        )
        client.close()
        token = json.loads(minted.body)["token"]
        command = [
            *SCHEMATHESIS,
            "run",
            f"{mock.url}/openapi.json",
            "--checks", "not_a_server_error",
            "--max-examples", str(examples),
            "--max-time", str(int(limit)),
            "--workers", "1",
            "--request-timeout", "20",
            "--exclude-path", "/_mock/faults",
            "--exclude-path", "/_mock/journal/tail",
            "--header", f"Authorization: Bearer {token}",
            "--generation-database", "none",
            "--seed", "11",
            "--no-color",
        ]  # fmt: skip
        if not LONG:
            command += ["--phases", "examples,fuzzing"]
        done = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=limit + 300, check=False
        )
    cases = re.search(r"(\d+) generated", done.stdout)
    report(
        "schemathesis",
        {
            "exit": done.returncode,
            "test_cases": int(cases.group(1)) if cases else None,
            "summary": done.stdout[-1500:],
        },
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert cases is not None and int(cases.group(1)) > 0, done.stdout[-3000:]
