"""The trial's bugs at the token endpoint: the app-token request (grant, scope, where its
fields go, caching) and how the client authenticates itself (RFC 6749 §2.3.1)."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import httpx

from ._bugged import BuggedClient

# GC-TOKEN ----------------------------------------------------------------------------------


class GrantTypeClient(BuggedClient):
    """Copies grant_type=client from the getting-started table (§12.1)."""

    breaks = "GC-TOKEN-001"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        if form.get("grant_type") == "client_credentials":
            form = {**form, "grant_type": "client"}
        return super().post_form(url, form, headers)


class JsonTokenRequest(BuggedClient):
    """Posts the app-token request as JSON, as it does for the API's POST bodies."""

    breaks = "GC-TOKEN-001"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        if not url.endswith("/accesstoken.srf"):
            return super().post_form(url, form, headers)
        return self.http.post(url, json=form, headers={"Accept": "application/json"})


class DataMarketScope(BuggedClient):
    """Asks for the Azure DataMarket scope http://music.xboxlive.com (§3.2, before 2017)."""

    breaks = "GC-TOKEN-001"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        if form.get("scope") == "app.music.xboxlive.com":
            form = {**form, "scope": "http://music.xboxlive.com"}
        return super().post_form(url, form, headers)


class SecretInQueryString(BuggedClient):
    """Sends the token request's fields in the query string, with an empty body."""

    breaks = "GC-TOKEN-002"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        return self.http.post(f"{url}?{urlencode(form)}", headers=headers)


class RefreshTokenInQuery(BuggedClient):
    """Puts the refresh token in the query of the refresh request."""

    breaks = "GC-TOKEN-002"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        if "refresh_token" not in form:
            return super().post_form(url, form, headers)
        rest = {k: v for k, v in form.items() if k != "refresh_token"}
        query = urlencode({"refresh_token": form["refresh_token"]})
        return self.http.post(f"{url}?{query}", content=urlencode(rest), headers=headers)


class AppTokenEveryCall(BuggedClient):
    """Never caches the app token."""

    breaks = "GC-TOKEN-003"

    def app_token(self) -> str:
        self.app = None
        return super().app_token()


class AppTokenDroppedAtSignIn(BuggedClient):
    """Throws the app token away at every sign-in ("a new session")."""

    breaks = "GC-TOKEN-003"

    def begin_sign_in(self, offline_access: bool) -> str:
        self.app = None
        return super().begin_sign_in(offline_access)


# GC-CLIENT ---------------------------------------------------------------------------------


class BasicNotFormEncoded(BuggedClient):
    """HTTP Basic over the raw id:secret, as requests-oauthlib does (MIC §6 trap 7)."""

    breaks = "GC-CLIENT-001"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        secret = form.pop("client_secret", None)
        if secret is not None:
            pair = f"{form.pop('client_id')}:{secret}".encode()
            headers = {**headers, "Authorization": "Basic " + base64.b64encode(pair).decode()}
        return super().post_form(url, form, headers)


class SecretNotEncoded(BuggedClient):
    """Builds the form by hand and forgets to URL-encode the secret (FAQ #2)."""

    breaks = "GC-CLIENT-001"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        body = "&".join(f"{k}={v}" for k, v in form.items())
        return self.http.post(url, content=body, headers=headers)


class BasicAndBody(BuggedClient):
    """Sends the secret in HTTP Basic and in the body."""

    breaks = "GC-CLIENT-001"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        if "client_secret" in form:
            auth = httpx.BasicAuth(self.client_id, form["client_secret"])
            return self.http.post(url, content=urlencode(form), headers=headers, auth=auth)
        return super().post_form(url, form, headers)


class RefreshWithoutClientAuth(BuggedClient):
    """Refreshes without client authentication, as requests-oauthlib does by default
    (MIC §5.2)."""

    breaks = "GC-CLIENT-001"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        if form.get("grant_type") == "refresh_token":
            form = {k: v for k, v in form.items() if k != "client_secret"}
        return super().post_form(url, form, headers)
