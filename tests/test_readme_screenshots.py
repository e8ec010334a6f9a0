"""The README shows the pages' screenshots, and each one it names is in docs/ (`make
screenshots` takes them in the browser tests)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_shows_every_screenshot_and_each_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\(docs/screenshots/([a-z-]+\.png)\)", readme))
    assert {"landing.png", "inspector.png", "report.png", "signed-in.png"} <= named
    for name in named:
        picture = ROOT / "docs" / "screenshots" / name
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
