"""Collection edits: `POST /1/content/{ns}/collection/add` and `/delete` (reference §6 rows
14-15, `R/uri-add-track-collection.md`, `R/uri-delete-track-collection.md`).

Partial failure is HTTP 200 with a top-level COLLECTION_SOME_OPERATIONS_FAILED and an `Error`
on each failed item; more than 100 ids is 400 COLLECTION_INVALID_OPERATION.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._errors import CollectionSomeOperationsFailed
from .._responses import JSONResponse
from .._state import MockState
from ._access import Need, authenticate
from ._collection import CollectionStore, ItemResult
from ._params import read_json
from ._user_catalog import track_resolver
from ._user_requests import Body, check_namespace, record_error, user_id_of


def with_outcome(request: Request, body: dict[str, Any], results: list[ItemResult]) -> JSONResponse:
    """The 200 answer of an edit: a top-level Error when any item failed."""
    if any(result.error is not None for result in results):
        failed = CollectionSomeOperationsFailed()
        body["Error"] = failed.to_error_object()
        record_error(request, failed.error_code)
    return JSONResponse(body)


def collection_edit_routes(state: MockState) -> list[Route]:
    store = state.part(CollectionStore)
    resolve = track_resolver(state)

    async def add(request: Request) -> Response:
        caller = await authenticate(request, Need.USER)
        check_namespace(request)
        ids = Body(await read_json(request)).id_list("TrackIds")
        results = store.add_tracks(user_id_of(caller), ids, resolve)
        return with_outcome(
            request, {"TrackActionResults": [r.to_json() for r in results]}, results
        )

    async def delete(request: Request) -> Response:
        caller = await authenticate(request, Need.USER)
        check_namespace(request)
        ids = Body(await read_json(request)).id_list("TrackIds")
        results = store.delete_tracks(user_id_of(caller), ids, resolve)
        return with_outcome(
            request, {"TrackActionResults": [r.to_json() for r in results]}, results
        )

    return [
        Route("/1/content/{ns}/collection/add", add, methods=["POST"]),
        Route("/1/content/{ns}/collection/delete", delete, methods=["POST"]),
    ]
