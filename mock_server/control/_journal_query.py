"""Journal filters as the control plane takes them (keywords in Python, query parameters over
HTTP), checked once, and the JSON form of journal entries for the remote handle."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .._journal import FILTERS, CredentialSeen, JournalEntry, matches
from .._known_names import unknown_name_message
from . import _validate as check
from ._errors import ControlError

SIDES = ("api", "auth")
MAX_LIMIT = 1_000_000


@dataclass(frozen=True, slots=True)
class JournalPage:
    """What `tail_journal` returns: the new entries and the cursor to continue from."""

    entries: list[JournalEntry]
    cursor: int
    closed: bool = False
    """The mock is stopping: no entry will follow (a follower stops reading)."""


def parse_filters(raw: Mapping[str, Any]) -> tuple[dict[str, Any], int | None]:
    """The filters `Journal.query` takes (only those given), and the limit."""
    check.reject_unknown(raw, (*FILTERS, "limit"), "journal query")
    filters: dict[str, Any] = {}
    for name in FILTERS:
        value = raw.get(name)
        if value is None:
            continue
        if name == "status":
            filters[name] = check.integer(name, value, low=0, high=599)
        elif name == "since":
            filters[name] = check.integer(name, value, low=0, high=2**62)
        elif name == "side":
            if value not in SIDES:
                raise ControlError(f"side must be one of {', '.join(SIDES)}, not {value!r}")
            filters[name] = value
        else:
            filters[name] = check.text(name, value)
            unknown = unknown_name_message(name, filters[name])
            if unknown is not None:  # a typo would match nothing and read as "never happened"
                raise ControlError(unknown)
    limit = raw.get("limit")
    return filters, None if limit is None else check.integer("limit", limit, low=1, high=MAX_LIMIT)


def matcher(filters: Mapping[str, Any]) -> Callable[[JournalEntry], bool]:
    """A predicate with exactly `Journal.query`'s semantics, for entries read by cursor."""
    full = {name: filters.get(name) for name in FILTERS}
    return lambda entry: matches(entry, full)


def entry_from_json(data: Mapping[str, Any]) -> JournalEntry:
    """Rebuild an entry from `JournalEntry.to_json()`; fields this version lacks are skipped."""
    known = {f.name for f in dataclasses.fields(JournalEntry)}
    values = {key: value for key, value in data.items() if key in known}
    values["query_names"] = tuple(values.get("query_names", ()))
    values["violations"] = list(values.get("violations", ()))
    credential_fields = {f.name for f in dataclasses.fields(CredentialSeen)}
    values["credentials"] = [
        CredentialSeen(**{k: v for k, v in seen.items() if k in credential_fields})
        for seen in values.get("credentials", ())
    ]
    return JournalEntry(**values)
