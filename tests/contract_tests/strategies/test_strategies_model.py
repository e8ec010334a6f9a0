"""The reference model on hand-written requests: one example per rule of
docs/contract/credentials.md (CR1-CR15), and the wire details it must read right."""

from __future__ import annotations

import pytest

from contract_tests.strategies import Defect, TokenFacts, WireRequest, find_credentials, predict

APP = "EgAAAAappToken+/="
USER = "EwAAAAuserToken+/="
REFRESH = "M.R3_BAY.refresh"
KNOWN = {
    APP: TokenFacts("app"),
    USER: TokenFacts("user", music_pass=True),
    REFRESH: TokenFacts("refresh"),
}


def wire(
    *authorization: bytes,
    query: bytes = b"",
    body: bytes = b"",
    method: str = "GET",
    content_type: bytes | None = None,
) -> WireRequest:
    headers = [(b"authorization", value) for value in authorization]
    if content_type is not None:
        headers.append((b"content-type", content_type))
    return WireRequest(method, tuple(headers), query, body)


def verdict(request: WireRequest, access: str = "app-or-user", **facts: TokenFacts):
    known = {**KNOWN, **facts}
    return predict(request, access, known)  # type: ignore[arg-type]


def test_c1_c2_no_credential():
    assert (verdict(wire()).rule, verdict(wire()).error_code) == ("CR1", "ACCESS_TOKEN_MISSING")
    refused = verdict(wire(), "user")
    assert (refused.rule, refused.status, refused.error_code) == (
        "CR2",
        401,
        "INVALID_AUTHORIZATION_HEADER",
    )
    assert refused.challenge == "bare" and refused.violations == {"no-credential"}


@pytest.mark.parametrize(
    ("request_", "locations"),
    [
        (wire(b"Bearer " + APP.encode(), b"Bearer " + USER.encode()), ["header#1", "header#2"]),
        (wire(f"Bearer {APP}, Bearer {USER}".encode()), ["header#1.1", "header#1.2"]),
        (wire(f"Bearer {APP},".encode()), ["header#1.1", "header#1.2"]),
        (wire(b"Bearer x", query=b"access%5Ftoken=y"), ["header#1", "query:access_token"]),
        (
            wire(query=b"ACCESSTOKEN=Bearer+a&access_token=b"),
            ["query:accessToken", "query:access_token"],
        ),
    ],
)
def test_c3_two_or_more_credentials(request_: WireRequest, locations: list[str]):
    result = verdict(request_)
    assert (result.rule, result.status, result.error_code) == (
        "CR3",
        400,
        "INCOMPATIBLE_INPUT_PARAMETERS",
    )
    assert [found.location for found in result.credentials] == locations
    other = predict(request_, "app-or-user", KNOWN, multiple_credentials="invalid-header")
    assert (other.rule, other.status, other.error_code) == (
        "CR3'",
        401,
        "INVALID_AUTHORIZATION_HEADER",
    )
    assert other.challenge == "invalid_request"


@pytest.mark.parametrize(
    "value",
    [
        b"",
        b"Bearer",
        b"Bearer ",
        b"Basic dXNlcjpwYXNz",
        b"Bearer a b",
        b"Bearer\tEgAA",
        b"\xc3\xa9",
    ],
)
def test_c4_malformed(value: bytes):
    result = verdict(wire(value))
    assert (result.rule, result.error_code, result.challenge) == (
        "CR4",
        "INVALID_AUTHORIZATION_HEADER",
        "invalid_token",
    )


def test_non_ascii_header_is_one_malformed_credential_even_with_commas():
    assert len(find_credentials(wire("Bearer é, Bearer b".encode()))) == 1


def test_scheme_is_case_insensitive_and_whitespace_around_is_ignored():
    result = verdict(wire(f"  bEaReR \t {APP} \t".encode()))
    assert result.accepted and result.rule == "OK"


@pytest.mark.parametrize(
    ("query", "accepted"),
    [
        (b"accessToken=Bearer%20EgAAAAappToken%2B%2F%3D", True),
        (b"accessToken=Bearer+EgAAAAappToken%2B%2F%3D", True),
        (b"accessToken=Bearer+EgAAAAappToken+/=", False),  # '+' not encoded: a space
        (b"accessToken=EgAAAAappToken%2B%2F%3D", False),  # no Bearer
        (b"access_token=EgAAAAappToken%2B%2F%3D", True),
        (b"access_token=", False),
    ],
)
def test_query_tokens_lenient_and_strict(query: bytes, accepted: bool):
    lenient = verdict(wire(query=query))
    assert lenient.accepted is accepted
    if accepted:
        assert lenient.violations == {"credential-not-in-header"}
        strict = predict(wire(query=query), "app-or-user", KNOWN, strict=True)
        assert (strict.rule, strict.error_code) == ("CR5", "INVALID_AUTHORIZATION_HEADER")


def test_form_body_counts_only_as_a_form_on_a_method_with_a_body():
    body = b"access_token=EgAAAAappToken%2B%2F%3D"
    form = b"application/x-www-form-urlencoded; charset=UTF-8"
    assert verdict(wire(body=body, method="POST", content_type=form)).accepted
    assert verdict(wire(body=body, method="GET", content_type=form)).rule == "CR1"
    assert verdict(wire(body=body, method="POST", content_type=b"application/json")).rule == "CR1"
    renamed = b"Access_Token=EgAAAAappToken%2B%2F%3D"
    assert verdict(wire(body=renamed, method="POST", content_type=form)).rule == "CR1"


def bearer(token: str) -> WireRequest:
    return wire(f"Bearer {token}".encode())


@pytest.mark.parametrize(
    ("token", "rule", "code"),
    [
        ("EgForgedOrForeign", "CR6", "ACCESS_TOKEN_INVALID"),
        ("EwAForgedOrForeign", "CR7", "INVALID_AUTHORIZATION_HEADER"),
        ("eyJ0eXAiOiJKV1QifQ.e30.c2ln", "CR7", "INVALID_AUTHORIZATION_HEADER"),
        (REFRESH, "CR8", "INVALID_AUTHORIZATION_HEADER"),
    ],
)
def test_c6_to_c8_tokens_that_do_not_do(token: str, rule: str, code: str):
    result = verdict(bearer(token))
    assert (result.rule, result.status, result.error_code) == (rule, 401, code)


@pytest.mark.parametrize(
    ("kind", "defects", "access", "rule", "status", "code"),
    [
        ("app", {Defect.REVOKED}, "app-or-user", "CR9", 401, "ACCESS_TOKEN_INVALID"),
        ("user", {Defect.REVOKED}, "user", "CR9", 401, "INVALID_AUTHORIZATION_HEADER"),
        ("app", {Defect.EXPIRED}, "app-or-user", "CR10", 401, "ACCESS_TOKEN_EXPIRED"),
        ("user", {Defect.EXPIRED}, "user", "CR10", 401, "AUTHORIZATION_TOKEN_EXPIRED"),
        ("app", {Defect.UNREGISTERED_APP}, "app-or-user", "CR6", 401, "ACCESS_TOKEN_INVALID"),
        ("user", {Defect.UNENROLLED_APP}, "user", "CR11", 401, "ACCESS_TOKEN_INVALID_SUBSCRIPTION"),
        ("app", set(), "user", "CR12", 401, "INVALID_AUTHORIZATION_HEADER"),
        ("user", {Defect.UNKNOWN_USER}, "user", "CR7", 401, "INVALID_AUTHORIZATION_HEADER"),
        ("user", {Defect.NO_GROOVE_SCOPE}, "user", "CR13", 401, "MSA_SCOPE_REQUIRES_USER_CONSENT"),
        ("user", {Defect.CONSENT_REVOKED}, "user", "CR13", 401, "MSA_SCOPE_REQUIRES_USER_CONSENT"),
        ("user", set(), "user-with-pass", "CR14", 403, "NO_MUSIC_PASS_SUBSCRIPTION"),
        ("user", {Defect.SIGNED_OUT}, "user", "CR15", 200, None),
        # precedence: validity before enrolment, enrolment before the endpoint's access rule
        (
            "app",
            {Defect.EXPIRED, Defect.UNENROLLED_APP},
            "user",
            "CR10",
            401,
            "ACCESS_TOKEN_EXPIRED",
        ),
        ("app", {Defect.UNENROLLED_APP}, "user", "CR11", 401, "ACCESS_TOKEN_INVALID_SUBSCRIPTION"),
    ],
)
def test_c9_to_c15_genuine_tokens(
    kind: str, defects: set[Defect], access: str, rule: str, status: int, code: str | None
):
    facts = TokenFacts(kind, frozenset(defects))  # type: ignore[arg-type]
    result = predict(bearer("EgOrEwA"), access, {"EgOrEwA": facts})  # type: ignore[arg-type]
    assert (result.rule, result.status, result.error_code) == (rule, status, code)
    if rule == "CR15":
        assert result.violations == {"token-used-after-sign-out"}
    if status == 403:
        assert result.challenge == "absent"
