"""`frozen_value` (mock_server/_values.py): a class made with it behaves as one made with
`@dataclass(frozen=True, slots=True, eq=False, repr=False)`: the same `__init__` (parameters,
defaults, factories, fields left out of it, `__post_init__`, the errors of a bad call), the
same refusals to change, copies, pickles and `dataclasses.replace`; its `__init__` is compiled
on its first instance."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import InitVar, field
from typing import Any

import pytest

from mock_server._scenario import App, Scenario, load_scenario
from mock_server._settings import Settings
from mock_server._values import DataValue, frozen_value
from mock_server.groove.catalog._catalog import load_catalog
from mock_server.groove.catalog._model import Album, Category, Track


@frozen_value
class _Everything(DataValue):
    """Every kind of field frozen values use: required, default, factory, left out of
    `__init__` (with a default, with a factory, without either: set by `__post_init__`)."""

    name: str
    size: int = 3
    tags: list[str] = field(default_factory=list)
    fixed: str = field(default="f", init=False)
    made: dict[str, int] = field(default_factory=dict, init=False)
    derived: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "derived", f"{self.name}:{self.size}")


def _pairs() -> list[tuple[type, type, dict[str, Any]]]:
    """(frozen value class, the same made by @dataclass, arguments of an instance)."""

    def generated(cls: type) -> type:
        fields = [(f.name, f.type, f) for f in dataclasses.fields(cls)]
        namespace = {"__post_init__": cls.__post_init__} if hasattr(cls, "__post_init__") else {}
        twin = dataclasses.make_dataclass(
            cls.__name__,
            fields,
            bases=(DataValue,),
            namespace=namespace,
            frozen=True,
            slots=True,
            eq=False,
            repr=False,
        )
        twin.__qualname__ = cls.__qualname__
        return twin

    catalog = load_catalog()
    found = [(_Everything, generated(_Everything), {"name": "n", "size": 4, "tags": ["t"]})]
    for item in (
        catalog.tracks[0],
        catalog.albums[0],
        catalog.moods[0],
        load_scenario(),
        load_scenario().apps[0],
        Settings(port=9),
    ):
        cls = type(item)
        values = {f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.init}
        found.append((cls, generated(cls), values))
    return found


@pytest.mark.parametrize(
    ("cls", "twin", "values"), _pairs(), ids=lambda x: getattr(x, "__name__", "")
)
def test_init_is_the_generated_one(cls, twin, values):
    ours, theirs = cls(**values), twin(**values)
    # Equal but for the object standing for a factory's default (shown alike: `<factory>`).
    assert str(inspect.signature(cls.__init__)) == str(inspect.signature(twin.__init__))
    assert cls.__init__.__qualname__ == twin.__init__.__qualname__
    assert cls.__init__.__module__ == cls.__module__
    state = [getattr(ours, f.name) for f in dataclasses.fields(cls)]
    assert state == [getattr(theirs, f.name) for f in dataclasses.fields(twin)]
    assert cls.__match_args__ == twin.__match_args__
    assert cls.__slots__ == twin.__slots__
    assert cls(*values.values()) == ours  # positionally too


@pytest.mark.parametrize(
    ("cls", "twin", "values"), _pairs(), ids=lambda x: getattr(x, "__name__", "")
)
def test_bad_calls_and_changes_fail_as_with_the_generated_class(cls, twin, values):
    def error(make: Any, *args: Any, **kwargs: Any) -> str:
        with pytest.raises(TypeError) as caught:
            make(*args, **kwargs)
        return str(caught.value)

    assert error(cls, not_a_field=1, **values) == error(twin, not_a_field=1, **values)
    assert error(cls, *values.values(), *values.values()) == error(
        twin, *values.values(), *values.values()
    )
    required = [
        f.name for f in dataclasses.fields(cls) if f.init and f.default is f.default_factory
    ]
    if required:
        assert error(cls) == error(twin)
    ours, theirs = cls(**values), twin(**values)
    name = dataclasses.fields(cls)[0].name
    for change in (lambda item: setattr(item, name, "x"), lambda item: delattr(item, name)):
        with pytest.raises(dataclasses.FrozenInstanceError) as mine:
            change(ours)
        with pytest.raises(dataclasses.FrozenInstanceError) as generated:
            change(theirs)
        assert str(mine.value) == str(generated.value)


@pytest.mark.parametrize(
    "item",
    [
        _Everything("n", 4, ["a"]),
        load_catalog().tracks[0],
        load_catalog().albums[0],
        load_scenario(),
        Settings(port=1),
    ],
    ids=lambda item: type(item).__name__,
)
def test_copies_pickles_and_replace_keep_every_field(item):
    fields = [f.name for f in dataclasses.fields(item)]
    for other in (copy.copy(item), copy.deepcopy(item), pickle.loads(pickle.dumps(item))):  # noqa: S301
        assert type(other) is type(item)
        assert [getattr(other, name) for name in fields] == [getattr(item, name) for name in fields]
    first = next(f for f in dataclasses.fields(item) if f.init)
    replaced = dataclasses.replace(item, **{first.name: getattr(item, first.name)})
    assert replaced == item and replaced is not item


def test_a_name_that_is_not_a_field_is_refused_too():
    # The generated __setattr__ of a frozen class with slots fails there with a TypeError from
    # `super()` (it names the class from before slots were added); a frozen value refuses it
    # as it refuses a field.
    item = _Everything("n")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'other'"):
        item.other = 1  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'other'"):
        del item.other  # type: ignore[attr-defined]


def test_replace_refuses_fields_left_out_of_init():
    with pytest.raises(ValueError, match="init=False"):
        dataclasses.replace(_Everything("n"), fixed="g")
    assert dataclasses.replace(_Everything("n"), size=5).derived == "n:5"


def test_factories_make_a_new_value_per_instance():
    one, two = _Everything("a"), _Everything("b")
    assert one.tags == two.tags == [] and one.tags is not two.tags
    assert one.made is not two.made
    assert _Everything("a", tags=["x"]).tags == ["x"]


def test_init_is_compiled_on_the_first_instance():
    @frozen_value
    class Fresh(DataValue):
        """Not made yet."""

        one: int
        two: str = "2"

    assert "_first_init" in Fresh.__init__.__qualname__
    assert Fresh(1) == Fresh(1, "2")
    assert Fresh.__init__.__qualname__.endswith("Fresh.__init__")
    assert list(inspect.signature(Fresh).parameters) == ["one", "two"]


def test_classes_it_cannot_make_the_same_are_refused():
    class NoDocstring(DataValue):
        x: int

    class NotAValue:
        """Not a DataValue."""

        x: int

    class KeywordOnly(DataValue):
        """kw_only."""

        x: int = field(kw_only=True)

    class WithInitVar(DataValue):
        """InitVar."""

        x: InitVar[int]

    for cls in (NoDocstring, NotAValue, KeywordOnly, WithInitVar):
        with pytest.raises(TypeError):
            frozen_value(cls)  # type: ignore[type-var]


def test_post_init_checks_still_run():
    with pytest.raises(ValueError, match="auth_base_url"):
        Settings(auth_base_url="not a url")
    scenario = load_scenario()
    assert isinstance(scenario, Scenario)
    assert scenario.apps_by_id == {app.client_id: app for app in scenario.apps}
    assert all(isinstance(app, App) for app in scenario.apps)


def test_the_catalog_value_classes_are_frozen_values():
    for cls in (Album, Track, Category):
        assert "__init__" in cls.__dict__
        assert not cls.__dataclass_params__.init  # made by frozen_value, not by @dataclass
