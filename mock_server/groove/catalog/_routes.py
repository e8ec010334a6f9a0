"""Groove catalog endpoints (reference §6 rows 1 to 4 and 6 to 10).

Paths are matched without regard to case (`ignore_case`, compiled on first match); the `music`
namespace is checked, case-sensitively, by the handlers. Each handler's module is imported on
the endpoint's first request: a lookup does not load search, browse or discovery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import BaseRoute

from ..._lazy import endpoint
from ..._routing import PathRoute
from ._catalog import catalog_of

if TYPE_CHECKING:
    from ..._state import MockState

_PACKAGE = __name__.rpartition(".")[0]

# (path, handler as module:function), in routing order.
CATALOG_ROUTES: tuple[tuple[str, str], ...] = (
    ("/1/content/{ids}/lookup", "._lookup:lookup"),
    ("/1/content/{ns}/search", "._find:search"),
    ("/1/content/{ns}/catalog/genres", "._discovery:genre_names"),
    ("/3/content/{ns}/catalog/genres", "._discovery:genres"),
    ("/1/content/{ns}/catalog/moods", "._discovery:moods"),
    ("/1/content/{ns}/catalog/activities", "._discovery:activities"),
    ("/1/content/{ns}/catalog/{type}/browse", "._browse:browse"),
    ("/1/content/{ns}/spotlight", "._discovery:spotlight"),
    ("/1/content/{ns}/newreleases", "._discovery:new_releases"),
    ("/1/content/{id}/{source}/{browse_type}/{extra}/browse", "._subbrowse:sub_browse"),
)


def catalog_routes(state: MockState) -> list[BaseRoute]:
    # Load (or reuse) the catalog now rather than on the first request: a broken catalog file
    # fails at start.
    catalog_of(state)
    return [
        PathRoute(
            path,
            endpoint(target, _PACKAGE),
            methods=("GET",),
            name=target.rpartition(":")[2],
            ignore_case=True,
        )
        for path, target in CATALOG_ROUTES
    ]
