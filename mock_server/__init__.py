"""groove-contract's mock of the Groove Music API and its Microsoft account sign-in.

`MockState` is the engine, `create_app()` builds the Starlette app over it, `start_server()` runs
it on a socket, and `MockControl` / `RemoteControl` drive it from a test.
"""

from __future__ import annotations

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
