"""Broken clients: the reference client with one mistake each, one per MUST rule.

They prove that the suite can fail: run against any of them, exactly the rule it breaks fails
(the others pass, are skipped, or are blocked by that failure). `BROKEN_CLIENTS` maps a rule ID
to the adapter factory of the client that breaks it; `BROKEN_VARIANTS` holds the SHOULD
rules' clients and further ways to break a MUST rule whose check has more than one part.
Each class's docstring names the mistake, most of them seen in real clients.

`TRIAL_CLIENTS` is the trial's catalogue: a client written from the contract documents
(`contract_tests.variants`) with one realistic bug each, several per rule.
"""

from __future__ import annotations

from ._base import BrokenClient, broken_factory
from ._bugged import BuggedClient
from ._catalogue import BROKEN_CLIENTS, BROKEN_VARIANTS, TRIAL_CLIENTS, trial

__all__ = [
    "BROKEN_CLIENTS",
    "BROKEN_VARIANTS",
    "TRIAL_CLIENTS",
    "BrokenClient",
    "BuggedClient",
    "broken_factory",
    "trial",
]
