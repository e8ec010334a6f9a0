"""The trial's bugged clients: the docs client (`contract_tests.variants`, written from the
contract documents) with one realistic mistake each, the kind a team makes the first time.

Unlike `_clients.py`, which breaks the reference client once per rule, these come from the bug
classes users meet: several per rule, some that only show on a second sign-in, a long
Retry-After, a signed-out step. `breaks` names the rule that must fail; `missed` says why the
suite does not catch it yet (the meta-test marks such a client strict xfail, so the day a rule
catches it the marker must go).
"""

from __future__ import annotations

import base64
import dataclasses
import itertools
import time
import uuid
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, ClassVar, Literal
from urllib.parse import urlencode

import httpx

from ..variants import CallFailed, Choices, DocsClient, docs_factory

_COUNTER = itertools.count(1)


class BuggedClient(DocsClient):
    breaks: ClassVar[str] = ""
    shape: ClassVar[Literal["web", "public", "both"]] = "web"
    legal_choices: ClassVar[Choices] = Choices()
    """The legal choices the bug sits on (most bugs sit on the defaults)."""
    missed: ClassVar[str] = ""
    """Non-empty while the suite does not catch this bug: the rule (or rule to come) and why."""
    also_fails: ClassVar[tuple[str, ...]] = ()
    """Rules that fail besides `breaks` while the suite's blame is wrong, and `blame` says why."""
    blame: ClassVar[str] = ""


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


# GC-AUTH -----------------------------------------------------------------------------------


class TokenFlow(BuggedClient):
    """Asks for response_type=token, as the web page's first example does."""

    breaks = "GC-AUTH-001"

    def authorize_url(self, query: dict[str, str]) -> str:
        return super().authorize_url({**query, "response_type": "token"})


class AuthorizeWithoutSrf(BuggedClient):
    """Sends the browser to /oauth20_authorize, without .srf."""

    breaks = "GC-AUTH-001"

    def authorize_url(self, query: dict[str, str]) -> str:
        return f"{self.auth}/oauth20_authorize?{urlencode(query)}"


class RedirectUriTrailingSlash(BuggedClient):
    """Adds a trailing slash to the registered redirect URI everywhere."""

    breaks = "GC-AUTH-002"

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.redirect_uri = self.redirect_uri + "/"


class BasicScopeOnly(BuggedClient):
    """Asks for wl.basic only, as an old Live Connect sample does."""

    breaks = "GC-AUTH-003"

    def authorize_url(self, query: dict[str, str]) -> str:
        scope = query["scope"].replace("MicrosoftMediaServices.GrooveApiAccess", "wl.basic")
        return super().authorize_url({**query, "scope": scope})


class WlOfflineAccess(BuggedClient):
    """Asks for the legacy Live scope wl.offline_access instead of offline_access."""

    breaks = "GC-AUTH-004"

    def authorize_url(self, query: dict[str, str]) -> str:
        scope = query["scope"].replace("offline_access", "wl.offline_access")
        return super().authorize_url({**query, "scope": scope})


class FixedState(BuggedClient):
    """Sends the same state every time."""

    breaks = "GC-AUTH-005"

    def new_state(self) -> str:
        return "groove-docs-client-state"


class CounterState(BuggedClient):
    """A state from a counter: new each time, 16 characters, and guessable."""

    breaks = "GC-AUTH-005"

    def new_state(self) -> str:
        return f"state-{next(_COUNTER):010d}"


class ClockState(BuggedClient):
    """A state from the clock in nanoseconds: new each time, long, and guessable."""

    breaks = "GC-AUTH-005"

    def new_state(self) -> str:
        return str(time.time_ns())


class StateNeverCompared(BuggedClient):
    """Sends a state and never looks at the one that comes back."""

    breaks = "GC-AUTH-006"

    def state_matches(self, received: str | None, sent: str) -> bool:
        return True


class MissingStateAccepted(BuggedClient):
    """Compares the state only when the callback has one."""

    breaks = "GC-AUTH-006"

    def state_matches(self, received: str | None, sent: str) -> bool:
        return received is None or super().state_matches(received, sent)


class PublicWithoutPkce(BuggedClient):
    """A desktop app that skips PKCE."""

    breaks = "GC-AUTH-007"
    shape = "public"

    def authorize_url(self, query: dict[str, str]) -> str:
        query = {k: v for k, v in query.items() if not k.startswith("code_challenge")}
        if self.sign_in_state is not None:
            self.sign_in_state = (self.sign_in_state[0], None)
        return super().authorize_url(query)


class PlainPkce(BuggedClient):
    """A desktop app using code_challenge_method=plain."""

    breaks = "GC-AUTH-007"
    shape = "public"

    def authorize_url(self, query: dict[str, str]) -> str:
        assert self.sign_in_state is not None and self.sign_in_state[1] is not None
        verifier = self.sign_in_state[1]
        query = {**query, "code_challenge": verifier, "code_challenge_method": "plain"}
        return super().authorize_url(query)


class FixedVerifier(BuggedClient):
    """A desktop app with one PKCE verifier for every sign-in."""

    breaks = "GC-AUTH-007"
    shape = "public"

    def new_verifier(self) -> str:
        return "v" * 43


class VerifierForgottenAtRedemption(BuggedClient):
    """A desktop app that sends the challenge but forgets the verifier when redeeming."""

    breaks = "GC-AUTH-007"
    shape = "public"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        form = {k: v for k, v in form.items() if k != "code_verifier"}
        return super().post_form(url, form, headers)


# GC-CODE, GC-REFRESH -----------------------------------------------------------------------


class RedeemWithoutRedirectUri(BuggedClient):
    """Leaves redirect_uri out of the code redemption."""

    breaks = "GC-CODE-001"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        if form.get("grant_type") == "authorization_code":
            form = {k: v for k, v in form.items() if k != "redirect_uri"}
        return super().post_form(url, form, headers)


class RedeemsTwice(BuggedClient):
    """Redeems the code a second time when the first answer is slow to parse ("to be sure")."""

    breaks = "GC-CODE-001"

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str]) -> httpx.Response:
        answer = super().post_form(url, form, headers)
        if form.get("grant_type") == "authorization_code":
            super().post_form(url, form, headers)
        return answer


class KeepsFirstRefreshToken(BuggedClient):
    """Stores the refresh token of the sign-in and ignores the rotated ones."""

    breaks = "GC-REFRESH-001"

    def keep_refresh_token(self, token: str) -> None:
        if self.refresh is None:
            super().keep_refresh_token(token)


# GC-CRED, GC-USER --------------------------------------------------------------------------


class HeaderAndLegacyQuery(BuggedClient):
    """Sends the header and, "for compatibility", the legacy accessToken query too."""

    breaks = "GC-CRED-001"

    def send(
        self, method: str, url: str, token: str, query: dict[str, Any], extra: dict[str, Any]
    ) -> httpx.Response:
        return super().send(method, url, token, {**query, "accessToken": f"Bearer {token}"}, extra)


class DefaultHeadersAdded(BuggedClient):
    """Keeps the token in its API HTTP client's default headers and appends on every renewal
    (GiancarloLelli/groovesdk, reference §13)."""

    breaks = "GC-CRED-001"

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.api_http = httpx.Client(transport=kwargs.get("transport"), timeout=20.0)

    def send(
        self, method: str, url: str, token: str, query: dict[str, Any], extra: dict[str, Any]
    ) -> httpx.Response:
        if f"Bearer {token}" not in self.api_http.headers.get_list("Authorization"):
            self.api_http.headers = httpx.Headers(
                [*self.api_http.headers.multi_items(), ("Authorization", f"Bearer {token}")]
            )
        return self.api_http.request(method, url, params=query, **extra)

    def close(self) -> None:
        self.api_http.close()
        super().close()


class LegacyQueryOnly(BuggedClient):
    """Sends the token only as accessToken=Bearer <token>, the 2016 way."""

    breaks = "GC-CRED-002"

    def send(
        self, method: str, url: str, token: str, query: dict[str, Any], extra: dict[str, Any]
    ) -> httpx.Response:
        query = {**query, "accessToken": f"Bearer {token}"}
        return self.http.request(method, url, params=query, **extra)


class NoScheme(BuggedClient):
    """Sends the bare token as the Authorization value."""

    breaks = "GC-CRED-002"

    def send(
        self, method: str, url: str, token: str, query: dict[str, Any], extra: dict[str, Any]
    ) -> httpx.Response:
        headers = {"Authorization": token}
        return self.http.request(method, url, params=query, headers=headers, **extra)


class AppTokenOnUserCalls(BuggedClient):
    """Sends the app token everywhere once it has one."""

    breaks = "GC-USER-001"

    def _kind(self, user: bool) -> str:
        return "app" if self.app is not None else super()._kind(user)


class FallsBackToAppToken(BuggedClient):
    """Calls user endpoints with the app token when nobody is signed in."""

    breaks = "GC-USER-001"

    def _kind(self, user: bool) -> str:
        signed_in = self.user is not None or self.refresh is not None
        return super()._kind(user) if signed_in else "app"


class StreamWithAppToken(BuggedClient):
    """Treats stream like preview and sends it the app token."""

    breaks = "GC-USER-001"

    def request(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        if path.endswith("/stream"):
            kwargs["user"] = False
        return super().request(method, path, params=params, **kwargs)


# GC-RETRY, GC-RATE -------------------------------------------------------------------------


class ReportsExpiry(BuggedClient):
    """Drops an expired token but reports the failed call instead of repeating it."""

    breaks = "GC-RETRY-001"

    def on_token_error(self, kind: str, renewed: bool) -> bool:
        self.forget_token(kind)
        return False


class RetriesWithTheSameToken(BuggedClient):
    """Repeats a call that got a token error with the same token; drops the token only when
    the repeat fails too (so the next call renews)."""

    breaks = "GC-RETRY-001"

    def on_token_error(self, kind: str, renewed: bool) -> bool:
        if renewed:
            self.forget_token(kind)
        return not renewed


class RenewsForever(BuggedClient):
    """Renews and repeats for as long as the token error lasts."""

    breaks = "GC-RETRY-002"

    def on_token_error(self, kind: str, renewed: bool) -> bool:
        self.forget_token(kind)
        return True


class RetriesAtOnce(BuggedClient):
    """Retries 429/503 at once."""

    breaks = "GC-RATE-001"

    def wait_before_retry(self, answer: httpx.Response, attempt: int) -> float | None:
        return 0.0


class RetryAfterInMilliseconds(BuggedClient):
    """Reads Retry-After as milliseconds."""

    breaks = "GC-RATE-001"

    def wait_before_retry(self, answer: httpx.Response, attempt: int) -> float | None:
        wait = super().wait_before_retry(answer, attempt)
        return None if wait is None else wait / 1000


class CapsRetryAfter(BuggedClient):
    """Waits at most 2 s whatever Retry-After says, then retries (too early)."""

    breaks = "GC-RATE-001"

    def wait_before_retry(self, answer: httpx.Response, attempt: int) -> float | None:
        wait = super().wait_before_retry(answer, attempt)
        return None if wait is None else min(wait, 2.0)


class IgnoresHttpDate(BuggedClient):
    """Reads Retry-After as seconds only: an HTTP-date counts as no wait."""

    breaks = "GC-RATE-001"

    def wait_before_retry(self, answer: httpx.Response, attempt: int) -> float | None:
        value = answer.headers.get("Retry-After", "")
        return float(value) if value.strip().isdigit() else 0.0


class RetriesForever(BuggedClient):
    """Retries 429/503 up to a hundred times."""

    breaks = "GC-RATE-002"

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.choices = dataclasses.replace(self.choices, max_throttle_retries=100)


class WaitsOutAnyRetryAfter(BuggedClient):
    """Waits as long as Retry-After says, a day if told so."""

    breaks = "GC-RATE-002"

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.choices = dataclasses.replace(self.choices, max_wait=1e9)


class RetriesNotFound(BuggedClient):
    """Retries every error, 404 and 400 included."""

    breaks = "GC-RATE-003"

    def retryable(self, status: int) -> bool:
        return status >= 400 and status != 401

    def wait_before_retry(self, answer: httpx.Response, attempt: int) -> float | None:
        return 0.0 if answer.status_code < 429 else super().wait_before_retry(answer, attempt)


class RetryAfterOn429Only(BuggedClient):
    """Honours Retry-After on 429, but retries a 503 at once."""

    breaks = "GC-RATE-001"

    def wait_before_retry(self, answer: httpx.Response, attempt: int) -> float | None:
        if answer.status_code == 503:
            return 0.0
        return super().wait_before_retry(answer, attempt)


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


TRIAL_CLIENTS: dict[str, type[BuggedClient]] = {
    cls.__name__: cls for cls in BuggedClient.__subclasses__()
}
"""The trial's bugged clients by class name."""
trial = SimpleNamespace(
    **{
        name: docs_factory(cls.legal_choices, shape=cls.shape, client_class=cls, name=name)
        for name, cls in TRIAL_CLIENTS.items()
    }
)
"""Each bugged client's factory, as `groove-contract verify --client
contract_tests.broken:trial.NAME` loads it."""
