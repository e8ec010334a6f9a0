"""`GET /1/content/{id}/{source}/{browseType}/{extra}/browse` (reference §6 row 4,
`R/uri-browse-sub-items.md`).

The answer is the lookup of the parent with that one extra, plus paging (`maxItems`, `page`)
and ordering. The combinations are album/tracks, artist/albums, artist/topTracks (catalog
only) and playlist/tracks. Each list has its own orderings, the first being the default:

| list            | orderBy                                                      |
|-----------------|--------------------------------------------------------------|
| album/tracks    | TrackNumber, TrackTitle, ArtistName, MostPopular             |
| artist/albums   | ReleaseDate, AlbumTitle, MostPopular, AllTimePlayCount       |
| artist/topTracks| MostPopular, AllTimePlayCount, ReleaseDate, TrackTitle       |
| playlist/tracks | (playlist order), TrackTitle, ArtistName, AlbumTitle, ReleaseDate |
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..._responses import JSONResponse
from .._access import Need
from .._errors import (
    CatalogNoResult,
    CollectionNoResult,
    ContinuationTokenInvalid,
    IncompatibleInputParameters,
    InvalidInputParameter,
)
from ..library._for_you import PlaylistForYou
from ..library._types import UserPlaylist
from ._browse import INVALID_ORDER
from ._catalog import Album, Artist, Catalog, CatalogPlaylist, Content, Track
from ._lists import (
    ALBUMS,
    CATALOG_SOURCE,
    COLLECTION_SOURCE,
    TOP_TRACKS,
    TRACKS,
    Extra,
    Parent,
    Row,
    identity_parent,
    kind_member,
    render_parent,
    render_rows,
    rows_of,
)
from ._model import fold
from ._request import CATALOG, COLLECTION, CatalogRequest, offset_of, open_catalog_request, window
from ._shapes import paginated

NATURAL = "natural"
_PARENTS: dict[str, tuple[type[Any], ...]] = {
    "album": (Album,),
    "artist": (Artist,),
    "playlist": (CatalogPlaylist, UserPlaylist, PlaylistForYou),
}
_LISTS: dict[tuple[str, str], tuple[Extra, tuple[str, ...]]] = {
    ("album", "tracks"): (TRACKS, ("TrackNumber", "TrackTitle", "ArtistName", "MostPopular")),
    ("artist", "albums"): (
        ALBUMS,
        ("ReleaseDate", "AlbumTitle", "MostPopular", "AllTimePlayCount"),
    ),
    ("artist", "toptracks"): (
        TOP_TRACKS,
        ("MostPopular", "AllTimePlayCount", "ReleaseDate", "TrackTitle"),
    ),
    ("playlist", "tracks"): (
        TRACKS,
        (NATURAL, "TrackTitle", "ArtistName", "AlbumTitle", "ReleaseDate"),
    ),
}
_OPTIONAL = ("orderBy", "maxItems", "page")


async def sub_browse(request: Request) -> Response:
    path = request.path_params
    source = path["source"].lower()
    need = Need.USER if source == COLLECTION else Need.APP_OR_USER
    context = await open_catalog_request(request, need)
    if source not in (CATALOG, COLLECTION):
        raise InvalidInputParameter(
            f"Unknown source {path['source']!r}: sub-browse the catalog or the collection"
        )
    browse_type, extra_name = path["browse_type"].lower(), path["extra"].lower()
    listed = _LISTS.get((browse_type, extra_name))
    if listed is None:
        raise InvalidInputParameter(
            f"Cannot browse the {path['extra']} of an {path['browse_type']}: use album/tracks, "
            "artist/albums, artist/topTracks or playlist/tracks"
        )
    extra, orders = listed
    if extra is TOP_TRACKS and source == COLLECTION:
        raise InvalidInputParameter("topTracks come from the catalog only")
    shown = COLLECTION_SOURCE if source == COLLECTION else CATALOG_SOURCE
    parent, collection_id = _parent(context, path["id"], shown, _PARENTS[browse_type])
    token = context.params.continuation_token()
    if token is not None:
        context.continuation_alone(*_OPTIONAL)
        payload = context.decode(token, "sub")
        order, size, start = payload.get("o"), payload.get("n"), offset_of(payload)
        if order not in orders or not isinstance(size, int):
            raise ContinuationTokenInvalid("The continuation token is malformed")
    else:
        order = _order(context.params.get("orderBy"), orders)
        size = context.params.max_items()
        start = context.params.page() * size
    rows = _sorted(rows_of(context, parent, shown, extra), str(order), context.catalog)
    page, next_start = window(rows, start, size)
    next_token = None
    if next_start is not None:
        next_token = context.encode("sub", o=order, n=size, s=next_start)
    items = paginated(render_rows(context, page), continuation_token=next_token, total=len(rows))
    body = (
        identity_parent(parent, shown, collection_id, {extra: items})
        if token is not None
        else render_parent(context, parent, shown, collection_id, {extra: items})
    )
    listing = paginated([body], continuation_token=None, total=1)
    return JSONResponse(context.body(**{kind_member(parent): listing}))


def _parent(
    context: CatalogRequest, content_id: str, source: str, types: tuple[type[Any], ...]
) -> tuple[Parent, str | None]:
    if source == COLLECTION_SOURCE:
        found = context.in_collection(content_id)
        if found is None or not isinstance(found[0], types):
            raise CollectionNoResult(f"The collection holds no such item: {content_id}")
        return found
    item = context.catalog.item(content_id)
    if item is None or not isinstance(item, types):
        raise CatalogNoResult(f"No such item in the catalog: {content_id}")
    return item, None


def _order(raw: str | None, orders: tuple[str, ...]) -> str:
    if raw is None or raw == "":
        return orders[0]
    for order in orders:
        if order != NATURAL and order.lower() == raw.lower():
            return order
    raise IncompatibleInputParameters(INVALID_ORDER)


def _sorted(rows: list[Row], order: str, catalog: Catalog) -> list[Row]:
    if order == NATURAL:
        return rows
    key, newest_first = _KEYS[order]
    return sorted(rows, key=lambda row: key(row.item, catalog), reverse=newest_first)


def _main_artist(item: Content, catalog: Catalog) -> str:
    if isinstance(item, Track | Album):
        return fold(catalog.artist_of(item.artists[0]).name)
    return fold(item.name)


def _album_title(item: Content, catalog: Catalog) -> str:
    return fold(catalog.album_of(item).name if isinstance(item, Track) else item.name)


_KEYS: dict[str, tuple[Callable[[Content, Catalog], tuple[Any, ...]], bool]] = {
    "TrackNumber": (lambda i, c: (getattr(i, "track_number", 0), i.id), False),
    "TrackTitle": (lambda i, c: (fold(i.name), i.id), False),
    "AlbumTitle": (lambda i, c: (_album_title(i, c), i.id), False),
    "ArtistName": (lambda i, c: (_main_artist(i, c), fold(i.name), i.id), False),
    "ReleaseDate": (lambda i, c: (i.release_date, i.id), True),
    "MostPopular": (lambda i, c: (i.popularity, i.play_count, i.id), True),
    "AllTimePlayCount": (lambda i, c: (i.play_count, i.id), True),
}
