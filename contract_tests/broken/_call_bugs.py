"""The trial's bugs in a Groove API call: which token it carries and how, and when it is
renewed and repeated after a token error, a 429 or a 503."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx

from ._bugged import BuggedClient

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
