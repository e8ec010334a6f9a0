"""The adapter: the small typed surface a user implements around their Groove client.

The suite builds an `Environment` (where the mock is, which app registration to use, which
users exist), calls the user's factory with it, and drives the adapter it gets with steps. A
step and its outcome are plain JSON data, so a bridge can drive a client written in another
language over a pipe; a Python adapter just implements `perform`.
"""

from __future__ import annotations

import importlib
import os
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import ModuleType
from typing import Any, Literal, NotRequired, Protocol, TypedDict, runtime_checkable

import httpx


class Capability(StrEnum):
    """What a client can do. A rule that needs a capability the adapter lacks is skipped."""

    APP_TOKEN = "app-token"
    """Gets an app token with client credentials and calls the catalog with it."""
    USER_SIGN_IN = "user-sign-in"
    """Signs a user in with the authorization-code flow (web app with a secret)."""
    PUBLIC_CLIENT = "public-client"
    """Signs a user in as a public (desktop/mobile) client without a secret, so with PKCE.
    Declared without `user-sign-in` and `app-token`, it makes the client *public-only*: every
    rule then runs with the suite's public registration (see `Environment.platform`)."""
    REFRESH = "refresh"
    """Asks for offline_access and renews the user token with the refresh token."""
    SIGN_OUT = "sign-out"
    """Signs the user out."""
    COLLECTION_WRITES = "collection-writes"
    """Adds and removes tracks of the user's collection."""
    PLAYLISTS = "playlists"
    """Creates and deletes playlists."""
    STREAMING = "streaming"
    """Gets preview and full-track stream URLs."""
    PAGING = "paging"
    """Follows continuation tokens to read a whole list."""
    PERSISTENCE = "persistence"
    """Keeps its tokens and clientInstanceId in `env.storage_dir`, so a restarted program
    carries on without a new sign-in."""


Platform = Literal["web", "mobile"]
"""The app registration a client is given: confidential web app, or public desktop/mobile app."""

Op = Literal[
    "get_app_token",
    "begin_sign_in",
    "finish_sign_in",
    "sign_out",
    "search",
    "lookup",
    "browse_catalog",
    "browse_collection",
    "collection_add",
    "collection_delete",
    "playlist_create",
    "playlist_update",
    "playlist_delete",
    "profile",
    "preview",
    "stream",
]


class Step(TypedDict):
    """One thing the suite asks the client to do. `op` says what; the other keys are its
    arguments, all optional except where the op's description says otherwise:

    - `get_app_token`: make sure an app token is at hand (the client decides whether to fetch).
    - `begin_sign_in` (`offline_access`: bool): return the authorize URL in `data.authorize_url`.
    - `finish_sign_in` (`callback_url`, required): the URL the browser was sent back to.
    - `sign_out`: forget the user; put a logout URL for the browser in `data.logout_url`.
    - `search` (`query`, `filters`, `max_items`, `source`), `lookup` (`ids`, `source`, `extras`),
      `browse_catalog` / `browse_collection` (`type`, `max_items`): put the ids of the items
      returned in `data.ids`; with `all_pages` follow continuation tokens to the end.
    - `collection_add` / `collection_delete` (`track_ids`), `playlist_create` (`name`,
      `track_ids`; put the new id in `data.playlist_id`), `playlist_update` (`playlist_id`,
      `track_ids` to add: the client sends the CollectionStateToken it read, if any),
      `playlist_delete` (`playlist_id`). A write refused with 409 COLLECTION_CONCURRENT_UPDATE
      is the client's to handle inside the step: read the collection again, retry once
      (GC-COLLECTION-001, GC-PLAYLIST-001).
    - `profile`; `preview` / `stream` (`track_id`; put the URL in `data.url`).
    """

    op: Op
    offline_access: NotRequired[bool]
    callback_url: NotRequired[str]
    query: NotRequired[str]
    ids: NotRequired[list[str]]
    source: NotRequired[str]
    extras: NotRequired[list[str]]
    type: NotRequired[str]
    filters: NotRequired[str]
    max_items: NotRequired[int]
    all_pages: NotRequired[bool]
    track_ids: NotRequired[list[str]]
    track_id: NotRequired[str]
    name: NotRequired[str]
    playlist_id: NotRequired[str]


class Outcome(TypedDict):
    """What the client made of a step. `ok` is whether it succeeded from the client's point of
    view; `status` and `error_code` are the last HTTP status and Groove/OAuth error code it saw
    (when it knows them); `data` is the op's result; `detail` is free text for humans."""

    ok: bool
    status: NotRequired[int | None]
    error_code: NotRequired[str | None]
    data: NotRequired[dict[str, Any]]
    detail: NotRequired[str]


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A user of the scenario (the mock signs in `default_user_id` unless told otherwise)."""

    id: str
    name: str
    email: str
    country: str
    music_pass: str

    def to_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "country": self.country,
            "music_pass": self.music_pass,
        }


@dataclass(frozen=True, slots=True)
class Environment:
    """Everything a client needs to talk to the mock as if it were Microsoft.

    `platform` is the registration the client is given: `"web"`, a confidential web app with
    `client_secret` and a redirect URI of its own, or `"mobile"`, a public desktop/mobile app
    with no secret whose redirect URI is the authorization server's `oauth20_desktop.srf`
    (reference §3.3) and which must use PKCE. The suite picks it from the adapter's
    capabilities: a client that declares `public-client` but neither `user-sign-in` nor
    `app-token` is public-only and always gets `"mobile"`; other clients get `"web"`, and
    `"mobile"` for the rule on public clients.

    `transport` is set when the mock runs in process: an httpx client should pass it as
    `httpx.Client(transport=env.transport)`. It is None when the mock listens on a socket, and
    clients on other HTTP stacks need that mode (`--socket`, the `groove_server` fixture).
    `ca_file` is the PEM bundle of the run's local CA when the socket serves https (`--tls`).
    """

    auth_url: str
    api_url: str
    client_id: str
    client_secret: str | None
    redirect_uri: str
    users: tuple[UserInfo, ...]
    default_user_id: str
    transport: httpx.BaseTransport | None = field(default=None, compare=False, repr=False)
    platform: Platform = "web"
    ca_file: str | None = None
    storage_dir: str | None = None
    """A directory of the client's own, empty when a rule starts and kept when the suite
    restarts the client (`persistence`): where it keeps what must survive a restart."""

    @property
    def is_public_client(self) -> bool:
        return self.client_secret is None

    def to_json(self) -> dict[str, Any]:
        """The environment as a bridge would send it (the secret included: it is the mock's)."""
        return {
            "auth_url": self.auth_url,
            "api_url": self.api_url,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "redirect_uri": self.redirect_uri,
            "users": [user.to_json() for user in self.users],
            "default_user_id": self.default_user_id,
            "in_process": self.transport is not None,
            "platform": self.platform,
            "ca_file": self.ca_file,
            "storage_dir": self.storage_dir,
        }


@runtime_checkable
class ClientAdapter(Protocol):
    """Implement this around your client. `perform` must not raise for a failed call: report
    it as an `Outcome` with `ok` false (an exception is recorded as a failed step)."""

    @property
    def capabilities(self) -> frozenset[str]: ...

    def perform(self, step: Step) -> Outcome: ...

    def close(self) -> None: ...


def adapter_shortfall(client: object) -> str:
    """What an object lacks to be a `ClientAdapter`, in the words of the protocol."""
    wanted = {
        "capabilities": "a `capabilities` attribute (a set of capability names)",
        "perform": "a `perform(step)` method",
        "close": "a `close()` method",
    }
    missing = [text for name, text in wanted.items() if not hasattr(client, name)]
    missing += [
        f"`{name}` to be callable"
        for name in ("perform", "close")
        if hasattr(client, name) and not callable(getattr(client, name))
    ]
    return "it needs " + ", ".join(missing) if missing else "it does not match the protocol"


ClientFactory = Callable[[Environment], ClientAdapter]
"""Builds a fresh adapter (and client) for one environment. Called once per rule."""


CAPABILITY_NAMES = frozenset(capability.value for capability in Capability)


def is_public_only(capabilities: frozenset[str]) -> bool:
    """A client that can only be a public (desktop/mobile) app: it signs users in without a
    secret and has no use for one (no app token, no confidential sign-in)."""
    return Capability.PUBLIC_CLIENT in capabilities and not (
        {Capability.USER_SIGN_IN.value, Capability.APP_TOKEN.value} & capabilities
    )


class ClientSpecError(ValueError):
    """A `module:factory` that cannot be loaded, or an adapter that declares what the suite
    does not know; `str()` is one line for the user, without the flag that named the client
    (the caller puts `--client`, `--groove-client`... in front)."""


def checked_capabilities(declared: object) -> frozenset[str]:
    """The adapter's capabilities. An unknown name is an error, not a missing capability: a
    typo (`app_token`) would otherwise skip every rule that needs it, and the run would pass."""
    if isinstance(declared, str) or not isinstance(declared, Iterable):
        raise ClientSpecError(
            f"capabilities must be a set of names, not the {type(declared).__name__} {declared!r}"
        )
    names = frozenset(declared)
    unknown = sorted(repr(name) for name in names if name not in CAPABILITY_NAMES)
    if unknown:
        plural = "capabilities" if len(unknown) > 1 else "capability"
        raise ClientSpecError(
            f"unknown {plural} {', '.join(unknown)} (valid: {', '.join(sorted(CAPABILITY_NAMES))})"
        )
    return frozenset(str(name) for name in names)


def load_factory(spec: str) -> ClientFactory:
    """Import `package.module:attribute` (the attribute may be dotted) and check it is callable."""
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        example = f"{module_name or spec or 'my_adapter'}:make_adapter"
        raise ClientSpecError(f"{spec!r} is not MODULE:FACTORY (e.g. {example!r})")
    target: Any = _import(module_name)
    for part in attribute.split("."):
        try:
            target = getattr(target, part)
        except AttributeError:
            raise ClientSpecError(f"{module_name!r} has no attribute {attribute!r}") from None
    if not callable(target):
        raise ClientSpecError(f"{spec!r} is not callable")
    factory: ClientFactory = target
    return factory


def _import(module_name: str) -> ModuleType:
    """The client's module, or one line on why it cannot be imported: the error and where it
    happened (a traceback of importlib's frames helps nobody)."""
    try:
        return importlib.import_module(module_name)
    except SyntaxError as exc:  # the line is the error's own, not a frame's
        where = _place(exc.filename, exc.lineno)
        raise ClientSpecError(
            f"cannot import {module_name!r}: SyntaxError: {exc.msg} ({where})"
        ) from None
    except ModuleNotFoundError as exc:
        if exc.name is not None and f"{module_name}.".startswith(f"{exc.name}."):
            raise ClientSpecError(f"cannot import {module_name!r}: {exc}") from None
        raise ClientSpecError(_import_failure(module_name, exc)) from None
    except (Exception, SystemExit) as exc:  # the module's own code raised while importing
        raise ClientSpecError(_import_failure(module_name, exc)) from None


def _import_failure(module_name: str, exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith("<")]
    where = f" ({_place(frames[-1].filename, frames[-1].lineno)})" if frames else ""
    message = " ".join(str(exc).split())  # one line, whatever the exception says
    return f"cannot import {module_name!r}: {type(exc).__name__}: {message}{where}"


def _place(filename: str | None, line: int | None) -> str:
    path = filename or "?"
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        relative = path
    return f"{path if relative.startswith('..') else relative}, line {line or '?'}"


def outcome_from(value: Mapping[str, Any]) -> Outcome:
    """Check what an adapter returned and make it an `Outcome` (a bridge's JSON, or a typo)."""
    ok = value.get("ok")
    if not isinstance(ok, bool):
        return {"ok": False, "detail": f"the adapter returned no boolean 'ok': {dict(value)!r}"}
    outcome: Outcome = {"ok": ok}
    status = value.get("status")
    if isinstance(status, int):
        outcome["status"] = status
    code = value.get("error_code")
    if isinstance(code, str):
        outcome["error_code"] = code
    data = value.get("data")
    if isinstance(data, dict):
        outcome["data"] = data
    detail = value.get("detail")
    if isinstance(detail, str):
        outcome["detail"] = detail
    return outcome
