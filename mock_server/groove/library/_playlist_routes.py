"""Playlist edits: `POST /1/content/{ns}/collection/playlists/create|update|delete`
(reference §6 rows 16-18, `R/uri-create-playlist.md`, `R/uri-update-playlist.md`,
`R/uri-delete-playlist.md`, `R/json-playlistaction.md`).

The answer is `{"PlaylistActionResult": {...}}`, echoing what the request set, as the examples
do: `Id` always; `Name` and `IsPublished` when given (always on create); `TrackActionResults`
for Add and Delete actions, and for Move actions only when one of them failed.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..._routing import CaselessRoute
from ..._state import MockState
from .._errors import (
    CollectionInvalidId,
    CollectionInvalidOperation,
    CollectionInvalidPlaylistInfo,
    InvalidInputParameter,
    MissingInputParameter,
)
from ._collection import CollectionStore
from ._collection_routes import with_outcome
from ._from_catalog import track_resolver
from ._ids import playlist_key
from ._requests import BATCH_LIMIT, BATCH_MESSAGE, Body, user_edit, valid_text
from ._types import ItemResult, PlaylistEdit, TrackAction

NAME_LIMIT = 256
_ACTIONS = {action.value.lower(): action for action in TrackAction}


def playlist_name(body: Body, *, required: bool) -> str | None:
    """`Name`: 1 to 256 characters, counted in UTF-16 units as the .NET service counted them."""
    value = body.raw("Name")
    if value is None:
        if required:
            raise CollectionInvalidPlaylistInfo("Name is required to create a playlist")
        return None
    if not isinstance(value, str):
        raise InvalidInputParameter("Name must be a string")
    valid_text(value, "Name")
    if not value.strip():
        raise CollectionInvalidPlaylistInfo("Name cannot be empty")
    if len(value.encode("utf-16-le", "surrogatepass")) // 2 > NAME_LIMIT:
        raise CollectionInvalidPlaylistInfo(f"Name is limited to {NAME_LIMIT} characters")
    return value


def track_actions(body: Body) -> tuple[tuple[TrackAction, str], ...]:
    items = body.objects("TrackActions") or []
    if len(items) > BATCH_LIMIT:
        raise CollectionInvalidOperation(BATCH_MESSAGE)
    actions: list[tuple[TrackAction, str]] = []
    for index, item in enumerate(items):
        where = f"TrackActions[{index}]"
        content_id, action = item.get("Id"), item.get("Action")
        if content_id is None or action is None:
            raise MissingInputParameter(f"{where} needs an Id and an Action")
        if not isinstance(content_id, str):
            raise InvalidInputParameter(f"{where}.Id must be a string")
        valid_text(content_id, f"{where}.Id")
        parsed = _ACTIONS.get(action.lower()) if isinstance(action, str) else None
        if parsed is None:
            raise InvalidInputParameter(f"{where}.Action must be one of Add, Delete, Move")
        actions.append((parsed, content_id))
    return tuple(actions)


def playlist_id(body: Body) -> str:
    value = body.string("Id", required=True)
    assert value is not None
    if playlist_key(value) is None:
        raise CollectionInvalidId(
            f"{value[:100]} is not a user playlist id (music.playlist.<guid>)"
        )
    return value


def _answer(
    request: Request, result: dict[str, Any], results: list[ItemResult], *, show: bool
) -> Response:
    if show or any(r.error is not None for r in results):
        result["TrackActionResults"] = [r.to_json() for r in results]
    return with_outcome(request, {"PlaylistActionResult": result}, results)


def playlist_routes(state: MockState) -> list[CaselessRoute]:
    store = state.part(CollectionStore)
    resolve = track_resolver(state)

    async def create(request: Request) -> Response:
        user_id, body = await user_edit(request)
        name = playlist_name(body, required=True)
        assert name is not None
        is_published = bool(body.boolean("IsPublished"))
        actions = track_actions(body)
        if any(action is not TrackAction.ADD for action, _ in actions):
            raise CollectionInvalidOperation("Creating a playlist takes Add actions only")
        playlist, results = store.create_playlist(
            user_id,
            name=name,
            is_published=is_published,
            add_ids=[content_id for _, content_id in actions],
            resolve=resolve,
        )
        result = {"Id": playlist.id, "Name": playlist.name, "IsPublished": playlist.is_published}
        return _answer(request, result, results, show=bool(actions))

    async def update(request: Request) -> Response:
        user_id, body = await user_edit(request)
        target = playlist_id(body)
        edit = PlaylistEdit(
            name=playlist_name(body, required=False),
            is_published=body.boolean("IsPublished"),
            actions=track_actions(body),
            insert_before=body.string("InsertBeforeTrackId"),
            state_token=body.string("CollectionStateToken"),
        )
        playlist, results = store.update_playlist(user_id, target, edit, resolve)
        result: dict[str, Any] = {"Id": playlist.id}
        if edit.name is not None:
            result["Name"] = playlist.name
        if edit.is_published is not None:
            result["IsPublished"] = playlist.is_published
        moving = any(action is TrackAction.MOVE for action, _ in edit.actions)
        return _answer(request, result, results, show=bool(edit.actions) and not moving)

    async def delete(request: Request) -> Response:
        user_id, body = await user_edit(request)
        # Only the Id counts; every other member is ignored (R/uri-delete-playlist.md).
        playlist = store.delete_playlist(user_id, playlist_id(body))
        return _answer(request, {"Id": playlist.id}, [], show=False)

    prefix = "/1/content/{ns}/collection/playlists"
    return [
        CaselessRoute(f"{prefix}/create", create, methods=["POST"]),
        CaselessRoute(f"{prefix}/update", update, methods=["POST"]),
        CaselessRoute(f"{prefix}/delete", delete, methods=["POST"]),
    ]
