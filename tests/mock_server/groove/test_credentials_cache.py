"""The first Authorization header's parse is cached: the credentials are those a fresh parse
gives, for every kind of header value, and the cache stays bounded."""

from __future__ import annotations

import pytest

from mock_server.groove import _credentials
from mock_server.groove._credentials import _parse_header, header_credentials

VALUES = [
    b"Bearer EgAbc+/=",
    b"bearer EwAxyz==",
    b"Basic dXNlcjpwYXNz",
    b"Bearer",
    b"",
    b"Bearer a, Bearer b",
    b"Bearer a,,Bearer b",
    b"Bearer bad token!",
    "Bearer caf\u00e9".encode(),
    b"  Bearer   EgSpaced  ",
]


def _scope(*values: bytes) -> dict:
    headers = [(b"host", b"x")] + [(b"authorization", value) for value in values]
    return {"headers": headers}


@pytest.mark.parametrize("value", VALUES)
def test_cached_parse_equals_a_fresh_parse(value, monkeypatch):
    monkeypatch.setattr(_credentials, "_FIRST_HEADERS", {})
    fresh = _parse_header(value, 1)
    assert header_credentials(_scope(value)) == fresh
    assert header_credentials(_scope(value)) == fresh  # now from the cache


@pytest.mark.parametrize("second", VALUES)
def test_later_headers_are_numbered_after_the_first(second):
    found = header_credentials(_scope(b"Bearer EgFirst=", second))
    assert found[0].location == "header#1"
    assert all(c.location.startswith("header#2") for c in found[1:])
    assert found[1:] == _parse_header(second, 2)


def test_callers_get_their_own_list(monkeypatch):
    monkeypatch.setattr(_credentials, "_FIRST_HEADERS", {})
    first = header_credentials(_scope(b"Bearer EgOne="))
    first.append(first[0])
    assert len(header_credentials(_scope(b"Bearer EgOne="))) == 1


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(_credentials, "_FIRST_HEADERS", {})
    monkeypatch.setattr(_credentials, "_FIRST_HEADERS_MAX", 3)
    for index in range(10):
        header_credentials(_scope(f"Bearer Eg{index}".encode()))
        assert len(_credentials._FIRST_HEADERS) <= 3
