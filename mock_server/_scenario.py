"""The scenario: the registered apps and the users the mock knows, loaded from JSON or TOML.

A broken file fails at start with `ScenarioError`, whose one-line message names the file, the
place in it (`apps[1].platform`, or a line and column for a syntax error) and what is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

Platform = Literal["web", "mobile"]
MusicPass = Literal["none", "trial", "paid"]

GROOVE_SCOPE = "MicrosoftMediaServices.GrooveApiAccess"
OFFLINE_SCOPE = "offline_access"
PROFILE_SCOPE = "wl.basic"
APP_SCOPE = "app.music.xboxlive.com"
USER_SCOPES = frozenset({GROOVE_SCOPE, OFFLINE_SCOPE, PROFILE_SCOPE})


class ScenarioError(ValueError):
    """A scenario that cannot be used. `str()` is one line: `FILE: PLACE: PROBLEM`."""

    def __init__(self, source: str, place: str, problem: str):
        super().__init__(f"{source}: {place}: {problem}" if place else f"{source}: {problem}")
        self.source = source
        self.place = place
        self.problem = problem


@dataclass(frozen=True, slots=True)
class App:
    """A registered application (App Registration Portal, reference §3.3)."""

    client_id: str
    name: str
    platform: Platform
    client_secret: str | None = None
    redirect_uris: tuple[str, ...] = ()
    enrolled: bool = True

    @property
    def is_public(self) -> bool:
        """A mobile/desktop app without a secret cannot keep one: PKCE is its proof."""
        return self.client_secret is None


@dataclass(frozen=True, slots=True)
class User:
    """A Microsoft account user and their Groove state."""

    id: str
    name: str
    email: str
    country: str = "US"
    language: str = "en"
    music_pass: MusicPass = "none"

    @property
    def has_music_pass(self) -> bool:
        return self.music_pass != "none"

    @property
    def culture(self) -> str:
        return f"{self.language.lower()}-{self.country.upper()}"


@dataclass(frozen=True, slots=True)
class Scenario:
    """The registered apps and the users, with the user who signs in by default."""

    apps: tuple[App, ...]
    users: tuple[User, ...]
    default_user_id: str
    source: str = "<built-in>"
    apps_by_id: dict[str, App] = field(init=False, repr=False, compare=False)
    users_by_id: dict[str, User] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "apps_by_id", {app.client_id: app for app in self.apps})
        object.__setattr__(self, "users_by_id", {user.id: user for user in self.users})

    def with_app(self, app: App) -> Scenario:
        apps = (*tuple(a for a in self.apps if a.client_id != app.client_id), app)
        return replace(self, apps=apps)

    def with_user(self, user: User) -> Scenario:
        users = (*tuple(u for u in self.users if u.id != user.id), user)
        return replace(self, users=users)

    def to_json(self) -> dict[str, Any]:
        return {
            "default_user": self.default_user_id,
            "apps": [_app_json(app) for app in self.apps],
            "users": [_user_json(user) for user in self.users],
        }


def _app_json(app: App) -> dict[str, Any]:
    return {
        "client_id": app.client_id,
        "name": app.name,
        "platform": app.platform,
        "client_secret": app.client_secret,
        "redirect_uris": list(app.redirect_uris),
        "enrolled": app.enrolled,
    }


def _user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "country": user.country,
        "language": user.language,
        "music_pass": user.music_pass,
    }


def fixtures_dir() -> Path:
    """The shipped data: inside the wheel (`mock_server/_fixtures`), else the repository's
    `fixtures/` (an editable install)."""
    packaged = Path(__file__).parent / "_fixtures"  # the package's folder, as installed
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "fixtures"


def default_scenario_path() -> Path:
    return fixtures_dir() / "scenario.json"


def load_scenario(path: Path | None = None) -> Scenario:
    """Load and check a scenario file (against the published JSON Schema too); `None` loads
    the built-in default (which a test checks against the schema)."""
    if path is None:
        return _load(default_scenario_path(), schema=False)
    return _load(path, schema=True)


def _load(path: Path, *, schema: bool) -> Scenario:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(source, "", "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(source, "", f"cannot be read ({exc})") from None
    return parse_scenario(text, source=source, toml=path.suffix.lower() == ".toml", schema=schema)


def parse_scenario(
    text: str, *, source: str = "<scenario>", toml: bool = False, schema: bool = True
) -> Scenario:
    if toml:
        import tomllib  # only for TOML files: the built-in scenario is JSON

        try:
            data: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ScenarioError(source, "", f"not valid TOML: {exc}") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScenarioError(
                source, f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}"
            ) from None
    scenario = _Reader(source).scenario(data)
    if schema:
        from ._scenario_schema import schema_problem

        problem = schema_problem(data)
        if problem is not None:
            raise ScenarioError(source, *problem)
    return scenario


INFORMATIONAL_KEYS = frozenset({"$schema", "source", "urls"})
"""Top-level keys a scenario file may carry and the mock ignores: the schema's location for
editors, and what `groove-mock scenario --json` adds (so that its output loads back)."""


TOP_KEYS = frozenset({"apps", "users", "default_user", *INFORMATIONAL_KEYS})
APP_KEYS = frozenset(
    {"client_id", "name", "platform", "client_secret", "redirect_uris", "enrolled"}
)
USER_KEYS = frozenset({"id", "name", "email", "country", "language", "music_pass"})


class _Reader:
    """Walks the parsed document and names the place of the first problem."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, place: str, problem: str) -> ScenarioError:
        return ScenarioError(self.source, place, problem)

    def scenario(self, data: Any) -> Scenario:
        if not isinstance(data, dict):
            raise self.fail("top level", "must be an object with 'apps' and 'users'")
        self.no_unknown(data, "top level", TOP_KEYS)
        apps = tuple(
            self.app(item, f"apps[{i}]") for i, item in enumerate(self.items(data, "apps"))
        )
        users = tuple(
            self.user(item, f"users[{i}]") for i, item in enumerate(self.items(data, "users"))
        )
        self.unique([a.client_id for a in apps], "apps", "client_id")
        self.unique([u.id for u in users], "users", "id")
        if not users:
            raise self.fail("users", "at least one user is needed")
        default = data.get("default_user", users[0].id)
        if not isinstance(default, str) or default not in {u.id for u in users}:
            raise self.fail("default_user", f"{default!r} is not the id of a user in 'users'")
        return Scenario(apps=apps, users=users, default_user_id=default, source=self.source)

    def items(self, data: dict[str, Any], key: str) -> list[Any]:
        value = data.get(key)
        if not isinstance(value, list):
            raise self.fail(key, "must be a list")
        return value

    def no_unknown(self, obj: dict[str, Any], place: str, known: frozenset[str]) -> None:
        unknown = sorted(set(obj) - known)
        if unknown:
            raise self.fail(
                place, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})"
            )

    def unique(self, values: list[str], place: str, key: str) -> None:
        seen: set[str] = set()
        for i, value in enumerate(values):
            if value in seen:
                raise self.fail(f"{place}[{i}].{key}", f"duplicate {key} {value!r}")
            seen.add(value)

    def text(self, obj: dict[str, Any], place: str, key: str, default: str | None = None) -> str:
        value = obj.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{place}.{key}", "must be a non-empty string")
        return value

    def choice(self, obj: dict[str, Any], place: str, key: str, options: tuple[str, ...]) -> str:
        value = obj.get(key, options[0])
        if value not in options:
            raise self.fail(f"{place}.{key}", f"must be one of {', '.join(options)}, not {value!r}")
        return str(value)

    def app(self, obj: Any, place: str) -> App:
        if not isinstance(obj, dict):
            raise self.fail(place, "must be an object")
        self.no_unknown(obj, place, APP_KEYS)
        # Checked in the order a reader looks at an app: who it is, then how it signs in.
        client_id = self.text(obj, place, "client_id")
        platform = self.choice(obj, place, "platform", ("web", "mobile"))
        secret = obj.get("client_secret")
        if secret is not None and (not isinstance(secret, str) or not secret):
            raise self.fail(f"{place}.client_secret", "must be a non-empty string or null")
        if platform == "web" and secret is None:
            raise self.fail(f"{place}.client_secret", "a web app needs a secret")
        uris = obj.get("redirect_uris", [])
        if not isinstance(uris, list) or not all(isinstance(u, str) and u for u in uris):
            raise self.fail(f"{place}.redirect_uris", "must be a list of URLs")
        for i, uri in enumerate(uris):
            if not uri.startswith(("http://", "https://")):
                raise self.fail(f"{place}.redirect_uris[{i}]", f"{uri!r} is not an http(s) URL")
        if platform == "web" and not uris:
            raise self.fail(f"{place}.redirect_uris", "a web app needs at least one redirect URI")
        enrolled = obj.get("enrolled", True)
        if not isinstance(enrolled, bool):
            raise self.fail(f"{place}.enrolled", "must be true or false")
        return App(
            client_id=client_id,
            name=self.text(obj, place, "name", client_id),
            platform="web" if platform == "web" else "mobile",
            client_secret=secret,
            redirect_uris=tuple(uris),
            enrolled=enrolled,
        )

    def user(self, obj: Any, place: str) -> User:
        if not isinstance(obj, dict):
            raise self.fail(place, "must be an object")
        self.no_unknown(obj, place, USER_KEYS)
        user_id = self.text(obj, place, "id")
        name = self.text(obj, place, "name")
        email = self.text(obj, place, "email")
        country = self.text(obj, place, "country", "US")
        language = self.text(obj, place, "language", "en")
        for key, value in (("country", country), ("language", language)):
            if len(value) != 2 or not value.isalpha():
                raise self.fail(f"{place}.{key}", f"must be a 2-letter code, not {value!r}")
        music_pass = self.choice(obj, place, "music_pass", ("none", "trial", "paid"))
        return User(
            id=user_id,
            name=name,
            email=email,
            country=country.upper(),
            language=language.lower(),
            music_pass="paid"
            if music_pass == "paid"
            else "trial"
            if music_pass == "trial"
            else "none",
        )
