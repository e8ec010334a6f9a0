"""Radio endpoints (reference §6 rows 19-21): `POST /1/content/{ns}/radio/create`,
`GET /1/content/{ns}/radio/{id}/next`, `GET /1/content/{ns}/radio/recentlyplayed`.

Radio takes a user token; the docs ask for no Music Pass (reference §13 leaves it open), so
none is required. Create takes exactly one seed, an artist (catalog id, or the user's
collection id of an artist) or a genre (its name, any case). The station plays streamable
tracks only: for an artist, the artist's own tracks, then popular tracks of the artist's genre;
for a genre, its most popular tracks.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..._responses import JSONResponse
from ..._routing import CaselessRoute
from ..._state import MockState
from .._access import Caller, Need, authenticate
from .._errors import (
    CatalogNoResult,
    DiscoveryInvalidGenre,
    IncompatibleInputParameters,
    InvalidInputParameter,
    MissingInputParameter,
)
from .._paging import ContinuationCodec
from .._params import Params, read_json
from ..catalog._catalog import Catalog, CatalogOrder, ContentKind, Track, catalog_of
from ..catalog._shapes import paginated, partner_of, track_json
from ._collection import CollectionStore
from ._ids import radio_id
from ._paging import window
from ._radio_store import RadioStore, Station
from ._requests import Body, check_namespace, user_id_of

POOL_SIZE = 60
SEED_TYPES = {"artist": "Artist", "genre": "Genre"}


def _seed(body: Body) -> tuple[str, str]:
    seeds = body.objects("Seeds")
    if not seeds:
        raise MissingInputParameter("Seeds is required: one seed, an artist or a genre")
    if len(seeds) > 1:
        raise IncompatibleInputParameters("A radio takes exactly one seed")
    seed = Body(seeds[0])
    seed_id = seed.string("Id", required=True)
    seed_type = seed.string("Type", required=True)
    assert seed_id is not None and seed_type is not None
    kind = SEED_TYPES.get(seed_type.lower())
    if kind is None:
        raise InvalidInputParameter("Seeds[0].Type must be Artist or Genre")
    return kind, seed_id


def _streamable(tracks: tuple[Any, ...], limit: int) -> list[str]:
    wanted = (t.id for t in tracks if isinstance(t, Track) and t.can_stream)
    return list(islice(wanted, limit))


def _station(
    catalog: Catalog, store: CollectionStore, caller: Caller, kind: str, seed: str
) -> Station:
    user_id = user_id_of(caller)
    if kind == "Artist":
        artist = catalog.artist(store.to_catalog_id(user_id, seed) or seed)
        if artist is None:
            raise CatalogNoResult(f"No artist {seed[:100]}")
        pool = _streamable(catalog.top_tracks_of_artist(artist.id), POOL_SIZE)
        genre = catalog.genre(artist.genres[0]) if artist.genres else None
        if genre is not None:
            popular = catalog.browse(ContentKind.TRACK, CatalogOrder.MOST_POPULAR, genre=genre)
            pool = list(dict.fromkeys([*pool, *_streamable(popular, POOL_SIZE)]))[:POOL_SIZE]
        name, key = artist.name, artist.id
    else:
        found = catalog.genre(seed)
        if found is None:
            raise DiscoveryInvalidGenre(
                f"No genre {seed[:100]!r}: see /3/content/music/catalog/genres"
            )
        popular = catalog.browse(ContentKind.TRACK, CatalogOrder.MOST_POPULAR, genre=found)
        pool = _streamable(popular, POOL_SIZE)
        name, key = found.name, found.name
    if not pool:
        raise CatalogNoResult(f"No streamable tracks for the seed {seed[:100]}")
    return Station(radio_id(user_id, kind, key), name, tuple(pool), 0.0)


def radio_routes(state: MockState) -> list[CaselessRoute]:
    store = state.part(CollectionStore)
    radios = state.part(RadioStore)
    codec = state.part(ContinuationCodec)
    catalog = catalog_of(state)

    def answer(caller: Caller, params: Params, session_id: str, track_ids: list[str]) -> Response:
        culture = params.culture(caller)
        partner = partner_of(caller.claims.client_id)
        tracks = [catalog.track(t) for t in track_ids]
        return JSONResponse(
            {
                "SessionId": session_id,
                "Tracks": [
                    track_json(t, catalog, culture=culture, partner_id=partner)
                    for t in tracks
                    if t is not None
                ],
            }
        )

    async def create(request: Request) -> Response:
        caller = await authenticate(request, Need.USER)
        check_namespace(request)
        params = Params.of(request)
        count = params.max_items()
        kind, seed = _seed(Body(await read_json(request)))
        station = _station(catalog, store, caller, kind, seed)
        session_id, track_ids = radios.start(user_id_of(caller), station, count)
        return answer(caller, params, session_id, track_ids)

    async def next_tracks(request: Request) -> Response:
        caller = await authenticate(request, Need.USER)
        check_namespace(request)
        params = Params.of(request)
        count = params.max_items()
        session_id, track_ids = radios.next_tracks(
            user_id_of(caller), request.path_params["id"], count
        )
        return answer(caller, params, session_id, track_ids)

    async def recently_played(request: Request) -> Response:
        caller = await authenticate(request, Need.USER)
        check_namespace(request)
        params = Params.of(request)
        user_id = user_id_of(caller)
        at = window(request, params, codec, user_id, lambda: "LastPlayed")
        stations = radios.recently_played(user_id)
        items = [
            {"Id": s.id, "Name": s.name, "Source": "Catalog", "CompatibleSources": "Catalog"}
            for s in stations[at.offset : at.offset + at.size]
        ]
        token = at.following(codec, len(stations))
        return JSONResponse(
            {
                "Radios": paginated(items, continuation_token=token, total=len(stations)),
                "Culture": params.culture(caller).tag,
            }
        )

    prefix = "/1/content/{ns}/radio"
    return [
        CaselessRoute(f"{prefix}/create", create, methods=["POST"]),
        CaselessRoute(f"{prefix}/recentlyplayed", recently_played, methods=["GET"]),
        CaselessRoute(prefix + "/{id}/next", next_tracks, methods=["GET"]),
    ]
