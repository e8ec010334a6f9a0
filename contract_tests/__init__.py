"""groove-contract's client contract suite: rules, adapter protocol, pytest plugin and CLI.

Implement a `ClientAdapter` around your client and a factory that takes an `Environment`;
`run_suite(factory)` (or `groove-contract verify --client module:factory`, or
`pytest --groove-client module:factory`) checks it against every rule in `RULES`. A client
in another language speaks JSON lines instead (docs/bridge.md): `command_factory(command)`,
`groove-contract verify --client-cmd "node my-adapter.js"`.

The names are imported on first use: a project that imports one name does not pay for the
mock. The pytest plugin is the top-level package `groove_contract_pytest` (a name no user
project takes), which imports this one only when a fixture or the suite is used.

What a user imports: these names, `contract_tests.strategies` and `contract_tests.stateful`
(Hypothesis), `contract_tests.reference_client` and `reference_adapter`, and the clients that
judge the judge (`contract_tests.broken`, `contract_tests.variants`). The other subpackages are
the suite's parts, named so the tree shows the design (docs/architecture.md): `rules/`,
`harness/` (what one rule runs in), `checks/`, `answers/`, `bridge/`, `reports/`, `plugin/`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from groove_contract_pytest import ContractViolation

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
    from ._runner import RuleResult, Status, SuiteReport, run_suite
    from .bridge import command_factory
    from .plugin._fixtures import GrooveMock
    from .rules import RULES, Level, Rule

_HOME = {
    "Capability": "._adapter",
    "ClientAdapter": "._adapter",
    "ClientFactory": "._adapter",
    "Environment": "._adapter",
    "Outcome": "._adapter",
    "Step": "._adapter",
    "UserInfo": "._adapter",
    "load_factory": "._adapter",
    "command_factory": ".bridge",
    "GrooveMock": ".plugin._fixtures",
    "RULES": ".rules",
    "Level": ".rules",
    "Rule": ".rules",
    "RuleResult": "._runner",
    "Status": "._runner",
    "SuiteReport": "._runner",
    "run_suite": "._runner",
    "ContractViolation": "groove_contract_pytest",
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
    "command_factory",
    "load_factory",
    "run_suite",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)  # "._x" is ours
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
