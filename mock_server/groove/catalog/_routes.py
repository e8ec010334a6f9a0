"""Groove catalog endpoints (reference §6 rows 1 to 4 and 6 to 10), in routing order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._routing import CaselessRoute
from ._browse import browse
from ._catalog import catalog_of
from ._discovery import activities, genre_names, genres, moods, new_releases, spotlight
from ._find import search
from ._lookup import lookup
from ._subbrowse import sub_browse

if TYPE_CHECKING:
    from ..._state import MockState

CATALOG_ROUTES = (
    ("/1/content/{ids}/lookup", lookup),
    ("/1/content/{ns}/search", search),
    ("/1/content/{ns}/catalog/genres", genre_names),
    ("/3/content/{ns}/catalog/genres", genres),
    ("/1/content/{ns}/catalog/moods", moods),
    ("/1/content/{ns}/catalog/activities", activities),
    ("/1/content/{ns}/catalog/{type}/browse", browse),
    ("/1/content/{ns}/spotlight", spotlight),
    ("/1/content/{ns}/newreleases", new_releases),
    ("/1/content/{id}/{source}/{browse_type}/{extra}/browse", sub_browse),
)


def catalog_routes(state: MockState) -> list[CaselessRoute]:
    # Load (or reuse) the catalog now rather than on the first request: a broken catalog file
    # fails at start.
    catalog_of(state)
    return [CaselessRoute(path, handler, methods=("GET",)) for path, handler in CATALOG_ROUTES]
