"""A small Groove client on requests-oauthlib, and its adapter for the contract suite.

Verify it over https, as it would run against Microsoft (requests does not speak httpx
transports, so the mock listens on a socket):

    groove-contract verify --tls --client examples.requests_oauthlib_client:make_adapter

`--tls` serves https with a CA made for the run, and sets REQUESTS_CA_BUNDLE (and SSL_CERT_FILE)
to its bundle for the run, as you would for your own CA. requests-oauthlib refuses plain http
unless OAUTHLIB_INSECURE_TRANSPORT=1:
over https it needs no such switch, and `make_adapter` sets it only for a plain-http loopback mock
(`--socket` without `--tls`). It raises when the granted scope differs from the asked one unless
OAUTHLIB_RELAX_TOKEN_SCOPE is set (docs/contract.md); `make_adapter` sets that one always.
"""

from __future__ import annotations

import os
import time
import uuid
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from oauthlib.oauth2 import BackendApplicationClient, TokenExpiredError
from requests_oauthlib import OAuth2Session

APP_SCOPE = "app.music.xboxlive.com"
GROOVE_SCOPE = "MicrosoftMediaServices.GrooveApiAccess"
TOKEN_ERRORS = {
    "ACCESS_TOKEN_EXPIRED",
    "AUTHORIZATION_TOKEN_EXPIRED",
    "INVALID_AUTHORIZATION_HEADER",
}


class GrooveError(Exception):
    def __init__(self, status: int | None, code: str | None):
        super().__init__(f"{status} {code}")
        self.status, self.code = status, code


class RequestsGrooveClient:
    """App token by client credentials, user sign-in by code flow with PKCE, on OAuth2Session."""

    def __init__(
        self, auth_url: str, api_url: str, client_id: str, secret: str | None, redirect_uri: str
    ):
        self.auth_url, self.api_url = auth_url, api_url
        self.client_id, self.secret, self.redirect_uri = client_id, secret, redirect_uri
        self.instance_id = uuid.uuid4().hex  # one per installation: stable clientInstanceId
        self.app: OAuth2Session | None = None
        self.user: OAuth2Session | None = None
        self._pending: OAuth2Session | None = None

    def _credentials(self) -> dict[str, Any]:
        # The secret in the body (form-encoded), not a raw HTTP Basic header.
        extra: dict[str, Any] = {"include_client_id": True}
        if self.secret is not None:
            extra["client_secret"] = self.secret
        return extra

    # tokens ---------------------------------------------------------------------------------

    def app_session(self) -> OAuth2Session:
        if self.app is None or self.app.token.get("expires_at", 0) < time.time() + 60:
            session = OAuth2Session(
                client=BackendApplicationClient(self.client_id, scope=[APP_SCOPE])
            )
            session.fetch_token(
                f"{self.auth_url}/accesstoken.srf", scope=[APP_SCOPE], **self._credentials()
            )
            self.app = session
        return self.app

    def authorize_url(self, offline_access: bool) -> str:
        scope = [GROOVE_SCOPE] + (["offline_access"] if offline_access else [])
        self._pending = OAuth2Session(
            self.client_id, redirect_uri=self.redirect_uri, scope=scope, pkce="S256"
        )
        url, _state = self._pending.authorization_url(f"{self.auth_url}/oauth20_authorize.srf")
        return str(url)

    def finish_sign_in(self, callback_url: str) -> None:
        session, self._pending = self._pending, None
        if session is None:
            raise GrooveError(None, "no sign-in in progress")
        # Checks the state (MismatchingStateError) and sends the PKCE verifier.
        session.fetch_token(
            f"{self.auth_url}/oauth20_token.srf",
            authorization_response=callback_url,
            **self._credentials(),
        )
        self.user = session

    def refresh(self) -> None:
        if self.user is None or "refresh_token" not in self.user.token:
            self.user = None
            raise GrooveError(401, "NOT_SIGNED_IN")
        # refresh_token() sends no client authentication unless told (MIC §5.2):
        # client_id and the secret go in the body. The session keeps the rotated refresh token.
        extra = {"client_id": self.client_id, "redirect_uri": self.redirect_uri}
        if self.secret is not None:
            extra["client_secret"] = self.secret
        self.user.refresh_token(f"{self.auth_url}/oauth20_token.srf", **extra)

    def sign_out(self) -> str:
        self.user = None
        self._pending = None
        return f"{self.auth_url}/oauth20_logout.srf?" + requests.compat.urlencode(
            {"client_id": self.client_id, "redirect_uri": self.redirect_uri}
        )

    # calls ----------------------------------------------------------------------------------

    def call(
        self, method: str, path: str, *, user: bool = False, params: Any = None
    ) -> dict[str, Any]:
        renewed, throttled = False, 0
        while True:
            if user and self.user is None:
                raise GrooveError(401, "NOT_SIGNED_IN")
            session = self.user if user else self.app_session()
            assert session is not None
            try:
                response = session.request(method, self.api_url + path, params=params, timeout=30)
            except TokenExpiredError:
                self.refresh() if user else setattr(self, "app", None)
                continue
            body = response.json() if response.content else {}
            code = (body.get("Error") or {}).get("ErrorCode") if isinstance(body, dict) else None
            if response.status_code == 401 and code in TOKEN_ERRORS and not renewed:
                renewed = True
                self.refresh() if user else setattr(self, "app", None)
                continue
            if response.status_code in (429, 503) and throttled < 3:
                wait = _retry_after(response.headers.get("Retry-After"), 2.0**throttled)
                if wait <= 30:
                    throttled += 1
                    time.sleep(wait)
                    continue
            if response.status_code >= 400:
                raise GrooveError(response.status_code, code)
            return body


def _retry_after(value: str | None, default: float) -> float:
    """Seconds to wait: Retry-After is delta-seconds or an HTTP-date (RFC 9110 §10.2.3)."""
    if not value:
        return default
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return default


def _ids(body: dict[str, Any]) -> list[str]:
    return [
        i["Id"]
        for v in body.values()
        if isinstance(v, dict)
        for i in v.get("Items", [])
        if "Id" in i
    ]


class RequestsAdapter:
    capabilities = frozenset(
        {"app-token", "user-sign-in", "public-client", "refresh", "sign-out", "streaming", "paging"}
    )

    def __init__(self, env: Any):
        self.client = RequestsGrooveClient(
            env.auth_url, env.api_url, env.client_id, env.client_secret, env.redirect_uri
        )

    def perform(self, step: dict[str, Any]) -> dict[str, Any]:
        try:
            return {"ok": True, "data": self._run(step)}
        except GrooveError as exc:
            return {"ok": False, "status": exc.status, "error_code": exc.code}
        except Exception as exc:  # oauthlib errors: a refused sign-in is a failed step
            return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}

    def _run(self, step: dict[str, Any]) -> dict[str, Any]:
        c, op = self.client, step["op"]
        if op == "get_app_token":
            c.app_session()
            return {}
        if op == "begin_sign_in":
            return {"authorize_url": c.authorize_url(step.get("offline_access", False))}
        if op == "finish_sign_in":
            c.finish_sign_in(step["callback_url"])
            return {}
        if op == "sign_out":
            return {"logout_url": c.sign_out()}
        if op == "profile":
            return c.call("GET", "/1/user/music/profile", user=True)
        if op in ("preview", "stream"):
            path = f"/1/content/{step['track_id']}/{op}"
            body = c.call(
                "GET", path, user=op == "stream", params={"clientInstanceId": c.instance_id}
            )
            return {"url": body.get("Url")}
        if op == "lookup":
            return {"ids": _ids(c.call("GET", f"/1/content/{'+'.join(step['ids'])}/lookup"))}
        if op == "browse_collection":
            path = f"/1/content/music/collection/{step.get('type', 'tracks')}/browse"
            return {
                "ids": _ids(
                    c.call("GET", path, user=True, params={"maxItems": step.get("max_items", 25)})
                )
            }
        if op == "search":
            params = {
                "q": step["query"],
                "filters": step.get("filters"),
                "maxItems": step.get("max_items"),
            }
            pending, ids = [{k: v for k, v in params.items() if v is not None}], []
            while pending:
                body = c.call("GET", "/1/content/music/search", params=pending.pop())
                ids += _ids(body)
                if step.get("all_pages"):
                    tokens = [
                        v.get("ContinuationToken") for v in body.values() if isinstance(v, dict)
                    ]
                    pending += [{"continuationToken": t} for t in tokens if t]
            return {"ids": ids}
        raise GrooveError(None, f"unsupported op {op}")

    def close(self) -> None:
        self.client.sign_out()


def make_adapter(env: Any) -> RequestsAdapter:
    if not env.auth_url.startswith(("https://127.", "https://localhost")):
        if not env.auth_url.startswith(("http://127.", "http://localhost")):
            raise ValueError("this example relaxes https checks for a loopback mock only")
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http: the loopback mock only
    os.environ["OAUTHLIB_RELAX_TOKEN_SCOPE"] = "1"
    return RequestsAdapter(env)
