"""Opaque tokens signed with hmac are exactly those PyJWT's HS256 would give."""

from __future__ import annotations

import base64

import jwt
import pytest

from mock_server import Clock, TokenKind, TokenService
from mock_server._tokens import _PREFIX


def _with_pyjwt(service: TokenService, token: str, kind: TokenKind) -> str:
    """The same token rebuilt through `jwt.encode`, as _tokens.py made it before."""
    claims = service.decode(token)
    assert claims is not None
    payload = {
        "k": claims.kind.value,
        "cid": claims.client_id,
        "scp": " ".join(sorted(claims.scopes)),
        "iat": claims.issued_at,
        "exp": claims.expires_at,
        "jti": claims.token_id,
        "gid": claims.grant_id,
    }
    if claims.user_id is not None:
        payload["sub"] = claims.user_id
    _, body, signature = jwt.encode(payload, service._hs_key, algorithm="HS256").split(".")

    def raw(text: str) -> bytes:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    packed = len(raw(body)).to_bytes(2, "big") + raw(body) + raw(signature)
    return _PREFIX[kind] + base64.b64encode(packed).decode()


@pytest.mark.parametrize(
    ("kind", "client_id", "user_id", "scopes"),
    [
        (TokenKind.APP, "000000004C1B7E2A", None, {"app.music.xboxlive.com"}),
        (TokenKind.USER, "000000004C1B7E2A", "4a1f9c2e7b3d5068", {"b", "a", "c"}),
        (TokenKind.REFRESH, "client-\u00e9\u4e2d", 'user "q"', set()),
    ],
)
def test_hmac_tokens_equal_pyjwt_tokens(kind, client_id, user_id, scopes):
    service = TokenService(Clock(), signing_key="same key")
    token, claims = service.mint(
        kind, client_id, lifetime=3600.5, user_id=user_id, scopes=scopes, issued_at=1.25e9
    )
    assert token == _with_pyjwt(service, token, kind)
    fresh = TokenService(Clock(), signing_key="same key")  # no cache: a real verification
    assert fresh.decode(token) == claims


def test_a_token_signed_with_another_key_does_not_verify():
    token, _ = TokenService(Clock(), signing_key="one").mint(TokenKind.APP, "c", lifetime=60)
    assert TokenService(Clock(), signing_key="two").decode(token) is None


def _repacked(token: str, kind: TokenKind, change) -> str:
    packed = bytearray(base64.b64decode(token[len(_PREFIX[kind]) :]))
    change(packed)
    return _PREFIX[kind] + base64.b64encode(bytes(packed)).decode()


def test_tampered_tokens_do_not_verify():
    service = TokenService(Clock(), signing_key="k")
    token, _ = service.mint(TokenKind.USER, "c", lifetime=60, user_id="u")

    def flip_last_signature_bit(packed: bytearray) -> None:
        packed[-1] ^= 1

    def change_the_body(packed: bytearray) -> None:
        packed[5] ^= 0x20

    def cut_the_signature(packed: bytearray) -> None:
        del packed[-5:]

    for change in (flip_last_signature_bit, change_the_body, cut_the_signature):
        forged = _repacked(token, TokenKind.USER, change)
        assert TokenService(Clock(), signing_key="k").decode(forged) is None
    # A valid token under another kind's prefix is refused too.
    relabelled = _PREFIX[TokenKind.APP] + token[len(_PREFIX[TokenKind.USER]) :]
    assert TokenService(Clock(), signing_key="k").decode(relabelled) is None


def test_jwt_format_still_signs_and_verifies():
    service = TokenService(Clock(), token_format="jwt")
    token, claims = service.mint(TokenKind.APP, "c", lifetime=60, scopes={"s"})
    assert token.count(".") == 2
    assert service.decode(token + "x") is None
    assert TokenService.decode(service, token) == claims
    assert service.jwks()["keys"][0]["kid"] == service.kid
