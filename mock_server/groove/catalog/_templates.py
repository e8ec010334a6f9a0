"""Catalog items rendered once: the catalog never changes, so the JSON of an item (in one
culture, from one source, with the detail extras asked for) is the same for every request but
for two values, left as holes: the caller's partner id in every deep link (reference §11:
`?partnerID=AppId:<client id>`) and the `Id` shown (a collection id when the item is shown from
the caller's collection). An answer is assembled from filled templates (`RawJSON`), so an item is
rendered and encoded once, not once per request.

An item shown with lists (an album with its `Tracks`, an artist with its `TopTracks`) has one
more hole per list, filled with the list of the request (a page, with its continuation token).

The holes are values no catalog item holds: a partner id of one NUL character (a deep link then
ends in `?partnerID=%00`), an `Id` of NUL and `id` (encoded `"\\u0000id"`), and a list of NUL
and the list's name (`LIST_HOLES`).

Each catalog keeps its own templates (`Catalog.templates`), bounded in bytes: when a new one
would pass `BUDGET_BYTES`, the store is emptied and fills again from what requests ask for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from ..._responses import RawJSON, render_json

__all__ = [
    "BUDGET_BYTES",
    "ID_HOLE",
    "LIST_HOLES",
    "PARTNER_HOLE",
    "ItemTemplate",
    "ItemTemplates",
    "partner_query",
    "shown_id_json",
]

PARTNER_HOLE = "\x00"
ID_HOLE = "\x00id"
_LINK_HOLE = b"?partnerID=%00"
_SHOWN_ID_HOLE = b'"\\u0000id"'
LIST_HOLES = {"tracks": "\x00Tracks", "albums": "\x00Albums", "top_tracks": "\x00TopTracks"}
"""The shape functions' list arguments and the value each is given in a template."""
_LIST_HOLE_BYTES = {name: render_json(hole) for name, hole in LIST_HOLES.items()}
BUDGET_BYTES = 16 * 1024 * 1024
"""The built-in catalog in one culture, every item with its stubs, is about 4 MB."""


class ItemTemplate:
    """One item's JSON, cut at its holes: at its lists first, then each segment at the shown
    id and the partner ids."""

    __slots__ = ("_lists", "_segments", "size")

    def __init__(self, rendered: bytes):
        holes = sorted((rendered.index(h), n) for n, h in _LIST_HOLE_BYTES.items() if h in rendered)
        segments, start = [], 0
        for at, name in holes:
            segments.append(rendered[start:at])
            start = at + len(_LIST_HOLE_BYTES[name])
        segments.append(rendered[start:])
        self._segments = [
            [part.split(_LINK_HOLE) for part in segment.split(_SHOWN_ID_HOLE)]
            for segment in segments
        ]
        self._lists = tuple(name for _, name in holes)
        self.size = len(rendered)

    def fill(
        self, partner: bytes, shown_id: bytes, lists: dict[str, bytes] | None = None
    ) -> RawJSON:
        """The item's JSON for a caller: `partner` from `partner_query`, `shown_id` from
        `shown_id_json`, `lists` the rendered lists by shape function argument (`LIST_HOLES`),
        one for each list the template was made with."""
        filled = [shown_id.join([partner.join(p) for p in segment]) for segment in self._segments]
        if not self._lists:
            return RawJSON(filled[0])
        assert lists is not None and lists.keys() == set(self._lists)
        parts = [filled[0]]
        for name, segment in zip(self._lists, filled[1:], strict=True):
            parts += (lists[name], segment)
        return RawJSON(b"".join(parts))


@lru_cache(maxsize=1024)
def partner_query(partner_id: str | None) -> bytes:
    """What follows a deep link for a caller (as `_shapes.deep_link` writes it)."""
    return f"?partnerID={quote(partner_id, safe=':')}".encode() if partner_id else b""


@lru_cache(maxsize=4096)
def shown_id_json(shown_id: str) -> bytes:
    return render_json(shown_id)


class ItemTemplates:
    """The templates of one catalog, made on first use, bounded in bytes (thread-safe: two
    threads making the same template at once make equal ones)."""

    def __init__(self, budget: int = BUDGET_BYTES):
        self._made: dict[Hashable, ItemTemplate] = {}
        self._bytes = 0
        self._budget = budget
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], Any]) -> ItemTemplate:
        """The template of `key`; `render` gives the item's JSON object with its holes."""
        found = self._made.get(key)
        if found is None:
            found = ItemTemplate(render_json(render()))
            with self._lock:
                if self._bytes + found.size > self._budget:
                    self._made.clear()
                    self._bytes = 0
                self._made[key] = found
                self._bytes += found.size
        return found

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._made)
