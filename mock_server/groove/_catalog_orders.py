"""Catalog lists: every item of a kind in an order, filtered by at most one category.

`CatalogLists` is the part of `Catalog` that ranks and filters; each list is built on first use
and kept (the catalog never changes, so nothing has to be invalidated).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from ._catalog_model import Album, Category, Content, ContentKind, Genre


class CatalogOrder(StrEnum):
    """The orderings of catalog browse (reference §6, `R/orderby.md`); most first."""

    RELEASE_DATE = "ReleaseDate"
    MOST_POPULAR = "MostPopular"
    ALL_TIME_PLAY_COUNT = "AllTimePlayCount"


class CatalogLists:
    """Ranked and filtered lists of a catalog's items (a base of `Catalog`)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[object, ...], tuple[Content, ...]] = {}

    def items_of(self, kind: ContentKind) -> tuple[Content, ...]:
        raise NotImplementedError

    def in_genre(self, item: Content, genre: Genre) -> bool:
        raise NotImplementedError

    def browse(
        self,
        kind: ContentKind,
        order: CatalogOrder,
        *,
        genre: Genre | None = None,
        mood: Category | None = None,
        activity: Category | None = None,
    ) -> tuple[Content, ...]:
        """Every item of a kind in an order, filtered by at most one category (cached)."""
        key = (kind, order, genre and genre.name, mood and mood.id, activity and activity.id)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        items = self._ranked(kind, order)
        if genre is not None:
            items = tuple(i for i in items if self.in_genre(i, genre))
        if mood is not None:
            items = tuple(i for i in items if mood.id in getattr(i, "moods", ()))
        if activity is not None:
            items = tuple(i for i in items if activity.id in getattr(i, "activities", ()))
        self._cache[key] = items
        return items

    def new_releases(self, genre: Genre | None = None) -> tuple[Album, ...]:
        """Albums, newest first, optionally in one genre."""
        albums = self.browse(ContentKind.ALBUM, CatalogOrder.RELEASE_DATE, genre=genre)
        return tuple(a for a in albums if isinstance(a, Album))

    def _ranked(self, kind: ContentKind, order: CatalogOrder) -> tuple[Content, ...]:
        key = (kind, order)
        cached = self._cache.get(key)
        if cached is None:
            cached = tuple(sorted(self.items_of(kind), key=_ORDER_KEYS[order], reverse=True))
            self._cache[key] = cached
        return cached


_ORDER_KEYS: dict[CatalogOrder, Callable[[Any], tuple[Any, ...]]] = {
    CatalogOrder.RELEASE_DATE: lambda i: (i.release_date, i.popularity, i.id),
    CatalogOrder.MOST_POPULAR: lambda i: (i.popularity, i.play_count, i.id),
    CatalogOrder.ALL_TIME_PLAY_COUNT: lambda i: (i.play_count, i.id),
}
