"""The catalogues: the broken clients by the rule each one breaks, and the trial's bugged
clients by name."""

from __future__ import annotations

from types import ModuleType, SimpleNamespace

from .._adapter import ClientFactory
from ..variants import docs_factory
from . import _call_bugs, _clients, _session_bugs, _signin_bugs, _token_bugs, _variants
from ._base import BrokenClient, broken_factory
from ._bugged import BuggedClient

_BROKEN_MODULES = (_clients, _variants)
"""Imported for their classes, which `BrokenClient.__subclasses__()` finds."""
BROKEN_CLIENTS: dict[str, ClientFactory] = {
    cls.breaks: broken_factory(cls)
    for cls in BrokenClient.__subclasses__()
    if cls.breaks and not cls.variant
}
"""The broken client of each MUST rule, by the rule ID it breaks."""
BROKEN_VARIANTS: dict[str, tuple[str, ClientFactory]] = {
    cls.__name__: (cls.breaks, broken_factory(cls))
    for cls in BrokenClient.__subclasses__()
    if cls.variant
}
"""The SHOULD rules' broken clients and more ways to break some MUST rules: class name ->
(the rule ID it breaks, its factory)."""

# Listed rather than taken from __subclasses__, so that the trial's order (the rules' order)
# does not follow the order of the imports.
_TRIAL_MODULES: tuple[ModuleType, ...] = (_token_bugs, _signin_bugs, _call_bugs, _session_bugs)


def _bugged_classes(module: ModuleType) -> list[type[BuggedClient]]:
    return [
        cls
        for cls in vars(module).values()
        if isinstance(cls, type)
        and issubclass(cls, BuggedClient)
        and cls.__module__ == module.__name__
    ]


TRIAL_CLIENTS: dict[str, type[BuggedClient]] = {
    cls.__name__: cls for module in _TRIAL_MODULES for cls in _bugged_classes(module)
}
"""The trial's bugged clients by class name."""
trial = SimpleNamespace(
    **{
        name: docs_factory(cls.legal_choices, shape=cls.shape, client_class=cls, name=name)
        for name, cls in TRIAL_CLIENTS.items()
    }
)
"""Each bugged client's factory, as `groove-contract verify --client
contract_tests.broken:trial.NAME` loads it."""
