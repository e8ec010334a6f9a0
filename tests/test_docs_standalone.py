"""Docs that stand on their own: a reader has the repository and the public web, nothing else.
No page, changelog entry or docstring points at files a reader does not have (the research
notes, the design notes, the issue tracker); every section a page cites (§N, MIC §N) is listed in
docs/sources.md with its public sources; every link into the repository resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*ROOT.glob("docs/**/*.md"), ROOT / "README.md", ROOT / "CHANGELOG.md"])
CODE = sorted(
    path
    for folder in ("mock_server", "contract_tests", "groove_contract_pytest", "examples", "bench")
    for path in (ROOT / folder).rglob("*.py")
)
SOURCES = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")

ELSEWHERE = re.compile(
    r"shared/|(?-i:\bDESIGN\b)|reference documents?|\bthe brief\b|\b(?:the|this) issue\b|"
    r"groove-contract\.md|microsoft-identity",
    re.IGNORECASE,
)
"""What points at a file a reader does not have."""

TRACKER = re.compile(r"\bissues? #?\d+", re.IGNORECASE)
"""Our issue tracker is not public: a page says what changed and why, not which issue asked."""


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", PAGES + CODE, ids=_name)
def test_nothing_points_at_what_a_reader_does_not_have(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [
        f"{_name(path)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)!r}"
        for m in ELSEWHERE.finditer(text)
    ]
    assert found == []


@pytest.mark.parametrize("path", PAGES, ids=_name)
def test_no_page_sends_the_reader_to_our_issue_tracker(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert TRACKER.findall(text) == []


def _sections() -> set[str]:
    """The sections docs/sources.md lists: `§3`, `MIC §6`..."""
    listed: set[str] = set()
    for row in re.findall(r"^\| (MIC )?§(\d+)(?:, §[\d.\u2013, §]+)? \|", SOURCES, re.M):
        listed.add(f"{row[0]}§{row[1]}")
    return listed


def test_sources_lists_every_section_and_only_public_urls() -> None:
    assert {f"§{n}" for n in range(1, 15)} | {f"MIC §{n}" for n in range(1, 7)} <= _sections()
    urls = re.findall(r"<(\w+://[^>]+)>", SOURCES)
    assert urls
    assert all(url.startswith("https://") for url in urls), urls


@pytest.mark.parametrize("path", PAGES + CODE, ids=_name)
def test_every_cited_section_is_in_sources(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    cited = {
        f"{'MIC ' if mic else ''}§{major}"
        for mic, major in re.findall(
            r"(?:(MIC) |[Rr]eference |(?<![\w\d] )(?<!RFC \d{4} ))§(\d+)", text
        )
    }
    assert cited <= _sections(), sorted(cited - _sections())


LINK = re.compile(r"\]\((?!https?://|#|mailto:)([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("path", PAGES, ids=_name)
def test_every_link_into_the_repository_resolves(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    missing = [link for link in LINK.findall(text) if not (path.parent / link).exists()]
    assert missing == []
