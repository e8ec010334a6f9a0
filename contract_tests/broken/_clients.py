"""One subclass of the reference client per MUST rule, each with exactly one mistake."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from ._base import BrokenClient


class LegacyGrantType(BrokenClient):
    """Asks for the app token with grant_type=client, as two doc tables say (§12.1)."""

    breaks = "GC-TOKEN-001"

    def post_token_request(self, url: str, form: dict[str, str]) -> httpx.Response:
        if form.get("grant_type") == "client_credentials":
            form = {**form, "grant_type": "client"}
        return super().post_token_request(url, form)


class SecretInQuery(BrokenClient):
    """Sends the client secret in the query string of the token request."""

    breaks = "GC-TOKEN-002"

    def post_token_request(self, url: str, form: dict[str, str]) -> httpx.Response:
        if "client_secret" not in form:
            return super().post_token_request(url, form)
        body = {k: v for k, v in form.items() if k != "client_secret"}
        params = {"client_secret": form["client_secret"]}
        return self.http.post(url, data=body, params=params)


class TokenPerCall(BrokenClient):
    """Fetches a new app token for every call."""

    breaks = "GC-TOKEN-003"

    def app_token(self) -> str:
        self._app = None
        return super().app_token()


class SecretTwice(BrokenClient):
    """Authenticates with HTTP Basic and also puts the secret in the body."""

    breaks = "GC-CLIENT-001"

    def post_token_request(self, url: str, form: dict[str, str]) -> httpx.Response:
        if "client_secret" not in form:
            return super().post_token_request(url, form)
        auth = httpx.BasicAuth(self.client_id, form["client_secret"])
        return self.http.post(url, data=form, auth=auth)


class ImplicitFlow(BrokenClient):
    """Asks for response_type=token (the implicit flow) instead of a code."""

    breaks = "GC-AUTH-001"

    def authorize_params(self, offline_access: bool, state: str, challenge: str) -> dict[str, str]:
        params = super().authorize_params(offline_access, state, challenge)
        return {**params, "response_type": "token"}


class OtherRedirectUri(BrokenClient):
    """Uses a redirect URI on the registered host but not the registered one."""

    breaks = "GC-AUTH-002"

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.redirect_uri = self.redirect_uri.rstrip("/") + "/other"


class NoGrooveScope(BrokenClient):
    """Asks only for wl.basic, without MicrosoftMediaServices.GrooveApiAccess."""

    breaks = "GC-AUTH-003"

    def authorize_params(self, offline_access: bool, state: str, challenge: str) -> dict[str, str]:
        params = super().authorize_params(offline_access, state, challenge)
        scope = params["scope"].replace("MicrosoftMediaServices.GrooveApiAccess", "wl.basic")
        return {**params, "scope": scope}


class NoOfflineAccess(BrokenClient):
    """Never asks for offline_access, yet means to refresh."""

    breaks = "GC-AUTH-004"

    def authorize_params(self, offline_access: bool, state: str, challenge: str) -> dict[str, str]:
        return super().authorize_params(False, state, challenge)


class ConstantState(BrokenClient):
    """Sends the same state on every sign-in."""

    breaks = "GC-AUTH-005"

    def new_state(self) -> str:
        return "groove-client-state-0001"


class StateNotChecked(BrokenClient):
    """Sends a state but never compares the one that comes back."""

    breaks = "GC-AUTH-006"

    def state_matches(self, received: str, sent: str) -> bool:
        return True


class NoPkce(BrokenClient):
    """A public client that sends no PKCE challenge or verifier."""

    breaks = "GC-AUTH-007"

    def authorize_params(self, offline_access: bool, state: str, challenge: str) -> dict[str, str]:
        params = super().authorize_params(offline_access, state, challenge)
        if self.client_secret is None:
            params.pop("code_challenge")
            params.pop("code_challenge_method")
        return params

    def redeem_form(self, code: str, verifier: str) -> dict[str, str]:
        form = super().redeem_form(code, verifier)
        if self.client_secret is None:
            form.pop("code_verifier")
        return form


class RedeemWithOtherRedirect(BrokenClient):
    """Redeems the code with a redirect_uri that differs from the authorize one."""

    breaks = "GC-CODE-001"

    def redeem_form(self, code: str, verifier: str) -> dict[str, str]:
        form = super().redeem_form(code, verifier)
        return {**form, "redirect_uri": form["redirect_uri"] + "/"}


class FirstRefreshTokenForever(BrokenClient):
    """Keeps the first refresh token and ignores the rotated ones."""

    breaks = "GC-REFRESH-001"

    def keep_refresh_token(self, refresh_token: str) -> None:
        if self._refresh_token is None:
            super().keep_refresh_token(refresh_token)


class AddsAuthorizationOnRenewal(BrokenClient):
    """GiancarloLelli/groovesdk (reference §13): puts the token in the HTTP client's default
    headers and adds another Authorization value on every renewal instead of replacing it."""

    breaks = "GC-CRED-001"

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.api_http = httpx.Client(transport=self.transport, timeout=30.0)

    def on_new_token(self, token: str) -> None:
        self.api_http.headers = httpx.Headers(
            [*self.api_http.headers.multi_items(), ("Authorization", f"Bearer {token}")]
        )

    def send(
        self, method: str, url: str, token: str, *, params: Any = None, json: Any = None
    ) -> httpx.Response:
        return self.api_http.request(method, url, params=params, json=json)

    def close(self) -> None:
        self.api_http.close()
        super().close()


class LegacyQueryToken(BrokenClient):
    """Sends the token the 2016 way: accessToken=Bearer <token> in the query."""

    breaks = "GC-CRED-002"

    def send(
        self, method: str, url: str, token: str, *, params: Any = None, json: Any = None
    ) -> httpx.Response:
        query = {**(params or {}), "accessToken": f"Bearer {token}"}
        return self.http.request(method, url, params=query, json=json)


class AppTokenForUserCalls(BrokenClient):
    """Calls user endpoints with the app token whenever it has one."""

    breaks = "GC-USER-001"

    def call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        if kwargs.get("user") and self._app is not None:
            kwargs["user"] = False
        return super().call(method, path, **kwargs)


class RefreshesEveryCall(BrokenClient):
    """Refreshes the user token before every user call, fresh or not."""

    breaks = "GC-USER-002"

    def user_token(self) -> str:
        if self._refresh_token is not None:
            self._user = None
        return super().user_token()


class NoTokenRetry(BrokenClient):
    """Drops an expired token but reports the failed call instead of retrying it."""

    breaks = "GC-RETRY-001"
    token_retries = 0


class TokenRetryLoop(BrokenClient):
    """Renews and retries a token error five times."""

    breaks = "GC-RETRY-002"
    token_retries = 5


class IgnoresRetryAfter(BrokenClient):
    """Retries 429/503 at once, whatever Retry-After says."""

    breaks = "GC-RATE-001"

    def backoff(self, response: httpx.Response, attempt: int) -> float:
        return 0.0


class UnboundedBackoff(BrokenClient):
    """Retries 429/503 up to fifty times and waits as long as Retry-After says."""

    breaks = "GC-RATE-002"
    max_retries = 50
    max_wait = float("inf")


class RetriesEverything(BrokenClient):
    """Retries every 4xx and 5xx error."""

    breaks = "GC-RATE-003"

    def should_retry(self, status: int) -> bool:
        return status >= 400

    def backoff(self, response: httpx.Response, attempt: int) -> float:
        return 0.0 if response.status_code not in (429, 503) else super().backoff(response, attempt)


class BlindCollectionRetry(BrokenClient):
    """Repeats a collection add or delete refused with 409 without reading what changed."""

    breaks = "GC-COLLECTION-001"

    def reread_on_conflict(self, path: str) -> bool:
        return "/playlists/" in path


class BlindPlaylistRetry(BrokenClient):
    """Repeats a playlist update refused with 409 with the token it already had."""

    breaks = "GC-PLAYLIST-001"

    def reread_on_conflict(self, path: str) -> bool:
        return "/playlists/" not in path


class FirstPageOnly(BrokenClient):
    """Reads the first page of a list and ignores the continuation token."""

    breaks = "GC-PAGE-001"

    def continuation_params(self, token: str, first: dict[str, Any]) -> dict[str, Any] | None:
        return None


class NewInstanceIdPerCall(BrokenClient):
    """Generates a new clientInstanceId for every call."""

    breaks = "GC-STREAM-001"

    def instance_id(self) -> str:
        return uuid.uuid4().hex


class KeepsTokensOnSignOut(BrokenClient):
    """Returns the logout URL but keeps the user's tokens."""

    breaks = "GC-SIGNOUT-001"

    def forget_user(self) -> None:
        self._pending = None
