"""The rule catalogue: what a Groove client must (or should) do, as data.

Each rule has a stable ID that reports, JUnit test names and the mock's journal cite; a level
(MUST fails a run, SHOULD only warns); the reference section it stems from; the capability a
client needs for the rule to apply; and one line on how to fix a failure. `server_signals` are
the violation names the mock records in its journal when it sees the rule broken.
`docs/rules.md` is rendered from this list (`render_markdown`), and a test keeps it in step.

`_rule` is what a rule is (`Rule`, `Level`); `_catalogue` lists them (`RULES`, in the order
reports show them); `_markdown` renders the list as `docs/rules.md`.
"""

from __future__ import annotations

from ._catalogue import RULES, RULES_BY_ID, rules_for_signal
from ._markdown import render_markdown
from ._rule import Level, Rule

__all__ = ["RULES", "RULES_BY_ID", "Level", "Rule", "render_markdown", "rules_for_signal"]
