"""Shared helpers of the user-data tests (collections, playlists, radio, profile, stream)."""

from __future__ import annotations

from typing import Any

import httpx

from mock_server import MockState, TokenKind
from mock_server._scenario import APP_SCOPE, GROOVE_SCOPE
from mock_server.groove._collection import CollectionStore

WEB_APP = "000000004C1B7E2A"
ADA, BEN, CLEO = "4a1f9c2e7b3d5068", "7c2e0b9d41f8a356", "9e3d6a0f2c7b1845"
GET_LUCKY = "music.A83EB907-0100-11DB-89CA-0019B92A3933"
GIVE_LIFE_BACK = "music.AA3EB907-0100-11DB-89CA-0019B92A3933"
RAM_ALBUM = "music.B13EB907-0100-11DB-89CA-0019B92A3933"
DAFT_PUNK = "music.C61C0000-0200-11DB-89CA-0019B92A3933"
UNKNOWN_TRACK = "music.9BB2C5C5-455C-4C15-827C-F9BFD759A458"
INSTANCE = "5b559245-96ed-4cf2-a4de-e0a13d66609c"


def user_token(state: MockState, user: str = ADA) -> str:
    token, _ = state.tokens.mint(
        TokenKind.USER, WEB_APP, lifetime=3600, user_id=user, scopes={GROOVE_SCOPE}
    )
    return token


def app_token(state: MockState) -> str:
    token, _ = state.tokens.mint(TokenKind.APP, WEB_APP, lifetime=3600, scopes={APP_SCOPE})
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def as_user(state: MockState, user: str = ADA) -> dict[str, str]:
    return bearer(user_token(state, user))


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body["Error"]) <= {"ErrorCode", "Description", "Message"}, body
    return dict(body["Error"])


def code_of(response: httpx.Response) -> str:
    return str(error_of(response)["ErrorCode"])


def store_of(state: MockState) -> CollectionStore:
    return state.part(CollectionStore)


def catalog_ids(state: MockState, user: str = ADA) -> list[str]:
    return [track.catalog_id for track in store_of(state).view(user).tracks]


def streamable_tracks(count: int, *, skip: set[str] | None = None) -> list[str]:
    """Catalog track ids that can be streamed, in catalog order, skipping `skip`."""
    from mock_server.groove._catalog import load_catalog

    skip = skip or set()
    found = [t.id for t in load_catalog().tracks if t.can_stream and t.id not in skip]
    return found[:count]
