"""What a load row sends: a wrk script, and the checks its requests must pass first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from ._lua import HttpRequest


@dataclass(frozen=True, slots=True)
class Check:
    request: HttpRequest
    status: int
    error_code: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    script: str
    checks: tuple[Check, ...]
    all_rejected: bool = False
    counts_flows: bool = False
    flow_check: Callable[[httpx.Client], str | None] | None = field(default=None, compare=False)
    rejected_share: float | None = None
    """The share of the requests (code redemptions aside) that must be rejected (4xx); None
    when the script does not count answers."""
