"""`GET /_mock/ui`: the journal for people, newest first, live.

The page is whole without script: the rows, their details (decoded claims included) and the
filters (a GET form) are rendered here. `static/inspector.js` then follows the journal through
the control plane's own long-poll, `GET /_mock/journal/tail`, adding rows as requests arrive,
filtering as you type, and fetching a new row's details from `GET /_mock/ui/entries/<seq>`.
Everything is under `/_mock/`, so the control plane's access rules apply to all of it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from .._journal import JournalEntry
from .._state import MockState
from .._tokens import Claims
from ..control._fault_queue import FaultQueue
from ._render import clock_time, document, esc, fill, html_response, iso, package_text

SHOWN = 300
"""Rows rendered with the page; older ones stay in the journal (`GET /_mock/journal`)."""

_STATUS = re.compile(r"[1-5]xx|[1-5][0-9][0-9]|dropped")
_STATUS_CHOICES = [
    ("", "any"),
    *((f"{n}xx", f"{n}xx") for n in range(2, 6)),
    ("dropped", "dropped (fault)"),
]


@dataclass(frozen=True, slots=True)
class Filters:
    """The inspector's filters, as the form sends them; the script applies the same rules."""

    status: str = ""
    violation: str = ""
    path: str = ""

    @classmethod
    def of(cls, params: QueryParams) -> Filters:
        status = params.get("status", "").strip().lower()
        return cls(
            status=status if _STATUS.fullmatch(status) else "",
            violation=params.get("violation", "").strip()[:80],
            path=params.get("path", "").strip()[:200],
        )

    def keeps(self, entry: JournalEntry) -> bool:
        status = str(entry.status) if entry.status else "dropped"
        if self.status and not (
            status == self.status or (self.status.endswith("xx") and status[0] == self.status[0])
        ):
            return False
        if self.violation == "any" and not entry.violations:
            return False
        if self.violation not in ("", "any") and self.violation not in entry.violations:
            return False
        return entry.path.lower().startswith(self.path.lower())


@cache
def violation_rules() -> dict[str, dict[str, str]]:
    """Each violation the mock records, with the contract rule it breaks and that rule's fix
    (the rule catalogue's `server_signals`)."""
    from contract_tests.rules import RULES  # data only; the mock needs it here alone

    found: dict[str, dict[str, str]] = {}
    for rule in RULES:
        for signal in rule.server_signals:
            found.setdefault(signal, {"rule": rule.id, "level": rule.level.value, "fix": rule.fix})
    return found


class Inspector:
    def __init__(self, state: MockState):
        self.state = state

    async def page(self, request: Request) -> Response:
        state = self.state
        filters = Filters.of(request.query_params)
        journal = state.journal
        cursor = journal.cursor  # before reading: an entry appended meanwhile comes by the tail
        # Every recent row is rendered, those the filters leave out hidden: the script filters
        # again as you type, over all of them.
        shown = list(journal)[::-1][:SHOWN]
        kept = sum(1 for entry in shown if filters.keeps(entry))
        claims = state.tokens.claims_by_fingerprint()
        rules = violation_rules()
        config = {"cursor": cursor, "rules": rules}
        body = fill(
            "inspector.html",
            status_options=_options(filters.status, _STATUS_CHOICES),
            violation_options=_options(
                filters.violation,
                [
                    ("", "any or none"),
                    ("any", "any violation"),
                    *((name, f"{name} ({rules[name]['rule']})") for name in sorted(rules)),
                ],
            ),
            path=esc(filters.path),
            count=esc(f"{kept} of {len(shown)}"),
            rows="\n".join(
                entry_row(entry, claims, rules, hidden=not filters.keeps(entry)) for entry in shown
            ),
            side=side_panel(state),
            config=_script_json(config),
        )
        script = '<script src="/_mock/ui/inspector.js" defer></script>\n'
        return html_response(document("Inspector - groove-mock", body, scripts=script))

    async def entry(self, request: Request) -> Response:
        """One entry's details, as the HTML fragment the script puts in a new row."""
        seq = request.path_params["seq"]
        found = next((e for e in self.state.journal if e.seq == seq), None)
        if found is None:
            return html_response(f"<p>Entry #{seq} is no longer in the journal.</p>", 404)
        claims = self.state.tokens.claims_by_fingerprint()
        return html_response(entry_detail(found, claims))

    async def side(self, request: Request) -> Response:
        """The side panel alone (clock and queued faults), which the script refreshes."""
        return html_response(side_panel(self.state))

    async def script(self, request: Request) -> Response:
        return Response(
            package_text("static", "inspector.js"),
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
        )


def entry_row(
    entry: JournalEntry,
    claims: dict[str, Claims],
    rules: dict[str, dict[str, str]],
    *,
    hidden: bool = False,
) -> str:
    """One request: its summary line (a `<details>` that opens on its details) and its
    violations, each with the rule it breaks and the fix, in plain sight."""
    status = str(entry.status) if entry.status else "dropped"
    status_text = status + (f" {entry.error_code}" if entry.error_code else "")
    query = "?" + "&".join(entry.query_names) if entry.query_names else ""
    places = ", ".join(seen.location for seen in entry.credentials) or "none"
    who = " / ".join(v for v in (entry.client_id, entry.user_id) if v) or "-"
    flagged = " violated" if entry.violations else ""
    return (
        f'<li class="entry{flagged}" id="entry-{entry.seq}" data-seq="{entry.seq}" '
        f'data-status="{esc(status)}" data-path="{esc(entry.path.lower())}" '
        f'data-violations="{esc(" ".join(entry.violations))}"{" hidden" if hidden else ""}>'
        f'<details><summary><span class="cells">'
        f"{_cell('seq', f'#{entry.seq}')}"
        f"{_cell('time', clock_time(entry.time))}"
        f"{_cell('method', entry.method)}"
        f"{_cell('path', entry.path + query)}"
        f"{_cell('status', status_text, 's' + status[0])}"
        f"{_cell('credential', places)}"
        f"{_cell('token', entry.token_kind or '-')}"
        f"{_cell('client / user', who)}"
        f"{_cell('duration', f'{entry.duration_ms:.1f} ms')}"
        f"</span></summary>"
        f'<div class="detail">{entry_detail(entry, claims)}</div></details>'
        f"{violation_list(entry.violations, rules)}</li>"
    )


def _cell(label: str, value: str, extra: str = "") -> str:
    cls = label.split(" ")[0] + (f" {extra}" if extra else "")
    return f'<span class="{cls}"><span class="vh">{esc(label)}: </span>{esc(value)}</span> '


def violation_list(names: list[str], rules: dict[str, dict[str, str]]) -> str:
    if not names:
        return ""
    items = []
    for name in names:
        rule = rules.get(name)
        if rule is None:
            items.append(f"<li><code>{esc(name)}</code></li>")
            continue
        items.append(
            f'<li><strong class="rule">{esc(rule["rule"])}</strong> '
            f"<code>{esc(name)}</code> <span>Fix: {esc(rule['fix'])}</span></li>"
        )
    return f'<ul class="violations" aria-label="Contract violations">{"".join(items)}</ul>'


def entry_detail(entry: JournalEntry, claims: dict[str, Claims]) -> str:
    """Everything the journal knows of a request, and the claims of its token when the mock
    verified it lately; fingerprints only, never a token or secret."""
    rows: list[tuple[str, str]] = [
        ("Request", f"{entry.method} {entry.path}"),
        ("Query parameters (names only)", ", ".join(entry.query_names) or "none"),
        ("Side", entry.side),
        ("Mock clock", iso(entry.time)),
        ("Status", str(entry.status or "dropped (no answer)")),
        ("Error code", entry.error_code or "none"),
        ("Token kind", entry.token_kind or "none"),
        ("Token fingerprint", entry.token_fingerprint or "none"),
        ("Client", entry.client_id or "none"),
        ("User", entry.user_id or "none"),
        ("Fault fired", entry.fault or "none"),
        ("Duration", f"{entry.duration_ms:.3f} ms"),
    ]
    parts = ["<dl>", *(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows), "</dl>"]
    if entry.credentials:
        parts.append("<h3>Credentials found</h3><ul>")
        parts += [
            f"<li>{esc(seen.location)}: fingerprint <code>{esc(seen.fingerprint or 'none')}"
            "</code></li>"
            for seen in entry.credentials
        ]
        parts.append("</ul>")
    found = claims.get(entry.token_fingerprint or "")
    if found is not None:
        parts.append("<h3>Decoded token claims</h3>" + _claims_list(found))
    elif entry.token_fingerprint:
        parts.append(
            '<p class="small">Claims not shown: the mock keeps those of the tokens it verified '
            "lately, and this one is not among them.</p>"
        )
    return "".join(parts)


def _claims_list(claims: Claims) -> str:
    rows = [
        ("kind", claims.kind.value),
        ("client_id", claims.client_id),
        ("user_id", claims.user_id or "none (app token)"),
        ("scopes", " ".join(sorted(claims.scopes)) or "none"),
        ("issued", iso(claims.issued_at)),
        ("expires", iso(claims.expires_at)),
        ("grant", claims.grant_id),
    ]
    items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return f'<dl class="claims">{items}</dl>'


def side_panel(state: MockState) -> str:
    clock = state.clock
    now = iso(clock.now())
    faults = state.part(FaultQueue).pending()
    items = [
        "<li>"
        + ", ".join(
            f"{esc(k)}={esc(v)}"
            for k, v in fault.to_json().items()
            if v not in (None, "*", 0.0) and k != "times"
        )
        + "</li>"
        for fault in faults
    ]
    fault_list = f"<ul>{''.join(items)}</ul>" if items else "<p>No fault queued.</p>"
    return (
        f'<h2 id="clock-heading">Clock</h2><p><time id="clock" datetime="{esc(now)}">'
        f"{esc(now)}</time>{' (frozen)' if clock.frozen else ''}</p>"
        f'<h2 id="faults-heading">Queued faults</h2>{fault_list}'
    )


def _options(selected: str, choices: list[tuple[str, str]]) -> str:
    return "".join(
        f'<option value="{esc(value)}"{" selected" if value == selected else ""}>'
        f"{esc(label)}</option>"
        for value, label in choices
    )


def _script_json(data: dict[str, Any]) -> str:
    """JSON safe inside `<script type="application/json">`: no `<`, `>` or `&` in clear."""
    text = json.dumps(data, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
