"""`GET /1/content/{ids}/lookup` (reference §6 row 1, `R/uri-content-lookup.md`, `R/extras.md`).

Ids are joined with `+`, 250 characters at most. Each id is looked up in the chosen sources
(collection first); `music.isrc.*` and `music.icpn.*` resolve in the catalog only. When no id
is found the answer is 404 CATALOG_NO_RESULT; when only some are, 200 with what was found and a
top-level CATALOG_INVALID_DATA error naming the others. Playlists always come with their first
page of tracks; the `tracks`, `albums` and `topTracks` extras add a first page of their list,
continued with the list's own continuation token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..._responses import JSONResponse
from .._access import Need
from .._errors import (
    CatalogInvalidData,
    CatalogNoResult,
    CollectionNoResult,
    ContinuationTokenInvalid,
    InvalidInputParameter,
)
from ._catalog import Album, CatalogPlaylist, Content, Track
from ._collection import UserList
from ._lists import (
    CATALOG_SOURCE,
    COLLECTION_SOURCE,
    EXTRAS,
    Extra,
    Parent,
    extras_of,
    identity_parent,
    kind_member,
    page_of,
    render_parent,
)
from ._model import NAMESPACE
from ._request import (
    CATALOG,
    COLLECTION,
    PAGE_SIZE,
    CatalogRequest,
    Sources,
    asks_for_collection,
    offset_of,
    open_catalog_request,
)
from ._shapes import ItemJSON, JSONObject, paginated

MAX_IDS_LENGTH = 250
KNOWN_EXTRAS = frozenset(
    {"albums", "toptracks", "tracks", "artistdetails", "albumdetails", "relatedartists", "artists"}
)
"""The extras of `R/extras.md` plus the SDK's RelatedArtists and Artists, which this mock
accepts and ignores; anything else is a client typo and gets a 400."""
MEMBER_ORDER = ("Artists", "Albums", "Tracks", "Playlists")


@dataclass(frozen=True, slots=True)
class _Hit:
    """An item a lookup found, where it was found, and the id it is shown with."""

    item: Parent
    source: str
    collection_id: str | None = None

    @property
    def shown_id(self) -> str:
        return self.collection_id or self.item.id


async def lookup(request: Request) -> Response:
    need = Need.USER if asks_for_collection(request) else Need.APP_OR_USER
    context = await open_catalog_request(request, need)
    ids = split_ids(request.path_params["ids"])
    token = context.params.continuation_token()
    if token is not None:
        context.continuation_alone("source", "extras")
        return JSONResponse(_continuation(context, token))
    sources = context.sources(context.params.multi("source"))
    extras = _extras(context.params.multi("extras"))
    found: list[_Hit] = []
    missing: list[str] = []
    for content_id in ids:
        hit = _resolve(context, content_id, sources)
        if hit is None:
            missing.append(content_id)
        elif all(hit.shown_id != other.shown_id for other in found):
            found.append(hit)
    if not found:
        raise CatalogNoResult(f"No item found for {', '.join(missing)}")
    groups: dict[str, list[ItemJSON]] = {}
    for hit in found:
        groups.setdefault(kind_member(hit.item), []).append(_render(context, hit, extras))
    lists = {
        member: paginated(groups[member], continuation_token=None, total=len(groups[member]))
        for member in MEMBER_ORDER
        if member in groups
    }
    body = context.body(**lists)
    if missing:
        error = CatalogInvalidData(f"No item found for {', '.join(missing)}")
        body = {"Error": error.to_error_object(), **body}
    return JSONResponse(body)


def split_ids(raw: str) -> list[str]:
    if len(raw) > MAX_IDS_LENGTH:
        raise InvalidInputParameter(
            f"The ids must total at most {MAX_IDS_LENGTH} characters; these have {len(raw)}"
        )
    ids = raw.split("+")
    for content_id in ids:
        if not content_id:
            raise InvalidInputParameter("An id in the list is empty: join ids with one '+'")
        if not content_id.startswith(NAMESPACE) or content_id == NAMESPACE:
            raise InvalidInputParameter(
                f"{content_id!r} is not a music id: ids start with 'music.' (case-sensitive)"
            )
    return ids


def _extras(values: list[str]) -> frozenset[str]:
    unknown = sorted(set(values) - KNOWN_EXTRAS)
    if unknown:
        raise InvalidInputParameter(
            f"Unknown extra {unknown[0]!r}: use albums, topTracks, tracks, artistDetails or "
            "albumDetails"
        )
    return frozenset(values)


def _sub_namespace(content_id: str) -> str | None:
    rest = content_id[len(NAMESPACE) :]
    head, dot, _ = rest.partition(".")
    return head.lower() if dot else None


def _resolve(context: CatalogRequest, content_id: str, sources: Sources) -> _Hit | None:
    catalog = context.catalog
    sub = _sub_namespace(content_id)
    if sub in ("isrc", "icpn"):
        if CATALOG not in sources:
            raise InvalidInputParameter(
                f"music.{sub} ids are looked up in the catalog only: add source=catalog"
            )
        code = content_id[len(NAMESPACE) + len(sub) + 1 :]
        item: Content | None = catalog.by_isrc(code) if sub == "isrc" else catalog.by_icpn(code)
        return _Hit(item, CATALOG_SOURCE) if item is not None else None
    if sub == "amg":
        raise InvalidInputParameter("music.amg ids are output only: look up the catalog id")
    if COLLECTION in sources:
        in_collection = context.in_collection(content_id)
        if in_collection is not None:
            return _Hit(in_collection[0], COLLECTION_SOURCE, in_collection[1])
    if CATALOG in sources:
        item = catalog.item(content_id)
        if item is not None:
            return _Hit(item, CATALOG_SOURCE)
    return None


def _render(context: CatalogRequest, hit: _Hit, extras: frozenset[str]) -> ItemJSON:
    item = hit.item
    lists: dict[Extra, JSONObject] = {}
    for extra in extras_of(item, hit.source):
        if extra.keyword in extras or isinstance(item, CatalogPlaylist | UserList):
            lists[extra] = _page(context, hit, extra, 0)
    details: dict[str, Any] = {}
    from_catalog = hit.source == CATALOG_SOURCE
    if isinstance(item, Track):
        details["album_details"] = from_catalog and "albumdetails" in extras
        details["artist_details"] = from_catalog and "artistdetails" in extras
    elif isinstance(item, Album):
        details["artist_details"] = from_catalog and "artistdetails" in extras
    return render_parent(context, item, hit.source, hit.collection_id, lists, **details)


def _page(context: CatalogRequest, hit: _Hit, extra: Extra, start: int) -> JSONObject:
    items, next_start, total = page_of(context, hit.item, hit.source, extra, start, PAGE_SIZE)
    token = None
    if next_start is not None:
        token = context.encode(
            "lookup", id=hit.shown_id, x=extra.keyword, src=hit.source, s=next_start
        )
    return paginated(items, continuation_token=token, total=total)


def _continuation(context: CatalogRequest, token: str) -> JSONObject:
    payload = context.decode(token, "lookup")
    extra = EXTRAS.get(str(payload.get("x")))
    shown_id, source = payload.get("id"), payload.get("src")
    sources = (CATALOG_SOURCE, COLLECTION_SOURCE)
    if extra is None or not isinstance(shown_id, str) or source not in sources:
        raise ContinuationTokenInvalid("The continuation token is malformed")
    start = offset_of(payload)
    hit: _Hit | None
    if source == COLLECTION_SOURCE:
        in_collection = context.in_collection(shown_id)
        if in_collection is None:
            raise CollectionNoResult(f"{shown_id} is no longer in the collection")
        hit = _Hit(in_collection[0], COLLECTION_SOURCE, in_collection[1])
    else:
        item = context.catalog.item(shown_id)
        if item is None:
            raise CatalogNoResult(f"No item found for {shown_id}")
        hit = _Hit(item, CATALOG_SOURCE)
    parent = identity_parent(
        hit.item, hit.source, hit.collection_id, {extra: _page(context, hit, extra, start)}
    )
    member = kind_member(hit.item)
    return context.body(**{member: paginated([parent], continuation_token=None, total=1)})
