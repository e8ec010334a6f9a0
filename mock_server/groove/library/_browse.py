"""`GET /1/content/{ns}/collection/{type}/browse` (reference §6 row 5, §7 continuation,
`R/uri-browse-user-collection-playlist.md`).

Paging as in `_paging`: `maxItems` (1 to 25, default 25) and `page`, or the
`continuationToken` of the previous answer. Sorted rows are cached per user, type and order
until the collection changes, so paging through a large collection sorts it once.
"""

from __future__ import annotations

import threading

from starlette.requests import Request
from starlette.responses import Response

from ..._responses import JSONResponse
from ..._routing import CaselessRoute
from ..._state import MockState
from .._access import Need, authenticate
from .._content_json import content_json
from .._paging import ContinuationCodec
from .._params import Params
from ..catalog._catalog import Catalog, catalog_of
from ..catalog._shapes import CultureLike, ItemJSON, paginated, partner_of
from ._browse_rows import Row, browse_type, order_of, rows, sort_rows
from ._collection import CollectionStore
from ._paging import window
from ._requests import check_namespace, user_id_of
from ._types import CollectionView

_CACHE_LIMIT = 1024


class _SortedRows:
    """Sorted rows per (user, type, order), valid while the user's view is the same object."""

    def __init__(self, catalog: Catalog):
        self._catalog = catalog
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str, str], tuple[CollectionView, list[Row]]] = {}

    def get(self, user_id: str, kind: str, order: str, view: CollectionView) -> list[Row]:
        key = (user_id, kind, order)
        cached = self._cache.get(key)
        if cached is not None and cached[0] is view:
            return cached[1]
        found = sort_rows(rows(kind, view, self._catalog, user_id), order, self._catalog)
        with self._lock:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = (view, found)
        return found


def render(row: Row, catalog: Catalog, culture: CultureLike, partner: str) -> ItemJSON:
    return content_json(
        row.item,
        catalog,
        culture=culture,
        partner_id=partner,
        source="Collection",
        collection_id=row.shown_id,
        collected_tracks=row.count,  # an album's tracks in this collection
    )


def browse_routes(state: MockState) -> list[CaselessRoute]:
    store = state.part(CollectionStore)
    codec = state.part(ContinuationCodec)
    catalog = catalog_of(state)
    cache = _SortedRows(catalog)

    async def browse(request: Request) -> Response:
        caller = await authenticate(request, Need.USER)
        check_namespace(request)
        user_id = user_id_of(caller)
        kind = browse_type(request.path_params["type"])
        name = request.path_params["type"].lower()
        params = Params.of(request)
        culture = params.culture(caller)
        at = window(request, params, codec, user_id, lambda: order_of(kind, params.get("orderBy")))
        found = cache.get(user_id, name, at.order, store.view(user_id))
        partner = partner_of(caller.claims.client_id)
        items = [
            render(row, catalog, culture, partner) for row in found[at.offset : at.offset + at.size]
        ]
        token = at.following(codec, len(found))
        body = {
            kind.member: paginated(items, continuation_token=token, total=len(found)),
            "Culture": culture.tag,
        }
        return JSONResponse(body)

    return [CaselessRoute("/1/content/{ns}/collection/{type}/browse", browse, methods=["GET"])]
