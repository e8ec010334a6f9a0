"""Any content item in its §7 shape, whatever its type and source: the one place that picks
the shape function, so that the catalog endpoints and the collection browse show a collection
item the same way (reference §7, `R/uri-browse-user-collection-playlist.md`)."""

from __future__ import annotations

from typing import Any

from .catalog._catalog import Album, Artist, Catalog, CatalogPlaylist, Track
from .catalog._shapes import (
    CultureLike,
    JSONObject,
    album_json,
    artist_json,
    playlist_json,
    track_json,
)
from .library._for_you import PlaylistForYou
from .library._playlist import UserPlaylist

ContentLike = Track | Album | Artist | CatalogPlaylist | UserPlaylist | PlaylistForYou


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
) -> JSONObject:
    """`extra` goes to the shape function (lists of extras, detail flags). `collection_id` is
    the `Id` of a collection track, album or artist (a playlist's id is its own). A playlist
    for you is made by the service, so it is shown from the catalog; a collection album counts
    the tracks the collection holds (`collected_tracks`), as the documented sample does."""
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
