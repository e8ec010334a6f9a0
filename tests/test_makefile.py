"""Plain `make` lists the targets and creates nothing (it used to make an empty venv)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_plain_make_lists_every_target_and_creates_nothing(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    done = subprocess.run(
        ["make", "--no-print-directory", f"VENV={venv}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert not venv.exists()
    listed = re.findall(r"^  (\w+) ", done.stdout, re.M)
    makefile = (ROOT / "Makefile").read_text()
    (phony,) = re.findall(r"^\.PHONY: (.*)$", makefile, re.M)
    assert sorted(listed) == sorted(phony.split())
