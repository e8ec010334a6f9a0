"""Full-text search over one kind of catalog content.

A query matches an item when every query word is the start of a word of the item's name or of
its artists' names, ignoring case and accents (`daft pu` finds Daft Punk and everything by
them). Results are ranked: exact name, name starting with the query, all words in the name,
then matches through an artist; ties go to the more popular item, then by name and id, so the
order is total and paging through it is stable.

Words are folded once at load; results are cached per query, so the continuation calls of a
search cost a dictionary lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ._model import fold, words_of

T = TypeVar("T")

_CACHE_SIZE = 512
# A longer query is searched each time, not kept: keys stay small (results are references to
# catalog items, at most one per item), so the cache is bounded in bytes too.
_MAX_CACHED_QUERY_CHARS = 256


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    """An item as search sees it: its words, folded name and popularity."""

    item: T
    item_id: str
    name_words: tuple[str, ...]
    all_words: tuple[str, ...]
    popularity: int
    folded_name: str


class SearchIndex(Generic[T]):
    """Searchable items of one kind. Immutable after construction; safe to share."""

    def __init__(self, entries: Iterable[tuple[T, str, str, int, Sequence[str]]]):
        """`entries`: (item, id, name, popularity, names of related artists)."""
        self._entries: tuple[_Entry[T], ...] = tuple(
            _Entry(
                item=item,
                item_id=item_id,
                name_words=words_of(name),
                all_words=tuple(
                    dict.fromkeys(
                        (*words_of(name), *(w for other in others for w in words_of(other)))
                    )
                ),
                popularity=popularity,
                folded_name=fold(name),
            )
            for item, item_id, name, popularity, others in entries
        )
        self._cache: dict[tuple[str, ...], tuple[T, ...]] = {}
        self._lock = threading.Lock()

    def search(self, query: str) -> tuple[T, ...]:
        """Every matching item, best first. A query without any word matches nothing."""
        words = words_of(query)
        if not words:
            return ()
        cached = self._cache.get(words)
        if cached is not None:
            return cached
        ranked = sorted(
            (
                (_tier(entry, words), -entry.popularity, entry.folded_name, entry.item_id, i)
                for i, entry in enumerate(self._entries)
                if _matches(entry.all_words, words)
            )
        )
        found = tuple(self._entries[key[-1]].item for key in ranked)
        with self._lock:
            if sum(map(len, words)) <= _MAX_CACHED_QUERY_CHARS:
                if len(self._cache) >= _CACHE_SIZE:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[words] = found
        return found


def _matches(item_words: tuple[str, ...], query_words: tuple[str, ...]) -> bool:
    return all(any(word.startswith(q) for word in item_words) for q in query_words)


def _tier(entry: _Entry[T], query: tuple[str, ...]) -> int:
    name = entry.name_words
    if name == query:
        return 0
    if len(name) >= len(query) and all(
        word.startswith(q) for word, q in zip(name, query, strict=False)
    ):
        return 1
    if _matches(name, query):
        return 2
    return 3
