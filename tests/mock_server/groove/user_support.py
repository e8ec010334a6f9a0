"""Shared helpers of the user-data tests (collections, playlists, radio, profile, stream)."""

from __future__ import annotations

from typing import Any

import httpx
from catalog_support import ADA, BEN, DAFT_PUNK, GET_LUCKY, WEB_APP, app_token, bearer, user_token
from catalog_support import RAM as RAM_ALBUM
from catalog_support import user_headers as as_user

from mock_server import MockState
from mock_server.groove.library._collection import CollectionStore

__all__ = [
    "ADA",
    "BEN",
    "CLEO",
    "DAFT_PUNK",
    "GET_LUCKY",
    "GIVE_LIFE_BACK",
    "INSTANCE",
    "RAM_ALBUM",
    "UNKNOWN_TRACK",
    "WEB_APP",
    "app_token",
    "as_user",
    "bearer",
    "catalog_ids",
    "code_of",
    "error_of",
    "store_of",
    "streamable_tracks",
    "user_token",
]

CLEO = "9e3d6a0f2c7b1845"
GIVE_LIFE_BACK = "music.AA3EB907-0100-11DB-89CA-0019B92A3933"
UNKNOWN_TRACK = "music.9BB2C5C5-455C-4C15-827C-F9BFD759A458"
INSTANCE = "5b559245-96ed-4cf2-a4de-e0a13d66609c"


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
    from mock_server.groove.catalog._catalog import load_catalog

    skip = skip or set()
    found = [t.id for t in load_catalog().tracks if t.can_stream and t.id not in skip]
    return found[:count]
