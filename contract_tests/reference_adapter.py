"""The adapter around `GrooveClient`: how a Python client plugs into the suite.

`ReferenceAdapter` maps each step to a client method and each outcome back to data. Subclass
`client_class` (or override `make_client`) to point it at your own client with the same
methods; most projects write a dozen lines like these around theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._adapter import Capability, ClientAdapter, Environment, Outcome, Step
from .reference_client import GrooveClient, GrooveClientError

ALL_CAPABILITIES = frozenset(
    capability.value for capability in Capability if capability is not Capability.PERSISTENCE
)
"""What the reference client can do: everything but keeping tokens on disk across restarts."""

_COLLECTION = "/1/content/music/collection"


def _ids(body: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for value in body.values():
        if isinstance(value, dict) and isinstance(value.get("Items"), list):
            found += [i["Id"] for i in value["Items"] if isinstance(i, dict) and "Id" in i]
    return found


class ReferenceAdapter:
    """Drives a `GrooveClient` (or a subclass given as `client_class`) through the steps."""

    client_class: type[GrooveClient] = GrooveClient
    capabilities: frozenset[str] = ALL_CAPABILITIES

    def __init__(self, env: Environment):
        self.env = env
        self.client = self.make_client(env)
        self._ops: dict[str, Callable[[Step], dict[str, Any]]] = {
            "get_app_token": self._app_token,
            "begin_sign_in": self._begin,
            "finish_sign_in": self._finish,
            "sign_out": self._sign_out,
            "search": self._search,
            "lookup": self._lookup,
            "browse_catalog": self._browse("catalog"),
            "browse_collection": self._browse("collection"),
            "collection_add": self._tracks("add"),
            "collection_delete": self._tracks("delete"),
            "playlist_create": self._playlist_create,
            "playlist_update": self._playlist_update,
            "playlist_delete": self._playlist_delete,
            "profile": lambda step: self.client.profile(),
            "preview": lambda step: {"url": self.client.preview(step["track_id"]).get("Url")},
            "stream": lambda step: {"url": self.client.stream(step["track_id"]).get("Url")},
        }

    def make_client(self, env: Environment) -> GrooveClient:
        return self.client_class(
            auth_url=env.auth_url,
            api_url=env.api_url,
            client_id=env.client_id,
            client_secret=env.client_secret,
            redirect_uri=env.redirect_uri,
            transport=env.transport,
        )

    def perform(self, step: Step) -> Outcome:
        op = self._ops.get(step["op"])
        if op is None:
            return {"ok": False, "detail": f"unsupported op {step['op']!r}"}
        try:
            data = op(step)
        except GrooveClientError as exc:
            return {"ok": False, "status": exc.status, "error_code": exc.code, "detail": str(exc)}
        return {"ok": True, "data": data}

    def close(self) -> None:
        self.client.close()

    # ops ------------------------------------------------------------------------------------

    def _app_token(self, step: Step) -> dict[str, Any]:
        self.client.app_token()
        return {}

    def _begin(self, step: Step) -> dict[str, Any]:
        url = self.client.authorize_url(offline_access=step.get("offline_access", False))
        return {"authorize_url": url}

    def _finish(self, step: Step) -> dict[str, Any]:
        self.client.finish_sign_in(step["callback_url"])
        return {}

    def _sign_out(self, step: Step) -> dict[str, Any]:
        return {"logout_url": self.client.sign_out()}

    def _list(self, path: str, params: dict[str, Any], step: Step, user: bool) -> dict[str, Any]:
        if step.get("all_pages"):
            ids: list[str] = []
            for body in self.client.pages(path, params, user=user):
                ids += _ids(body)
            return {"ids": ids}
        return {"ids": _ids(self.client.call("GET", path, params=params, user=user))}

    def _search(self, step: Step) -> dict[str, Any]:
        params: dict[str, Any] = {"q": step.get("query", "")}
        for key, name in (("filters", "filters"), ("max_items", "maxItems"), ("source", "source")):
            if key in step:
                params[name] = step[key]  # type: ignore[literal-required]
        user = "collection" in str(step.get("source", "")).lower()
        return self._list("/1/content/music/search", params, step, user)

    def _lookup(self, step: Step) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if "source" in step:
            params["source"] = step["source"]
        if "extras" in step:
            params["extras"] = "+".join(step["extras"])
        path = f"/1/content/{'+'.join(step.get('ids', []))}/lookup"
        user = "collection" in str(step.get("source", "")).lower()
        return self._list(path, params, step, user)

    def _browse(self, source: str) -> Callable[[Step], dict[str, Any]]:
        def browse(step: Step) -> dict[str, Any]:
            path = f"/1/content/music/{source}/{step.get('type', 'tracks')}/browse"
            params = {"maxItems": step["max_items"]} if "max_items" in step else {}
            return self._list(path, params, step, source == "collection")

        return browse

    def _tracks(self, action: str) -> Callable[[Step], dict[str, Any]]:
        def edit(step: Step) -> dict[str, Any]:
            body = {"TrackIds": step.get("track_ids", [])}
            return self.client.write(f"{_COLLECTION}/{action}", lambda state: body)

        return edit

    def _playlist_create(self, step: Step) -> dict[str, Any]:
        actions = [{"Id": i, "Action": "Add"} for i in step.get("track_ids", [])]
        body = {"Name": step.get("name", "groove-contract"), "TrackActions": actions}
        result = self.client.call("POST", f"{_COLLECTION}/playlists/create", json=body, user=True)
        playlist = result.get("PlaylistActionResult", {})
        return {"playlist_id": playlist.get("Id") if isinstance(playlist, dict) else None}

    def _playlist_update(self, step: Step) -> dict[str, Any]:
        actions = [{"Id": i, "Action": "Add"} for i in step.get("track_ids", [])]

        def body(state: str | None) -> dict[str, Any]:
            update: dict[str, Any] = {"Id": step.get("playlist_id", ""), "TrackActions": actions}
            if state is not None:
                update["CollectionStateToken"] = state
            return update

        path = f"{_COLLECTION}/playlists/update"
        return self.client.write(path, body, with_state=True)

    def _playlist_delete(self, step: Step) -> dict[str, Any]:
        body = {"Id": step.get("playlist_id", "")}
        return self.client.call("POST", f"{_COLLECTION}/playlists/delete", json=body, user=True)


def make_adapter(env: Environment) -> ClientAdapter:
    return ReferenceAdapter(env)
