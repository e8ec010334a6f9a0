"""The rows of collection browse and their orders (reference §6 row 5, `R/orderby.md`).

A row is one item to show: a collected track, an album or artist of collected tracks, a user
playlist or a playlist for you, with the collection date that `CollectionDate` sorts on. Orders
(`orderBy`, compared without case): names ascending, ignoring case and accents; dates
(ReleaseDate, CollectionDate) newest first. Every order ends on the shown id, so it is total
and pages never overlap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .._errors import IncompatibleInputParameters, InvalidInputParameter
from ..catalog._catalog import Album, Artist, Catalog, Track
from ..catalog._model import fold
from ._for_you import PlaylistForYou, playlists_for_you
from ._ids import collection_album_id, collection_artist_id
from ._types import CollectionView, UserPlaylist

Item = Track | Album | Artist | UserPlaylist | PlaylistForYou


@dataclass(frozen=True, slots=True)
class Row:
    item: Item
    shown_id: str
    added_at: float
    count: int = 1  # collected tracks of an album


@dataclass(frozen=True, slots=True)
class BrowseType:
    member: str  # the ContentResponse member
    default: str
    orders: tuple[str, ...]


TYPES: dict[str, BrowseType] = {
    "tracks": BrowseType(
        "Tracks",
        "TrackTitle",
        (
            "TrackTitle",
            "AlbumTitle",
            "ArtistName",
            "GenreName",
            "ReleaseDate",
            "CollectionDate",
            "TrackNumber",
        ),
    ),
    "albums": BrowseType(
        "Albums",
        "AlbumTitle",
        ("AlbumTitle", "ArtistName", "GenreName", "ReleaseDate", "CollectionDate"),
    ),
    "artists": BrowseType("Artists", "ArtistName", ("ArtistName", "CollectionDate")),
    "playlists": BrowseType("Playlists", "CollectionDate", ("CollectionDate",)),
    "playlistsforyou": BrowseType("Playlists", "CollectionDate", ("CollectionDate",)),
}


def browse_type(name: str) -> BrowseType:
    found = TYPES.get(name.lower())
    if found is None:
        raise InvalidInputParameter(
            f"Unsupported collection type {name[:40]!r}: use albums, artists, playlists, "
            "playlistsforyou or tracks"
        )
    return found


def order_of(kind: BrowseType, requested: str | None) -> str:
    if requested is None or requested == "":
        return kind.default
    for order in kind.orders:
        if order.lower() == requested.lower():
            return order
    raise IncompatibleInputParameters("Invalid ordering for this content")


def rows(kind: str, view: CollectionView, catalog: Catalog, user_id: str) -> list[Row]:
    if kind == "playlists":
        return [Row(p, p.id, p.created_at) for p in view.playlists]
    if kind == "playlistsforyou":
        return [Row(p, p.id, -p.rank) for p in playlists_for_you(catalog, user_id, view)]
    found: dict[str, Row] = {}
    for collected in view.tracks:
        track = catalog.track(collected.catalog_id)
        if track is None:
            continue
        if kind == "tracks":
            found[collected.collection_id] = Row(track, collected.collection_id, collected.added_at)
        elif kind == "albums":
            _merge(
                found,
                catalog.album_of(track),
                collection_album_id(user_id, track.album_id),
                collected.added_at,
            )
        else:
            for contributor in track.artists:
                if contributor.role == "Main":
                    shown = collection_artist_id(user_id, contributor.artist_id)
                    _merge(found, catalog.artist_of(contributor), shown, collected.added_at)
    return list(found.values())


def _merge(found: dict[str, Row], item: Album | Artist, shown_id: str, added_at: float) -> None:
    row = found.get(shown_id)
    if row is None:
        found[shown_id] = Row(item, shown_id, added_at)
    else:
        found[shown_id] = Row(item, shown_id, max(row.added_at, added_at), row.count + 1)


def sort_rows(found: list[Row], order: str, catalog: Catalog) -> list[Row]:
    key = _KEYS[order](catalog)
    return sorted(found, key=lambda row: (*key(row), row.shown_id))


def _day(text: str) -> int:
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return 0


def _album_title(catalog: Catalog, item: Any) -> str:
    return fold(item.name if isinstance(item, Album) else catalog.album_of(item).name)


def _artist_name(catalog: Catalog, item: Any) -> str:
    if isinstance(item, Artist):
        return fold(item.name)
    return fold(catalog.artist_of(item.artists[0]).name)


def _genre(item: Any) -> str:
    genres = getattr(item, "genres", ())
    return fold(genres[0]) if genres else ""


Key = Callable[[Row], tuple[Any, ...]]
_KEYS: dict[str, Callable[[Catalog], Key]] = {
    "TrackTitle": lambda c: lambda r: (fold(r.item.name),),
    "AlbumTitle": lambda c: (
        lambda r: (
            _album_title(c, r.item),
            getattr(r.item, "track_number", 0),
        )
    ),
    "ArtistName": lambda c: lambda r: (_artist_name(c, r.item), _album_title_or_name(c, r.item)),
    "GenreName": lambda c: lambda r: (_genre(r.item), fold(r.item.name)),
    "ReleaseDate": lambda c: (
        lambda r: (-_day(getattr(r.item, "release_date", "")), fold(r.item.name))
    ),
    "CollectionDate": lambda c: lambda r: (-r.added_at,),
    "TrackNumber": lambda c: lambda r: (getattr(r.item, "track_number", 0), fold(r.item.name)),
}


def _album_title_or_name(catalog: Catalog, item: Any) -> str:
    return _album_title(catalog, item) if isinstance(item, Track | Album) else fold(item.name)
