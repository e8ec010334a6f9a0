"""JWT mode is as strict as opaque mode: only the canonical form of an
issued token verifies, `iat`/`exp` are integers, and `nbf` is honoured."""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from mock_server._clock import Clock
from mock_server._tokens import TokenKind, TokenService


@pytest.fixture(scope="module")
def service() -> TokenService:
    return TokenService(Clock(), token_format="jwt", issuer="http://127.0.0.1:8080")


def _issued(service: TokenService) -> tuple[str, dict[str, Any]]:
    token, _ = service.mint(TokenKind.USER, "app", lifetime=3600.5, user_id="u1")
    return token, jwt.decode(token, options={"verify_signature": False})


def _signed(service: TokenService, payload: dict[str, Any]) -> str:
    assert service._rsa is not None
    return jwt.encode(payload, service._rsa, algorithm="RS256", headers={"kid": service.kid})


def test_issued_tokens_carry_integer_times(service: TokenService):
    token, payload = _issued(service)
    assert type(payload["iat"]) is int and type(payload["exp"]) is int
    claims = service.decode(token)
    assert claims is not None and claims.expires_at == payload["exp"]


@pytest.mark.parametrize("suffix", ["=", "==", "%3D%3D"])
def test_padding_appended_to_an_issued_token_does_not_verify(service: TokenService, suffix):
    token, _ = _issued(service)
    assert service.decode(token + suffix) is None
    header, body, signature = token.split(".")
    assert service.decode(f"{header}==.{body}.{signature}") is None


def test_spare_bits_in_the_signature_do_not_verify(service: TokenService):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for _ in range(20):
        token, _ = _issued(service)
        head, _, signature = token.rpartition(".")
        last = alphabet.index(signature[-1])
        if last % 4 == 0:  # 256 bytes: the last character carries 2 spare bits
            sibling = head + "." + signature[:-1] + alphabet[last + 1]
            assert service.decode(sibling) is None
            return
    pytest.skip("no signature ending on a character with spare bits drawn")


@pytest.mark.parametrize(
    "change",
    [
        {"exp": "9999999999"},
        {"iat": "0"},
        {"exp": 9999999999.5},
        {"exp": True},
        {"nbf": 9999999999},
        {"nbf": "0"},
    ],
)
def test_non_integer_times_and_a_future_nbf_do_not_verify(service: TokenService, change):
    _, payload = _issued(service)
    assert service.decode(_signed(service, payload)) is not None  # the control case
    assert service.decode(_signed(service, {**payload, **change})) is None
