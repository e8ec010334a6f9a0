"""The client's registration: the suite's two apps (a confidential web app and a public
desktop/mobile app), the `Environment` a client is built with on a host, and a fresh mock state
that knows both apps.

Which app a client gets follows what its adapter declares (docs/contract/suite.md): a
public-only client gets the public app for every rule, and a rule it cannot meet there says
why with `NOT_APPLICABLE`.
"""

from __future__ import annotations

from typing import Any

from mock_server import MockState, Settings, load_scenario
from mock_server._scenario import App, Scenario

from .._adapter import Environment, UserInfo
from ._hosting import Host

SUITE_SECRET = "gc+Suite/Secret=42"
"""Has `+`, `/` and `=`: a client that forgets to URL-encode it fails (reference FAQ #2)."""
SUITE_REDIRECT_URI = "http://127.0.0.1:8400/groove/callback"
SUITE_TLS_REDIRECT_URI = "https://127.0.0.1:8400/groove/callback"
"""The web app's redirect URI when the mock serves https: OAuth libraries that insist on https
(oauthlib) refuse an http callback as they refuse an http token endpoint. Nothing listens on
either: the suite plays the browser and stops at the callback."""
WEB_APP = App(
    client_id="00000000480C5E01",
    name="groove-contract suite (web)",
    platform="web",
    client_secret=SUITE_SECRET,
    redirect_uris=(SUITE_REDIRECT_URI, SUITE_TLS_REDIRECT_URI),
)
PUBLIC_APP = App(
    client_id="00000000480C5E02",
    name="groove-contract suite (public)",
    platform="mobile",
    client_secret=None,
)
DESKTOP_PATH = "/oauth20_desktop.srf"
"""A public (mobile/desktop) app's redirect URI is the authorization server's own page (§3.3)."""


NOT_APPLICABLE = "not applicable to a public (desktop/mobile) client"
"""How the reason of a rule that cannot apply to the client's registration starts."""


def suite_scenario(base: Scenario | None, settings: Settings) -> Scenario:
    scenario = base or load_scenario(settings.scenario)
    return scenario.with_app(WEB_APP).with_app(PUBLIC_APP)


def build_environment(
    state: MockState, host: Host, *, public: bool = False, storage_dir: str | None = None
) -> Environment:
    """The environment of the suite's web app (or its public desktop/mobile app) on this mock."""
    app = PUBLIC_APP if public else WEB_APP
    scenario = state.scenario
    if public:
        redirect_uri = host.base_url + DESKTOP_PATH
    else:
        redirect_uri = SUITE_TLS_REDIRECT_URI if host.ca_file else SUITE_REDIRECT_URI
    return Environment(
        auth_url=host.base_url,
        api_url=host.base_url,
        client_id=app.client_id,
        client_secret=app.client_secret,
        redirect_uri=redirect_uri,
        users=tuple(
            UserInfo(u.id, u.name, u.email, u.country, u.music_pass) for u in scenario.users
        ),
        default_user_id=scenario.default_user_id,
        transport=host.transport,
        platform="mobile" if public else "web",
        ca_file=host.ca_file,
        storage_dir=storage_dir,
    )


def new_state(host: Host, scenario: Scenario | None, **settings: Any) -> MockState:
    """A fresh mock state whose public URLs are the host's, with the suite's apps added."""
    merged = Settings(auth_base_url=host.base_url, api_base_url=host.base_url).replace(**settings)
    return MockState(merged, scenario=suite_scenario(scenario, merged))
