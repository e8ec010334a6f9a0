"""Groove catalog endpoints (reference §6 rows 1 to 4 and 6 to 10).

Paths are matched without regard to case (the Groove router recompiles them); the `music`
namespace is checked, case-sensitively, by the handlers.
"""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from .._state import MockState
from ._catalog import catalog_of
from ._catalog_browse import browse
from ._catalog_discovery import activities, genre_names, genres, moods, new_releases, spotlight
from ._catalog_find import search
from ._catalog_lookup import lookup
from ._catalog_subbrowse import sub_browse


def catalog_routes(state: MockState) -> list[BaseRoute]:
    # Load (or reuse) the catalog now rather than on the first request.
    catalog_of(state)
    get = ["GET"]
    return [
        Route("/1/content/{ids}/lookup", lookup, methods=get),
        Route("/1/content/{ns}/search", search, methods=get),
        Route("/1/content/{ns}/catalog/genres", genre_names, methods=get),
        Route("/3/content/{ns}/catalog/genres", genres, methods=get),
        Route("/1/content/{ns}/catalog/moods", moods, methods=get),
        Route("/1/content/{ns}/catalog/activities", activities, methods=get),
        Route("/1/content/{ns}/catalog/{type}/browse", browse, methods=get),
        Route("/1/content/{ns}/spotlight", spotlight, methods=get),
        Route("/1/content/{ns}/newreleases", new_releases, methods=get),
        Route("/1/content/{id}/{source}/{browse_type}/{extra}/browse", sub_browse, methods=get),
    ]
