"""The built-in catalog, read fast: its records are parsed, and its items made, when first
asked for. Measured on this project's 2-core machine: reading and checking the whole file
(`_load.read_catalog_file`) takes 40-60 ms, this 3-7 ms; every `groove-mock serve` launch and
the first mock of every test process pay it (the in-process fixture's budget is 50 ms).

Every launch and the first fixture of every test process load the catalog, and a lookup needs a
handful of its 1,600 items. The built-in fixture is the generator's output (one record per line,
`_catalog_generator.render`), and the tests check it with `parse_document` (every reference,
every id) and compare what is made here with what that makes. So at start this splits the file's
bytes into lines and indexes the record lines by the id each begins with; a record is parsed
(`json.loads` of its line, which decodes it too), and its value object made by the function
`parse_document` uses, when first needed. Bytes, not text: splitting them takes half the time,
and decoding the whole file first as much again (a record is decoded when parsed, the ids and
the other members at start). Each item is made once (`dict.setdefault`: two threads asking at
once get the same object), so identity holds as in a catalog made at once. A file without that
layout is parsed whole, then used the same way. Another file is read with `read_catalog_file`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

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
from ._model import NAMESPACE, Album, Artist, CatalogPlaylist, Category, Content, Genre, Track

SECTIONS = ("artists", "albums", "tracks", "playlists")
_LINE_START = b'    {"id": "'  # a record line: four spaces, then its JSON, which begins with its id
_SECTION_ENDS = (b"  ]", b"  ],")
Record = dict[str, Any]
T = TypeVar("T")


class LazyCatalogData:
    """The built-in catalog's records, and its value objects made on first use. Offers what
    `CatalogData` offers, plus `made(key)`: the item of an id key.

    `document` is the catalog's top-level object; its artists, albums, tracks and playlists
    may be record lines still to parse (bytes, see `split_records`) or parsed records."""

    def __init__(self, document: dict[str, Any]):
        if not isinstance(document, dict) or document.get("format") != "groove-catalog/1":
            raise CatalogDataError("format: expected an object with format 'groove-catalog/1'")
        self._doc = document
        # The four sections as one list; an item's place in it is its index.
        self._entries: list[bytes | Record] = []
        self._starts: dict[str, int] = {}
        for section in SECTIONS:
            self._starts[section] = len(self._entries)
            self._entries += document[section]
        self._starts["end"] = len(self._entries)
        ids = _ids_of(self._entries) or [
            self._record(index)["id"] for index in range(len(self._entries))
        ]
        # `id_key(content_id) or content_id`, spelled out: 1,600 calls are a third of the load.
        size = len(NAMESPACE)
        self._keys = [
            i[size:].upper() if len(i) > size and i.startswith(NAMESPACE) else i for i in ids
        ]
        self._where = dict(zip(self._keys, range(len(ids)), strict=True))  # id key -> place
        self._where_id = dict(zip(ids, range(len(ids)), strict=True))  # exact id -> place
        self._made: dict[str, Content] = {}
        self._lists: dict[str, tuple[Any, ...]] = {}
        self.spotlight = tuple((str(kind), str(ref)) for kind, ref in document["spotlight"])

    def made(self, key: str) -> Content | None:
        """The item whose id key (`id_key`) is `key`, made on first use; None if unknown."""
        found = self._made.get(key)
        if found is not None:
            return found
        place = self._where.get(key)
        if place is None:
            return None
        return self._made.setdefault(key, self._make(place))

    @property
    def artists(self) -> tuple[Artist, ...]:
        return self._items("artists")

    @property
    def albums(self) -> tuple[Album, ...]:
        return self._items("albums")

    @property
    def tracks(self) -> tuple[Track, ...]:
        return self._items("tracks")

    @property
    def playlists(self) -> tuple[CatalogPlaylist, ...]:
        return self._items("playlists")

    @property
    def genres(self) -> tuple[Genre, ...]:
        def make() -> tuple[Genre, ...]:
            playlists = self._records("playlists")
            return make_genres(self._doc["genres"], (p["genres"] for p in playlists))

        return self._list("genres", make)

    @property
    def moods(self) -> tuple[Category, ...]:
        return self._list("moods", lambda: tuple(make_category(c) for c in self._doc["moods"]))

    @property
    def activities(self) -> tuple[Category, ...]:
        return self._list(
            "activities", lambda: tuple(make_category(c) for c in self._doc["activities"])
        )

    def _list(self, name: str, make: Callable[[], tuple[T, ...]]) -> tuple[T, ...]:
        found = self._lists.get(name)
        if found is None:
            found = self._lists[name] = make()
        return found

    def _items(self, section: str) -> tuple[Any, ...]:
        places = self._places(section)
        return self._list(section, lambda: tuple(self.made(self._keys[i]) for i in places))

    def _places(self, section: str) -> range:
        following = SECTIONS[SECTIONS.index(section) + 1] if section != "playlists" else "end"
        return range(self._starts[section], self._starts[following])

    def _section_of(self, place: int) -> str:
        return next(s for s in reversed(SECTIONS) if place >= self._starts[s])

    def _record(self, place: int) -> Record:
        """The record at `place`, parsed on first use (a race parses it twice, alike)."""
        entry = self._entries[place]
        if isinstance(entry, bytes):
            entry = self._entries[place] = json.loads(entry.rstrip(b","))
        record: Record = entry
        return record

    def _records(self, section: str) -> list[Record]:
        return [self._record(place) for place in self._places(section)]

    def _by_id(self, content_id: str) -> Record:
        return self._record(self._where_id[content_id])

    def _make(self, place: int) -> Content:
        record = self._record(place)
        section = self._section_of(place)
        if section == "tracks":
            return make_track(record, self._by_id(record["album"]))
        if section == "albums":
            own = [self._by_id(track_id) for track_id in record["tracks"]]
            return make_album(
                record,
                is_explicit=any(bool(t["explicit"]) for t in own),
                track_ids=tuple(str(t["id"]) for t in own),
                duration_seconds=sum(int(t["duration"]) for t in own),
            )
        if section == "artists":
            artist_id = record["id"]
            return make_artist(record, {artist_id: self._latest_release(artist_id)})
        return make_playlist(record)

    def _latest_release(self, artist_id: str) -> str:
        """The release date of the artist's newest album. Only the albums whose line holds the
        artist's id as text can credit the artist: the others are not parsed."""
        searchable = '"' not in artist_id and "\\" not in artist_id
        wanted = artist_id.encode()
        albums = [
            self._record(place)
            for place in self._places("albums")
            if not searchable or self._may_hold(place, wanted)
        ]
        return latest_releases(albums).get(artist_id, "")

    def _may_hold(self, place: int, text: bytes) -> bool:
        entry = self._entries[place]
        return not isinstance(entry, bytes) or text in entry


def _ids_of(entries: list[bytes | Record]) -> list[str] | None:
    """The ids of record lines read off the text, without parsing them; None unless every
    entry is a line that begins with its id (whose text has no quote and no backslash)."""
    start = len(_LINE_START)
    lines = [entry for entry in entries if isinstance(entry, bytes)]
    if len(lines) != len(entries) or not all(line.startswith(_LINE_START) for line in lines):
        return None
    ends = [line.find(b'"', start) for line in lines]
    if min(ends, default=start) <= start:
        return None
    # Every id in one text, decoded at once, then split (an id holds no line break).
    joined = b"\n".join([line[start:end] for line, end in zip(lines, ends, strict=True)])
    if b"\\" in joined:
        return None
    try:
        return joined.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None


def split_records(data: bytes) -> dict[str, Any] | None:
    """The top-level members of a catalog file in the generator's layout (`{`, one member per
    line or one record per line, `}`), the artists, albums, tracks and playlists as their record
    lines (bytes), unparsed; None for any other layout."""
    lines = data.split(b"\n")
    if lines[0] != b"{":
        return None
    members: dict[str, Any] = {}
    index = 1
    try:
        while index < len(lines) and lines[index] != b"}":
            quoted, separator, rest = lines[index].partition(b": ")
            if not separator or not quoted.startswith(b'  "') or not quoted.endswith(b'"'):
                return None
            name = quoted[3:-1].decode("utf-8")
            index += 1
            if rest != b"[":
                members[name] = json.loads(rest.removesuffix(b","))
                continue
            start, index = index, _section_end(lines, index)
            records = lines[start:index]
            if index == len(lines) or not all(line.startswith(b"    ") for line in records):
                return None
            if not all(line.endswith(b",") for line in records[:-1]):
                return None
            members[name] = (
                records if name in SECTIONS else [json.loads(r.rstrip(b",")) for r in records]
            )
            index += 1
        if index == len(lines) or b"".join(lines[index + 1 :]).decode("utf-8").strip():
            return None
    except ValueError:  # a member that is not JSON (or not UTF-8)
        return None
    return members


def _section_end(lines: list[bytes], start: int) -> int:
    """The index of the first line from `start` that closes a list (`  ]` or `  ],`), or
    `len(lines)`. The lines before it must then all be indented (checked by the caller)."""
    found = len(lines)
    for end in _SECTION_ENDS:
        try:
            found = min(found, lines.index(end, start, found))
        except ValueError:
            continue
    return found


def read_builtin_catalog(path: Path) -> LazyCatalogData:
    """The built-in catalog file (see the module docstring); a one-line error if unreadable."""
    try:
        data = path.read_bytes()
        document = split_records(data)
        if document is None:
            document = json.loads(data.decode("utf-8"))
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
