"""The names journal filters accept are every name the mock records, read off its sources."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from mock_server._known_names import ERROR_CODES, GROOVE_VIOLATIONS, TOKEN_KINDS

PACKAGE = Path(__file__).resolve().parents[2] / "mock_server"
SOURCES = "\n".join(path.read_text() for path in PACKAGE.rglob("*.py"))


def test_every_groove_violation_literal_is_listed_and_nothing_else() -> None:
    assert set(re.findall(r'\.violate\("([a-z0-9-]+)"\)', SOURCES)) == GROOVE_VIOLATIONS


def test_every_error_code_literal_is_known() -> None:
    recorded = set(re.findall(r'error_code = "([A-Za-z_]+)"', SOURCES))
    assert recorded
    assert recorded <= ERROR_CODES


def test_token_kinds_cover_unverifiable_tokens() -> None:
    assert {"app", "user", "refresh", "unknown", "unknown-app"} <= TOKEN_KINDS


def test_the_control_api_refuses_an_unknown_name(client: httpx.Client) -> None:
    response = client.get("/_mock/journal", params={"violation": "no-credentail"})
    assert response.status_code == 400
    assert "unknown violation 'no-credentail' (known: " in response.text
    assert client.get("/_mock/journal", params={"violation": "no-credential"}).status_code == 200
