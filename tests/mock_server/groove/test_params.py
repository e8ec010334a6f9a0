from __future__ import annotations

import pytest
from starlette.requests import Request

from mock_server.groove._errors import InvalidInputParameter, MissingInputParameter
from mock_server.groove._params import Params


def params(query: bytes) -> Params:
    return Params.of(Request({"type": "http", "query_string": query, "headers": []}))


def test_names_are_case_insensitive_and_credentials_are_skipped():
    p = params(b"MAXITEMS=5&accessToken=Bearer+x&access_token=y")
    assert p.get("maxItems") == "5"
    assert "accesstoken" not in p.names()
    assert p.max_items() == 5


def test_a_repeated_parameter_is_invalid():
    with pytest.raises(InvalidInputParameter, match="more than once"):
        params(b"q=a&Q=b")


def test_max_items_limits_say_the_limit():
    with pytest.raises(InvalidInputParameter, match="at most 25"):
        params(b"maxItems=42").max_items()
    with pytest.raises(InvalidInputParameter, match="whole number"):
        params(b"maxItems=lots").max_items()
    assert params(b"").max_items() == 25


def test_require_refuses_missing_and_blank():
    with pytest.raises(MissingInputParameter, match="q is required"):
        params(b"q=+").require("q")


def test_multi_splits_plus_joined_values():
    assert params(b"filters=Albums+tracks").multi("filters") == ["albums", "tracks"]


def test_bad_percent_encoding_is_invalid_input_not_a_crash():
    with pytest.raises(InvalidInputParameter):
        params(b"q=%FF%FE")


@pytest.mark.parametrize(
    ("query", "tag"),
    [(b"", "en-US"), (b"country=fr", "fr-FR"), (b"country=FR&language=en", "en-FR"),
     (b"country=zz", "en-ZZ"), (b"language=de", "de-US")],
)  # fmt: skip
def test_culture_defaults_to_the_countrys_primary_language(query: bytes, tag: str):
    assert params(query).culture().tag == tag


def test_culture_rejects_codes_that_are_not_two_letters():
    with pytest.raises(InvalidInputParameter, match="2-letter"):
        params(b"country=USA").culture()


def test_culture_codes_must_be_ascii_letters():
    with pytest.raises(InvalidInputParameter, match="2-letter"):
        params(b"country=%C3%89%C3%89").culture()


@pytest.mark.parametrize("raw", [b"1_0", b"%203", b"%D9%A1", b"-1", b"1.5", b"+3"])
def test_numbers_are_ascii_digits_only(raw: bytes):
    with pytest.raises(InvalidInputParameter, match="whole number"):
        params(b"maxItems=" + raw).max_items()
