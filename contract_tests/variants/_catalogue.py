"""The catalogue of legal variations: correct clients that differ where the contract allows.

Each one is the docs client (`_docs_client.py`, written from the contract documents) with one
choice changed, or a few together; `rules` names the rules whose legal space it probes. Every
one must pass the whole suite with exit 0 (`tests/contract_tests/test_catalogues.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Literal

from .._adapter import ClientFactory
from ._adapter import docs_factory
from ._choices import Choices


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    what: str
    rules: tuple[str, ...]
    choices: Choices = field(default_factory=Choices)
    shape: Literal["web", "public", "both"] = "web"
    source: str = ""

    @property
    def factory(self) -> ClientFactory:
        return docs_factory(self.choices, shape=self.shape, name=self.name)


_C = Choices
VARIANTS: tuple[Variant, ...] = (
    Variant(
        "web_app",
        "a confidential web app: lazy app token, body client auth, renews on *_EXPIRED only",
        (
            "GC-RETRY-002",
            "GC-RATE-003",
            "GC-SIGNOUT-001",
            "GC-SIGNOUT-002",
            "GC-USER-002",
            "GC-TOKEN-004",
            "GC-COLLECTION-001",
            "GC-PLAYLIST-001",
        ),
        _C(),
    ),
    Variant(
        "eager_app_token",
        "fetches its app token when it is built, before any step",
        ("GC-TOKEN-001", "GC-TOKEN-003"),
        _C(app_token_fetch="eager"),
    ),
    Variant(
        "renews_a_minute_early",
        "renews every token 60 s before expires_in runs out",
        ("GC-TOKEN-003", "GC-TOKEN-004", "GC-USER-002", "GC-RETRY-001", "GC-REFRESH-001"),
        _C(renew_early=60),
        source="§3.1 (read expires_in); Authlib's 60 s leeway",
    ),
    Variant(
        "renews_five_minutes_early",
        "treats a token with less than 5 minutes left as expired, as MSAL does",
        ("GC-TOKEN-003", "GC-TOKEN-004", "GC-USER-002", "GC-RETRY-001", "GC-REFRESH-001"),
        _C(renew_early=300),
        source="MIC §5.1",
    ),
    Variant(
        "basic_client_auth",
        "authenticates with HTTP Basic over the form-encoded id and secret",
        ("GC-CLIENT-001", "GC-TOKEN-001", "GC-TOKEN-002"),
        _C(client_auth="basic"),
        source="RFC 6749 §2.3.1",
    ),
    Variant(
        "bearer_lower_case",
        "spells the scheme `bearer`, as the token responses do",
        ("GC-CRED-002",),
        _C(scheme="bearer"),
        source="RFC 9110 §11.1",
    ),
    Variant(
        "bearer_upper_case", "spells the scheme `BEARER`", ("GC-CRED-002",), _C(scheme="BEARER")
    ),
    Variant(
        "form_with_charset",
        "posts `application/x-www-form-urlencoded;charset=UTF-8`, as Authlib does",
        ("GC-TOKEN-001",),
        _C(form_content_type="application/x-www-form-urlencoded;charset=UTF-8"),
        source="MIC §6 trap 13",
    ),
    Variant(
        "state_hex_16",
        "a 16-character hex state (64 random bits), the shortest the suite accepts",
        ("GC-AUTH-005", "GC-AUTH-006"),
        _C(state_style="hex-16"),
    ),
    Variant("state_uuid4", "a random UUID as the state", ("GC-AUTH-005",), _C(state_style="uuid4")),
    Variant(
        "state_unreserved_100",
        "a 100-character state of RFC 3986 unreserved characters (`-._~` included)",
        ("GC-AUTH-005", "GC-AUTH-006"),
        _C(state_style="unreserved-100"),
    ),
    Variant(
        "web_app_without_pkce",
        "a confidential web app that does not use PKCE (a MUST for public clients only)",
        ("GC-AUTH-007", "GC-CODE-001"),
        _C(pkce_when_confidential=False),
    ),
    Variant(
        "public_app",
        "a desktop/mobile app: no secret, the desktop redirect URI, PKCE",
        ("GC-AUTH-002", "GC-AUTH-007", "GC-CLIENT-001", "GC-USER-001", "GC-PAGE-001"),
        _C(),
        shape="public",
        source="§3.3, §3.4; RFC 7636",
    ),
    Variant(
        "web_or_public_app",
        "one program registered as both: the web app for most rules, the public app for PKCE",
        ("GC-AUTH-007",),
        _C(pkce_when_confidential=False),
        shape="both",
    ),
    Variant(
        "public_verifier_128",
        "a public app with a 128-character verifier of every unreserved character",
        ("GC-AUTH-007",),
        _C(verifier_style="unreserved-128"),
        shape="public",
        source="RFC 7636 §4.1",
    ),
    Variant(
        "public_verifier_hex",
        "a public app with a 64-character hex verifier",
        ("GC-AUTH-007",),
        _C(verifier_style="hex-64"),
        shape="public",
    ),
    Variant("prompt_none", "sends prompt=none", ("GC-AUTH-001",), _C(prompt="none")),
    Variant("prompt_login", "sends prompt=login", ("GC-AUTH-001",), _C(prompt="login")),
    Variant("prompt_consent", "sends prompt=consent", ("GC-AUTH-001",), _C(prompt="consent")),
    Variant(
        "prompt_select_account",
        "sends prompt=select_account",
        ("GC-AUTH-001",),
        _C(prompt="select_account"),
    ),
    Variant(
        "public_prompt_select_account",
        "a public app that lets the user pick the account",
        ("GC-AUTH-001", "GC-AUTH-007"),
        _C(prompt="select_account", verifier_style="unreserved-128", scheme="bearer"),
        shape="public",
    ),
    Variant(
        "login_hint",
        "names the user with login_hint",
        ("GC-AUTH-001",),
        _C(login_hint=True, prompt="login"),
    ),
    Variant(
        "wl_basic_scope",
        "asks for wl.basic with the Groove scope, as the SDK sample does",
        ("GC-AUTH-003",),
        _C(extra_scopes=("wl.basic",)),
        source="§3.3 (extra scope seen)",
    ),
    Variant(
        "always_offline_access",
        "asks for offline_access on every sign-in",
        ("GC-AUTH-004",),
        _C(always_offline_access=True),
    ),
    Variant(
        "refresh_without_redirect_uri",
        "refreshes without redirect_uri (optional at the token endpoint)",
        ("GC-REFRESH-001",),
        _C(refresh_sends_redirect_uri=False),
        source="docs/contract/auth.md R5",
    ),
    Variant(
        "refresh_with_scope",
        "names the granted scopes (without offline_access) when refreshing",
        ("GC-REFRESH-001",),
        _C(refresh_sends_scope=True),
        source="RFC 6749 §6",
    ),
    Variant(
        "instance_id_dashed_uuid",
        "a 36-character dashed UUID as clientInstanceId",
        ("GC-STREAM-001",),
        _C(instance_id_style="uuid-dashed"),
    ),
    Variant(
        "instance_id_128",
        "a 128-character clientInstanceId of letters, digits, - and _",
        ("GC-STREAM-001",),
        _C(instance_id_style="urlsafe-128"),
    ),
    Variant(
        "instance_id_digits",
        "a 40-digit clientInstanceId",
        ("GC-STREAM-001",),
        _C(instance_id_style="digits-40"),
    ),
    Variant(
        "catalog_with_user_token",
        "sends the user token to catalog endpoints while a user is signed in, as the SDK does",
        ("GC-USER-001", "GC-CRED-001", "GC-TOKEN-003"),
        _C(catalog_with_user_token=True),
        source="§5 (either APP or USER on catalog endpoints)",
    ),
    Variant(
        "common_parameters",
        "sends country and language on every call, continuations included",
        ("GC-PAGE-001", "GC-PAGE-002"),
        _C(common_params=(("country", "US"), ("language", "en"))),
        source="§4 (common parameters)",
    ),
    Variant(
        "playlist_update_without_state",
        "updates playlists without a CollectionStateToken (the member is optional)",
        ("GC-PLAYLIST-001",),
        _C(send_state_token=False),
        source="§6 #17",
    ),
    Variant(
        "waits_longer_than_retry_after",
        "waits 0.3 s longer than Retry-After (jitter)",
        ("GC-RATE-001",),
        _C(extra_wait=0.3),
    ),
    Variant(
        "five_throttle_retries",
        "retries a 429/503 five times before giving up",
        ("GC-RATE-002",),
        _C(max_throttle_retries=5),
    ),
    Variant(
        "one_throttle_retry",
        "retries a 429/503 once, and waits at most 2 s",
        ("GC-RATE-001", "GC-RATE-002"),
        _C(max_throttle_retries=1, max_wait=2.0),
    ),
    Variant(
        "retries_bad_gateway",
        "also retries 502 (CATALOG_UNAVAILABLE and other backend failures) after a wait",
        ("GC-RATE-002", "GC-RATE-003"),
        _C(retry_statuses=(429, 502, 503)),
        source="§8 (502: backend down); GC-RATE-003 forbids retrying 4xx only",
    ),
    Variant(
        "public_basic_auth",
        "a public app that authenticates as HTTP Basic `id:` (an empty password)",
        ("GC-CLIENT-001", "GC-TOKEN-002"),
        _C(client_auth="basic"),
        shape="public",
        source="RFC 6749 §2.3.1; docs/contract/auth.md C9",
    ),
    Variant(
        "response_mode_query",
        "names response_mode=query, the code flow's default",
        ("GC-AUTH-001",),
        _C(response_mode="query"),
        source="docs/contract/auth.md A11",
    ),
    Variant(
        "sdk_headers",
        "sends the SDK's X-Client-Name and X-Client-Version and Accept: application/json",
        ("GC-CRED-001", "GC-CRED-002"),
        _C(
            api_headers=(
                ("X-Client-Name", "GrooveClientSDK"),
                ("X-Client-Version", "1.0"),
                ("Accept", "application/json"),
            )
        ),
        source="§4 (SDK extra headers)",
    ),
    Variant(
        "persists_tokens",
        "keeps the user's tokens and its clientInstanceId on disk across restarts",
        ("GC-STREAM-001", "GC-REFRESH-001", "GC-SIGNOUT-001"),
        _C(persist=True),
    ),
    Variant(
        "everything_else_at_once",
        "Basic auth, eager app token, renews early, lower-case bearer, uuid state, no PKCE",
        ("GC-CLIENT-001", "GC-TOKEN-003", "GC-CRED-002", "GC-AUTH-005"),
        _C(
            client_auth="basic",
            app_token_fetch="eager",
            renew_early=120,
            scheme="bearer",
            state_style="uuid4",
            pkce_when_confidential=False,
            prompt="consent",
        ),
    ),
)

VARIANTS_BY_NAME: dict[str, Variant] = {variant.name: variant for variant in VARIANTS}
legal = SimpleNamespace(**{variant.name: variant.factory for variant in VARIANTS})
"""Each variant's factory, as `groove-contract verify --client contract_tests.variants:legal.NAME`
loads it."""


def legal_variations_markdown() -> str:
    """What docs/contract/suite.md shows: each variation, then for each rule the variations
    that probe it (a test keeps the page in step with the catalogue)."""
    from ..rules import RULES

    lines = [f"- `{v.name}`: {v.what}" + (f" ({v.source})" if v.source else "") for v in VARIANTS]
    lines += ["", "| Rule | Legal variations that pass it |", "|---|---|"]
    for rule in RULES:
        names = ", ".join(f"`{v.name}`" for v in VARIANTS if rule.id in v.rules)
        lines.append(f"| {rule.id} | {names} |")
    return "\n".join(lines) + "\n"
