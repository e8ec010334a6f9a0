"""`GET /1/content/{ns}/catalog/{type}/browse` (reference §6 row 3, `R/uri-browse-catalog.md`,
`R/orderby.md`).

`type` is albums, artists, tracks or playlists. `orderBy` is ReleaseDate (default, newest
first), MostPopular or AllTimePlayCount; anything else is 400 INCOMPATIBLE_INPUT_PARAMETERS
"Invalid ordering for this content". At most one of `genre`, `mood`, `activity`; mood and
activity filter playlists only. Pages are `maxItems` long (25 at most) and `page` skips
page x maxItems items; the list never goes past 1000 items.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from ..._responses import JSONResponse
from .._access import Need
from .._errors import ContinuationTokenInvalid, IncompatibleInputParameters, InvalidInputParameter
from ._catalog import CatalogOrder, Category, ContentKind, Genre
from ._lists import CATALOG_SOURCE, Row, render_rows
from ._request import CatalogRequest, offset_of, open_catalog_request, window
from ._shapes import paginated

MAX_TOTAL = 1000
TYPES = {kind.keyword: kind for kind in ContentKind}
ORDERS = {order.value.lower(): order for order in CatalogOrder}
INVALID_ORDER = "Invalid ordering for this content"
_FILTERS = ("genre", "mood", "activity")
_OPTIONAL = ("orderBy", *_FILTERS, "maxItems", "page")


@dataclass(frozen=True, slots=True)
class Filter:
    """The one category a browse is filtered by, if any."""

    genre: Genre | None = None
    mood: Category | None = None
    activity: Category | None = None

    def to_token(self) -> list[str] | None:
        if self.genre is not None:
            return ["genre", self.genre.name]
        if self.mood is not None:
            return ["mood", self.mood.id]
        if self.activity is not None:
            return ["activity", self.activity.id]
        return None


async def browse(request: Request) -> Response:
    context = await open_catalog_request(
        request, Need.APP_OR_USER, namespace=request.path_params["ns"]
    )
    kind = TYPES.get(request.path_params["type"].lower())
    if kind is None:
        raise InvalidInputParameter(
            f"Unknown type {request.path_params['type']!r}: browse albums, artists, tracks or "
            "playlists"
        )
    token = context.params.continuation_token()
    if token is not None:
        context.continuation_alone(*_OPTIONAL)
        order, chosen, size, start = _continued(context, kind, token)
    else:
        order = parse_order(context.params.get("orderBy"))
        chosen = _filter(context, kind)
        size = context.params.max_items()
        start = context.params.page() * size
    items = context.catalog.browse(
        kind, order, genre=chosen.genre, mood=chosen.mood, activity=chosen.activity
    )[:MAX_TOTAL]
    page, next_start = window(items, start, size)
    next_token = None
    if next_start is not None:
        next_token = context.encode(
            "browse", t=kind.keyword, o=order.value, f=chosen.to_token(), n=size, s=next_start
        )
    rows = render_rows(context, [Row(item, CATALOG_SOURCE) for item in page])
    listed = paginated(rows, continuation_token=next_token, total=len(items))
    return JSONResponse(context.body(**{kind.plural: listed}))


def parse_order(raw: str | None) -> CatalogOrder:
    if raw is None or raw == "":
        return CatalogOrder.RELEASE_DATE
    order = ORDERS.get(raw.lower())
    if order is None:
        raise IncompatibleInputParameters(INVALID_ORDER)
    return order


def _filter(context: CatalogRequest, kind: ContentKind) -> Filter:
    given = [(name, context.params.get(name)) for name in _FILTERS]
    present = [(name, value) for name, value in given if value]
    if len(present) > 1:
        raise IncompatibleInputParameters(
            "genre, mood and activity cannot be combined: pass one of them"
        )
    if not present:
        return Filter()
    name, value = present[0]
    return _resolve(context, kind, name, value or "")


def _resolve(context: CatalogRequest, kind: ContentKind, name: str, value: str) -> Filter:
    catalog = context.catalog
    if name == "genre":
        genre = catalog.genre(value)
        if genre is None:
            raise InvalidInputParameter(
                f"Unknown genre {value!r}: the names come from /3/content/music/catalog/genres"
            )
        return Filter(genre=genre)
    if kind is not ContentKind.PLAYLIST:
        raise IncompatibleInputParameters(f"The {name} filter applies to playlists only")
    category = catalog.mood(value) if name == "mood" else catalog.activity(value)
    if category is None:
        raise InvalidInputParameter(
            f"Unknown {name} {value!r}: the names come from /1/content/music/catalog/"
            f"{'moods' if name == 'mood' else 'activities'}"
        )
    return Filter(mood=category) if name == "mood" else Filter(activity=category)


def _continued(
    context: CatalogRequest, kind: ContentKind, token: str
) -> tuple[CatalogOrder, Filter, int, int]:
    payload = context.decode(token, "browse")
    order = ORDERS.get(str(payload.get("o")).lower())
    size = payload.get("n")
    raw_filter = payload.get("f")
    if payload.get("t") != kind.keyword or order is None or not isinstance(size, int):
        raise ContinuationTokenInvalid("The continuation token is malformed")
    chosen = Filter()
    if isinstance(raw_filter, list) and len(raw_filter) == 2:
        chosen = _resolve(context, kind, str(raw_filter[0]), str(raw_filter[1]))
    elif raw_filter is not None:
        raise ContinuationTokenInvalid("The continuation token is malformed")
    return order, chosen, size, offset_of(payload)
