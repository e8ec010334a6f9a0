"""A small Groove client on httpx that keeps every rule of the contract.

It is the suite's proof that the rules can be met (`groove-contract verify --client
contract_tests.reference_client:make_adapter` passes), and a readable example of what they
ask: one app token reused until it expires; the code flow with state and PKCE; the rotated
refresh token kept; exactly one `Authorization: Bearer` per call; one renewal and one retry on
a token error; bounded backoff that honours Retry-After; continuation paging on the same URL.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

if TYPE_CHECKING:
    from ._adapter import ClientAdapter, Environment

APP_SCOPE = "app.music.xboxlive.com"
GROOVE_SCOPE = "MicrosoftMediaServices.GrooveApiAccess"
TOKEN_ERRORS = frozenset(
    {"ACCESS_TOKEN_EXPIRED", "AUTHORIZATION_TOKEN_EXPIRED", "INVALID_AUTHORIZATION_HEADER"}
)
_EARLY = 60.0
"""Renew this many seconds before `expires_in` runs out (clock skew, slow networks)."""


class GrooveClientError(Exception):
    """A call failed. `status` and `code` are the HTTP status and the Groove/OAuth code."""

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code


class NotSignedIn(GrooveClientError):
    """A user endpoint was called with no user signed in."""


@dataclass(slots=True)
class _Token:
    value: str
    expires_at: float

    def fresh(self, now: float) -> bool:
        return now < self.expires_at - _EARLY


class GrooveClient:
    """Talks to the Groove API and its Microsoft account sign-in."""

    max_retries = 3
    """Retries of a 429/503 before the error is reported."""
    max_wait = 30.0
    """The longest Retry-After worth waiting for; a longer one fails the call at once."""
    token_retries = 1
    """Renewals (and repeats) of a call after a token error: one, as the official SDK does."""

    def __init__(
        self,
        *,
        auth_url: str,
        api_url: str,
        client_id: str,
        redirect_uri: str,
        client_secret: str | None = None,
        transport: httpx.BaseTransport | None = None,
        client_instance_id: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.auth_url = auth_url.rstrip("/")
        self.api_url = api_url.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.client_instance_id = client_instance_id or uuid.uuid4().hex
        self.transport = transport
        self.http = httpx.Client(transport=transport, timeout=30.0)
        self.sleep = sleep
        self._app: _Token | None = None
        self._user: _Token | None = None
        self._refresh_token: str | None = None
        self._pending: tuple[str, str] | None = None  # (state, PKCE verifier)

    def close(self) -> None:
        self.http.close()

    @property
    def signed_in(self) -> bool:
        return self._user is not None or self._refresh_token is not None

    # app token (reference §3.1) ----------------------------------------------------------

    def app_token(self) -> str:
        if self._app is None or not self._app.fresh(time.time()):
            if self.client_secret is None:
                raise GrooveClientError("a public client has no secret, so no app token")
            form = {
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "scope": APP_SCOPE,
            }
            self._app = self._token_post(f"{self.auth_url}/accesstoken.srf", form)
            self.on_new_token(self._app.value)
        return self._app.value

    # user sign-in (reference §3.3) -------------------------------------------------------

    def authorize_url(self, *, offline_access: bool = False) -> str:
        state = self.new_state()
        verifier = self.new_verifier()
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        self._pending = (state, verifier)
        params = self.authorize_params(offline_access, state, challenge)
        return f"{self.auth_url}/oauth20_authorize.srf?{urlencode(params)}"

    def new_state(self) -> str:
        return secrets.token_urlsafe(24)

    def new_verifier(self) -> str:
        """A PKCE code_verifier (RFC 7636 §4.1: 43 to 128 characters), new for every sign-in."""
        return secrets.token_urlsafe(48)

    def authorize_params(self, offline_access: bool, state: str, challenge: str) -> dict[str, str]:
        scopes = [GROOVE_SCOPE] + (["offline_access"] if offline_access else [])
        return {
            "client_id": self.client_id,
            "response_type": "code",
            "redirect_uri": self.redirect_uri,
            "scope": " ".join(scopes),
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }

    def finish_sign_in(self, callback_url: str) -> None:
        params = {k: v[0] for k, v in parse_qs(urlsplit(callback_url).query).items()}
        pending, self._pending = self._pending, None
        if pending is None:
            raise GrooveClientError("no sign-in in progress")
        state, verifier = pending
        if not self.state_matches(params.get("state", ""), state):
            raise GrooveClientError("the callback's state is not the one sent", code="state")
        if "error" in params:
            raise GrooveClientError(params.get("error_description", ""), code=params["error"])
        if not params.get("code"):
            raise GrooveClientError("the callback has no code")
        form = self.redeem_form(params["code"], verifier)
        self._user = self._token_post(f"{self.auth_url}/oauth20_token.srf", self._with_secret(form))
        self.on_new_token(self._user.value)

    def redeem_form(self, code: str, verifier: str) -> dict[str, str]:
        return {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "client_id": self.client_id,
            "code_verifier": verifier,
        }

    def state_matches(self, received: str, sent: str) -> bool:
        return hmac.compare_digest(received.encode(), sent.encode())

    def sign_out(self) -> str:
        """Forget the user's tokens; the URL to send the browser to."""
        self.forget_user()
        query = urlencode({"client_id": self.client_id, "redirect_uri": self.redirect_uri})
        return f"{self.auth_url}/oauth20_logout.srf?{query}"

    def forget_user(self) -> None:
        self._user = None
        self._refresh_token = None
        self._pending = None

    def user_token(self) -> str:
        if self._user is not None and self._user.fresh(time.time()):
            return self._user.value
        if self._refresh_token is None:
            self._user = None
            raise NotSignedIn("no user is signed in", code="NOT_SIGNED_IN")
        form = {
            "grant_type": "refresh_token",
            "refresh_token": self._refresh_token,
            "redirect_uri": self.redirect_uri,
            "client_id": self.client_id,
        }
        self._user = self._token_post(f"{self.auth_url}/oauth20_token.srf", self._with_secret(form))
        self.on_new_token(self._user.value)
        return self._user.value

    def _with_secret(self, form: dict[str, str]) -> dict[str, str]:
        return form if self.client_secret is None else {**form, "client_secret": self.client_secret}

    def on_new_token(self, token: str) -> None:
        """Called with every new access token (a hook for subclasses; nothing to do here)."""

    def _token_post(self, url: str, form: dict[str, str]) -> _Token:
        response = self.post_token_request(url, form)
        body = _json(response)
        if response.status_code != 200 or "access_token" not in body:
            code = body.get("error") if isinstance(body.get("error"), str) else None
            raise GrooveClientError(
                f"token request failed: {response.status_code} {code}",
                status=response.status_code,
                code=code,
            )
        if isinstance(body.get("refresh_token"), str):
            self.keep_refresh_token(body["refresh_token"])
        return _Token(str(body["access_token"]), time.time() + self.token_lifetime(body))

    def token_lifetime(self, body: dict[str, Any]) -> float:
        """Seconds the token lives: expires_in (RFC 6749 §5.1), an hour when it is missing."""
        value = body.get("expires_in", 3600)
        return float(value) if isinstance(value, int | float | str) else 3600.0

    def post_token_request(self, url: str, form: dict[str, str]) -> httpx.Response:
        return self.http.post(url, data=form, headers={"Accept": "application/json"})

    def keep_refresh_token(self, refresh_token: str) -> None:
        self._refresh_token = refresh_token  # rotated: always keep the newest

    # API calls (reference §4 to §7) -------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        user: bool = False,
    ) -> dict[str, Any]:
        """One API call with exactly one credential, a renewal and one retry on a token error,
        and bounded backoff on 429/503. `user` forces the user token (user-only endpoints)."""
        use_user = user or self.client_secret is None
        renewals = 0
        throttled = 0
        while True:
            token = self.user_token() if use_user else self.app_token()
            response = self.send(method, f"{self.api_url}{path}", token, params=params, json=json)
            body = _json(response)
            code = _error_code(body)
            if response.status_code == 401 and code in TOKEN_ERRORS:
                self._forget(use_user)
                if renewals < self.token_retries:
                    renewals += 1
                    continue
            elif self.should_retry(response.status_code) and throttled < self.max_retries:
                wait = self.backoff(response, throttled)
                if wait <= self.max_wait:
                    throttled += 1
                    self.sleep(wait)
                    continue
            if response.status_code >= 400:
                raise GrooveClientError(
                    f"{method} {path}: {response.status_code} {code}",
                    status=response.status_code,
                    code=code,
                )
            return body

    def send(
        self, method: str, url: str, token: str, *, params: Any = None, json: Any = None
    ) -> httpx.Response:
        """Exactly one credential, set on each request: a header is replaced, never added."""
        headers = {"Accept": "application/json", "Authorization": f"Bearer {token}"}
        return self.http.request(method, url, params=params, json=json, headers=headers)

    def should_retry(self, status: int) -> bool:
        return status in (429, 503)

    def backoff(self, response: httpx.Response, attempt: int) -> float:
        return _retry_after(response, attempt)

    def _forget(self, user: bool) -> None:
        if user:
            self._user = None
        else:
            self._app = None

    def pages(self, path: str, params: dict[str, Any], *, user: bool = False) -> Iterator[Any]:
        """Every page of a list: the same URL again with only continuationToken (§7)."""
        pending = [params]
        while pending:
            body = self.call("GET", path, params=pending.pop(0), user=user)
            yield body
            for value in body.values():
                if isinstance(value, dict) and value.get("ContinuationToken"):
                    following = self.continuation_params(value["ContinuationToken"], params)
                    if following is not None:
                        pending.append(following)

    def continuation_params(self, token: str, first: dict[str, Any]) -> dict[str, Any] | None:
        """The parameters of the next page: the token alone (§7); None to stop."""
        return {"continuationToken": token}

    def search(self, query: str, **params: Any) -> dict[str, Any]:
        return self.call("GET", "/1/content/music/search", params={"q": query, **params})

    def lookup(self, ids: list[str], **params: Any) -> dict[str, Any]:
        return self.call("GET", f"/1/content/{'+'.join(ids)}/lookup", params=params)

    def profile(self) -> dict[str, Any]:
        return self.call("GET", "/1/user/music/profile", user=True)

    def preview(self, track_id: str) -> dict[str, Any]:
        params = {"clientInstanceId": self.instance_id()}
        return self.call("GET", f"/1/content/{track_id}/preview", params=params)

    def stream(self, track_id: str) -> dict[str, Any]:
        params = {"clientInstanceId": self.instance_id()}
        return self.call("GET", f"/1/content/{track_id}/stream", params=params, user=True)

    def instance_id(self) -> str:
        return self.client_instance_id

    # collection writes (reference §6 #14-18, §8) -----------------------------------------

    def collection_state(self) -> str | None:
        """The collection's state token: `Collection.Token` of the profile, the same token as
        every user playlist's `CollectionStateToken`."""
        collection = self.profile().get("Collection")
        token = collection.get("Token") if isinstance(collection, dict) else None
        return token if isinstance(token, str) else None

    def write(
        self,
        path: str,
        build: Callable[[str | None], dict[str, Any]],
        *,
        with_state: bool = False,
    ) -> dict[str, Any]:
        """A collection or playlist edit: `build` makes the body from the collection state
        token (read first when `with_state`). On 409 COLLECTION_CONCURRENT_UPDATE the collection
        changed under us: read it again and retry once, never blindly, never in a loop."""
        state = self.collection_state() if with_state else None
        try:
            return self.call("POST", path, json=build(state), user=True)
        except GrooveClientError as exc:
            if exc.status != 409 or exc.code != "COLLECTION_CONCURRENT_UPDATE":
                raise
        if self.reread_on_conflict(path):
            state = self.collection_state()
        return self.call("POST", path, json=build(state), user=True)

    def reread_on_conflict(self, path: str) -> bool:
        return True


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _error_code(body: dict[str, Any]) -> str | None:
    error = body.get("Error")
    if isinstance(error, dict) and isinstance(error.get("ErrorCode"), str):
        return str(error["ErrorCode"])
    return None


def _retry_after(response: httpx.Response, attempt: int) -> float:
    """Retry-After as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3), else exponential
    backoff from half a second."""
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.5 * float(2**attempt)
    return max(0.0, moment.timestamp() - time.time())


def make_adapter(env: Environment) -> ClientAdapter:
    """The factory of `--client contract_tests.reference_client:make_adapter`."""
    from .reference_adapter import ReferenceAdapter

    return ReferenceAdapter(env)
