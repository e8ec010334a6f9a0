"""The adapter around `DocsClient`: each step to a client call, each answer to an outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal

from .._adapter import Capability, ClientAdapter, ClientFactory, Environment, Outcome, Step
from ._choices import Choices
from ._docs_client import CallFailed, DocsClient

WEB_CAPABILITIES = frozenset(c.value for c in Capability) - {
    Capability.PUBLIC_CLIENT.value,
    Capability.PERSISTENCE.value,
}
"""A confidential web app that does everything the steps ask."""
PUBLIC_CAPABILITIES = frozenset(c.value for c in Capability) - {
    Capability.USER_SIGN_IN.value,
    Capability.APP_TOKEN.value,
    Capability.PERSISTENCE.value,
}
"""A desktop/mobile app: no secret, so no app token and a public sign-in."""
_EDITS = "/1/content/music/collection"


def _ids(bodies: list[dict[str, Any]]) -> list[str]:
    return [
        item["Id"]
        for body in bodies
        for value in body.values()
        if isinstance(value, dict) and isinstance(value.get("Items"), list)
        for item in value["Items"]
        if isinstance(item, dict) and isinstance(item.get("Id"), str)
    ]


class DocsAdapter:
    client_class: ClassVar[type[DocsClient]] = DocsClient

    def __init__(self, env: Environment, choices: Choices, capabilities: frozenset[str]):
        self.capabilities = capabilities
        hint = next((u.email for u in env.users if u.id == env.default_user_id), None)
        self.client = self.client_class(
            auth_url=env.auth_url,
            api_url=env.api_url,
            client_id=env.client_id,
            client_secret=env.client_secret,
            redirect_uri=env.redirect_uri,
            transport=env.transport,
            choices=choices,
            hint=hint,
            storage_dir=env.storage_dir,
        )

    def perform(self, step: Step) -> Outcome:
        handler: Callable[[Step], dict[str, Any]] | None = getattr(self, f"_{step['op']}", None)
        if handler is None:
            return {"ok": False, "detail": f"no such operation {step['op']}"}
        try:
            return {"ok": True, "data": handler(step)}
        except CallFailed as exc:
            return {"ok": False, "status": exc.status, "error_code": exc.code, "detail": str(exc)}

    def close(self) -> None:
        self.client.close()

    def _get_app_token(self, step: Step) -> dict[str, Any]:
        self.client.app_token()
        return {}

    def _begin_sign_in(self, step: Step) -> dict[str, Any]:
        return {"authorize_url": self.client.begin_sign_in(step.get("offline_access", False))}

    def _finish_sign_in(self, step: Step) -> dict[str, Any]:
        self.client.finish_sign_in(step["callback_url"])
        return {}

    def _sign_out(self, step: Step) -> dict[str, Any]:
        return {"logout_url": self.client.sign_out()}

    def _list(self, path: str, params: dict[str, Any], step: Step, user: bool) -> dict[str, Any]:
        if step.get("all_pages"):
            return {"ids": _ids(self.client.every_page(path, params, user))}
        return {"ids": _ids([self.client.request("GET", path, params=params, user=user)])}

    def _search(self, step: Step) -> dict[str, Any]:
        params: dict[str, Any] = {"q": step.get("query", "")}
        if "filters" in step:
            params["filters"] = step["filters"]
        if "max_items" in step:
            params["maxItems"] = step["max_items"]
        source = step.get("source")
        if source:
            params["source"] = source
        user = "collection" in (source or "").lower()
        return self._list("/1/content/music/search", params, step, user)

    def _lookup(self, step: Step) -> dict[str, Any]:
        params: dict[str, Any] = {}
        source = step.get("source")
        if source:
            params["source"] = source
        if step.get("extras"):
            params["extras"] = "+".join(step["extras"])
        path = f"/1/content/{'+'.join(step.get('ids', []))}/lookup"
        return self._list(path, params, step, "collection" in (source or "").lower())

    def _browse(self, step: Step, source: str) -> dict[str, Any]:
        params = {"maxItems": step["max_items"]} if "max_items" in step else {}
        path = f"/1/content/music/{source}/{step.get('type', 'tracks')}/browse"
        return self._list(path, params, step, source == "collection")

    def _browse_catalog(self, step: Step) -> dict[str, Any]:
        return self._browse(step, "catalog")

    def _browse_collection(self, step: Step) -> dict[str, Any]:
        return self._browse(step, "collection")

    def _collection_add(self, step: Step) -> dict[str, Any]:
        body = {"TrackIds": step.get("track_ids", [])}
        return self.client.write(f"{_EDITS}/add", lambda state: body, with_state=False)

    def _collection_delete(self, step: Step) -> dict[str, Any]:
        body = {"TrackIds": step.get("track_ids", [])}
        return self.client.write(f"{_EDITS}/delete", lambda state: body, with_state=False)

    def _playlist_create(self, step: Step) -> dict[str, Any]:
        actions = [{"Id": i, "Action": "Add"} for i in step.get("track_ids", [])]
        body = {"Name": step.get("name", "docs client"), "TrackActions": actions}
        answer = self.client.request("POST", f"{_EDITS}/playlists/create", json=body, user=True)
        result = answer.get("PlaylistActionResult")
        return {"playlist_id": result.get("Id") if isinstance(result, dict) else None}

    def _playlist_update(self, step: Step) -> dict[str, Any]:
        actions = [{"Id": i, "Action": "Add"} for i in step.get("track_ids", [])]

        def body(state: str | None) -> dict[str, Any]:
            update: dict[str, Any] = {"Id": step.get("playlist_id", ""), "TrackActions": actions}
            return update if state is None else {**update, "CollectionStateToken": state}

        return self.client.write(f"{_EDITS}/playlists/update", body, with_state=True)

    def _playlist_delete(self, step: Step) -> dict[str, Any]:
        body = {"Id": step.get("playlist_id", "")}
        return self.client.request("POST", f"{_EDITS}/playlists/delete", json=body, user=True)

    def _profile(self, step: Step) -> dict[str, Any]:
        return self.client.request("GET", "/1/user/music/profile", user=True)

    def _preview(self, step: Step) -> dict[str, Any]:
        return self._stream_url(step, "preview", user=False)

    def _stream(self, step: Step) -> dict[str, Any]:
        return self._stream_url(step, "stream", user=True)

    def _stream_url(self, step: Step, what: str, *, user: bool) -> dict[str, Any]:
        params = {"clientInstanceId": self.client.client_instance_id()}
        path = f"/1/content/{step['track_id']}/{what}"
        return {"url": self.client.request("GET", path, params=params, user=user).get("Url")}


def docs_factory(
    choices: Choices | None = None,
    *,
    shape: Literal["web", "public", "both"] = "web",
    client_class: type[DocsClient] = DocsClient,
    name: str = "docs_client",
) -> ClientFactory:
    """The factory of a docs client with these choices, as a web app, a desktop/mobile app, or
    a client that can be either (it then declares every capability)."""
    chosen = choices or Choices()
    capabilities = {
        "web": WEB_CAPABILITIES,
        "public": PUBLIC_CAPABILITIES,
        "both": WEB_CAPABILITIES | PUBLIC_CAPABILITIES,
    }[shape]
    if chosen.persist:
        capabilities |= {Capability.PERSISTENCE.value}
    adapter_class: type[DocsAdapter] = type(
        f"{client_class.__name__}Adapter", (DocsAdapter,), {"client_class": client_class}
    )

    def factory(env: Environment) -> ClientAdapter:
        adapter: ClientAdapter = adapter_class(env, chosen, capabilities)
        return adapter

    factory.__name__ = name
    return factory
