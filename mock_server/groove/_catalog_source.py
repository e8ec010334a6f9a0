"""The built-in catalog, read fast: its items are made when first asked for.

Every launch and the first fixture of every test process load the catalog, and a lookup needs a
handful of its 1,600 items. The built-in fixture is the generator's output, and the tests check
it with `parse_document` (every reference, every id) and compare what is made here with what
that makes; so at start this reads the JSON and indexes the records by id, and each value
object is made on first use by the same functions `parse_document` uses. Each is made once
(`dict.setdefault`: two threads asking at once get the same object), so identity holds as in a
catalog made at once. A file that is not the built-in one is read with `read_catalog_file`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._catalog_load import (
    CatalogDataError,
    latest_releases,
    make_album,
    make_artist,
    make_category,
    make_genres,
    make_playlist,
    make_track,
)
from ._catalog_model import Album, Artist, CatalogPlaylist, Category, Content, Genre, Track, id_key

_SECTIONS = ("artists", "albums", "tracks", "playlists")


class LazyCatalogData:
    """The built-in catalog's records, and its value objects made on first use. Offers what
    `CatalogData` offers, plus `made(key)`: the item of an id key."""

    def __init__(self, document: dict[str, Any]):
        if not isinstance(document, dict) or document.get("format") != "groove-catalog/1":
            raise CatalogDataError("format: expected an object with format 'groove-catalog/1'")
        self._doc = document
        # id key -> (section, record); canonical id -> record.
        self._records: dict[str, tuple[str, dict[str, Any]]] = {}
        self._by_id: dict[str, dict[str, Any]] = {}
        for section in _SECTIONS:
            for record in document[section]:
                self._records[id_key(record["id"]) or record["id"]] = (section, record)
                self._by_id[record["id"]] = record
        self._made: dict[str, Content] = {}
        self._latest: dict[str, str] | None = None
        self._sections: dict[str, tuple[Any, ...]] = {}
        self.genres: tuple[Genre, ...] = make_genres(
            document["genres"], (p["genres"] for p in document["playlists"])
        )
        self.moods: tuple[Category, ...] = tuple(make_category(c) for c in document["moods"])
        self.activities: tuple[Category, ...] = tuple(
            make_category(c) for c in document["activities"]
        )
        self.spotlight = tuple((str(kind), str(ref)) for kind, ref in document["spotlight"])

    def made(self, key: str) -> Content | None:
        """The item whose id key (`id_key`) is `key`, made on first use; None if unknown."""
        found = self._made.get(key)
        if found is not None:
            return found
        entry = self._records.get(key)
        if entry is None:
            return None
        return self._made.setdefault(key, self._make(*entry))

    @property
    def artists(self) -> tuple[Artist, ...]:
        return self._section("artists")

    @property
    def albums(self) -> tuple[Album, ...]:
        return self._section("albums")

    @property
    def tracks(self) -> tuple[Track, ...]:
        return self._section("tracks")

    @property
    def playlists(self) -> tuple[CatalogPlaylist, ...]:
        return self._section("playlists")

    def _section(self, name: str) -> tuple[Any, ...]:
        items = self._sections.get(name)
        if items is None:
            items = tuple(self.made(id_key(r["id"]) or r["id"]) for r in self._doc[name])
            self._sections[name] = items
        return items

    def _make(self, section: str, record: dict[str, Any]) -> Content:
        if section == "tracks":
            return make_track(record, self._by_id[record["album"]])
        if section == "albums":
            own = [self._by_id[track_id] for track_id in record["tracks"]]
            return make_album(
                record,
                is_explicit=any(bool(t["explicit"]) for t in own),
                track_ids=tuple(str(t["id"]) for t in own),
                duration_seconds=sum(int(t["duration"]) for t in own),
            )
        if section == "artists":
            if self._latest is None:
                self._latest = latest_releases(self._doc["albums"])
            return make_artist(record, self._latest)
        return make_playlist(record)


def read_builtin_catalog(path: Path) -> LazyCatalogData:
    """The built-in catalog file (see the module docstring); a one-line error if unreadable."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogDataError(f"{path}: cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise CatalogDataError(f"{path}: line {exc.lineno}: not valid JSON: {exc.msg}") from None
    try:
        return LazyCatalogData(document)
    except CatalogDataError as exc:
        raise CatalogDataError(f"{path}: {exc}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CatalogDataError(f"{path}: top level: malformed ({exc!r})") from None
