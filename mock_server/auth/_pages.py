"""The HTML the browser sees: err.srf, oauth20_desktop.srf and the interactive sign-in page.

The two result pages are static (built once); they read the URL with a few lines of inline
script and write with `textContent` only, so nothing in a URL can become markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .._scenario import GROOVE_SCOPE, OFFLINE_SCOPE, PROFILE_SCOPE, App, User

SIGN_IN_FORM_PATH = "/ppsecure/post.srf"

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;"
    "color:#1b1b1b}code{background:#f2f2f2;padding:0 .25rem}dt{font-weight:600}"
    "label{display:block;margin:.4rem 0}button{margin-right:.5rem;padding:.4rem 1.2rem}"
    ".error{color:#a80000}"
)

_SCOPE_WORDING = {
    GROOVE_SCOPE: "Use Groove Music with your account: collection, playlists and streaming",
    OFFLINE_SCOPE: "Keep access when you are not using the app (refresh token)",
    PROFILE_SCOPE: "Read your basic profile",
}


def _document(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


ERROR_PAGE = _document(
    "Sign-in error - Microsoft account (mock)",
    "<h1>We couldn't sign you in</h1>"
    "<p>The application's sign-in request could not be completed.</p>"
    '<dl><dt>Error</dt><dd><code id="error">unknown</code></dd>'
    '<dt>Description</dt><dd id="error_description"></dd></dl>'
    "<noscript><p>Script is off, so the details are not shown here: they are in the address "
    "bar after the <code>#</code>, as <code>error</code> and "
    "<code>error_description</code>.</p></noscript>"
    "<script>(function(){var p=new URLSearchParams(location.hash.slice(1));"
    'document.getElementById("error").textContent=p.get("error")||"unknown";'
    'document.getElementById("error_description").textContent='
    'p.get("error_description")||"";})();</script>',
).encode()

DESKTOP_PAGE = _document(
    "Sign-in - Microsoft account (mock)",
    '<h1 id="title">Sign-in finished</h1>'
    '<p id="result">The application reads the result from this page\'s address. '
    "You can close this window.</p>"
    "<noscript><p>The result is in the address bar: <code>code</code> or "
    "<code>error</code> after the <code>?</code>, tokens after the <code>#</code>.</p>"
    "</noscript>"
    "<script>(function(){var q=new URLSearchParams(location.search.slice(1)),"
    'f=new URLSearchParams(location.hash.slice(1)),e=q.get("error")||f.get("error");'
    'if(e){document.getElementById("title").textContent="Sign-in failed";'
    'document.getElementById("result").textContent=e+": "+'
    '(q.get("error_description")||f.get("error_description")||"");}'
    'else if(q.get("code")||f.get("access_token")){'
    'document.getElementById("result").textContent="Signed in. The application has what '
    'it needs; you can close this window.";}})();</script>',
).encode()


def sign_in_page(
    *,
    app: App,
    scopes: Iterable[str],
    redirect_uri: str,
    users: Iterable[User],
    selected_user_id: str | None,
    handle: str,
    csrf: str,
    action: str,
    problem: str | None = None,
) -> bytes:
    """The interactive page: pick an account, then Accept or Deny. The form posts only the
    transaction handle, its CSRF token (`_csrf`), the account and the decision; everything
    else stays on the server."""
    scope_items = "".join(
        f"<li>{escape(_SCOPE_WORDING.get(s, s))} <code>{escape(s)}</code></li>" for s in scopes
    )
    accounts = []
    for user in users:
        checked = " checked" if user.id == selected_user_id else ""
        accounts.append(
            f'<label><input type="radio" name="user_id" value="{escape(user.id)}"{checked}> '
            f"{escape(user.name)} &lt;{escape(user.email)}&gt;</label>"
        )
    notice = f'<p class="error" id="problem">{escape(problem)}</p>' if problem else ""
    body = (
        f"<h1>Sign in to {escape(app.name)}</h1>{notice}"
        f"<p><strong>{escape(app.name)}</strong> (<code>{escape(app.client_id)}</code>) "
        f"would like to:</p><ul>{scope_items}</ul>"
        f"<p>You will be sent back to <code>{escape(redirect_uri)}</code>.</p>"
        f'<form id="sign-in" method="post" action="{escape(action)}">'
        f'<input type="hidden" name="tx" value="{escape(handle)}">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        f"<fieldset><legend>Choose an account</legend>{''.join(accounts)}</fieldset>"
        '<p><button type="submit" name="decision" value="accept">Accept</button>'
        '<button type="submit" name="decision" value="deny">Deny</button></p></form>'
    )
    return _document(f"Sign in to {app.name}", body).encode()
