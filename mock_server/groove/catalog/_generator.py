"""Writes `fixtures/catalog.json`: the documented sample items plus a generated catalog.

Run `python -m mock_server.groove.catalog._generator` after changing this module or
`_seed`; `--check` only reports whether the file is current (a test runs the same
comparison). Every choice comes from SHA-256 of a name, never from `random`, so the output is
the same on every Python version and platform.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import date
from typing import Any

from . import _seed as seed
from ._catalog import default_catalog_path

GENERATED_ARTISTS = 64
_IDENT_ALPHABET = "0123456789BCDFGHJKLMNPQRSTVWXZ"
_FIRST_DAY = date(1992, 1, 1).toordinal()
_LAST_DAY = date(2017, 11, 30).toordinal()
_RECENT_FIRST_DAY = date(2017, 1, 1).toordinal()


def _h(*parts: object) -> int:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _pick(seq: tuple[str, ...] | list[str], *parts: object) -> str:
    return seq[_h(*parts) % len(seq)]


class _Builder:
    def __init__(self) -> None:
        self.used_ids: set[str] = set()
        self.artists: list[dict[str, Any]] = []
        self.albums: list[dict[str, Any]] = []
        self.tracks: list[dict[str, Any]] = []
        self.names: set[str] = set()
        self.counter = 0

    def claim(self, content_id: str) -> bool:
        key = content_id.upper()
        if key in self.used_ids:
            return False
        self.used_ids.add(key)
        return True

    def new_id(self, group: str, *parts: object) -> str:
        for attempt in range(100):
            h = _h("id", group, attempt, *parts)
            if group == "ident":
                chars = []
                for _ in range(10):
                    h, digit = divmod(h, len(_IDENT_ALPHABET))
                    chars.append(_IDENT_ALPHABET[digit])
                candidate = "music.8D" + "".join(chars)
            else:
                candidate = f"music.{h & 0xFFFFFFFF:08X}-{group}{seed.GUID_TAIL}"
            if self.claim(candidate):
                return candidate
        raise RuntimeError(f"no free id for {parts}")

    def next_number(self) -> int:
        self.counter += 1
        return self.counter

    # artists ------------------------------------------------------------------------------

    def artist_name(self, index: int) -> str:
        for attempt in range(50):
            style = _h("artist-style", index, attempt) % 3
            if style == 0:
                first = _pick(seed.FIRST_NAMES, "first", index, attempt)
                name = f"{first} {_pick(seed.LAST_NAMES, 'last', index, attempt)}"
            elif style == 1:
                name = f"The {_pick(seed.ADJECTIVES, 'the', index, attempt)} "
                name += f"{_pick(seed.NOUNS, 'thenoun', index, attempt)}s"
            else:
                name = f"{_pick(seed.ADJECTIVES, 'adj', index, attempt)} "
                name += _pick(seed.NOUNS, "noun", index, attempt)
            if name.casefold() not in self.names:
                self.names.add(name.casefold())
                return name
        raise RuntimeError(f"no free artist name for {index}")

    def add_artists(self) -> None:
        for artist in seed.REAL_ARTISTS:
            self.claim(artist["id"])
            self.artists.append(dict(artist))
        parents = tuple(seed.GENRE_TREE)
        for index in range(GENERATED_ARTISTS):
            name = self.artist_name(index)
            genre = _pick(parents, "genre", index)
            sub = _pick(seed.GENRE_TREE[genre], "sub", index)
            self.artists.append(
                {
                    "id": self.new_id("0200", "artist", index),
                    "name": name,
                    "genres": [genre],
                    "subgenres": [sub],
                    "amg": f"P{1_200_000 + index * 977:>9}",
                    "bio": f"{name} makes {sub.lower()} records. Generated for the mock.",
                    "popularity": 5 + _h("pop", name) % 85,
                    "plays": _h("plays", name) % 50_000_000,
                }
            )

    # albums and tracks ----------------------------------------------------------------------

    def add_real_albums(self) -> None:
        for album in seed.REAL_ALBUMS:
            self.claim(album["id"])
            track_ids = []
            for number, (suffix, title, seconds, featured, subtitle, amg) in enumerate(
                album["tracks"], start=1
            ):
                track_id = f"music.{suffix}-0100{seed.GUID_TAIL}"
                self.claim(track_id)
                track_ids.append(track_id)
                artists = [["Main", seed.DAFT_PUNK]] + [["Featured", a] for a in featured]
                self.tracks.append(
                    {
                        "id": track_id,
                        "name": title,
                        "album": album["id"],
                        "number": number,
                        "duration": seconds,
                        "explicit": False,
                        "rights": ["Purchase", "Stream", "FreeStream"],
                        "isrc": f"{album['isrc_prefix']}{number:02d}",
                        "amg": amg,
                        "subtitle": subtitle,
                        "artists": artists,
                        "popularity": 99 if track_id == seed.GET_LUCKY else 60 + number,
                        "plays": _h("plays", track_id) % 90_000_000 + 10_000_000,
                    }
                )
            record = {k: v for k, v in album.items() if k not in {"tracks", "isrc_prefix"}}
            record.update(artists=[["Main", seed.DAFT_PUNK]], subtitle=None, tracks=track_ids)
            self.albums.append(record)

    def title(self, *parts: object) -> str:
        word = _pick(seed.TITLE_WORDS, "w", *parts)
        adj = _pick(seed.ADJECTIVES, "a", *parts)
        noun = _pick(seed.NOUNS, "n", *parts)
        style = _h("title-style", *parts) % 6
        return (
            f"{adj} {word}",
            f"{word} {noun}",
            f"{word} of the {noun}",
            word,
            f"{word} {_pick(seed.TITLE_WORDS, 'w2', *parts)}",
            f"{adj} {noun}",
        )[style]

    def add_generated_albums(self) -> None:
        generated = [a for a in self.artists if a["id"] not in {x["id"] for x in seed.REAL_ARTISTS}]
        for artist in generated:
            for index in range(1 + _h("albums", artist["id"]) % 4):
                self.add_album(artist, index, generated)

    def add_album(self, artist: dict[str, Any], index: int, everyone: list[dict[str, Any]]) -> None:
        key = (artist["id"], index)
        roll = _h("type", *key) % 10
        album_type, count = (
            ("Single", 1 + _h("n", *key) % 2)
            if roll < 2
            else ("EP", 4 + _h("n", *key) % 3)
            if roll < 3
            else ("Album", 8 + _h("n", *key) % 7)
        )
        new_style = _h("style", *key) % 100 < 15
        album_id = self.new_id("ident" if new_style else "0100", "album", *key)
        recent = _h("recent", *key) % 100 < 20
        first = _RECENT_FIRST_DAY if recent else _FIRST_DAY
        day = date.fromordinal(first + _h("day", *key) % (_LAST_DAY - first + 1))
        genre = artist["genres"][0]
        number = self.next_number()
        track_ids = [
            self.add_track(artist, album_id, n, day, everyone, new_style)
            for n in range(1, count + 1)
        ]
        self.albums.append(
            {
                "id": album_id,
                "name": self.title("album", *key),
                "date": day.isoformat(),
                "label": _pick(seed.LABELS, "label", *key),
                "type": album_type,
                "genres": [genre],
                "subgenres": [_pick(seed.GENRE_TREE[genre], "sub", *key)],
                "amg": f"R{2_800_000 + number * 13:>9}",
                "icpn": f"{880_000_000_000 + number * 7919:012d}",
                "popularity": 3 + _h("pop", album_id) % 90,
                "plays": _h("plays", album_id) % 20_000_000,
                "artists": [["Main", artist["id"]]],
                "subtitle": "Deluxe Edition" if _h("deluxe", *key) % 12 == 0 else None,
                "tracks": track_ids,
            }
        )

    def add_track(
        self,
        artist: dict[str, Any],
        album_id: str,
        number: int,
        day: date,
        everyone: list[dict[str, Any]],
        new_style: bool,
    ) -> str:
        key = (album_id, number)
        track_id = self.new_id("ident" if new_style else "0100", "track", *key)
        artists = [["Main", artist["id"]]]
        subtitle = None
        if _h("feat", *key) % 100 < 12:
            guest = everyone[_h("guest", *key) % len(everyone)]
            if guest["id"] != artist["id"]:
                artists.append(["Featured", guest["id"]])
                subtitle = f"feat. {guest['name']}"
        explicit_odds = 40 if artist["genres"][0] == "Hip Hop" else 5
        roll = _h("rights", *key) % 100
        rights = (
            ["Purchase"]
            if roll < 7
            else ["Stream"]
            if roll < 9
            else ["Purchase", "Stream"]
            if roll < 25
            else ["Purchase", "Stream", "FreeStream"]
        )
        counter = self.next_number()
        country = _pick(("US", "GB", "FR", "DE", "SE"), "cc", artist["id"])
        registrant = f"{_h('reg', artist['id']) % 46656:03X}"[-3:]
        self.tracks.append(
            {
                "id": track_id,
                "name": self.title("track", *key),
                "album": album_id,
                "number": number,
                "duration": 95 + _h("len", *key) % 330,
                "explicit": _h("explicit", *key) % 100 < explicit_odds,
                "rights": rights,
                "isrc": f"{country}{registrant}{day.year % 100:02d}{counter:05d}",
                "amg": f"T{30_000_000 + counter:>9}" if _h("amg", *key) % 10 < 7 else None,
                "subtitle": subtitle,
                "artists": artists,
                "popularity": 1 + _h("pop", track_id) % 95,
                "plays": _h("plays", track_id) % 30_000_000,
            }
        )
        return track_id

    # playlists and spotlight ----------------------------------------------------------------

    def playlists(self) -> list[dict[str, Any]]:
        album_genres = {a["id"]: set(a["genres"]) | set(a["subgenres"]) for a in self.albums}
        out = []
        for name, description, moods, activities, genres, count in seed.PLAYLISTS:
            wanted = set(genres)
            pool = [t["id"] for t in self.tracks if not wanted or wanted & album_genres[t["album"]]]
            pool.sort(key=lambda track_id: _h("playlist", name, track_id))
            h = _h("playlist-id", name)
            playlist_id = (
                f"music.playlist.{h & 0xFFFFFFFF:08x}-{(h >> 32) & 0xFFFF:04x}-00fe-"
                f"{(h >> 48) & 0xFFFF:04x}-{_h('tail', name) & 0xFFFFFFFFFFFF:012x}"
            )
            self.claim(playlist_id)
            day = date.fromordinal(date(2015, 1, 1).toordinal() + _h("day", name) % 1000)
            out.append(
                {
                    "id": playlist_id,
                    "name": name,
                    "description": description,
                    "provider": "Groove Editors",
                    "genres": list(genres),
                    "moods": list(moods),
                    "activities": list(activities),
                    "tracks": pool[:count],
                    "date": day.isoformat(),
                    "popularity": 10 + _h("pop", name) % 90,
                    "plays": _h("plays", name) % 5_000_000,
                }
            )
        return out

    def spotlight(self, playlists: list[dict[str, Any]]) -> list[list[str]]:
        newest = sorted(self.albums, key=lambda a: (a["date"], a["id"]), reverse=True)[:4]
        popular = max(self.artists[3:], key=lambda a: (a["popularity"], a["id"]))
        return [
            ["Albums", seed.RAM],
            ["Artists", seed.DAFT_PUNK],
            ["Playlists", playlists[0]["id"]],
            *(["Albums", a["id"]] for a in newest),
            ["Playlists", playlists[10]["id"]],
            ["Artists", popular["id"]],
            ["Albums", seed.DISCOVERY],
        ]


def build_document() -> dict[str, Any]:
    """The whole catalog fixture as plain JSON data."""
    builder = _Builder()
    builder.add_artists()
    builder.add_real_albums()
    builder.add_generated_albums()
    playlists = builder.playlists()
    return {
        "format": "groove-catalog/1",
        "genres": _genres(),
        "moods": [_category(entry) for entry in seed.MOODS],
        "activities": [_category(entry) for entry in seed.ACTIVITIES],
        "artists": builder.artists,
        "albums": builder.albums,
        "tracks": builder.tracks,
        "playlists": playlists,
        "spotlight": builder.spotlight(playlists),
    }


def _genres() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for parent, children in seed.GENRE_TREE.items():
        out.append({"name": parent, "parent": None})
        out.extend({"name": child, "parent": parent} for child in children if child != parent)
    return out


def _category(entry: tuple[str, tuple[str, str], tuple[str, str]]) -> dict[str, Any]:
    category_id, english, french = entry
    return {"id": category_id, "en": list(english), "fr": list(french)}


def render(document: dict[str, Any]) -> str:
    """JSON with one record per line: compact, yet a change shows as a readable diff."""
    lines = ["{"]
    items = list(document.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list):
            lines.append(f"  {json.dumps(key)}: [")
            for j, record in enumerate(value):
                tail = "," if j < len(value) - 1 else ""
                lines.append("    " + json.dumps(record, ensure_ascii=False) + tail)
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only check the file is current")
    args = parser.parse_args(argv)
    text = render(build_document())
    path = default_catalog_path()
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is stale: run python -m mock_server.groove.catalog._generator")
            return 1
        print(f"{path} is current")
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
