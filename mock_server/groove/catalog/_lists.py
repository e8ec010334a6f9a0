"""The lists inside an item: an album's tracks, an artist's albums and top tracks, a playlist's
tracks (reference §6 lookup extras and sub-item browse, `R/extras.md`).

A lookup with an extra and the matching sub-browse give the same list (`R/uri-browse-sub-items.md`:
"equivalent to a Lookup call on the parent item with one extra"), so both build it here. Rows
carry their source: a collection parent lists only what is in the user's collection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..._responses import RawJSON
from .._content_json import catalog_list_json
from ..library._for_you import PlaylistForYou
from ..library._types import UserPlaylist
from ._catalog import Album, Artist, CatalogPlaylist, Content, Track
from ._collection import UserList
from ._request import CatalogRequest, window
from ._shapes import ItemJSON, JSONObject, identity_json

Parent = Content | UserList
CATALOG_SOURCE = "Catalog"
COLLECTION_SOURCE = "Collection"


@dataclass(frozen=True, slots=True)
class Row:
    """One item of a list, with the source it is shown from and its collection id if any."""

    item: Content
    source: str
    collection_id: str | None = None


@dataclass(frozen=True, slots=True)
class Extra:
    """An extra list: its keyword, its ContentResponse member, the shape function argument."""

    keyword: str
    member: str
    argument: str


TRACKS = Extra("tracks", "Tracks", "tracks")
ALBUMS = Extra("albums", "Albums", "albums")
TOP_TRACKS = Extra("toptracks", "TopTracks", "top_tracks")
EXTRAS = {e.keyword: e for e in (TRACKS, ALBUMS, TOP_TRACKS)}


def extras_of(parent: Parent, source: str) -> tuple[Extra, ...]:
    """The list extras an item supports from a source (topTracks: catalog only)."""
    if isinstance(parent, Album | CatalogPlaylist | UserPlaylist | PlaylistForYou):
        return (TRACKS,)
    if isinstance(parent, Artist):
        return (ALBUMS, TOP_TRACKS) if source == CATALOG_SOURCE else (ALBUMS,)
    return ()


def rows_of(request: CatalogRequest, parent: Parent, source: str, extra: Extra) -> list[Row]:
    """The list, in its natural order (track number; newest album first; most popular top
    track first; playlist order). Empty when the extra does not apply."""
    catalog = request.catalog
    if isinstance(parent, Track) or extra not in extras_of(parent, source):
        return []  # a track has no lists
    if isinstance(parent, UserPlaylist):
        rows = []
        for entry in parent.tracks:
            track = catalog.track(entry.catalog_id)
            if track is not None:
                rows.append(Row(track, COLLECTION_SOURCE, entry.collection_id))
        return rows
    if isinstance(parent, PlaylistForYou):
        # Made by the service from catalog tracks: they are shown from the catalog.
        found = (catalog.track(track_id) for track_id in parent.track_ids)
        return [Row(track, CATALOG_SOURCE) for track in found if track is not None]
    items = catalog_list(request, parent, extra)
    if source == CATALOG_SOURCE:
        return [Row(item, CATALOG_SOURCE) for item in items]
    index = request.collection()
    rows = []
    for item in items:
        shown = index.shown_id(item)
        if shown is not None:
            rows.append(Row(item, COLLECTION_SOURCE, shown))
    return rows


CatalogParent = Album | Artist | CatalogPlaylist


def catalog_list(request: CatalogRequest, parent: CatalogParent, extra: Extra) -> Sequence[Content]:
    """A catalog item's list as the catalog holds it (the caller's collection aside)."""
    catalog = request.catalog
    if isinstance(parent, Album):
        return catalog.tracks_of_album(parent.id)
    if isinstance(parent, CatalogPlaylist):
        return catalog.tracks_of_playlist(parent)
    if extra is ALBUMS:
        return catalog.albums_of_artist(parent.id)
    return catalog.top_tracks_of_artist(parent.id)


def render_rows(request: CatalogRequest, rows: Sequence[Row]) -> list[ItemJSON]:
    return [
        request.render(row.item, source=row.source, collection_id=row.collection_id) for row in rows
    ]


def page_of(
    request: CatalogRequest, parent: Parent, source: str, extra: Extra, start: int, size: int
) -> tuple[Sequence[ItemJSON] | RawJSON, int | None, int]:
    """A page of `parent`'s `extra` list: its `Items`, where the next page starts (None at the
    end) and the list's length. A catalog item's list shown from the catalog is the same for
    every caller but for the partner id, so a page of it is one template (`catalog_list_json`);
    other lists (the caller's collection, a user's playlist) are rendered row by row."""
    if source != CATALOG_SOURCE or not isinstance(parent, CatalogParent):
        rows = rows_of(request, parent, source, extra)
        page, next_start = window(rows, start, size)
        return render_rows(request, page), next_start, len(rows)
    items = catalog_list(request, parent, extra) if extra in extras_of(parent, source) else ()
    chosen, next_start = window(items, start, size)
    rendered = catalog_list_json(
        (parent.id, extra.keyword, start, size),
        chosen,
        request.catalog,
        culture=request.culture,
        partner_id=request.partner_id,
    )
    return rendered, next_start, len(items)


def render_parent(
    request: CatalogRequest,
    parent: Parent,
    source: str,
    collection_id: str | None,
    lists: dict[Extra, JSONObject],
    **details: Any,
) -> ItemJSON:
    """The parent in full, with its extra lists (an artist with its biography, as in a
    lookup)."""
    arguments: dict[str, Any] = {extra.argument: value for extra, value in lists.items()}
    if isinstance(parent, Artist):
        arguments["biography"] = True
    return request.render(
        parent, source=source, collection_id=collection_id, **arguments, **details
    )


def identity_parent(
    parent: Parent, source: str, collection_id: str | None, lists: dict[Extra, JSONObject]
) -> JSONObject:
    """The parent of a continuation response: its identity and the continued list only."""
    shown = CATALOG_SOURCE if isinstance(parent, PlaylistForYou) else source
    body = identity_json(collection_id or parent.id, parent.name, shown)
    for extra, value in lists.items():
        body[extra.member] = value
    return body


def kind_member(parent: Parent) -> str:
    """The ContentResponse member listing items like the parent."""
    if isinstance(parent, Track):
        return "Tracks"
    if isinstance(parent, Album):
        return "Albums"
    if isinstance(parent, Artist):
        return "Artists"
    return "Playlists"
