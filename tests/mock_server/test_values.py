"""DataValue (mock_server/_values.py): frozen dataclasses built on it compare, hash and show
as `@dataclass(frozen=True)` makes them do, though they do not have it generate that code."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from mock_server._scenario import App, Scenario, User, load_scenario
from mock_server._values import DataValue
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


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class _Odd(DataValue):
    """Every kind of field: left out of comparison, of hash, of repr; with defaults."""

    name: str
    notes: dict[str, str] = field(default_factory=dict, compare=False)
    weight: int = field(default=1, hash=False)
    secret: str = field(default="s", repr=False)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class _Single(DataValue):
    only: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class _Nothing(DataValue):
    ignored: list[int] = field(default_factory=list, compare=False)


def _twin(cls: type) -> type:
    """The same fields, with everything `@dataclass` generates."""
    fields = [
        (
            f.name,
            f.type,
            dataclasses.field(hash=f.hash, compare=f.compare, repr=f.repr, init=f.init),
        )
        for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True)


def _samples() -> list[object]:
    catalog = load_catalog()
    scenario = load_scenario()
    track = catalog.tracks[0]
    return [
        track.artists[0],
        catalog.genres[0],
        catalog.moods[0],
        catalog.artists[0],
        catalog.albums[0],
        track,
        catalog.playlists[0],
        scenario.apps[0],
        scenario.users[0],
        scenario,
        _Odd("x", {"a": "b"}, 3, "hidden"),
        _Single("one"),
        _Nothing([1]),
    ]


@pytest.mark.parametrize("item", _samples(), ids=lambda item: type(item).__name__)
def test_eq_hash_and_repr_are_the_dataclass_ones(item):
    twin = _twin(type(item))
    values = {f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.init}
    reference = twin(**values)
    assert repr(item) == repr(reference)
    assert item == type(item)(**values)
    assert item != reference  # another class is never equal, as with @dataclass
    if all(f.name != "notes" for f in dataclasses.fields(item)):  # _Odd's dict is unhashable
        assert hash(item) == hash(reference)
    first = dataclasses.fields(item)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(item, first, "changed")


def test_fields_left_out_of_comparison_or_hash_stay_out():
    odd = _Odd("x", {"a": "b"}, 3)
    assert odd == _Odd("x", {}, 3) and odd != _Odd("x", {"a": "b"}, 4)
    assert hash(_Odd("x", weight=1)) == hash(_Odd("x", weight=2))
    assert _Nothing([1]) == _Nothing([2]) and hash(_Nothing()) == hash(())
    mood = load_catalog().moods[0]
    assert dataclasses.replace(mood, texts={}, folded_names=frozenset()) == mood
    assert dataclasses.replace(mood, id="other") != mood


@pytest.mark.parametrize(
    "cls",
    [Contributor, Genre, Category, Artist, Album, Track, CatalogPlaylist, App, User, Scenario],
)
def test_the_value_classes_of_the_launch_use_it_and_are_covered(cls):
    assert issubclass(cls, DataValue)
    assert cls.__eq__ is DataValue.__eq__ and cls.__repr__ is DataValue.__repr__
    assert cls in {type(item) for item in _samples()}
