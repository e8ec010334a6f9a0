"""The scenario format's JSON Schema (`mock_server/scenario.schema.json`, shipped in the
package), and the check of a scenario file against it.

`_scenario._Reader` reads a file first, with its own messages (which it can make more helpful:
"a web app needs a secret"); the schema then checks what it accepted, so a file the mock loads
is a file the published schema accepts. A test keeps the two in step on a corpus of bad files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("scenario.schema.json")


@cache
def scenario_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def schema_problem(data: Any) -> tuple[str, str] | None:
    """The place (`apps[1].platform`) and message of the most relevant schema error, or None.

    jsonschema is imported here, on the first file checked: the built-in scenario, checked
    by a test, never needs it."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(scenario_schema()).iter_errors(data))
    if error is None:
        return None
    return place_of(error.absolute_path) or "top level", error.message


def place_of(path: Iterable[str | int]) -> str:
    place = ""
    for part in path:
        place += f"[{part}]" if isinstance(part, int) else (f".{part}" if place else part)
    return place
