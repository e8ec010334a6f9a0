"""`GET /oauth20_authorize.srf` and the interactive sign-in decision it may lead to.

Who signs in (reference §3.3, and our choice: docs/contract/auth.md): with `prompt=login`,
`consent` or `select_account`, or with `settings.sign_in == "interactive"`, a page asks;
otherwise the `login_hint` user, else the user of the browser's SSO session, else the scenario's
default user.
`prompt=none` never shows a page: it fails with `login_required` when only a page would do.
The page's form carries a signed, single-use transaction handle; the request it stands for stays
on the server, so the form cannot change the client, redirect URI, scope or state.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import Response

from .._hosts import HostPolicy
from .._journal import JournalEntry, entry_of
from .._scenario import User
from .._state import MockState
from .._tokens import TokenKind, fingerprint
from ._authorize_request import AuthorizeRequest, read_request, read_target
from ._csrf import CSRF_FIELD, SignInCSRF
from ._errors import AccessDenied, InvalidRequest, LoginRequired, OAuthError
from ._forms import query_params, read_form
from ._http import (
    page,
    redirect,
    refusal_page,
    refuse_method,
    session_id,
    set_session,
    to_client,
    to_error_page,
)
from ._issuing import issue_user_tokens
from ._pages import SIGN_IN_FORM_PATH, sign_in_page
from ._redirect_uris import RedirectPolicy, add_parameters
from ._store import AuthStore

_PAGE_PROMPTS = frozenset({"login", "consent", "select_account"})


class Authorization:
    def __init__(self, state: MockState, store: AuthStore, policy: RedirectPolicy):
        self.state = state
        self.store = store
        self.policy = policy
        self.form_action = state.settings.public_auth_url + SIGN_IN_FORM_PATH
        self.csrf = SignInCSRF(state.settings)
        self.hosts = HostPolicy(state.settings)

    async def authorize(self, request: Request) -> Response:
        refused = refuse_method(request, ("GET",))
        if refused is not None:
            return refused
        entry = entry_of(request.scope)
        try:
            parsed = query_params(request.scope, entry)
            target = read_target(parsed, self.state, self.policy, entry)
        except OAuthError as exc:
            return to_error_page(self.policy, exc, entry)
        try:
            return self._sign_in(request, read_request(target, parsed, self.state, entry), entry)
        except OAuthError as exc:
            return to_client(target, exc, entry)

    async def decide(self, request: Request) -> Response:
        """`POST /ppsecure/post.srf`: the sign-in page's Accept or Deny."""
        refused = refuse_method(request, ("POST",))
        if refused is not None:
            return refused
        entry = entry_of(request.scope)
        # `Host` only: the page's `Referrer-Policy: no-referrer` makes browsers send
        # `Origin: null` with its own form; the SameSite=Strict CSRF cookie stops other sites.
        elsewhere = self.hosts.refusal(request.scope, check_origin=False)
        if elsewhere is not None:
            entry.error_code = "invalid_request"
            return refusal_page(f"The sign-in form was not posted to this server: {elsewhere}")
        try:
            form = await read_form(request, entry)
        except OAuthError as exc:
            return to_error_page(self.policy, exc, entry)
        handle = form.get("tx", "")
        auth_request = self.store.transaction(handle)
        if auth_request is None:
            problem = InvalidRequest(
                "The sign-in transaction is unknown, expired, already used or was altered"
            )
            return to_error_page(self.policy, problem, entry)
        if not self.csrf.valid(request, handle, form.get(CSRF_FIELD, "")):
            entry.error_code = "invalid_request"
            return refusal_page(
                "The sign-in form was not posted from its own page in this browser (CSRF "
                "check failed): open the sign-in page again and post it from there"
            )
        entry.client_id = auth_request.app.client_id
        decision, user = form.get("decision"), self.state.user(form.get("user_id"))
        if decision not in ("accept", "deny"):
            return self._page(
                request, auth_request, handle, form.get("user_id"), "Choose Accept or Deny."
            )
        if decision == "accept" and user is None:
            return self._page(
                request, auth_request, handle, None, "Choose an account to sign in with."
            )
        if self.store.close_transaction(handle) is None:
            problem = InvalidRequest("The sign-in transaction was already used")
            return to_error_page(self.policy, problem, entry)
        if user is not None:
            entry.user_id = user.id
        if decision == "deny" or user is None:
            return to_client(auth_request.target, AccessDenied(), entry)
        return self._complete(request, auth_request, user, entry)

    def _sign_in(
        self, request: Request, auth_request: AuthorizeRequest, entry: JournalEntry
    ) -> Response:
        state = self.state
        session_user = state.user(self.store.session_user(session_id(request)))
        interactive = state.settings.sign_in == "interactive"
        if auth_request.prompt == "none":
            user = auth_request.hinted_user or session_user
            if interactive and (session_user is None or user is None or user.id != session_user.id):
                raise LoginRequired()
            return self._complete(request, auth_request, user or state.default_user, entry)
        if interactive or auth_request.prompt in _PAGE_PROMPTS:
            chosen = auth_request.hinted_user or session_user or state.default_user
            handle = self.store.open_transaction(auth_request)
            return self._page(request, auth_request, handle, chosen.id)
        user = auth_request.hinted_user or session_user or state.default_user
        return self._complete(request, auth_request, user, entry)

    def _page(
        self,
        request: Request,
        auth_request: AuthorizeRequest,
        handle: str,
        selected_user_id: str | None,
        problem: str | None = None,
    ) -> Response:
        secret, new = self.csrf.browser_secret(request)
        html = sign_in_page(
            app=auth_request.app,
            scopes=auth_request.scopes,
            redirect_uri=auth_request.redirect.uri,
            users=self.state.scenario.users,
            selected_user_id=selected_user_id,
            handle=handle,
            csrf=self.csrf.token(secret, handle),
            action=self.form_action,
            problem=problem,
        )
        response = page(html, 400 if problem else 200)
        if new:
            self.csrf.set_cookie(response, secret)
        return response

    def _complete(
        self, request: Request, auth_request: AuthorizeRequest, user: User, entry: JournalEntry
    ) -> Response:
        """The user is signed in and consents: a code or a token goes to the client."""
        state, store = self.state, self.store
        entry.user_id = user.id
        store.check_room()
        params: dict[str, str]
        if auth_request.response_type == "code":
            code = store.issue_code(auth_request, user.id, state.settings.code_lifetime).code
            entry.token_kind, entry.token_fingerprint = "code", fingerprint(code)
            params = {"code": code}
            if auth_request.state is not None:
                params["state"] = auth_request.state
        else:
            tokens = issue_user_tokens(
                state,
                auth_request.app,
                user.id,
                scopes=auth_request.scopes,
                grant_id=secrets.token_hex(8),
                refresh_scopes=None,
                audience=auth_request.redirect.uri,
                public_client_key=store.public_client_key,
            )
            entry.token_kind = TokenKind.USER.value
            entry.token_fingerprint = fingerprint(tokens.access_token)
            params = tokens.fragment(auth_request.state)
        response = redirect(
            add_parameters(auth_request.redirect, params, auth_request.response_mode)
        )
        session = store.sign_in(session_id(request), user.id, auth_request.app.client_id)
        set_session(response, session, state.settings)
        return response
