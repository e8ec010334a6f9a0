"""Hypothesis strategies for Groove contract testing.

Three families, each usable on its own:

Tokens (`tokens`, `genuine_tokens`, `forgeries`, `made_up_tokens`)
    Tokens in every state the contract distinguishes: valid, expired (exactly at `exp` too),
    revoked (the token or its whole grant), forged (one character changed anywhere, cut,
    extended, re-prefixed, spliced), issued by another mock instance, of the wrong kind (a
    refresh token), without the Groove scope, issued before the user withdrew consent or signed
    out, for an unenrolled or unregistered app, for an unknown user, for a user without a Music
    Pass. Genuine tokens are minted by the `MockState` you pass and come with `TokenFacts`.

Credential placements (`placements`, `credential_requests`)
    Requests carrying zero to three credentials across `Authorization` headers (several lines,
    or comma-joined values on one line), the legacy `accessToken` query parameter (value
    `Bearer <token>`), `access_token` in the query or a form body; with odd casing, whitespace
    and encodings, garbage and non-ASCII bytes, and decoys that are not credentials.

Groove values (`groove_ids`, `query_parameters`)
    Namespaced ids of every documented shape (reference §11) and common query parameters
    (reference §4, §6), valid and invalid, each labelled with the error it must cause.

Strategies that mint draw from a live `MockState`, so draw them inside the test with
`st.data()` after resetting the state::

    @given(data=st.data())
    def test_exactly_one(data):
        state.reset()
        request = data.draw(credential_requests(state))
        wire = request.build(client, "/1/content/music/spotlight")
        verdict = predict(WireRequest.of(wire), "app-or-user", request.known_tokens)
        assert client.send(wire).status_code == verdict.status

`predict`, `WireRequest`, `TokenFacts` and `Defect` are the reference model the property tests
compare the mock with (docs/contract/credentials.md, rules CR1 to CR15).
"""

from __future__ import annotations

from ._groove import IdCase, ParamCase, groove_ids, query_parameters
from ._model import Defect, Found, TokenFacts, Verdict, WireRequest, find_credentials, predict
from ._requests import (
    WHERES,
    CredentialRequest,
    Placement,
    Where,
    credential_requests,
    placements,
)
from ._tokens import (
    ALL_DEFECTS,
    APP_SCOPE,
    GROOVE_SCOPE,
    KINDS,
    ORIGINS,
    Kind,
    Origin,
    TokenCase,
    fingerprint,
    forgeries,
    genuine_tokens,
    made_up_tokens,
    tokens,
)

__all__ = [
    "ALL_DEFECTS",
    "APP_SCOPE",
    "GROOVE_SCOPE",
    "KINDS",
    "ORIGINS",
    "WHERES",
    "CredentialRequest",
    "Defect",
    "Found",
    "IdCase",
    "Kind",
    "Origin",
    "ParamCase",
    "Placement",
    "TokenCase",
    "TokenFacts",
    "Verdict",
    "Where",
    "WireRequest",
    "credential_requests",
    "find_credentials",
    "fingerprint",
    "forgeries",
    "genuine_tokens",
    "groove_ids",
    "made_up_tokens",
    "placements",
    "predict",
    "query_parameters",
    "tokens",
]
