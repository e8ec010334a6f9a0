"""Genres, moods, activities, spotlight and new releases (reference §6 rows 6 to 10).

- `/3/content/{ns}/catalog/genres`: `CatalogGenres`, every genre and subgenre with
  `ParentName` and `HasEditorialPlaylists`, sorted by name (`R/uri-get-genres.md`, 2017).
- `/1/content/{ns}/catalog/genres`: the older answer of the same page, `Genres`: the names of
  the top-level genres.
- `/1/content/{ns}/catalog/moods` and `/activities`: `CatalogMoods` / `CatalogActivities`,
  localized (en, fr; English for other languages).
- `/1/content/{ns}/spotlight`: `Results`, a list of ContentItems (albums, artists, playlists).
- `/1/content/{ns}/newreleases`: `Results`, the 30 newest albums, optionally of one `genre`
  (404 DISCOVERY_INVALID_GENRE for an unknown one), in pages of 25.
"""

from __future__ import annotations

from functools import lru_cache

from starlette.requests import Request
from starlette.responses import Response

from ..._responses import JSONResponse
from .._access import Need
from .._errors import ContinuationTokenInvalid, DiscoveryInvalidGenre, DiscoveryNoResult
from .._params import Culture
from ._catalog import Catalog, CatalogPlaylist, ContentKind, Genre
from ._lists import kind_member
from ._model import fold
from ._request import PAGE_SIZE, CatalogRequest, offset_of, open_catalog_request, window
from ._shapes import JSONObject, category_json, content_item_json, genre_json, paginated

NEW_RELEASES = 30
_KINDS = {"Artists": ContentKind.ARTIST, "Albums": ContentKind.ALBUM}


async def _open(request: Request) -> CatalogRequest:
    return await open_catalog_request(
        request, Need.APP_OR_USER, namespace=request.path_params["ns"]
    )


async def genres(request: Request) -> Response:
    context = await _open(request)
    return JSONResponse(context.body(CatalogGenres=_genre_list(context.catalog)))


async def genre_names(request: Request) -> Response:
    context = await _open(request)
    return JSONResponse(context.body(Genres=_top_genres(context.catalog)))


async def moods(request: Request) -> Response:
    context = await _open(request)
    listed = _categories(context.catalog, "mood", context.culture)
    return JSONResponse(context.body(CatalogMoods=listed))


async def activities(request: Request) -> Response:
    context = await _open(request)
    listed = _categories(context.catalog, "activity", context.culture)
    return JSONResponse(context.body(CatalogActivities=listed))


async def spotlight(request: Request) -> Response:
    context = await _open(request)
    items = [
        content_item_json(
            ContentKind.PLAYLIST
            if isinstance(item, CatalogPlaylist)
            else _KINDS[kind_member(item)],
            context.render(item),
        )
        for item in context.catalog.spotlight
    ]
    results = paginated(items, continuation_token=None, total=len(items))
    return JSONResponse(context.body(Results=results))


async def new_releases(request: Request) -> Response:
    context = await _open(request)
    token = context.params.continuation_token()
    if token is not None:
        context.continuation_alone("genre")
        payload = context.decode(token, "new")
        genre_name = payload.get("g")
        if genre_name is not None and not isinstance(genre_name, str):
            raise ContinuationTokenInvalid("The continuation token is malformed")
        genre = _genre(context.catalog, genre_name)
        start = offset_of(payload)
    else:
        genre = _genre(context.catalog, context.params.get("genre") or None)
        start = 0
    albums = context.catalog.new_releases(genre)[:NEW_RELEASES]
    if not albums:
        raise DiscoveryNoResult(f"No new releases in {genre.name if genre else 'any genre'}")
    page, next_start = window(albums, start, PAGE_SIZE)
    next_token = None
    if next_start is not None:
        next_token = context.encode("new", g=genre.name if genre else None, s=next_start)
    items = [content_item_json(ContentKind.ALBUM, context.render(a)) for a in page]
    results = paginated(items, continuation_token=next_token, total=len(albums))
    return JSONResponse(context.body(Results=results))


def _genre(catalog: Catalog, name: str | None) -> Genre | None:
    if name is None:
        return None
    genre = catalog.genre(name)
    if genre is None:
        raise DiscoveryInvalidGenre(
            f"Unknown genre {name!r}: the names come from /3/content/music/catalog/genres"
        )
    return genre


@lru_cache(maxsize=4)
def _genre_list(catalog: Catalog) -> list[JSONObject]:
    # The catalog never changes, so its genre list is rendered once.
    return [genre_json(g) for g in sorted(catalog.genres, key=lambda g: fold(g.name))]


@lru_cache(maxsize=64)
def _categories(catalog: Catalog, namespace: str, culture: Culture) -> list[JSONObject]:
    found = catalog.moods if namespace == "mood" else catalog.activities
    return [category_json(category, namespace, culture) for category in found]


@lru_cache(maxsize=4)
def _top_genres(catalog: Catalog) -> list[str]:
    return [g.name for g in catalog.genres if g.parent_name is None]
