"""A Groove client written from the contract documents alone (docs/contract/*.md and the
public reference they cite), not from `reference_client.py`, with a knob for each point where
the contract leaves the client a choice.

`Choices` (`_choices.py`) holds the knobs; every combination the catalogue uses is legal, so
every one of them must pass the suite. The bugged clients of the trial (`contract_tests.broken`)
subclass it with one mistake each.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import httpx

from ._choices import INSTANCE_ID_STYLES, STATE_STYLES, VERIFIER_STYLES, Choices

GROOVE_SCOPE = "MicrosoftMediaServices.GrooveApiAccess"
APP_SCOPE = "app.music.xboxlive.com"
RENEW_CODES = frozenset(
    {"ACCESS_TOKEN_EXPIRED", "AUTHORIZATION_TOKEN_EXPIRED", "INVALID_AUTHORIZATION_HEADER"}
)


@dataclass(slots=True)
class _Held:
    value: str
    expires_at: float


class CallFailed(Exception):
    def __init__(self, message: str, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.status = status
        self.code = code


class DocsClient:
    """One Groove client: app token, the code flow (with PKCE when public), refresh,
    sign-out, and API calls with one `Authorization` header each."""

    def __init__(
        self,
        *,
        auth_url: str,
        api_url: str,
        client_id: str,
        client_secret: str | None,
        redirect_uri: str,
        transport: httpx.BaseTransport | None,
        choices: Choices,
        hint: str | None = None,
        storage_dir: str | None = None,
    ):
        self.auth = auth_url.rstrip("/")
        self.api = api_url.rstrip("/")
        self.client_id = client_id
        self.secret = client_secret
        self.redirect_uri = redirect_uri
        self.choices = choices
        self.hint = hint
        self.http = httpx.Client(transport=transport, timeout=20.0)
        self.instance_id = INSTANCE_ID_STYLES[choices.instance_id_style]()
        self.app: _Held | None = None
        self.user: _Held | None = None
        self.refresh: str | None = None
        self.granted: list[str] = []
        self.sign_in_state: tuple[str, str | None] | None = None
        self.saved = (
            Path(storage_dir, "groove-client.json") if storage_dir and choices.persist else None
        )
        self._load()
        if choices.app_token_fetch == "eager" and self.secret is not None:
            self.app_token()

    def close(self) -> None:
        self.http.close()

    def _load(self) -> None:
        if self.saved is None or not self.saved.exists():
            self._save()
            return
        kept = json.loads(self.saved.read_text())
        self.instance_id = kept["instance_id"]
        self.refresh = kept.get("refresh")
        if kept.get("user"):
            self.user = _Held(*kept["user"])

    def _save(self) -> None:
        if self.saved is not None:
            user = [self.user.value, self.user.expires_at] if self.user else None
            kept = {"instance_id": self.instance_id, "refresh": self.refresh, "user": user}
            self.saved.write_text(json.dumps(kept))

    # the token endpoints --------------------------------------------------------------------

    def _post_form(self, path: str, form: dict[str, str]) -> dict[str, Any]:
        headers = {"Content-Type": self.choices.form_content_type, "Accept": "application/json"}
        if self.choices.client_auth == "basic":
            # A public client authenticates as `id:` (RFC 6749 §2.3.1, an empty password).
            pair = f"{quote(self.client_id, safe='')}:{quote(self.secret or '', safe='')}"
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        else:
            form = {**form, "client_id": self.client_id}
            if self.secret is not None:
                form["client_secret"] = self.secret
        answer = self.post_form(self.auth + path, form, headers)
        body = _json(answer)
        if answer.status_code != 200 or not isinstance(body.get("access_token"), str):
            error = body.get("error") if isinstance(body.get("error"), str) else None
            raise CallFailed(f"{path}: {answer.status_code} {error}", answer.status_code, error)
        return body

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        return self.http.post(url, content=urlencode(form), headers=headers)

    def _held(self, body: dict[str, Any]) -> _Held:
        # expires_in is an integer, sometimes a string (the SDK parses it as one).
        lifetime = float(str(body.get("expires_in", "3600")))
        return _Held(str(body["access_token"]), time.time() + lifetime)

    def _fresh(self, held: _Held | None) -> bool:
        return held is not None and time.time() < held.expires_at - self.choices.renew_early

    def app_token(self) -> str:
        if self.secret is None:
            raise CallFailed("a public client has no app token", code="NO_APP_TOKEN")
        if not self._fresh(self.app):
            form = {"grant_type": "client_credentials", "scope": APP_SCOPE}
            self.app = self._held(self._post_form("/accesstoken.srf", form))
        assert self.app is not None
        return self.app.value

    def user_token(self) -> str:
        if self._fresh(self.user):
            assert self.user is not None
            return self.user.value
        if self.refresh is None:
            raise CallFailed("nobody is signed in", code="NOT_SIGNED_IN")
        form = {"grant_type": "refresh_token", "refresh_token": self.refresh}
        if self.choices.refresh_sends_redirect_uri:
            form["redirect_uri"] = self.redirect_uri
        if self.choices.refresh_sends_scope and self.granted:
            form["scope"] = " ".join(s for s in self.granted if s != "offline_access")
        self._take_user_tokens(self._post_form("/oauth20_token.srf", form))
        assert self.user is not None
        return self.user.value

    def _take_user_tokens(self, body: dict[str, Any]) -> None:
        self.user = self._held(body)
        if isinstance(body.get("refresh_token"), str):
            self.keep_refresh_token(body["refresh_token"])
        self._save()

    def keep_refresh_token(self, token: str) -> None:
        self.refresh = token  # rotated: the newest replaces the old one

    # sign-in and sign-out -------------------------------------------------------------------

    def new_state(self) -> str:
        return STATE_STYLES[self.choices.state_style]()

    def new_verifier(self) -> str:
        return VERIFIER_STYLES[self.choices.verifier_style]()

    def begin_sign_in(self, offline_access: bool) -> str:
        state = self.new_state()
        scopes = [GROOVE_SCOPE, *self.choices.extra_scopes]
        if offline_access or self.choices.always_offline_access:
            scopes.append("offline_access")
        self.granted = scopes
        query = {
            "client_id": self.client_id,
            "response_type": "code",
            "redirect_uri": self.redirect_uri,
            "scope": " ".join(scopes),
            "state": state,
        }
        verifier = None
        if self.secret is None or self.choices.pkce_when_confidential:
            verifier = self.new_verifier()
            digest = hashlib.sha256(verifier.encode("ascii")).digest()
            query["code_challenge"] = base64.urlsafe_b64encode(digest).decode().rstrip("=")
            query["code_challenge_method"] = "S256"
        if self.choices.prompt is not None:
            query["prompt"] = self.choices.prompt
        if self.choices.response_mode is not None:
            query["response_mode"] = self.choices.response_mode
        if self.choices.login_hint and self.hint:
            query["login_hint"] = self.hint
        self.sign_in_state = (state, verifier)
        return self.authorize_url(query)

    def authorize_url(self, query: dict[str, str]) -> str:
        return f"{self.auth}/oauth20_authorize.srf?{urlencode(query)}"

    def finish_sign_in(self, callback_url: str) -> None:
        expected, self.sign_in_state = self.sign_in_state, None
        if expected is None:
            raise CallFailed("no sign-in was begun")
        parts = urlsplit(callback_url)
        answer = dict(parse_qsl(parts.query)) | dict(parse_qsl(parts.fragment))
        state, verifier = expected
        if not self.state_matches(answer.get("state"), state):
            raise CallFailed("the callback's state is not ours", code="STATE_MISMATCH")
        if "error" in answer:
            raise CallFailed(answer.get("error_description", ""), code=answer["error"])
        code = answer.get("code")
        if not code:
            raise CallFailed("the callback has no code")
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri}
        if verifier is not None:
            form["code_verifier"] = verifier
        self._take_user_tokens(self._post_form("/oauth20_token.srf", form))

    def state_matches(self, received: str | None, sent: str) -> bool:
        return received is not None and hmac.compare_digest(received.encode(), sent.encode())

    def sign_out(self) -> str:
        self.forget_user()
        query = urlencode({"client_id": self.client_id, "redirect_uri": self.redirect_uri})
        return f"{self.auth}/oauth20_logout.srf?{query}"

    def forget_user(self) -> None:
        self.user = None
        self.refresh = None
        self.sign_in_state = None
        self._save()

    # the Groove API -------------------------------------------------------------------------

    def _kind(self, user: bool) -> str:
        """Which token a call gets: the user's on user endpoints and for a public client, the
        app's otherwise (or the user's while one is signed in, as the SDK does, if chosen)."""
        if user or self.secret is None:
            return "user"
        signed_in = self.user is not None or self.refresh is not None
        return "user" if self.choices.catalog_with_user_token and signed_in else "app"

    def request(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        user = bool(kwargs.pop("user", False))
        query = {**dict(self.choices.common_params), **(params or {})}
        renewed = False
        throttled = 0
        while True:
            kind = self._kind(user)
            token = self.user_token() if kind == "user" else self.app_token()
            answer = self.send(method, self.api + path, token, query, kwargs)
            body = _json(answer)
            error = body.get("Error")
            code = error.get("ErrorCode") if isinstance(error, dict) else None
            token_error = answer.status_code == 401 and code in RENEW_CODES
            if token_error and self.on_token_error(kind, renewed):
                renewed = True
                continue
            if self.retryable(answer.status_code) and throttled < self.choices.max_throttle_retries:
                wait = self.wait_before_retry(answer, throttled)
                if wait is not None and wait <= self.choices.max_wait:
                    throttled += 1
                    time.sleep(wait + self.choices.extra_wait)
                    continue
            if answer.status_code >= 400:
                raise CallFailed(f"{method} {path}: {answer.status_code}", answer.status_code, code)
            return body

    def send(
        self, method: str, url: str, token: str, query: dict[str, Any], extra: dict[str, Any]
    ) -> httpx.Response:
        headers = {
            **dict(self.choices.api_headers),
            "Authorization": f"{self.choices.scheme} {token}",
        }
        return self.http.request(method, url, params=query, headers=headers, **extra)

    def on_token_error(self, kind: str, renewed: bool) -> bool:
        """After a token error: drop the token, and repeat the call (with a new one) once
        (§3.4). Whether to repeat."""
        self.forget_token(kind)
        return not renewed

    def forget_token(self, kind: str) -> None:
        if kind == "user":
            self.user = None
        else:
            self.app = None

    def retryable(self, status: int) -> bool:
        return status in self.choices.retry_statuses

    def wait_before_retry(self, answer: httpx.Response, attempt: int) -> float | None:
        return _retry_after(answer.headers.get("Retry-After"), attempt)

    def every_page(self, path: str, params: dict[str, Any], user: bool) -> list[dict[str, Any]]:
        """§7: the same URL again with only continuationToken, until no token comes back."""
        bodies = [self.request("GET", path, params=params, user=user)]
        index = 0
        while index < len(bodies):
            for value in list(bodies[index].values()):
                if isinstance(value, dict) and value.get("ContinuationToken"):
                    following = self.next_page(value["ContinuationToken"], params)
                    if following is not None:
                        bodies.append(self.request("GET", path, params=following, user=user))
            index += 1
        return bodies

    def next_page(self, token: str, first: dict[str, Any]) -> dict[str, Any] | None:
        return {"continuationToken": token}

    def client_instance_id(self) -> str:
        return self.instance_id

    def write(
        self, path: str, build: Callable[[str | None], dict[str, Any]], *, with_state: bool
    ) -> dict[str, Any]:
        """A collection or playlist edit (§6 #14-18). 409 COLLECTION_CONCURRENT_UPDATE says
        the collection changed since it was read (§8): read its state again, send it once more."""
        send = with_state and self.choices.send_state_token
        state = self.collection_state() if send else None
        try:
            return self.request("POST", path, json=build(state), user=True)
        except CallFailed as exc:
            if exc.status != 409:
                raise
        state = self.collection_state()
        return self.request("POST", path, json=build(state if send else None), user=True)

    def collection_state(self) -> str | None:
        """`Collection.Token` of the profile: the collection's state (§7)."""
        collection = self.request("GET", "/1/user/music/profile", user=True).get("Collection")
        token = collection.get("Token") if isinstance(collection, dict) else None
        return token if isinstance(token, str) else None


def _json(answer: httpx.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _retry_after(value: str | None, attempt: int) -> float | None:
    """RFC 9110 §10.2.3: delay-seconds or an HTTP-date; without one, exponential backoff."""
    if value is None:
        return 0.5 * float(2**attempt)
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, float(when.timestamp()) - time.time())
