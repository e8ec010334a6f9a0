"""The trial's bugs in what a client keeps across calls: continuation tokens, its
clientInstanceId, its tokens after sign-out, how long a user token lasts, and the collection's
state on a write that conflicts."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from ..variants import CallFailed, Choices
from ._bugged import BuggedClient

# GC-PAGE, GC-STREAM, GC-SIGNOUT ------------------------------------------------------------


class OnePageOnly(BuggedClient):
    """Reads the first page and stops."""

    breaks = "GC-PAGE-001"

    def next_page(self, token: str, first: dict[str, Any]) -> dict[str, Any] | None:
        return None


class ContinuationAsPage(BuggedClient):
    """Reads the next page by `page` number instead of the continuation token."""

    breaks = "GC-PAGE-001"

    def next_page(self, token: str, first: dict[str, Any]) -> dict[str, Any] | None:
        page = int(first.get("page", 0)) + 1
        return {**first, "page": page} if page < 2 else None


class RepeatsParameters(BuggedClient):
    """Repeats the first call's parameters on each continuation call."""

    breaks = "GC-PAGE-002"

    def next_page(self, token: str, first: dict[str, Any]) -> dict[str, Any] | None:
        return {**first, "continuationToken": token}


class InstanceIdPerCall(BuggedClient):
    """A new clientInstanceId for every call."""

    breaks = "GC-STREAM-001"

    def client_instance_id(self) -> str:
        return base64.b16encode(time.time_ns().to_bytes(16, "big")).decode()


class ShortInstanceId(BuggedClient):
    """A 16-character clientInstanceId."""

    breaks = "GC-STREAM-001"

    def client_instance_id(self) -> str:
        return self.instance_id[:16]


class SignOutKeepsRefreshToken(BuggedClient):
    """Signs out by dropping the access token, but keeps the refresh token."""

    breaks = "GC-SIGNOUT-001"

    def forget_user(self) -> None:
        self.user = None


class SignOutForgetsNothing(BuggedClient):
    """Returns the logout URL and keeps every token."""

    breaks = "GC-SIGNOUT-001"

    def forget_user(self) -> None:
        self.sign_in_state = None


class LogoutWithoutClientId(BuggedClient):
    """Sends the browser to the logout page with the redirect URI but no client_id."""

    breaks = "GC-SIGNOUT-002"

    def sign_out(self) -> str:
        self.forget_user()
        return f"{self.auth}/oauth20_logout.srf?{urlencode({'redirect_uri': self.redirect_uri})}"


class NewInstanceIdAfterRestart(BuggedClient):
    """Keeps its tokens across restarts, but makes a new clientInstanceId at every start."""

    breaks = "GC-STREAM-001"

    legal_choices = Choices(persist=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.instance_id = uuid.uuid4().hex


# GC-USER-002, GC-TOKEN-004 ----------------------------------------------------------------


class RefreshesBeforeEveryCall(BuggedClient):
    """Refreshes the user token before every user call."""

    breaks = "GC-USER-002"

    def user_token(self) -> str:
        self.user = None
        return super().user_token()


class AssumesADayLongUserToken(BuggedClient):
    """Ignores expires_in and assumes a user token lasts 24 hours."""

    breaks = "GC-TOKEN-004"

    def _take_user_tokens(self, body: dict[str, Any]) -> None:
        super()._take_user_tokens({**body, "expires_in": 86400})


# GC-COLLECTION-001, GC-PLAYLIST-001 -------------------------------------------------------


class RepeatsConflictedAdd(BuggedClient):
    """Repeats a collection add refused with 409 as it was, without reading the collection."""

    breaks = "GC-COLLECTION-001"

    def write(
        self, path: str, build: Callable[[str | None], dict[str, Any]], *, with_state: bool
    ) -> dict[str, Any]:
        if "/playlists/" in path:
            return super().write(path, build, with_state=with_state)
        try:
            return self.request("POST", path, json=build(None), user=True)
        except CallFailed as exc:
            if exc.status != 409:
                raise
        return self.request("POST", path, json=build(None), user=True)


class RetriesPlaylistUntilItWorks(BuggedClient):
    """Reads the collection again after each 409 on a playlist update, and tries again until
    it goes through."""

    breaks = "GC-PLAYLIST-001"

    def write(
        self, path: str, build: Callable[[str | None], dict[str, Any]], *, with_state: bool
    ) -> dict[str, Any]:
        if "/playlists/" not in path:
            return super().write(path, build, with_state=with_state)
        for _ in range(8):
            try:
                return self.request("POST", path, json=build(self.collection_state()), user=True)
            except CallFailed as exc:
                if exc.status != 409:
                    raise
        raise CallFailed("the playlist kept conflicting", 409, "COLLECTION_CONCURRENT_UPDATE")
