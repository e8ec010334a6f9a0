"""Catalog categories and lists: genres, moods and activities by name, and every item of a
kind in an order, filtered by at most one category.

`CatalogLists` is the part of `Catalog` that finds categories, ranks and filters; each list is
built on first use and kept (the catalog never changes, so nothing has to be invalidated).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from ._model import Activity, Album, Category, Content, ContentKind, Genre, Mood, fold

T = TypeVar("T")


class CatalogOrder(StrEnum):
    """The orderings of catalog browse (reference §6, `R/orderby.md`); most first."""

    RELEASE_DATE = "ReleaseDate"
    MOST_POPULAR = "MostPopular"
    ALL_TIME_PLAY_COUNT = "AllTimePlayCount"


class CatalogLists:
    """Categories by name, and ranked and filtered lists of a catalog's items (a base of
    `Catalog`, which gives the items and categories themselves)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[object, ...], tuple[Content, ...]] = {}

    @property
    def genres(self) -> tuple[Genre, ...]:
        raise NotImplementedError

    @property
    def moods(self) -> tuple[Mood, ...]:
        raise NotImplementedError

    @property
    def activities(self) -> tuple[Activity, ...]:
        raise NotImplementedError

    def items_of(self, kind: ContentKind) -> tuple[Content, ...]:
        raise NotImplementedError

    def _index(self, name: str, build: Callable[[], T]) -> T:
        raise NotImplementedError

    # categories -----------------------------------------------------------------------------

    def genre(self, name: str) -> Genre | None:
        """A genre or subgenre by name, ignoring case and accents."""
        genres: dict[str, Genre] = self._index(
            "genres", lambda: {fold(g.name): g for g in self.genres}
        )
        return genres.get(fold(name.strip()))

    def mood(self, value: str) -> Mood | None:
        return _category(self.moods, value)

    def activity(self, value: str) -> Activity | None:
        return _category(self.activities, value)

    def in_genre(self, item: Content, genre: Genre) -> bool:
        """True if the item is in the genre, or in one of its subgenres."""
        sets: dict[str, frozenset[str]] = self._index("genre sets", self._genre_sets)
        return fold(genre.name) in sets.get(item.id, frozenset())

    def _genre_sets(self) -> dict[str, frozenset[str]]:
        parents = {g.name: g.parent_name for g in self.genres}
        # A few dozen genre names over thousands of items: each is folded once.
        folded: dict[str, str] = {}
        return {
            item.id: frozenset(
                folded.get(name) or folded.setdefault(name, fold(name))
                for genre in item.genres + getattr(item, "subgenres", ())
                for name in (genre, parents.get(genre) or genre)
            )
            for kind in ContentKind
            for item in self.items_of(kind)
        }

    # lists ----------------------------------------------------------------------------------

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


def _category(categories: tuple[Category, ...], value: str) -> Category | None:
    wanted = fold(value.strip().replace("_", " "))
    for category in categories:
        if wanted in category.folded_names or wanted == fold(category.id.replace("_", " ")):
            return category
    return None
