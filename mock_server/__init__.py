"""groove-contract's mock of the Groove Music API and its Microsoft account sign-in.

Every public name is imported on first use (PEP 562), so that `groove-mock serve` and a test
that needs one part pay only for the modules that part uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import exports as _exports

if TYPE_CHECKING:
    from ._app import create_app
    from ._clock import Clock
    from ._errors import MockError
    from ._journal import CredentialSeen, Journal, JournalEntry
    from ._scenario import App, Scenario, ScenarioError, User, load_scenario
    from ._server import RunningServer, start_server
    from ._settings import Settings
    from ._state import MockState
    from ._tokens import Claims, TokenKind, TokenService
    from .auth._errors import OAuthError
    from .control import MockControl, RemoteControl
    from .groove._errors import GrooveError

__all__ = [
    "App",
    "Claims",
    "Clock",
    "CredentialSeen",
    "GrooveError",
    "Journal",
    "JournalEntry",
    "MockControl",
    "MockError",
    "MockState",
    "OAuthError",
    "RemoteControl",
    "RunningServer",
    "Scenario",
    "ScenarioError",
    "Settings",
    "TokenKind",
    "TokenService",
    "User",
    "create_app",
    "load_scenario",
    "start_server",
]

_MODULES = {
    "App": "._scenario",
    "Claims": "._tokens",
    "Clock": "._clock",
    "CredentialSeen": "._journal",
    "GrooveError": ".groove._errors",
    "Journal": "._journal",
    "JournalEntry": "._journal",
    "MockControl": ".control",
    "MockError": "._errors",
    "MockState": "._state",
    "OAuthError": ".auth._errors",
    "RemoteControl": ".control",
    "RunningServer": "._server",
    "Scenario": "._scenario",
    "ScenarioError": "._scenario",
    "Settings": "._settings",
    "TokenKind": "._tokens",
    "TokenService": "._tokens",
    "User": "._scenario",
    "create_app": "._app",
    "load_scenario": "._scenario",
    "start_server": "._server",
}

if not TYPE_CHECKING:  # type checkers see the imports above, and no catch-all __getattr__
    __getattr__, __dir__ = _exports(__name__, _MODULES, globals())
