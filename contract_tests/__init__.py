"""groove-contract's client contract suite: rules, adapter protocol, pytest plugin and CLI.

Implement a `ClientAdapter` around your client and a factory that takes an `Environment`;
`run_suite(factory)` (or `groove-contract verify --client module:factory`, or
`pytest --groove-client module:factory`) checks it against every rule in `RULES`.
"""

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

__all__ = [
    "RULES",
    "Capability",
    "ClientAdapter",
    "ClientFactory",
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
