"""What the contract leaves to a client, as knobs (`Choices`), and the legal styles of the
values a client makes up itself: the sign-in's `state`, the PKCE verifier and the
`clientInstanceId`. Every combination the catalogue uses is legal."""

from __future__ import annotations

import secrets
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

_UNRESERVED = string.ascii_letters + string.digits + "-._~"


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


STATE_STYLES: dict[str, Callable[[], str]] = {
    "urlsafe-32": lambda: secrets.token_urlsafe(24),
    "hex-16": lambda: secrets.token_hex(8),
    "uuid4": lambda: str(uuid.uuid4()),
    "unreserved-100": lambda: _random(_UNRESERVED, 100),
}
"""A state is fresh and unguessable for each sign-in, at least 16 characters (S7)."""
VERIFIER_STYLES: dict[str, Callable[[], str]] = {
    "urlsafe-43": lambda: _random(string.ascii_letters + string.digits + "-_", 43),
    "unreserved-128": lambda: _random(_UNRESERVED, 128),
    "hex-64": lambda: secrets.token_hex(32),
}
"""RFC 7636 §4.1: 43 to 128 characters of [A-Za-z0-9-._~]."""
INSTANCE_ID_STYLES: dict[str, Callable[[], str]] = {
    "uuid-hex": lambda: uuid.uuid4().hex,
    "uuid-dashed": lambda: str(uuid.uuid4()),
    "urlsafe-128": lambda: _random(string.ascii_letters + string.digits + "-_", 128),
    "digits-40": lambda: _random(string.digits, 40),
}
"""§6 #11-12: 32 to 128 characters, stable for the client (any alphabet the docs allow)."""


@dataclass(frozen=True, slots=True)
class Choices:
    """What the contract leaves to the client. The defaults are one legal client."""

    app_token_fetch: Literal["lazy", "eager"] = "lazy"
    """Fetch the app token on first use, or when the client is built."""
    renew_early: float = 0.0
    """Seconds before `expires_in` runs out at which a token is renewed (0: only on *_EXPIRED)."""
    client_auth: Literal["body", "basic"] = "body"
    """client_secret in the form, or HTTP Basic over the form-encoded id and secret (§2.3.1)."""
    scheme: str = "Bearer"
    """How the client spells the Authorization scheme (RFC 9110 §11.1: any case)."""
    form_content_type: str = "application/x-www-form-urlencoded"
    state_style: str = "urlsafe-32"
    verifier_style: str = "urlsafe-43"
    pkce_when_confidential: bool = True
    """PKCE is a MUST for public clients only; a web app may use it or not."""
    prompt: str | None = None
    """`login`, `consent`, `select_account`, `none`, or no prompt."""
    extra_scopes: tuple[str, ...] = ()
    """e.g. `wl.basic`, which the SDK sample asks for with the Groove scope."""
    always_offline_access: bool = False
    """Ask for `offline_access` on every sign-in, not only when a refresh token is wanted."""
    refresh_sends_redirect_uri: bool = True
    """§3.3 lists it in the refresh form; the mock takes it as optional (R5)."""
    refresh_sends_scope: bool = False
    """A refresh may name a subset of the granted scopes (RFC 6749 §6)."""
    instance_id_style: str = "uuid-hex"
    catalog_with_user_token: bool = False
    """Once a user is signed in, send the user token to catalog endpoints too (as the SDK)."""
    common_params: tuple[tuple[str, str], ...] = ()
    """Common parameters (§4) sent on every call, e.g. `country`/`language`."""
    retry_statuses: tuple[int, ...] = (429, 503)
    """Statuses retried after a wait: throttling and load shedding (§10); a 5xx may be too."""
    max_throttle_retries: int = 3
    max_wait: float = 5.0
    """The longest Retry-After worth waiting; longer: fail the call at once."""
    extra_wait: float = 0.0
    """Wait this much longer than Retry-After (jitter)."""
    login_hint: bool = False
    """Send `login_hint` with the default user's e-mail."""
    response_mode: str | None = None
    """`query` may be named explicitly for the code flow (OAuth 2.0 Multiple Response Types)."""
    api_headers: tuple[tuple[str, str], ...] = ()
    """Extra headers on API calls, e.g. the SDK's `X-Client-Name` / `X-Client-Version` (§4)."""
    persist: bool = False
    """Keep the user's tokens and the clientInstanceId in `env.storage_dir` across restarts."""
    send_state_token: bool = True
    """Send the collection's CollectionStateToken with a playlist update (optional, §6 #17)."""
