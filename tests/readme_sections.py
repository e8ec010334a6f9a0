"""Read one `## ` section of the README, so that doc examples are run as tests."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_section(title: str) -> str:
    lines = README.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"## {title}\n")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "".join(lines[start:end])
