"""Radio stations and listening sessions per user (reference §6 rows 19-21,
`R/uri-create-radio.md`, `R/uri-next-radio.md`, `R/json-radioresponse.md`).

A station is the user's radio for one seed (`music.radio.{guid}`, the same guid for the same
seed, so creating it again brings it back to the top of "recently played"). A session is one
listening run through the station's endless track stream: its `SessionId` (opaque base64url,
safe in a path) stays valid for 24 hours by the mock clock. The stream goes through the
station's pool in a shuffled order that changes on every pass, deterministically.

Memory stays bounded: each user keeps the last 100 stations and the last 20 sessions.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .._errors import CatalogNoResult
from ._ids import radio_key

if TYPE_CHECKING:
    from ..._state import MockState

SESSION_LIFETIME = 86400.0
STATIONS_KEPT = 100
SESSIONS_KEPT = 20


@dataclass(frozen=True, slots=True)
class Station:
    id: str
    name: str
    pool: tuple[str, ...]
    last_played: float


@dataclass(slots=True)
class _Session:
    id: str
    station_id: str
    created_at: float
    position: int = 0


@dataclass(slots=True)
class _UserRadio:
    stations: OrderedDict[str, Station] = field(default_factory=OrderedDict)  # oldest first
    sessions: OrderedDict[str, _Session] = field(default_factory=OrderedDict)


def _new_session_id() -> str:
    # The documented ids start "AwEA…": bytes 03 01 00, then opaque data.
    return base64.urlsafe_b64encode(b"\x03\x01\x00" + secrets.token_bytes(18)).decode()


@functools.lru_cache(maxsize=256)
def _shuffled(station_id: str, pool: tuple[str, ...], lap: int) -> tuple[str, ...]:
    def rank(track_id: str) -> bytes:
        return hashlib.sha256(f"{station_id}\x1f{lap}\x1f{track_id}".encode()).digest()

    return tuple(sorted(pool, key=rank))


class RadioStore:
    """Every user's stations and sessions for one mock state."""

    def __init__(self, state: MockState):
        self._state = state
        self._lock = threading.Lock()
        self._users: dict[str, _UserRadio] = {}

    def reset(self) -> None:
        with self._lock:
            self._users.clear()

    def start(self, user_id: str, station: Station, count: int) -> tuple[str, list[str]]:
        """Put the station at the top of the user's list, open a session on it and play its
        first `count` tracks, in one step: a session opened meanwhile by another request of
        the user cannot push this one out before it is played."""
        now = self._state.clock.now()
        with self._lock:
            radio = self._users.setdefault(user_id, _UserRadio())
            self._played(radio, replace(station, last_played=now))
            session = self._open(radio, station.id, now)
            return session.id, self._advance(station, session, count)

    def next_tracks(self, user_id: str, any_id: str, count: int) -> tuple[str, list[str]]:
        """The session id and the next `count` track ids, for a SessionId or a radio id (a
        radio id opens a new session on that station)."""
        now = self._state.clock.now()
        with self._lock:
            radio = self._users.setdefault(user_id, _UserRadio())
            key = radio_key(any_id)
            if key is not None:
                station = radio.stations.get(key)
                if station is None:
                    raise CatalogNoResult(f"The user has no radio {any_id[:100]}")
                session = self._open(radio, key, now)
            else:
                session = self._session(radio, any_id, now)
                station = radio.stations[session.station_id]
            self._played(radio, replace(station, last_played=now))
            return session.id, self._advance(station, session, count)

    def recently_played(self, user_id: str) -> list[Station]:
        """Most recently played first."""
        with self._lock:
            radio = self._users.get(user_id)
            return [] if radio is None else list(reversed(radio.stations.values()))

    @staticmethod
    def _played(radio: _UserRadio, station: Station) -> None:
        radio.stations[station.id] = station
        radio.stations.move_to_end(station.id)
        while len(radio.stations) > STATIONS_KEPT:
            gone, _ = radio.stations.popitem(last=False)
            for session_id in [s.id for s in radio.sessions.values() if s.station_id == gone]:
                del radio.sessions[session_id]

    @staticmethod
    def _open(radio: _UserRadio, station_id: str, now: float) -> _Session:
        session = _Session(_new_session_id(), station_id, now)
        radio.sessions[session.id] = session
        while len(radio.sessions) > SESSIONS_KEPT:
            radio.sessions.popitem(last=False)
        return session

    @staticmethod
    def _session(radio: _UserRadio, session_id: str, now: float) -> _Session:
        session = radio.sessions.get(session_id)
        if session is None:
            raise CatalogNoResult("Unknown radio session: start the radio again with its radio id")
        if now >= session.created_at + SESSION_LIFETIME:
            del radio.sessions[session_id]
            raise CatalogNoResult(
                "The radio session has expired (24 hours): start it again with its radio id"
            )
        return session

    @staticmethod
    def _advance(station: Station, session: _Session, count: int) -> list[str]:
        size = len(station.pool)
        out: list[str] = []
        while size and len(out) < count:
            lap, index = divmod(session.position, size)
            order = _shuffled(station.id, station.pool, lap)
            take = min(count - len(out), size - index)
            out.extend(order[index : index + take])
            session.position += take
        return out
