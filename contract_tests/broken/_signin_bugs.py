"""The trial's sign-in bugs: the authorize URL and its scopes, the state, PKCE, redeeming the
code and keeping the rotated refresh token."""

from __future__ import annotations

import itertools
import time
from typing import Any
from urllib.parse import urlencode

import httpx

from ._bugged import BuggedClient

_COUNTER = itertools.count(1)


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
