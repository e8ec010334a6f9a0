"""The generated wrk scripts: literal escaping, bounds, and the requests they carry."""

from __future__ import annotations

import pytest

from bench._lua import (
    LIMIT_MARKER,
    RESULT_MARKER,
    HttpRequest,
    cycle_script,
    lua_string,
    sign_in_script,
)


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("line\nbreak", '"line\\010break"'),
        ("tab\t1", '"tab\\0091"'),
        ("é", '"\\195\\169"'),
        ("", '""'),
    ],
)
def test_lua_string_escapes_everything_lua_would_misread(text, literal):
    assert lua_string(text) == literal


def test_lua_string_escape_is_never_extended_by_a_following_digit():
    # "\0091" must read as byte 9 then "1": escapes are always three digits.
    assert lua_string("\t1") == '"\\0091"'


def test_cycle_script_prepares_every_request_and_bounds_the_count():
    script = cycle_script(
        [
            HttpRequest("GET", "/1/content/x/lookup", {"Authorization": "Bearer Eg+/="}),
            HttpRequest("POST", "/accesstoken.srf", {"Content-Type": "a/b"}, "a=1&b=2"),
        ],
        max_requests=123,
    )
    assert 'prepared[1] = wrk.format("GET", "/1/content/x/lookup", ' in script
    assert '["Authorization"] = "Bearer Eg+/="' in script
    assert 'prepared[2] = wrk.format("POST", "/accesstoken.srf"' in script
    assert '"a=1&b=2")' in script
    assert "local max_requests = 123" in script
    assert lua_string(RESULT_MARKER) in script
    assert lua_string(LIMIT_MARKER) in script
    assert "function response" not in script  # wrk parses nothing it need not parse


def test_a_load_needs_a_request_and_a_positive_bound():
    with pytest.raises(ValueError, match="at least one request"):
        cycle_script([], max_requests=10)
    with pytest.raises(ValueError, match="max_requests"):
        cycle_script([HttpRequest("GET", "/")], max_requests=0)


def test_sign_in_script_redeems_codes_from_the_location():
    script = sign_in_script(
        HttpRequest("GET", "/oauth20_authorize.srf?client_id=c&response_type=code"),
        HttpRequest("POST", "/oauth20_token.srf", {"Content-Type": "f"}, "grant_type=g"),
        max_requests=50,
    )
    assert "function response(status, headers, body)" in script
    assert 'redeem_form .. "&code=" .. code' in script
    assert 'local redeem_form = "grant_type=g"' in script
    assert "if status == 302 then" in script


def test_sign_in_script_can_mix_in_other_requests():
    script = sign_in_script(
        HttpRequest("GET", "/oauth20_authorize.srf"),
        HttpRequest("POST", "/oauth20_token.srf", {}, "x=1"),
        max_requests=50,
        also=[HttpRequest("GET", "/1/one"), HttpRequest("GET", "/1/two")],
    )
    assert 'prepared[2] = wrk.format("GET", "/1/one"' in script
    assert 'prepared[3] = wrk.format("GET", "/1/two"' in script
