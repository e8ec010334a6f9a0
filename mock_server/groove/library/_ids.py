"""Identifiers of user data (reference §11): collection ids, playlist ids, radio ids.

Collection ids look like the real ones (`music.AQQfZ78ml185KUqtiDc9dx6i6Ae5PqgAAQ`): base64url
of a short type prefix and a digest. They are derived, not random, so the same user adding the
same track always gets the same id, and a test can predict them. Base64 is case-sensitive, so
collection ids are compared exactly; playlist and radio ids are GUIDs in a case-insensitive
sub-namespace (`R/namespace.md`).
"""

from __future__ import annotations

import base64
import hashlib
import re
import uuid

NAMESPACE = "music."
PLAYLIST_PREFIX = "music.playlist."
PLAYLIST_FOR_YOU_PREFIX = "music.playlistforyou."
RADIO_PREFIX = "music.radio."

# The first bytes of the documented ids: AQQf… tracks, AQEP… albums, AQIP… artists.
_TRACK_TAG = b"\x01\x04\x1f"
_ALBUM_TAG = b"\x01\x01\x0f"
_ARTIST_TAG = b"\x01\x02\x0f"

_COLLECTION_ID = re.compile(r"music\.AQ[A-Za-z0-9_-]{14,40}")
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogateescape")).digest()


def _encoded(tag: bytes, digest: bytes, size: int) -> str:
    return NAMESPACE + base64.urlsafe_b64encode(tag + digest[:size]).decode().rstrip("=")


def collection_track_id(user_id: str, catalog_id: str) -> str:
    """The id of a catalog track in a user's collection: stable across delete and re-add."""
    return _encoded(_TRACK_TAG, _digest("track", user_id, catalog_id), 22)


def playlist_entry_id(user_id: str, playlist_id: str, serial: int) -> str:
    """The id of one entry of a playlist; a track added twice has two entries, two ids."""
    return _encoded(_TRACK_TAG, _digest("entry", user_id, playlist_id, str(serial)), 22)


def collection_album_id(user_id: str, catalog_id: str) -> str:
    return _encoded(_ALBUM_TAG, _digest("album", user_id, catalog_id), 14)


def collection_artist_id(user_id: str, catalog_id: str) -> str:
    return _encoded(_ARTIST_TAG, _digest("artist", user_id, catalog_id), 14)


def looks_like_collection_id(value: str) -> bool:
    """Shaped like a collection id (only meaningful with a user token)."""
    return _COLLECTION_ID.fullmatch(value) is not None


def _guid_from(*parts: str) -> str:
    return str(uuid.UUID(bytes=_digest(*parts)[:16], version=4))


def new_playlist_id(user_id: str, serial: int) -> str:
    return PLAYLIST_PREFIX + _guid_from("playlist", user_id, str(serial))


def playlist_for_you_id(user_id: str, name: str) -> str:
    return PLAYLIST_FOR_YOU_PREFIX + _guid_from("playlistforyou", user_id, name)


def radio_id(user_id: str, seed_type: str, seed_key: str) -> str:
    return RADIO_PREFIX + _guid_from("radio", user_id, seed_type, seed_key)


def _sub_namespaced(value: str, prefix: str) -> str | None:
    if not value.startswith(NAMESPACE):
        return None
    rest = value[len(NAMESPACE) :].lower()
    sub = prefix[len(NAMESPACE) :]
    if not rest.startswith(sub) or not _GUID.fullmatch(rest[len(sub) :]):
        return None
    return NAMESPACE + rest


def playlist_key(value: str) -> str | None:
    """The canonical form of a user playlist id (`music.` exact, the rest case-insensitive),
    or None when the value is not shaped like one."""
    return _sub_namespaced(value, PLAYLIST_PREFIX)


def playlist_for_you_key(value: str) -> str | None:
    return _sub_namespaced(value, PLAYLIST_FOR_YOU_PREFIX)


def radio_key(value: str) -> str | None:
    return _sub_namespaced(value, RADIO_PREFIX)
