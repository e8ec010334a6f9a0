"""The pytest plugin's two halves in this package; the hooks are in `groove_contract_pytest`,
which imports each half on first use, by module path.

`_fixtures` is `GrooveMock`, what the `groove_mock` and `groove_server` fixtures hand a test;
`_suite` turns the contract rules into pytest items for `pytest --groove-client MODULE:FACTORY`
and is imported only when a client is configured. This package imports neither: a test that
uses a fixture does not pay for the rule items.
"""

from __future__ import annotations

__all__: list[str] = []
