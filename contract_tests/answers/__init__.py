"""Every documented answer, provoked: the OAuth errors, the Groove ErrorCodes, `Retry-After` in
both forms and the life events a client goes through, each with the scenario that brings it
about and the judgement of how the client handled it.

`_inventory` is the list of answers, derived from the contract documents (`ANSWERS`);
`_provoke` holds the scenarios (`SCENARIOS`) and `provoke`, which runs one against a client;
`_life` adds the life events (a second user, sign-out and in again, a restart).
"""

from __future__ import annotations

from ._inventory import ANSWERS, ANSWERS_BY_KEY, Answer, Handling
from ._provoke import SCENARIOS, Provoked, Result, provoke

__all__ = [
    "ANSWERS",
    "ANSWERS_BY_KEY",
    "SCENARIOS",
    "Answer",
    "Handling",
    "Provoked",
    "Result",
    "provoke",
]
