"""The trial's bugged clients: the docs client (`contract_tests.variants`, written from the
contract documents) with one realistic mistake each, the kind a team makes the first time.

Unlike `_clients.py`, which breaks the reference client once per rule, these come from the bug
classes users meet: several per rule, some that only show on a second sign-in, a long
Retry-After, a signed-out step. `breaks` names the rule that must fail; `missed` says why the
suite does not catch it yet (the meta-test marks such a client strict xfail, so the day a rule
catches it the marker must go).

The bugs live by the part of the contract they break: `_token_bugs` (the token endpoint),
`_signin_bugs` (user sign-in), `_call_bugs` (an API call, its renewal and retries) and
`_session_bugs` (what a client keeps across calls); `_catalogue` lists them as the trial.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from ..variants import Choices, DocsClient


class BuggedClient(DocsClient):
    breaks: ClassVar[str] = ""
    shape: ClassVar[Literal["web", "public", "both"]] = "web"
    legal_choices: ClassVar[Choices] = Choices()
    """The legal choices the bug sits on (most bugs sit on the defaults)."""
    missed: ClassVar[str] = ""
    """Non-empty while the suite does not catch this bug: the rule (or rule to come) and why."""
    also_fails: ClassVar[tuple[str, ...]] = ()
    """Rules that fail besides `breaks` while the suite's blame is wrong, and `blame` says why."""
    blame: ClassVar[str] = ""
