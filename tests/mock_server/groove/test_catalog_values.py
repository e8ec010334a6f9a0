"""The catalog's value objects (mock_server/groove/_catalog_model.py) compare, hash and show
as `@dataclass(frozen=True)` makes them do, though they do not have it generate that code."""

from __future__ import annotations

import dataclasses

import pytest

from mock_server.groove._catalog import load_catalog
from mock_server.groove._catalog_model import (
    Album,
    Artist,
    CatalogPlaylist,
    Category,
    Contributor,
    Genre,
    Track,
)

CLASSES = [Contributor, Genre, Category, Artist, Album, Track, CatalogPlaylist]


def _twin(cls: type) -> type:
    """The same fields, with everything `@dataclass` generates."""
    fields = [
        (
            f.name,
            f.type,
            dataclasses.field(default=f.default, hash=f.hash, compare=f.compare, repr=f.repr),
        )
        for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True)


def _samples() -> list[object]:
    catalog = load_catalog()
    track = catalog.tracks[0]
    return [
        track.artists[0],
        catalog.genres[0],
        catalog.moods[0],
        catalog.artists[0],
        catalog.albums[0],
        track,
        catalog.playlists[0],
    ]


@pytest.mark.parametrize("item", _samples(), ids=lambda item: type(item).__name__)
def test_eq_hash_and_repr_are_the_dataclass_ones(item):
    twin = _twin(type(item))
    values = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    reference = twin(**values)
    assert repr(item) == repr(reference)
    assert hash(item) == hash(reference)
    assert item == type(item)(**values)
    assert item != reference  # another class is never equal, as with @dataclass
    assert dataclasses.is_dataclass(item)
    first = dataclasses.fields(item)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(item, first, "changed")


def test_fields_left_out_of_comparison_stay_out():
    mood = load_catalog().moods[0]
    other = dataclasses.replace(mood, texts={}, folded_names=frozenset())
    assert other == mood and hash(other) == hash(mood)
    assert dataclasses.replace(mood, id="other") != mood


@pytest.mark.parametrize("cls", CLASSES)
def test_every_value_class_is_covered(cls):
    assert cls in {type(item) for item in _samples()}
