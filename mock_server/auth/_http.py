"""Response helpers of the authorization server: redirects, pages, method refusals, the SSO
cookie. The error paths here fill the journal's error code themselves, because they answer with
a redirect or a page rather than through the app's exception handler."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import Response

from .._journal import JournalEntry, entry_of
from .._responses import NO_STORE, oauth_error_response
from .._settings import Settings
from ._authorize_request import Target
from ._errors import InvalidRequest, OAuthError
from ._redirect_uris import RedirectPolicy, add_parameters
from ._violations import Violation

# login.live.com's own SSO cookie name; clients never read it, browsers just send it back.
SESSION_COOKIE = "MSPAuth"

_PAGE_HEADERS = {
    **NO_STORE,
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        "frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def redirect(url: str) -> Response:
    # Built by hand: RedirectResponse re-quotes the URL, which could change a redirect URI the
    # client must get back exactly.
    return Response(status_code=302, headers={"Location": url, **NO_STORE})


def page(content: bytes, status_code: int = 200) -> Response:
    return Response(content, status_code=status_code, media_type="text/html", headers=_PAGE_HEADERS)


def refusal_page(message: str) -> Response:
    """A 403 page for a form post the mock will not act on (another site, no CSRF token)."""
    body = f"<!doctype html><title>Refused</title><h1>Refused</h1><p>{escape(message)}</p>"
    return page(body.encode(), 403)


def to_error_page(policy: RedirectPolicy, exc: OAuthError, entry: JournalEntry) -> Response:
    """RFC 6749 §4.1.2.1: no trusted redirect URI, so the user is told on err.srf."""
    entry.error_code = exc.error
    return redirect(policy.error_page_url(exc.error, exc.error_description))


def to_client(target: Target, exc: OAuthError, entry: JournalEntry) -> Response:
    """RFC 6749 §4.1.2.1, §4.2.2.1: the error goes back to the client's redirect URI."""
    entry.error_code = exc.error
    params = {"error": exc.error, "error_description": exc.error_description}
    if target.state is not None:
        params["state"] = target.state
    return redirect(add_parameters(target.redirect, params, target.response_mode))


def refuse_method(request: Request, allowed: tuple[str, ...]) -> Response | None:
    """None when the method is allowed, else 405 with `Allow` and an `invalid_request` body:
    HTTP wants the status and header, OAuth clients read the body."""
    if request.method in allowed:
        return None
    entry = entry_of(request.scope)
    entry.violate(Violation.WRONG_METHOD.value)
    exc = InvalidRequest(f"{request.url.path} accepts {' and '.join(allowed)} only")
    entry.error_code = exc.error
    response = oauth_error_response(exc)
    response.status_code = 405
    response.headers["Allow"] = ", ".join(allowed)
    return response


def session_id(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE)


def set_session(response: Response, session: str, settings: Settings) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        session,
        httponly=True,
        samesite="lax",
        secure=settings.public_auth_url.startswith("https:"),
    )


def clear_session(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        httponly=True,
        samesite="lax",
        secure=settings.public_auth_url.startswith("https:"),
    )
