"""Reading an authorize request (reference §3.3; RFC 6749 §4.1.1, §4.2.1; RFC 7636 §4.3).

Two stages, because RFC 6749 §4.1.2.1 splits the errors in two. `read_target` establishes the
client and its redirect URI: any failure there goes to err.srf, never to a redirect.
`read_request` reads the rest: its failures go back to the now trusted redirect URI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from .._journal import JournalEntry
from .._scenario import GROOVE_SCOPE, OFFLINE_SCOPE, PROFILE_SCOPE, USER_SCOPES, App, User
from .._state import MockState
from ._errors import InvalidRequest, InvalidScope, UnauthorizedClient, UnsupportedResponseType
from ._forms import ParsedParams, refuse_repeats
from ._pkce import ChallengeMethod, challenge_method, is_valid_challenge
from ._redirect_uris import RedirectPolicy, RedirectTarget, ResponseMode
from ._violations import Violation

ResponseType = Literal["code", "token"]
Prompt = Literal["login", "none", "consent", "select_account"]
PROMPTS: tuple[Prompt, ...] = ("login", "none", "consent", "select_account")
KNOWN_SCOPES = f"{GROOVE_SCOPE}, {OFFLINE_SCOPE}, {PROFILE_SCOPE}"


@dataclass(frozen=True, slots=True)
class Target:
    """Where this request's answers may go, established before anything else is trusted."""

    app: App
    redirect: RedirectTarget
    response_mode: ResponseMode
    state: str | None


@dataclass(frozen=True, slots=True)
class AuthorizeRequest:
    """A valid authorize request, ready for sign-in."""

    app: App
    redirect: RedirectTarget
    response_type: ResponseType
    response_mode: ResponseMode
    scopes: tuple[str, ...]
    state: str | None
    code_challenge: str | None
    code_challenge_method: ChallengeMethod | None
    hinted_user: User | None
    prompt: Prompt | None

    @property
    def target(self) -> Target:
        return Target(self.app, self.redirect, self.response_mode, self.state)

    def binding(self) -> bytes:
        """Everything a posted sign-in decision must not be able to change."""
        fields = [
            self.app.client_id,
            self.redirect.uri,
            self.response_type,
            self.response_mode,
            list(self.scopes),
            self.state,
            self.code_challenge,
            self.code_challenge_method,
        ]
        return json.dumps(fields, separators=(",", ":")).encode()


def read_target(
    parsed: ParsedParams, state: MockState, policy: RedirectPolicy, entry: JournalEntry
) -> Target:
    """The client and redirect URI, or an error for err.srf."""
    for name in ("client_id", "redirect_uri"):
        if name in parsed.repeated:
            entry.violate(Violation.REPEATED_PARAMETER.value)
            raise InvalidRequest(f"The parameter '{name}' appears more than once")
    values = parsed.values
    app = known_app(values, state, entry)
    uri = redirect_uri_of(values, entry)
    target = policy.for_authorize(app, uri)
    if target is None:
        entry.violate(Violation.REDIRECT_URI_UNREGISTERED.value)
        raise InvalidRequest(
            "The provided value for the input parameter 'redirect_uri' is not valid. The expected"
            " value is a URI which matches a redirect URI registered for this client application."
        )
    return Target(app, target, _error_mode(values), values.get("state"))


def known_app(values: dict[str, str], state: MockState, entry: JournalEntry) -> App:
    """The app named by `client_id` (authorize and logout), or an error for err.srf: MSA's
    words for an unknown client are `unauthorized_client`."""
    client_id = values.get("client_id")
    if client_id is None:
        raise InvalidRequest("The request must contain the parameter 'client_id'")
    entry.client_id = client_id
    app = state.app(client_id)
    if app is None:
        entry.violate(Violation.UNKNOWN_CLIENT.value)
        raise UnauthorizedClient("The client does not exist or is not enabled for consumers")
    return app


def redirect_uri_of(values: dict[str, str], entry: JournalEntry) -> str:
    uri = values.get("redirect_uri")
    if uri is None:
        entry.violate(Violation.AUTHORIZE_REDIRECT_URI_MISSING.value)
        raise InvalidRequest("The request must contain the parameter 'redirect_uri'")
    return uri


def read_request(
    target: Target, parsed: ParsedParams, state: MockState, entry: JournalEntry
) -> AuthorizeRequest:
    """The whole request, or an error to send to the target."""
    values = refuse_repeats(parsed, "query string", entry)
    response_type = _response_type(values.get("response_type"))
    response_mode = _response_mode(values.get("response_mode"), response_type)
    scopes = _scopes(values.get("scope"), response_type, state, entry)
    challenge, method = _pkce(values, target.app, response_type, state, entry)
    return AuthorizeRequest(
        app=target.app,
        redirect=target.redirect,
        response_type=response_type,
        response_mode=response_mode,
        scopes=scopes,
        state=target.state,
        code_challenge=challenge,
        code_challenge_method=method,
        hinted_user=_hinted_user(values.get("login_hint"), state),
        prompt=_prompt(values.get("prompt")),
    )


def _error_mode(values: dict[str, str]) -> ResponseMode:
    mode = values.get("response_mode")
    if mode == "query":
        return "query"
    if mode == "fragment" or values.get("response_type") == "token":
        return "fragment"
    return "query"


def _response_type(value: str | None) -> ResponseType:
    if value is None:
        raise InvalidRequest("The request must contain the parameter 'response_type'")
    if value == "code":
        return "code"
    if value == "token":
        return "token"
    raise UnsupportedResponseType(
        f"The response type '{value[:40]}' is not supported: use 'code' or 'token'"
    )


def _response_mode(value: str | None, response_type: ResponseType) -> ResponseMode:
    if value is None:
        return "fragment" if response_type == "token" else "query"
    if value != "query" and value != "fragment":
        raise InvalidRequest(
            f"The response_mode '{value[:40]}' is not supported: use 'query' or 'fragment'"
        )
    if value == "fragment":
        return "fragment"
    if response_type == "token":
        raise InvalidRequest("Tokens never travel in a query: response_type=token needs a fragment")
    return "query"


def _scopes(
    value: str | None, response_type: ResponseType, state: MockState, entry: JournalEntry
) -> tuple[str, ...]:
    # RFC 6749 §3.3: no default scope here, so a missing scope is an invalid one.
    if value is None:
        raise InvalidScope(f"The request must contain a scope; valid scopes: {KNOWN_SCOPES}")
    scopes = tuple(dict.fromkeys(s for s in value.split(" ") if s))
    unknown = [s for s in scopes if s not in USER_SCOPES]
    if unknown or not scopes:
        shown = unknown[0][:60] if unknown else value[:60]
        raise InvalidScope(f"The scope '{shown}' is not valid; valid scopes: {KNOWN_SCOPES}")
    if response_type == "token" and OFFLINE_SCOPE in scopes:
        # Reference §3.3: no refresh token in the token flow.
        entry.violate(Violation.OFFLINE_ACCESS_IN_TOKEN_FLOW.value)
        if state.settings.strict:
            raise InvalidScope("offline_access is not available with response_type=token")
        scopes = tuple(s for s in scopes if s != OFFLINE_SCOPE)
        if not scopes:
            raise InvalidScope("offline_access alone grants nothing with response_type=token")
    return scopes


def _pkce(
    values: dict[str, str],
    app: App,
    response_type: ResponseType,
    state: MockState,
    entry: JournalEntry,
) -> tuple[str | None, ChallengeMethod | None]:
    if response_type == "token":
        return None, None  # PKCE binds a code; the token flow has none.
    challenge, method_name = values.get("code_challenge"), values.get("code_challenge_method")
    if challenge is None:
        if method_name is not None:
            raise InvalidRequest("code_challenge_method was sent without a code_challenge")
        if app.is_public:
            entry.violate(Violation.PKCE_MISSING.value)
            if state.settings.strict:
                raise InvalidRequest(
                    "PKCE is required for public clients: send code_challenge and "
                    "code_challenge_method=S256"
                )
        return None, None
    method = challenge_method(method_name)
    if method is None:
        raise InvalidRequest(
            f"The code_challenge_method '{(method_name or '')[:20]}' is not supported: "
            "use S256 or plain"
        )
    if not is_valid_challenge(challenge, method):
        expected = "43 base64url characters" if method == "S256" else "43 to 128 characters"
        raise InvalidRequest(f"The code_challenge is malformed: expected {expected}")
    if method == "plain":
        entry.violate(Violation.PKCE_PLAIN.value)
    return challenge, method


def _hinted_user(login_hint: str | None, state: MockState) -> User | None:
    if login_hint is None:
        return None
    user = state.user(login_hint)
    if user is not None:
        return user
    wanted = login_hint.casefold()
    for candidate in state.scenario.users:
        if candidate.email.casefold() == wanted:
            return candidate
    # A hint that names nobody would otherwise sign in someone else: refuse it loudly.
    raise InvalidRequest(f"The login_hint '{login_hint[:80]}' names no user of this scenario")


def _prompt(value: str | None) -> Prompt | None:
    if value is None:
        return None
    for prompt in PROMPTS:
        if value == prompt:
            return prompt
    raise InvalidRequest(f"The prompt '{value[:40]}' is not supported: use {', '.join(PROMPTS)}")
