"""Any content item in its §7 shape, whatever its type and source: the one place that picks
the shape function, so that the catalog endpoints and the collection browse show a collection
item the same way (reference §7, `R/uri-browse-user-collection-playlist.md`)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from .._responses import RawJSON, render_json
from .catalog._catalog import Album, Artist, Catalog, CatalogPlaylist, Track
from .catalog._shapes import (
    CultureLike,
    ItemJSON,
    JSONObject,
    album_json,
    artist_json,
    playlist_json,
    track_json,
)
from .catalog._templates import ID_HOLE, LIST_HOLES, PARTNER_HOLE, partner_query, shown_id_json
from .library._for_you import PlaylistForYou
from .library._types import UserPlaylist

ContentLike = Track | Album | Artist | CatalogPlaylist | UserPlaylist | PlaylistForYou
_CATALOG_ITEMS = (Track, Album, Artist, CatalogPlaylist)
_FLAGS = frozenset({"album_details", "artist_details", "biography"})
"""The extras that only choose how much of the item is shown."""
_TEMPLATED = _FLAGS | LIST_HOLES.keys()
"""The extras a template takes: the flags in its key, the lists in their holes."""


def content_json(
    item: ContentLike,
    catalog: Catalog,
    *,
    culture: CultureLike,
    partner_id: str,
    source: str = "Catalog",
    collection_id: str | None = None,
    collected_tracks: int | None = None,
    **extra: Any,
) -> ItemJSON:
    """`extra` goes to the shape function (lists of extras, detail flags). `collection_id` is
    the `Id` of a collection track, album or artist (a playlist's id is its own). A playlist
    for you is made by the service, so it is shown from the catalog; a collection album counts
    the tracks the collection holds (`collected_tracks`), as the documented sample does.

    A catalog item is its template filled in for the caller (`_templates`), its lists (the
    page of this request) put in their holes."""
    if type(item) in _CATALOG_ITEMS and extra.keys() <= _TEMPLATED:
        flags = tuple(sorted(name for name in _FLAGS if extra.get(name)))
        lists = {
            name: value for name, value in extra.items() if name in LIST_HOLES and value is not None
        }
        holes = {name: LIST_HOLES[name] for name in lists}
        count = collected_tracks if type(item) is Album else None
        template = catalog.templates.get(
            (item.id, culture.tag, source, flags, count, tuple(sorted(lists))),
            lambda: _shape(
                item, catalog, culture, PARTNER_HOLE, source, ID_HOLE, count, {**extra, **holes}
            ),
        )
        return template.fill(
            partner_query(partner_id),
            shown_id_json(collection_id or item.id),
            {name: render_json(value) for name, value in lists.items()},
        )
    return _shape(
        item, catalog, culture, partner_id, source, collection_id, collected_tracks, extra
    )


def catalog_list_json(
    key: Hashable,
    items: Sequence[Track | Album | Artist | CatalogPlaylist],
    catalog: Catalog,
    *,
    culture: CultureLike,
    partner_id: str,
) -> RawJSON:
    """A list of catalog items shown from the catalog, as the `Items` of a page: one template
    for the whole list, filled for the caller in one step. `key` names the list (its parent,
    extra and start, say); the same key must always name the same items. A page of an item's
    list never changes (the catalog does not), so it is rendered once per culture like an
    item; the caller's partner id is the only hole (each row shows its own id)."""
    template = catalog.templates.get(
        ("list", key, culture.tag),
        lambda: [
            _shape(i, catalog, culture, PARTNER_HOLE, "Catalog", None, None, {}) for i in items
        ],
    )
    return template.fill(partner_query(partner_id), b"")


def _shape(
    item: ContentLike,
    catalog: Catalog,
    culture: CultureLike,
    partner_id: str | None,
    source: str,
    collection_id: str | None,
    collected_tracks: int | None,
    extra: dict[str, Any],
) -> JSONObject:
    common: dict[str, Any] = {"culture": culture, "source": source, "partner_id": partner_id}
    if isinstance(item, Track):
        return track_json(item, catalog, collection_id=collection_id, **common, **extra)
    if isinstance(item, Album):
        body = album_json(item, catalog, collection_id=collection_id, **common, **extra)
        if collected_tracks is not None:
            body["TrackCount"] = collected_tracks
        return body
    if isinstance(item, Artist):
        return artist_json(item, collection_id=collection_id, **common, **extra)
    if isinstance(item, PlaylistForYou):
        common["source"] = "Catalog"
    return playlist_json(item, **common, **extra)
