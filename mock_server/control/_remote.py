"""`RemoteControl`: the same controls as `MockControl`, for a mock running elsewhere, over its
`/_mock/` HTTP API (httpx). Errors come back as the same `ControlError` classes."""

from __future__ import annotations

import functools
import json
import ssl
from collections.abc import Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from .._journal import JournalEntry
from .._scenario import App, Scenario, ScenarioError, User, parse_scenario
from ._errors import (
    ControlError,
    ControlMethodNotAllowed,
    ControlNotFound,
    ControlUnauthorized,
    ControlUnreachable,
)
from ._faults import Fault
from ._handle import Control, TokenKindName
from ._journal_query import JournalPage, entry_from_json
from ._minting import BadFlavor, MintedToken

if TYPE_CHECKING:
    import httpx

_ERRORS: dict[str, type[ControlError]] = {
    cls.error: cls
    for cls in (ControlError, ControlUnauthorized, ControlNotFound, ControlMethodNotAllowed)
}


class RemoteControl(Control):
    """Controls for the mock at `url` (its base URL; `/_mock` is added). Pass `admin_key`
    when the mock is not on loopback, or `client` to bring your own httpx client."""

    def __init__(
        self,
        url: str,
        *,
        admin_key: str | None = None,
        client: httpx.Client | None = None,
        timeout: float = 10.0,
    ):
        base = url.rstrip("/")
        base = base.removesuffix("/_mock")
        self.url = base
        self._timeout = timeout
        self._own_client = client is None
        # httpx on first use: serving the mock imports this module, and must not import httpx
        # (see `_dropped`).
        import httpx

        self._http = client or httpx.Client(timeout=timeout, verify=_tls_context())
        self._headers = {"Accept": "application/json"}
        if admin_key is not None:
            self._headers["Authorization"] = f"Bearer {admin_key}"

    def close(self) -> None:
        if self._own_client:
            self._http.close()

    def __enter__(self) -> RemoteControl:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # transport ------------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> Any:
        target = f"{self.url}/_mock{path}"
        headers = dict(self._headers)
        content = None
        if body is not None:
            try:
                content = json.dumps(body, allow_nan=False).encode()
            except (TypeError, ValueError) as exc:
                raise ControlError(f"{method} {path}: the values are not JSON ({exc})") from None
            headers["Content-Type"] = "application/json"
        import httpx

        try:
            response = self._http.request(
                method,
                target,
                content=content,
                params=params,
                headers=headers,
                timeout=timeout or self._timeout,
            )
        except httpx.TransportError as exc:
            raise ControlUnreachable(f"cannot reach the mock at {self.url}: {exc}") from None
        try:
            data = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ControlError(
                f"{self.url} did not answer like a groove-mock control API "
                f"(HTTP {response.status_code} on {method} {path})"
            ) from None
        if response.is_error:
            code = data.get("error") if isinstance(data, dict) else None
            message = data.get("message") if isinstance(data, dict) else None
            cls = _ERRORS.get(str(code), ControlError)
            raise cls(str(message or f"HTTP {response.status_code} on {method} {path}"))
        return data

    # status and journal ---------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call("GET", "/status")
        return result

    def health(self) -> bool:
        """True when the mock answers its (keyless) health check."""
        try:
            return bool(self._call("GET", "/health").get("status") == "ok")
        except ControlError:
            return False

    def _journal(self, filters: dict[str, Any]) -> list[JournalEntry]:
        return [entry_from_json(e) for e in self._call("GET", "/journal", params=filters)]

    def _tail_journal(self, cursor: int, wait: float, filters: dict[str, Any]) -> JournalPage:
        params = {**filters, "cursor": cursor, "wait": wait}
        data = self._call("GET", "/journal/tail", params=params, timeout=wait + self._timeout)
        entries = [entry_from_json(e) for e in data["entries"]]
        return JournalPage(entries, int(data["cursor"]), closed=bool(data.get("closed", False)))

    def clear_journal(self) -> int:
        return int(self._call("DELETE", "/journal")["cleared"])

    # faults ---------------------------------------------------------------------------------

    def _inject(self, spec: dict[str, Any]) -> Fault:
        return Fault.from_json(self._call("POST", "/faults", body=spec))

    def faults(self) -> list[Fault]:
        return [Fault.from_json(f) for f in self._call("GET", "/faults")]

    def remove_fault(self, fault_id: str) -> None:
        self._call("DELETE", f"/faults/{_segment(fault_id)}")

    def clear_faults(self) -> int:
        return int(self._call("DELETE", "/faults")["cleared"])

    # clock ----------------------------------------------------------------------------------

    def now(self) -> float:
        return float(self._call("GET", "/clock")["now"])

    def advance(self, seconds: float) -> float:
        return float(self._call("POST", "/clock/advance", body={"seconds": seconds})["now"])

    def freeze(self, at: float | str | None = None) -> float:
        body = {} if at is None else {"at": at}
        return float(self._call("POST", "/clock/freeze", body=body)["now"])

    def unfreeze(self) -> float:
        return float(self._call("POST", "/clock/unfreeze")["now"])

    def set_time(self, moment: float | str) -> float:
        return float(self._call("POST", "/clock/set", body={"time": moment})["now"])

    # scenario -------------------------------------------------------------------------------

    def scenario(self) -> Scenario:
        data = self._call("GET", "/scenario")
        document = {k: data[k] for k in ("apps", "users", "default_user") if k in data}
        try:
            return parse_scenario(json.dumps(document), source=str(data.get("source", self.url)))
        except ScenarioError as exc:
            raise ControlError(
                f"{self.url} sent a scenario this version cannot read: {exc}"
            ) from None

    def _put_user(self, user_id: str, changes: dict[str, Any]) -> User:
        data = self._call("PUT", f"/users/{_segment(user_id)}", body=changes)
        return User(**data)

    def _put_app(self, client_id: str, changes: dict[str, Any]) -> App:
        data = self._call("PUT", f"/apps/{_segment(client_id)}", body=changes)
        return App(**{**data, "redirect_uris": tuple(data.get("redirect_uris", ()))})

    def revoke_consent(self, user_id: str, client_id: str) -> None:
        self._call(
            "POST", f"/users/{_segment(user_id)}/revoke-consent", body={"client_id": client_id}
        )

    def revoke_token(self, token: str, *, grant: bool = False) -> None:
        self._call("POST", "/tokens/revoke", body={"token": token, "grant": grant})

    def reset(self) -> None:
        self._call("POST", "/reset")

    # tokens ---------------------------------------------------------------------------------

    def mint_token(
        self,
        kind: TokenKindName = "user",
        *,
        client_id: str | None = None,
        user_id: str | None = None,
        scopes: Iterable[str] | str | None = None,
        lifetime: float | None = None,
    ) -> MintedToken:
        body: dict[str, Any] = {"kind": kind}
        if client_id is not None:
            body["client_id"] = client_id
        if user_id is not None:
            body["user_id"] = user_id
        if scopes is not None:
            body["scopes"] = scopes if isinstance(scopes, str) else list(scopes)
        if lifetime is not None:
            body["lifetime"] = lifetime
        return MintedToken.from_json(self._call("POST", "/tokens", body=body))

    def bad_token(
        self,
        flavor: BadFlavor,
        *,
        kind: Literal["app", "user"] = "user",
        client_id: str | None = None,
        user_id: str | None = None,
    ) -> MintedToken:
        body: dict[str, Any] = {"flavor": flavor, "kind": kind}
        if client_id is not None:
            body["client_id"] = client_id
        if user_id is not None:
            body["user_id"] = user_id
        return MintedToken.from_json(self._call("POST", "/tokens/bad", body=body))


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context per process: loading the CA bundle costs a fifth of a second, and a
    test suite may make many handles."""
    import httpx

    return httpx.create_ssl_context()


def _segment(value: str) -> str:
    """One path segment: ids travel percent-encoded, so `/` or `?` cannot reroute a call."""
    if not isinstance(value, str) or not value:
        raise ControlError("an id must be a non-empty string")
    return quote(value, safe="")
