"""Adding and changing users and apps while the mock runs.

A change names only the fields it changes; the others keep their current value (or, for a
new user or app, the defaults a scenario file would give them). The result is checked by the
scenario file's own reader, so the control plane accepts exactly what a scenario file may say.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._scenario import App, ScenarioError, User, _app_json, _Reader, _user_json
from . import _validate as check
from ._errors import ControlError, ControlNotFound

if TYPE_CHECKING:
    from .._state import MockState

USER_FIELDS = ("name", "email", "country", "language", "music_pass")
APP_FIELDS = ("name", "platform", "client_secret", "redirect_uris", "enrolled")
_READER = _Reader("control API")


def put_user(state: MockState, user_id: Any, changes: Mapping[str, Any]) -> User:
    user_id = check.text("user_id", user_id)
    check.reject_unknown(changes, USER_FIELDS, "user")
    current = state.user(user_id)
    base = (
        _user_json(current)
        if current
        else {"id": user_id, "name": user_id, "email": f"{user_id}@example.com"}
    )
    merged = {**base, **changes, "id": user_id}
    music_pass = merged.get("music_pass")
    if isinstance(music_pass, bool):
        # "Music Pass on or off": on is a paid pass.
        merged["music_pass"] = "paid" if music_pass else "none"
    try:
        user = _READER.user(merged, f"users[{user_id!r}]")
    except ScenarioError as exc:
        raise ControlError(str(exc)) from None
    state.put_user(user)
    return user


def put_app(state: MockState, client_id: Any, changes: Mapping[str, Any]) -> App:
    client_id = check.text("client_id", client_id)
    check.reject_unknown(changes, APP_FIELDS, "app")
    current = state.app(client_id)
    base = (
        _app_json(current)
        if current
        else {"client_id": client_id, "name": client_id, "platform": "web"}
    )
    merged = {**base, **changes, "client_id": client_id}
    try:
        app = _READER.app(merged, f"apps[{client_id!r}]")
    except ScenarioError as exc:
        raise ControlError(str(exc)) from None
    state.put_app(app)
    return app


def revoke_consent(state: MockState, user_id: Any, client_id: Any) -> None:
    user_id = check.text("user_id", user_id)
    client_id = check.text("client_id", client_id)
    if state.user(user_id) is None:
        raise ControlNotFound(f"unknown user {user_id!r}")
    if state.app(client_id) is None:
        raise ControlNotFound(f"unknown app {client_id!r}")
    state.revoke_consent(user_id, client_id)
