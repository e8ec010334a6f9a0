"""Variants: the SHOULD rules' broken clients, and more ways to break a MUST rule whose check
has more than one part (each still with exactly one mistake)."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import httpx

from ..reference_client import GrooveClientError
from ._base import BrokenClient


class KeepsParametersOnContinuation(BrokenClient):
    """Repeats every parameter of the first page on each continuation call."""

    breaks = "GC-PAGE-002"
    variant = True

    def continuation_params(self, token: str, first: dict[str, Any]) -> dict[str, Any] | None:
        return {**first, "continuationToken": token}


class LogoutWithoutRedirect(BrokenClient):
    """Forgets the tokens but sends the browser to the logout page without a redirect_uri."""

    breaks = "GC-SIGNOUT-002"
    variant = True

    def sign_out(self) -> str:
        self.forget_user()
        return f"{self.auth_url}/oauth20_logout.srf?{urlencode({'client_id': self.client_id})}"


class ShortState(BrokenClient):
    """A new state for every sign-in, but only 8 characters long."""

    breaks = "GC-AUTH-005"
    variant = True

    def new_state(self) -> str:
        return secrets.token_hex(4)


class WaitsOutAnyRetryAfter(BrokenClient):
    """Caps its 429/503 retries, but waits as long as Retry-After says (a day, if told so)."""

    breaks = "GC-RATE-002"
    variant = True
    max_wait = float("inf")


class CounterState(BrokenClient):
    """A state long enough and new at every sign-in, but from a counter: guessable."""

    breaks = "GC-AUTH-005"
    variant = True
    _count = 0

    def new_state(self) -> str:
        self._count += 1
        return f"groove-sign-in-{self._count:08d}"


class ClockState(BrokenClient):
    """The time of the sign-in to the microsecond as its state: new every time, guessable."""

    breaks = "GC-AUTH-005"
    variant = True

    def new_state(self) -> str:
        return f"{time.time():.6f}"


class ClientIdState(BrokenClient):
    """The client id and a sign-in number as its state: derived from what anyone can read."""

    breaks = "GC-AUTH-005"
    variant = True
    _count = 0

    def new_state(self) -> str:
        self._count += 1
        return f"{self.client_id}.{self._count}"


class AcceptsMissingState(BrokenClient):
    """Refuses a callback whose state differs, but accepts one that has no state at all."""

    breaks = "GC-AUTH-006"
    variant = True

    def state_matches(self, received: str, sent: str) -> bool:
        return not received or super().state_matches(received, sent)


class ConstantVerifier(BrokenClient):
    """Uses PKCE with S256, but with the same code_verifier at every sign-in."""

    breaks = "GC-AUTH-007"
    variant = True

    def new_verifier(self) -> str:
        return "groove-client-pkce-verifier-0123456789-abcdefghijkl"


class DropsAppTokenOnSignIn(BrokenClient):
    """Reuses its app token, but throws it away whenever a user signs in."""

    breaks = "GC-TOKEN-003"
    variant = True

    def finish_sign_in(self, callback_url: str) -> None:
        self._app = None
        super().finish_sign_in(callback_url)


class FallsBackToAppToken(BrokenClient):
    """Uses the user token when a user is signed in, and the app token when nobody is."""

    breaks = "GC-USER-001"
    variant = True

    def call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        if kwargs.get("user") and not self.signed_in and self.client_secret is not None:
            kwargs["user"] = False
        return super().call(method, path, **kwargs)


class CapsRetryAfter(BrokenClient):
    """Honours a short Retry-After, but waits at most two seconds, however long it says."""

    breaks = "GC-RATE-001"
    variant = True

    def backoff(self, response: httpx.Response, attempt: int) -> float:
        return min(super().backoff(response, attempt), 2.0)


class IgnoresHttpDate(BrokenClient):
    """Reads Retry-After in seconds only; an HTTP-date falls back to its own half-second."""

    breaks = "GC-RATE-001"
    variant = True

    def backoff(self, response: httpx.Response, attempt: int) -> float:
        value = response.headers.get("retry-after", "").strip()
        return float(value) if value.isdigit() else 0.5 * 2**attempt


class JsonTokenRequests(BrokenClient):
    """Posts every token request as JSON instead of a form. One mistake, one rule: only
    GC-TOKEN-001 fails; the rules about the fields of the refused requests are blocked."""

    breaks = "GC-TOKEN-001"
    variant = True

    def post_token_request(self, url: str, form: dict[str, str]) -> httpx.Response:
        return self.http.post(url, json=form, headers={"Accept": "application/json"})


class AssumesAnHour(BrokenClient):
    """Ignores expires_in and takes every token for an hour; an expiry is met at the API."""

    breaks = "GC-TOKEN-004"
    variant = True

    def token_lifetime(self, body: dict[str, Any]) -> float:
        return 3600.0


class GivesUpOnCollectionConflict(BrokenClient):
    """Reports a collection add or delete refused with 409 at once, without the one retry."""

    breaks = "GC-COLLECTION-001"
    variant = True

    def write(
        self,
        path: str,
        build: Callable[[str | None], dict[str, Any]],
        *,
        with_state: bool = False,
    ) -> dict[str, Any]:
        if "/playlists/" in path:
            return super().write(path, build, with_state=with_state)
        return self.call("POST", path, json=build(None), user=True)


class PlaylistConflictLoop(BrokenClient):
    """Reads the collection again after each 409 on a playlist update, and retries until it
    goes through: a loop under a persistent conflict."""

    breaks = "GC-PLAYLIST-001"
    variant = True

    def write(
        self,
        path: str,
        build: Callable[[str | None], dict[str, Any]],
        *,
        with_state: bool = False,
    ) -> dict[str, Any]:
        if "/playlists/" not in path:
            return super().write(path, build, with_state=with_state)
        for _ in range(5):
            try:
                return self.call("POST", path, json=build(self.collection_state()), user=True)
            except GrooveClientError as exc:
                if exc.status != 409:
                    raise
        return self.call("POST", path, json=build(self.collection_state()), user=True)


class RefreshTokenInUrl(BrokenClient):
    """Keeps the secret in the body, but sends the refresh token in the query of a refresh."""

    breaks = "GC-TOKEN-002"
    variant = True

    def post_token_request(self, url: str, form: dict[str, str]) -> httpx.Response:
        if "refresh_token" not in form:
            return super().post_token_request(url, form)
        body = {k: v for k, v in form.items() if k != "refresh_token"}
        return self.http.post(url, data=body, params={"refresh_token": form["refresh_token"]})
