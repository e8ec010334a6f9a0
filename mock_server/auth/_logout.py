"""`GET /oauth20_logout.srf` (reference §3.3): end the user's sign-in to a client, then go back
to the client's exact registered redirect URI, with no parameters.

Which user: the one of the browser's SSO session cookie; without one (a client that calls
logout from a back channel, or a fresh browser), every user signed in to that client, since
the mock cannot tell them apart. Either way the SSO cookie is cleared.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from .._journal import JournalEntry, entry_of
from .._state import MockState
from ._authorize_request import known_app
from ._errors import InvalidRequest, OAuthError
from ._forms import query_params, refuse_repeats
from ._http import clear_session, redirect, refuse_method, session_id, to_error_page
from ._redirect_uris import RedirectPolicy
from ._store import AuthStore
from ._violations import Violation


class Logout:
    def __init__(self, state: MockState, store: AuthStore, policy: RedirectPolicy):
        self.state = state
        self.store = store
        self.policy = policy

    async def handle(self, request: Request) -> Response:
        refused = refuse_method(request, ("GET",))
        if refused is not None:
            return refused
        state, entry = self.state, entry_of(request.scope)
        try:
            values = refuse_repeats(query_params(request.scope, entry), "query string", entry)
            client_id, uri = self._checked(values, entry)
        except OAuthError as exc:
            return to_error_page(self.policy, exc, entry)
        session = session_id(request)
        user_id = self.store.session_user(session)
        if session is not None and user_id is not None:
            self.store.end_session(session)
            self.store.forget_sign_in(user_id, client_id)
            users = {user_id}
        else:
            users = self.store.sign_out_everyone(client_id)
        for user in sorted(users):
            state.sign_out(user, client_id)
        if len(users) == 1:
            entry.user_id = next(iter(users))
        response = redirect(uri)
        clear_session(response, state.settings)
        return response

    def _checked(self, values: dict[str, str], entry: JournalEntry) -> tuple[str, str]:
        app = known_app(values, self.state, entry)
        uri = values.get("redirect_uri")
        if uri is None:
            entry.violate(Violation.LOGOUT_REDIRECT_URI_MISSING.value)
            raise InvalidRequest("The request must contain the parameter 'redirect_uri'")
        if not self.policy.for_logout(app, uri):
            entry.violate(Violation.LOGOUT_REDIRECT_URI_UNREGISTERED.value)
            raise InvalidRequest(
                "The redirect_uri must be exactly one registered for this application"
            )
        return app.client_id, uri
