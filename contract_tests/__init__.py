"""groove-contract's client contract suite: rules, adapter protocol, pytest plugin and CLI.

Implement a `ClientAdapter` around your client and a factory that takes an `Environment`;
`run_suite(factory)` (or `groove-contract verify --client module:factory`, or
`pytest --groove-client module:factory`) checks it against every rule in `RULES`.

The names are imported on first use: the pytest plugin lives in this package, and a project
that has it installed but never uses it must not pay for importing the mock.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._adapter import (
        Capability,
        ClientAdapter,
        ClientFactory,
        Environment,
        Outcome,
        Step,
        UserInfo,
        load_factory,
    )
    from ._fixtures import GrooveMock
    from ._rules import RULES, Level, Rule
    from ._runner import RuleResult, Status, SuiteReport, run_suite
    from .plugin import ContractViolation

_HOME = {
    "Capability": "_adapter",
    "ClientAdapter": "_adapter",
    "ClientFactory": "_adapter",
    "Environment": "_adapter",
    "Outcome": "_adapter",
    "Step": "_adapter",
    "UserInfo": "_adapter",
    "load_factory": "_adapter",
    "GrooveMock": "_fixtures",
    "RULES": "_rules",
    "Level": "_rules",
    "Rule": "_rules",
    "RuleResult": "_runner",
    "Status": "_runner",
    "SuiteReport": "_runner",
    "run_suite": "_runner",
    "ContractViolation": "plugin",
}

__all__ = [
    "RULES",
    "Capability",
    "ClientAdapter",
    "ClientFactory",
    "ContractViolation",
    "Environment",
    "GrooveMock",
    "Level",
    "Outcome",
    "Rule",
    "RuleResult",
    "Status",
    "Step",
    "SuiteReport",
    "UserInfo",
    "load_factory",
    "run_suite",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
