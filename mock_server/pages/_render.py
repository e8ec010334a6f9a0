"""Templates and responses of the pages for people: package data files (`templates/`,
`static/`) filled with `string.Template`, every value escaped by the caller with `esc`.

The standard library is enough here: three pages of tables and lists, no loops in templates
(the rows are built in Python, where escaping is explicit), nothing to install.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from html import escape
from importlib import resources
from string import Template

from starlette.responses import Response

# Scripts only from the mock itself, never inline (the inspector's data travels as JSON in a
# non-executed <script type="application/json">); styles are inlined so that a page needs no
# second request, also off loopback where /_mock/ asks for the admin key.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
        "connect-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def esc(value: object) -> str:
    """Text for HTML content or a quoted attribute: `&`, `<`, `>`, `"` and `'` escaped."""
    return escape("" if value is None else str(value), quote=True)


@cache
def package_text(folder: str, name: str) -> str:
    """A template or static file of this package (read once)."""
    return resources.files(__package__).joinpath(folder, name).read_text(encoding="utf-8")


def fill(name: str, **values: str) -> str:
    """`templates/<name>` with `$names` replaced; every value must already be safe HTML."""
    return Template(package_text("templates", name)).substitute(values)


def document(title: str, body: str, *, scripts: str = "", nav: bool = True) -> str:
    """A whole page: the shared head, the stylesheet inlined, the body."""
    return fill(
        "page.html",
        title=esc(title),
        style=package_text("static", "style.css"),
        nav=package_text("templates", "nav.html") if nav else "",
        body=body,
        scripts=scripts,
    )


def html_response(content: str, status_code: int = 200) -> Response:
    return Response(
        content,
        status_code=status_code,
        media_type="text/html; charset=utf-8",
        headers=_SECURITY_HEADERS,
    )


def iso(seconds: float) -> str:
    """A mock-clock time as ISO-8601 UTC, to the second."""
    moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def clock_time(seconds: float) -> str:
    """A mock-clock time of day, to the millisecond (journal rows)."""
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%H:%M:%S.%f")[:-3]


def in_words(seconds: float) -> str:
    """A duration a person reads at a glance: `59 min`, `2 h 5 min`, `90 days`, `expired`."""
    if seconds <= 0:
        return "expired"
    minutes = int(seconds // 60)
    if minutes < 1:
        return f"{int(seconds)} s"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} days"
