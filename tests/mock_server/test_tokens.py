from __future__ import annotations

import base64
import re
import sys

import pytest

from mock_server import Clock, TokenKind, TokenService
from mock_server._token_cache import cached_bytes
from mock_server._tokens import fingerprint, guess_kind


@pytest.fixture
def service() -> TokenService:
    return TokenService(Clock())


def mint(service: TokenService, kind: TokenKind = TokenKind.APP, **kwargs: object) -> str:
    options: dict[str, object] = {"lifetime": 60.0, "scopes": {"app.music.xboxlive.com"}}
    options.update(kwargs)
    return service.mint(kind, "000000004C1B7E2A", **options)[0]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [(TokenKind.APP, "Eg"), (TokenKind.USER, "EwA"), (TokenKind.REFRESH, "M.R3_BAY.")],
)
def test_tokens_look_like_microsofts_and_are_opaque(service: TokenService, kind, prefix):
    token = mint(service, kind, user_id="u1")
    assert token.startswith(prefix)
    assert guess_kind(token) is kind
    # standard base64 after the prefix, as the real ones (so they must be URL-encoded)
    assert re.fullmatch(r"[A-Za-z0-9+/]+=*", token[len(prefix) :])
    assert b"000000004C1B7E2A" not in base64.b64decode(token[len(prefix) :])[:2]


def test_decode_returns_the_claims_it_was_minted_with(service: TokenService):
    token, claims = service.mint(
        TokenKind.USER, "client", lifetime=3600, user_id="u1", scopes={"a", "b"}, grant_id="g1"
    )
    decoded = service.decode(token)
    assert decoded == claims
    assert decoded.scopes == frozenset({"a", "b"})
    assert decoded.grant_id == "g1"
    assert decoded.expires_at - decoded.issued_at == 3600


def test_any_changed_character_makes_the_token_fail(service: TokenService):
    token = mint(service)
    for index in range(2, len(token) - 2, 7):
        flipped = "B" if token[index] == "A" else "A"
        assert service.decode(token[:index] + flipped + token[index + 1 :]) is None


def test_another_instance_cannot_read_our_tokens_unless_it_shares_the_key():
    clock = Clock()
    token = mint(TokenService(clock))
    assert TokenService(clock).decode(token) is None
    shared_a = TokenService(clock, signing_key="team-key")
    shared_b = TokenService(clock, signing_key="team-key")
    assert shared_b.decode(mint(shared_a)) is not None


def test_a_token_relabelled_as_another_kind_fails(service: TokenService):
    app = mint(service)
    assert service.decode("EwA" + app[2:]) is None


@pytest.mark.parametrize("garbage", ["", "Eg", "Eg!!!!", "EgAAAA==", "EwA" + "A" * 40, "x" * 500])
def test_garbage_never_raises(service: TokenService, garbage: str):
    assert service.decode(garbage) is None


def test_tokens_minted_after_the_clock_ran_ahead_still_verify():
    clock = Clock()
    service = TokenService(clock)
    clock.advance(30 * 86400)
    token = mint(service)
    service._cache.clear()
    assert service.decode(token) is not None


def test_expiry_is_judged_by_the_caller_against_the_mock_clock(service: TokenService):
    service.clock.freeze()
    claims = service.decode(mint(service, lifetime=10))
    assert claims is not None
    assert not claims.expired(service.clock.now() + 9.99)
    assert claims.expired(service.clock.now() + 10)


def test_revocation_by_token_and_by_grant(service: TokenService):
    first = service.decode(mint(service, grant_id="g"))
    second = service.decode(mint(service, grant_id="g"))
    other = service.decode(mint(service, grant_id="h"))
    assert first and second and other
    service.revoke(first)
    assert service.is_revoked(first)
    assert not service.is_revoked(second)
    service.revoke_grant("g")
    assert service.is_revoked(second)
    assert not service.is_revoked(other)


def test_verified_token_cache_is_bounded_in_bytes(service: TokenService):
    service._cache.max_bytes = 5_000
    tokens = [mint(service, TokenKind.USER, user_id=f"user{i}") for i in range(40)]
    for token in tokens:
        assert service.decode(token) is not None
    assert 0 < service._cache.bytes <= 5_000
    kept = list(service._cache.items())
    assert 1 < len(kept) < 40
    assert service._cache.bytes == sum(cached_bytes(token, claims) for token, claims in kept)
    # The newest stay, and each counts at least what it holds.
    assert [token for token, _ in kept] == tokens[-len(kept) :]
    token, claims = kept[0]
    assert cached_bytes(token, claims) > sys.getsizeof(token) + sys.getsizeof(claims)
    for token in tokens:  # evicted ones verify again
        assert service.decode(token) is not None
    service._cache.clear()
    assert service._cache.bytes == 0


def test_fingerprint_is_short_stable_and_one_way():
    assert fingerprint("abc") == fingerprint("abc")
    assert fingerprint("abc") != fingerprint("abd")
    assert len(fingerprint("abc")) == 12
    assert "abc" not in fingerprint("abc")


def test_jwt_format_publishes_a_stable_key_id():
    service = TokenService(Clock(), token_format="jwt", issuer="http://127.0.0.1:8080")
    token = mint(service, TokenKind.USER, user_id="u1")
    assert token.startswith("eyJ")
    assert service.decode(token) is not None
    (key,) = service.jwks()["keys"]
    assert key["kid"] == service.kid
    assert key["alg"] == "RS256"
    assert key["kty"] == "RSA"
    assert "d" not in key  # never the private part
    assert TokenService(Clock(), token_format="jwt").decode(token) is None


def test_non_canonical_base64_of_an_issued_token_does_not_verify(service: TokenService):
    # Changing unused padding bits decodes to the same bytes: still a string never issued.
    for _ in range(50):
        token = mint(service)
        body = token[2:].rstrip("=")
        if token.endswith("=") and body[-1] in "AEIMQUYcgkosw048":
            break
    else:
        pytest.skip("no token with spare padding bits drawn")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    sibling = alphabet[alphabet.index(body[-1]) + 1]
    forged = "Eg" + body[:-1] + sibling + token[2 + len(body) :]
    assert base64.b64decode(forged[2:]) == base64.b64decode(token[2:])
    service._cache.clear()
    assert service.decode(token) is not None
    assert service.decode(forged) is None
