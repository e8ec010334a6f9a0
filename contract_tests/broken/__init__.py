"""Broken clients: the reference client with one mistake each, one per MUST rule.

They prove that the suite can fail: run against any of them, exactly the rule it breaks fails
(the others pass, are skipped, or are blocked by that failure). `BROKEN_CLIENTS` maps a rule ID
to the adapter factory of the client that breaks it; each class's docstring names the mistake,
most of them seen in real clients.
"""

from __future__ import annotations

from ._clients import BROKEN_CLIENTS, BrokenClient, broken_factory

__all__ = ["BROKEN_CLIENTS", "BrokenClient", "broken_factory"]
