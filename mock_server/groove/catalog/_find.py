"""`GET /1/content/{ns}/search` (reference §6 row 2, `R/uri-search-content.md`).

`q` is required unless a continuation token is given. Each type of `filters` (artists, albums,
tracks, playlists; all four by default) gets its own list of up to `maxItems` results per
source, collection results first; playlists come from the catalog only. A type with no result
is left out. Every list that goes on carries a continuation token; the continuation call (same
URL, `continuationToken` instead of the other optional parameters) answers that type only, and
one token covers both sources.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..._responses import JSONResponse
from .._access import Need
from .._errors import ContinuationTokenInvalid, InvalidInputParameter
from ._catalog import ContentKind
from ._lists import CATALOG_SOURCE, COLLECTION_SOURCE, Row, render_rows
from ._request import (
    BOTH,
    CATALOG,
    COLLECTION,
    CatalogRequest,
    Sources,
    asks_for_collection,
    offset_of,
    open_catalog_request,
    window,
)
from ._shapes import JSONObject, paginated

FILTERS = {kind.keyword: kind for kind in ContentKind}
_OPTIONAL = ("q", "maxItems", "filters", "source")


async def search(request: Request) -> Response:
    need = Need.USER if asks_for_collection(request) else Need.APP_OR_USER
    context = await open_catalog_request(request, need, namespace=request.path_params["ns"])
    token = context.params.continuation_token()
    if token is not None:
        context.continuation_alone(*_OPTIONAL)
        return JSONResponse(_continuation(context, token))
    query = context.params.require("q")
    size = context.params.max_items()
    kinds = _filters(context.params.multi("filters"))
    sources = context.sources(context.params.multi("source"))
    lists: dict[str, JSONObject] = {}
    for kind in kinds:
        listed = _list(context, query, kind, sources, size, (0, 0))
        if listed["TotalItemCount"]:
            lists[kind.plural] = listed
    return JSONResponse(context.body(**lists))


def _filters(values: list[str]) -> list[ContentKind]:
    if not values:
        return list(ContentKind)
    unknown = sorted(set(values) - set(FILTERS))
    if unknown:
        raise InvalidInputParameter(
            f"Parameter filters has an unknown value {unknown[0]!r}: use artists, albums, "
            "tracks or playlists, joined with '+'"
        )
    return [kind for kind in ContentKind if kind.keyword in values]


def _list(
    context: CatalogRequest,
    query: str,
    kind: ContentKind,
    sources: Sources,
    size: int,
    starts: tuple[int, int],
) -> JSONObject:
    found = context.catalog.search(query, kind)
    collection: list[Row] = []
    if COLLECTION in sources and kind is not ContentKind.PLAYLIST:
        index = context.collection()
        for item in found:
            shown = index.shown_id(item)
            if shown is not None:
                collection.append(Row(item, COLLECTION_SOURCE, shown))
    catalog = [Row(item, CATALOG_SOURCE) for item in found] if CATALOG in sources else []
    collection_page, collection_next = window(collection, starts[0], size)
    catalog_page, catalog_next = window(catalog, starts[1], size)
    token = None
    if collection_next is not None or catalog_next is not None:
        token = context.encode(
            "search",
            q=query,
            t=kind.keyword,
            n=size,
            src=sorted(sources),
            c=len(collection) if collection_next is None else collection_next,
            s=len(catalog) if catalog_next is None else catalog_next,
        )
    items = render_rows(context, [*collection_page, *catalog_page])
    return paginated(items, continuation_token=token, total=len(collection) + len(catalog))


def _continuation(context: CatalogRequest, token: str) -> JSONObject:
    payload: dict[str, Any] = context.decode(token, "search")
    kind = FILTERS.get(str(payload.get("t")))
    query, size, raw_sources = payload.get("q"), payload.get("n"), payload.get("src")
    if (
        kind is None
        or not isinstance(query, str)
        or not isinstance(size, int)
        or not isinstance(raw_sources, list)
        or not set(raw_sources) <= BOTH
    ):
        raise ContinuationTokenInvalid("The continuation token is malformed")
    sources = frozenset(str(s) for s in raw_sources)
    if COLLECTION in sources:
        context.require_user()
    starts = (offset_of(payload, "c"), offset_of(payload, "s"))
    return context.body(**{kind.plural: _list(context, query, kind, sources, size, starts)})
