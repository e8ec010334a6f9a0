"""Collection edits: `POST /1/content/{ns}/collection/add` and `/delete` (reference §6 rows
14-15, `R/uri-add-track-collection.md`, `R/uri-delete-track-collection.md`).

Partial failure is HTTP 200 with a top-level COLLECTION_SOME_OPERATIONS_FAILED and an `Error`
on each failed item; more than 100 ids is 400 COLLECTION_INVALID_OPERATION.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..._responses import JSONResponse
from ..._routing import CaselessRoute
from ..._state import MockState
from .._errors import CollectionSomeOperationsFailed
from ._collection import CollectionStore
from ._from_catalog import track_resolver
from ._requests import record_error, user_edit
from ._types import ItemResult
from ._user_data import Resolver

Endpoint = Callable[[Request], Awaitable[Response]]


def with_outcome(request: Request, body: dict[str, Any], results: list[ItemResult]) -> JSONResponse:
    """The 200 answer of an edit: a top-level Error when any item failed."""
    if any(result.error is not None for result in results):
        failed = CollectionSomeOperationsFailed()
        body["Error"] = failed.to_error_object()
        record_error(request, failed.error_code)
    return JSONResponse(body)


def collection_edit_routes(state: MockState) -> list[CaselessRoute]:
    store = state.part(CollectionStore)
    resolve = track_resolver(state)

    def edit(change: Callable[[str, list[str], Resolver], list[ItemResult]]) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            user_id, body = await user_edit(request)
            results = change(user_id, body.id_list("TrackIds"), resolve)
            answer = {"TrackActionResults": [r.to_json() for r in results]}
            return with_outcome(request, answer, results)

        return endpoint

    return [
        CaselessRoute("/1/content/{ns}/collection/add", edit(store.add_tracks), methods=["POST"]),
        CaselessRoute(
            "/1/content/{ns}/collection/delete", edit(store.delete_tracks), methods=["POST"]
        ),
    ]
