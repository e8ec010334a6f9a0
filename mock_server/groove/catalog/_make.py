"""Each catalog value object from its record in the catalog file: one way, whether the whole
document is read and checked at once (`_catalog_load.parse_document`) or an item is made when
first asked for (`_source`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._model import Album, Artist, CatalogPlaylist, Category, Contributor, Genre, Track, fold


class CatalogDataError(ValueError):
    """A catalog file that cannot be used. `str()` is one line: `FILE: PLACE: PROBLEM`."""


def make_track(raw: dict[str, Any], album: dict[str, Any]) -> Track:
    return Track(
        id=str(raw["id"]),
        name=str(raw["name"]),
        album_id=album["id"],
        track_number=int(raw["number"]),
        duration_seconds=int(raw["duration"]),
        is_explicit=bool(raw["explicit"]),
        rights=tuple(raw["rights"]),
        isrc=raw.get("isrc"),
        amg_id=raw.get("amg"),
        subtitle=raw.get("subtitle"),
        artists=_contributors(raw["artists"]),
        popularity=int(raw["popularity"]),
        play_count=int(raw["plays"]),
        release_date=str(album["date"]),
        genres=tuple(album["genres"]),
        subgenres=tuple(album["subgenres"]),
    )


def make_album(
    raw: dict[str, Any], *, is_explicit: bool, track_ids: tuple[str, ...], duration_seconds: int
) -> Album:
    """An album; what comes from its tracks is given (explicit if one is, their total time)."""
    return Album(
        id=str(raw["id"]),
        name=str(raw["name"]),
        artists=_contributors(raw["artists"]),
        release_date=str(raw["date"]),
        label=str(raw["label"]),
        album_type=str(raw["type"]),
        genres=tuple(raw["genres"]),
        subgenres=tuple(raw["subgenres"]),
        is_explicit=is_explicit,
        amg_id=raw.get("amg"),
        icpn=raw.get("icpn"),
        subtitle=raw.get("subtitle"),
        popularity=int(raw["popularity"]),
        play_count=int(raw["plays"]),
        track_ids=track_ids,
        duration_seconds=duration_seconds,
    )


def make_artist(raw: dict[str, Any], latest: dict[str, str]) -> Artist:
    """An artist; `latest` maps artist ids to their newest album's release date."""
    return Artist(
        id=str(raw["id"]),
        name=str(raw["name"]),
        genres=tuple(raw["genres"]),
        subgenres=tuple(raw["subgenres"]),
        amg_id=raw.get("amg"),
        biography=raw.get("bio"),
        popularity=int(raw["popularity"]),
        play_count=int(raw["plays"]),
        latest_release=latest.get(raw["id"], ""),
    )


def make_playlist(raw: dict[str, Any]) -> CatalogPlaylist:
    return CatalogPlaylist(
        id=str(raw["id"]),
        name=str(raw["name"]),
        description=raw.get("description"),
        provider=str(raw.get("provider", "Groove Editors")),
        genres=tuple(raw["genres"]),
        moods=tuple(raw["moods"]),
        activities=tuple(raw["activities"]),
        track_ids=tuple(raw["tracks"]),
        release_date=str(raw["date"]),
        popularity=int(raw["popularity"]),
        play_count=int(raw["plays"]),
    )


def make_genres(
    records: list[dict[str, Any]], playlist_genres: Iterable[Iterable[str]]
) -> tuple[Genre, ...]:
    """The genres, each marked when an editorial playlist is in it or in one of its subgenres."""
    parents = {g["name"]: g.get("parent") for g in records}
    editorial: set[str] = set()
    for names in playlist_genres:
        for name in names:
            editorial.add(name)
            parent = parents.get(name)
            if parent:
                editorial.add(parent)
    return tuple(
        Genre(name=name, parent_name=parent, has_editorial_playlists=name in editorial)
        for name, parent in parents.items()
    )


def make_category(raw: dict[str, Any]) -> Category:
    texts = {
        language: (str(value[0]), str(value[1]))
        for language, value in raw.items()
        if language != "id"
    }
    names = {fold(raw["id"])} | {fold(name) for name, _ in texts.values()}
    return Category(id=str(raw["id"]), texts=texts, folded_names=frozenset(names))


def latest_releases(albums: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Artist id -> the release date of the newest album crediting the artist."""
    latest: dict[str, str] = {}
    for album in albums:
        for _, artist_id in album["artists"]:
            latest[artist_id] = max(latest.get(artist_id, ""), str(album["date"]))
    return latest


def _contributors(raw: list[list[str]]) -> tuple[Contributor, ...]:
    if not raw:
        raise ValueError("an item needs at least one artist")
    return tuple(Contributor(role=str(role), artist_id=str(artist)) for role, artist in raw)
