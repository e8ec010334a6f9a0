"""The Groove API side of the mock (reference §4 to §11).

Every endpoint's module is imported on the endpoint's first request (see `mock_server._lazy`):
a launch answering a catalog lookup loads the lookup and nothing of collections, playlists,
radio or streaming.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from .._lazy import Lazy, built_route
from .._lazy import resolve as _resolve
from .._routing import PathRoute
from ._cors import GrooveCORS
from ._representation import RepresentationGuard
from .catalog._routes import catalog_routes
from .library._collection import CollectionStore

if TYPE_CHECKING:
    from .._state import MockState

__all__ = ["middleware", "routes"]

_GET, _POST = ("GET",), ("POST",)

# The user endpoints (reference §6 rows 5, 11-21), as their route builders make them, in
# order: each builder (`module:function(state)`) is called on the first request of one of its
# routes, which then serve with the built routes' apps. tests/mock_server/groove checks this
# table against the builders (`_user_routes.user_routes`).
_USER_ROUTES: tuple[tuple[str, tuple[tuple[str, tuple[str, ...], str], ...]], ...] = (
    (
        ".library._browse:browse_routes",
        (("/1/content/{ns}/collection/{type}/browse", _GET, "browse"),),
    ),
    (
        ".library._collection_routes:collection_edit_routes",
        (
            ("/1/content/{ns}/collection/add", _POST, "endpoint"),
            ("/1/content/{ns}/collection/delete", _POST, "endpoint"),
        ),
    ),
    (
        ".library._playlist_routes:playlist_routes",
        (
            ("/1/content/{ns}/collection/playlists/create", _POST, "create"),
            ("/1/content/{ns}/collection/playlists/update", _POST, "update"),
            ("/1/content/{ns}/collection/playlists/delete", _POST, "delete"),
        ),
    ),
    (".library._profile:profile_routes", (("/1/user/{ns}/profile", _GET, "profile"),)),
    (
        ".library._radio:radio_routes",
        (
            ("/1/content/{ns}/radio/create", _POST, "create"),
            ("/1/content/{ns}/radio/recentlyplayed", _GET, "recently_played"),
            ("/1/content/{ns}/radio/{id}/next", _GET, "next_tracks"),
        ),
    ),
    (
        "._stream:stream_routes",
        (
            ("/1/content/{id}/preview", _GET, "preview"),
            ("/1/content/{id}/stream", _GET, "stream"),
        ),
    ),
    ("._stream_media:media_routes", (("/media/{kind}/{ticket}.mp3", ("GET", "HEAD"), "media"),)),
)


def _user_routes_made_lazily(state: MockState) -> list[BaseRoute]:
    found: list[BaseRoute] = []
    for builder, table in _USER_ROUTES:
        built = _built_by(builder, state)
        for index, (path, methods, name) in enumerate(table):
            app = built_route(built, index, path)
            found.append(PathRoute(path, app, methods=methods, name=name, ignore_case=True))
    return found


def _built_by(builder: str, state: MockState) -> Lazy[Any]:
    return Lazy(lambda: _resolve(builder, __name__)(state))


def routes(state: MockState) -> list[BaseRoute]:
    # Made now, as the route builders made it before they were lazy: the collections are read
    # by most Groove calls (a lookup too), and making the store is a change of the state
    # (`MockState.version`), which must not happen inside the first request (it would not be
    # recorded for replay).
    state.part(CollectionStore)
    # Every route matches its path without regard to case (`ignore_case`): path keywords are
    # case-insensitive (reference §4: `/Catalog/Playlists/browse`); the `music` namespace is
    # checked, case-sensitively, by the handlers.
    return catalog_routes(state) + _user_routes_made_lazily(state)


def middleware(state: MockState) -> list[Middleware]:
    return [
        Middleware(RepresentationGuard),
        # Standard CORS (reference §4): browsers may call the API from any origin; tokens travel
        # in the Authorization header, never in cookies, so no credentials mode is needed.
        # GrooveCORS is Starlette's CORSMiddleware with a cheaper per-request path.
        Middleware(
            GrooveCORS,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=["WWW-Authenticate", "Retry-After"],
            max_age=86400,
        ),
    ]
