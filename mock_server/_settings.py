"""The one settings object.

`Settings` feeds `create_app()`, the pytest fixtures and the `groove-mock serve` flags. Every
field carries its command-line help in its metadata, so the CLI is derived from this class and a
test keeps the two in step.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

Strictness = Literal["lenient", "strict"]
SignInMode = Literal["automatic", "interactive"]
TokenFormat = Literal["opaque", "jwt"]
MultipleCredentials = Literal["incompatible", "invalid-header"]
RefreshRotation = Literal["keep-old", "revoke-old"]


def _setting(default: Any, help: str, *, choices: tuple[str, ...] = ()) -> Any:
    return field(default=default, metadata={"help": help, "choices": choices})


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the mock can be told at start. Immutable: derive a changed copy with `replace`."""

    host: str = _setting("127.0.0.1", "interface to bind (loopback by default)")
    port: int = _setting(
        8080, "port of the authorization server (and of the API unless --api-port)"
    )
    api_port: int | None = _setting(
        None, "separate port for the Groove API; default: same as --port"
    )
    auth_base_url: str | None = _setting(
        None, "public base URL of the authorization server; default http://HOST:PORT"
    )
    api_base_url: str | None = _setting(
        None, "public base URL of the Groove API; default http://HOST:API_PORT"
    )
    app_token_lifetime: int = _setting(86400, "app token lifetime in seconds")
    user_token_lifetime: int = _setting(3600, "user access token lifetime in seconds")
    code_lifetime: int = _setting(300, "authorization code lifetime in seconds")
    refresh_token_lifetime: int = _setting(90 * 86400, "refresh token lifetime in seconds")
    token_format: TokenFormat = _setting(
        "opaque",
        "opaque: MSA-looking tokens (Eg.../EwA...); jwt: RS256 JWTs with a JWKS endpoint",
        choices=("opaque", "jwt"),
    )
    strictness: Strictness = _setting(
        "lenient",
        "strict refuses what the 2017 service merely tolerated (legacy query token, no PKCE)",
        choices=("lenient", "strict"),
    )
    sign_in: SignInMode = _setting(
        "automatic",
        "automatic signs in the default user; interactive shows a page to pick a user",
        choices=("automatic", "interactive"),
    )
    multiple_credentials: MultipleCredentials = _setting(
        "incompatible",
        "answer to two or more credentials: 400 INCOMPATIBLE_INPUT_PARAMETERS or "
        "401 INVALID_AUTHORIZATION_HEADER",
        choices=("incompatible", "invalid-header"),
    )
    refresh_rotation: RefreshRotation = _setting(
        "keep-old",
        "keep-old leaves a used refresh token valid (as Microsoft does); revoke-old rotates",
        choices=("keep-old", "revoke-old"),
    )
    scenario: Path | None = _setting(None, "scenario file (JSON or TOML); default: built-in demo")
    signing_key: str | None = _setting(
        None, "secret that signs opaque tokens; set the same on several servers to share tokens"
    )
    jwt_key_file: Path | None = _setting(
        None, "PEM RSA private key for --token-format jwt; default: generated at start"
    )
    revocation_limit: int = _setting(
        100_000,
        "live revocations kept (one is never forgotten before what it revokes expires); at "
        "the limit the mock refuses to issue tokens (503) until some expire",
    )
    journal_size: int = _setting(10_000, "how many requests the journal keeps")
    journal_bytes: int = _setting(
        4 * 1024 * 1024,
        "bytes the journal may hold in all (an entry costs about 1 KiB, a long path or query "
        "more): the oldest entries leave first",
    )
    idle_timeout: int = _setting(
        5,
        "seconds a connection may stay open without sending a request, before its first "
        "request and between requests; then it is closed",
    )
    admin_key: str | None = _setting(
        None, "key for the /_mock/ control API; required (and generated) off loopback"
    )
    log_level: str = _setting(
        "info",
        "log level (uvicorn's own start and stop lines only at debug)",
        choices=("critical", "error", "warning", "info", "debug"),
    )

    def __post_init__(self) -> None:
        for name in ("revocation_limit", "journal_size", "journal_bytes", "idle_timeout"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name}: must be at least 1, not {getattr(self, name)}")
        key = self.admin_key
        if key is not None and (not key.strip() or key != key.strip()):
            # An empty key would be matched by an empty `X-Admin-Key:` header, and a key with
            # surrounding spaces by none (headers are stripped): both are mistakes.
            raise ValueError(
                "admin_key: give a non-empty key without surrounding spaces, or none at all "
                "(on loopback no key is needed; off loopback one is generated)"
            )
        for name in BASE_URL_FIELDS:
            value = getattr(self, name)
            if value is not None:
                try:
                    check_base_url(value)
                except ValueError as exc:
                    raise ValueError(f"{name}: {exc}") from None

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    @property
    def effective_api_port(self) -> int:
        return self.port if self.api_port is None else self.api_port

    @property
    def public_auth_url(self) -> str:
        return (self.auth_base_url or f"http://{_url_host(self.host)}:{self.port}").rstrip("/")

    @property
    def public_api_url(self) -> str:
        default = f"http://{_url_host(self.host)}:{self.effective_api_port}"
        return (self.api_base_url or default).rstrip("/")

    @property
    def is_loopback(self) -> bool:
        return self.host in {"127.0.0.1", "localhost", "::1"} or self.host.startswith("127.")

    @property
    def strict(self) -> bool:
        return self.strictness == "strict"


BASE_URL_FIELDS = ("auth_base_url", "api_base_url")


def check_base_url(text: str) -> str:
    """`text` when it is an `http(s)://host[:port][/path]` URL; else a one-line ValueError.

    The mock announces these URLs (issuer, redirects, /_mock/status) without serving on
    them: a typo would only show up later as clients calling nowhere.
    """
    problem = f"must be http(s)://host[:port][/path], not {text!r}"
    if not text or any(c.isspace() for c in text):
        raise ValueError(problem)
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        raise ValueError(problem) from None
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or port == 0
        or "@" in parts.netloc
        or "?" in text
        or "#" in text
    ):
        raise ValueError(problem)
    return text


def _url_host(host: str) -> str:
    if host in {"0.0.0.0", "::"}:  # noqa: S104 - a bind-all address is not a URL host
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def setting_fields() -> tuple[dataclasses.Field[Any], ...]:
    """The fields of `Settings`, in declaration order (the CLI builds its flags from them)."""
    return dataclasses.fields(Settings)
