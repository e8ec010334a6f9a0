"""DataValue and MutableValue (mock_server/_values.py): dataclasses built on them compare, hash
and show as `@dataclass` makes them do, though they do not have it generate that code."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field

import pytest

from mock_server._journal import CredentialSeen, JournalEntry
from mock_server._replay import Answer
from mock_server._scenario import App, Scenario, User, load_scenario
from mock_server._server import RunningServer
from mock_server._settings import Settings
from mock_server._state import MockState
from mock_server._tokens import Claims, TokenKind
from mock_server._values import _FROZEN_METHODS, DataValue, MutableValue, frozen_value
from mock_server.control._faults import Fault
from mock_server.groove._access import Caller
from mock_server.groove._credentials import Credential
from mock_server.groove._params import Culture
from mock_server.groove.catalog._catalog import load_catalog
from mock_server.groove.catalog._model import (
    Album,
    Artist,
    CatalogPlaylist,
    Category,
    Contributor,
    Genre,
    Track,
)
from mock_server.groove.library._for_you import PlaylistForYou
from mock_server.groove.library._types import (
    CollectionTrack,
    CollectionView,
    ItemResult,
    PlaylistEdit,
    TrackAction,
    UserPlaylist,
)
from mock_server.groove.library._user_data import UserData


@frozen_value
class _Odd(DataValue):
    """Every kind of field: left out of comparison, of hash, of repr; with defaults."""

    name: str
    notes: dict[str, str] = field(default_factory=dict, compare=False)
    weight: int = field(default=1, hash=False)
    secret: str = field(default="s", repr=False)


@frozen_value
class _Single(DataValue):
    """One field."""

    only: str


@frozen_value
class _Nothing(DataValue):
    """Nothing that compares."""

    ignored: list[int] = field(default_factory=list, compare=False)


@dataclass(slots=True, eq=False, repr=False)
class _Changing(MutableValue):
    """Mutable."""

    name: str
    weight: int = field(default=1, compare=False)


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
    frozen = not issubclass(cls, MutableValue)  # the others are made with frozen_value
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=frozen)


def _hash_of(item: object) -> object:
    try:
        return hash(item)
    except TypeError as exc:  # unhashable, as a mutable dataclass (or a list field) makes it
        return type(exc)


def _mutable_samples() -> list[object]:
    state = MockState(Settings())
    seen = CredentialSeen("header:Authorization", "0123456789ab")
    return [
        seen,
        JournalEntry(1, 2.0, "GET", "/x", ("a",), credentials=[seen], violations=["R1"]),
        UserData("user", seeded=True),
        RunningServer(state, "http://a", "http://b", None, [], [], threading.Thread()),
        _Changing("x", 2),
    ]


def _launch_samples() -> list[object]:
    scenario = load_scenario()
    claims = Claims(TokenKind.APP, "client", None, frozenset({"s"}), 1.0, 2.0, "t", "g")
    entry = CollectionTrack("collection.1", "music.1", 3.0)
    playlist = UserPlaylist("p", "name", False, 1.0, 2.0, (entry,), "3.0.1")
    return [
        entry,
        playlist,
        CollectionView([entry], [playlist], "3.0.1.1"),
        PlaylistEdit("n", True, ((TrackAction.ADD, "music.1"),), None, "tok"),
        ItemResult("in", "out"),
        Fault("f1", status=503, remaining=2),
        Answer(1, 2.0, 200, [(b"a", b"b")], b"{}", (), None, (), None, None, None, None, ()),
        claims,
        PlaylistForYou("id", "name", None, ("music.1",), 1),
        Culture("en", "US"),
        Credential("header", "token"),
        Caller(claims, scenario.apps[0], scenario.users[0]),
        Settings(),
    ]


def _samples() -> list[object]:
    catalog = load_catalog()
    scenario = load_scenario()
    track = catalog.tracks[0]
    return [
        *_launch_samples(),
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


@pytest.mark.parametrize(
    "item", _samples() + _mutable_samples(), ids=lambda item: type(item).__name__
)
def test_eq_hash_and_repr_are_the_dataclass_ones(item):
    twin = _twin(type(item))
    values = {f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.init}
    reference = twin(**values)
    assert repr(item) == repr(reference)
    assert item == type(item)(**values)
    assert item != reference  # another class is never equal, as with @dataclass
    assert _hash_of(item) == _hash_of(reference)
    first = dataclasses.fields(item)[0].name
    if isinstance(item, MutableValue):
        setattr(item, first, "changed")
        assert item != type(item)(**values)
        assert repr(item) == repr(twin(**{**values, first: "changed"}))
    else:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(item, first, "changed")


def test_mutable_values_are_unhashable_and_compare_what_they_hold_now():
    assert _Changing("x", 1) == _Changing("x", 2)  # weight does not compare
    with pytest.raises(TypeError, match="unhashable"):
        hash(_Changing("x"))
    entry = JournalEntry(1, 2.0, "GET", "/x", ())
    twin = JournalEntry(1, 2.0, "GET", "/x", ())
    assert entry == twin
    entry.violate("R1")
    assert entry != twin


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
    [
        *(Contributor, Genre, Category, Artist, Album, Track, CatalogPlaylist, App, User, Scenario),
        *(type(item) for item in _launch_samples()),
        *(type(item) for item in _mutable_samples() if type(item) is not _Changing),
    ],
    ids=lambda cls: cls.__name__,
)
def test_the_value_classes_of_the_launch_use_it_and_are_covered(cls):
    assert issubclass(cls, DataValue)
    assert cls.__eq__ is DataValue.__eq__ and cls.__repr__ is DataValue.__repr__
    frozen = not issubclass(cls, MutableValue)
    assert cls.__hash__ is (DataValue.__hash__ if frozen else None)
    assert (cls.__setattr__ is _FROZEN_METHODS["__setattr__"]) is frozen
    assert cls in {type(item) for item in _samples() + _mutable_samples()}
