"""What user data needs from the catalog: canonical track ids, and each user's first
collection (reference §6, §14: "seed the catalog with the documented sample ids").

Every scenario user starts with a small collection so that browse has something to show: the
documented Get Lucky, then tracks picked by a hash of the user id (the same every run), and two
playlists made of them. Users added later through the control plane are seeded the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..catalog._catalog import Content, catalog_of

if TYPE_CHECKING:
    from ..._state import MockState
    from ._user_data import Resolver

GET_LUCKY = "music.A83EB907-0100-11DB-89CA-0019B92A3933"
SEED_TRACKS = 8
SeedPlan = tuple[list[str], list[tuple[str, list[str]]]]


def track_resolver(state: MockState) -> Resolver:
    """Catalog track ids as the client wrote them (any case after `music.`) → the catalog's."""
    return _spelling(catalog_of(state).track)


def item_resolver(state: MockState) -> Resolver:
    """Any catalog item id (track, album, artist, playlist) → the catalog's spelling."""
    return _spelling(catalog_of(state).item)


def _spelling(find: Callable[[str], Content | None]) -> Resolver:
    def resolve(content_id: str) -> str | None:
        found = find(content_id)
        return None if found is None else found.id

    return resolve


def credits_of(state: MockState) -> Callable[[str], tuple[str | None, tuple[str, ...]]]:
    """A track's album id and main artist ids, which collection browse shows as collection
    items of their own."""
    catalog = catalog_of(state)

    def credits(track_id: str) -> tuple[str | None, tuple[str, ...]]:
        track = catalog.track(track_id)
        if track is None:
            return None, ()
        return track.album_id, tuple(c.artist_id for c in track.artists if c.role == "Main")

    return credits


def seed_plan(state: MockState, user_id: str) -> SeedPlan:
    """The first collection of a scenario user; nothing for an unknown user id."""
    if state.user(user_id) is None:
        return [], []
    streamable = [track.id for track in catalog_of(state).tracks if track.can_stream]
    chosen = [GET_LUCKY] if GET_LUCKY in streamable else []
    counter = 0
    while len(chosen) < min(SEED_TRACKS, len(streamable)):
        digest = hashlib.sha256(f"seed\x1f{user_id}\x1f{counter}".encode()).digest()
        candidate = streamable[int.from_bytes(digest[:8], "big") % len(streamable)]
        if candidate not in chosen:
            chosen.append(candidate)
        counter += 1
    playlists = [("Favourites", chosen[:4]), ("Road trip", chosen[4:7])]
    return chosen, [(name, tracks) for name, tracks in playlists if tracks]
