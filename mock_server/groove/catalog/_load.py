"""Reading the catalog fixture into value objects, with the derived fields filled in and every
reference checked, so that a broken file fails at start with one line naming the place."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._make import (
    CatalogDataError,
    latest_releases,
    make_album,
    make_artist,
    make_category,
    make_genres,
    make_playlist,
    make_track,
)
from ._model import Album, Artist, CatalogPlaylist, Category, Genre, Track, id_key


@dataclass(frozen=True, slots=True)
class CatalogData:
    """A catalog file read and checked at once: every value object, in file order."""

    genres: tuple[Genre, ...]
    moods: tuple[Category, ...]
    activities: tuple[Category, ...]
    artists: tuple[Artist, ...]
    albums: tuple[Album, ...]
    tracks: tuple[Track, ...]
    playlists: tuple[CatalogPlaylist, ...]
    spotlight: tuple[tuple[str, str], ...]


def read_catalog_file(path: Path) -> CatalogData:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogDataError(f"{path}: cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise CatalogDataError(f"{path}: line {exc.lineno}: not valid JSON: {exc.msg}") from None
    return parse_document(document, source=str(path))


def parse_document(document: Any, *, source: str = "<catalog>") -> CatalogData:
    place = "top level"
    try:
        return _Parser(document).data()
    except _Problem as problem:
        raise CatalogDataError(f"{source}: {problem.place}: {problem.message}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CatalogDataError(f"{source}: {place}: malformed ({exc!r})") from None


class _Problem(Exception):
    def __init__(self, place: str, message: str):
        super().__init__(f"{place}: {message}")
        self.place = place
        self.message = message


class _Parser:
    def __init__(self, document: Any):
        if not isinstance(document, dict) or document.get("format") != "groove-catalog/1":
            raise _Problem("format", "expected an object with format 'groove-catalog/1'")
        self.doc = document
        self.keys: set[str] = set()

    def data(self) -> CatalogData:
        for section in ("artists", "albums", "tracks", "playlists"):
            for i, record in enumerate(self.doc[section]):
                self.claim(record.get("id"), f"{section}[{i}]")
        raw_albums = {a["id"]: a for a in self.doc["albums"]}
        tracks = tuple(
            self.track(t, raw_albums, f"tracks[{i}]") for i, t in enumerate(self.doc["tracks"])
        )
        tracks_by_id = {t.id: t for t in tracks}
        albums = tuple(
            self.album(a, tracks_by_id, f"albums[{i}]") for i, a in enumerate(self.doc["albums"])
        )
        latest = latest_releases(self.doc["albums"])
        artists = tuple(
            self.artist(a, latest, f"artists[{i}]") for i, a in enumerate(self.doc["artists"])
        )
        self.check_artists(artists, albums, tracks)
        playlists = tuple(
            self.playlist(p, tracks_by_id, f"playlists[{i}]")
            for i, p in enumerate(self.doc["playlists"])
        )
        return CatalogData(
            genres=self.genres(playlists),
            moods=tuple(self.category(c) for c in self.doc["moods"]),
            activities=tuple(self.category(c) for c in self.doc["activities"]),
            artists=artists,
            albums=albums,
            tracks=tracks,
            playlists=playlists,
            spotlight=tuple((str(kind), str(ref)) for kind, ref in self.doc["spotlight"]),
        )

    def claim(self, content_id: Any, place: str) -> str:
        key = id_key(content_id) if isinstance(content_id, str) else None
        if key is None:
            raise _Problem(f"{place}.id", f"{content_id!r} is not a music id")
        if key in self.keys:
            raise _Problem(f"{place}.id", f"duplicate id {content_id!r}")
        self.keys.add(key)
        return str(content_id)

    def track(self, raw: dict[str, Any], albums: dict[str, Any], place: str) -> Track:
        album = albums.get(raw["album"])
        if album is None:
            raise _Problem(f"{place}.album", f"no album {raw['album']!r}")
        return make_track(raw, album)

    def album(self, raw: dict[str, Any], tracks: dict[str, Track], place: str) -> Album:
        own = []
        for track_id in raw["tracks"]:
            track = tracks.get(track_id)
            if track is None or track.album_id != raw["id"]:
                raise _Problem(f"{place}.tracks", f"{track_id!r} is not a track of this album")
            own.append(track)
        return make_album(
            raw,
            is_explicit=any(t.is_explicit for t in own),
            track_ids=tuple(t.id for t in own),
            duration_seconds=sum(t.duration_seconds for t in own),
        )

    def artist(self, raw: dict[str, Any], latest: dict[str, str], place: str) -> Artist:
        return make_artist(raw, latest)

    def check_artists(
        self, artists: tuple[Artist, ...], albums: tuple[Album, ...], tracks: tuple[Track, ...]
    ) -> None:
        known = {a.id for a in artists}
        credits = [(f"albums[{i}]", a.artists) for i, a in enumerate(albums)]
        credits += [(f"tracks[{i}]", t.artists) for i, t in enumerate(tracks)]
        for place, contributors in credits:
            for contributor in contributors:
                if contributor.artist_id not in known:
                    raise _Problem(f"{place}.artists", f"no artist {contributor.artist_id!r}")

    def playlist(
        self, raw: dict[str, Any], tracks: dict[str, Track], place: str
    ) -> CatalogPlaylist:
        missing = [t for t in raw["tracks"] if t not in tracks]
        if missing:
            raise _Problem(f"{place}.tracks", f"no track {missing[0]!r}")
        return make_playlist(raw)

    def genres(self, playlists: tuple[CatalogPlaylist, ...]) -> tuple[Genre, ...]:
        return make_genres(self.doc["genres"], [playlist.genres for playlist in playlists])

    def category(self, raw: dict[str, Any]) -> Category:
        if "en" not in raw:
            raise _Problem(f"category {raw.get('id')!r}", "needs an 'en' text")
        return make_category(raw)
