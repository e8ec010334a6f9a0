"""What the command line prints: the URLs, the demo credentials and journal lines (the
contract suite's reports print the same lines)."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from .._journal import JournalEntry
from .._scenario import Scenario

# The authorization server's endpoints (reference §3.1, §3.3; identity notes §1.1).
AUTH_ENDPOINTS = {
    "app_token": ("POST", "/accesstoken.srf"),
    "authorize": ("GET", "/oauth20_authorize.srf"),
    "token": ("POST", "/oauth20_token.srf"),
    "desktop_redirect": ("GET", "/oauth20_desktop.srf"),
    "logout": ("GET", "/oauth20_logout.srf"),
}


def version() -> str:
    """The installed groove-contract's version (serve's banner shows it at every start)."""
    try:
        return metadata.version("groove-contract")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def endpoint_urls(auth_url: str, api_url: str) -> dict[str, str]:
    urls = {"auth": auth_url, "api": api_url, "control": f"{auth_url}/_mock"}
    urls.update({name: auth_url + path for name, (_, path) in AUTH_ENDPOINTS.items()})
    return urls


def scenario_json(scenario: Scenario, urls: dict[str, str]) -> dict[str, Any]:
    return {"source": scenario.source, **scenario.to_json(), "urls": urls}


def url_lines(urls: dict[str, str], admin_key: str | None) -> list[str]:
    access = (
        f"admin key: {admin_key}  (send 'Authorization: Bearer <key>' or 'X-Admin-Key')"
        if admin_key
        else "open on loopback, no key"
    )
    lines = [
        f"  authorization server  {urls['auth']}   (stands in for https://login.live.com)",
        f"  Groove API            {urls['api']}   (stands in for https://music.xboxlive.com)",
        f"  control API           {urls['control']}/   {access}",
    ]
    for name, (method, _) in AUTH_ENDPOINTS.items():
        label = name.replace("_", " ")
        lines.append(f"  {label:<20}  {method:<4} {urls[name]}")
    return lines


def listening_lines(public: dict[str, str], listening: dict[str, str]) -> list[str]:
    """Where the sockets are, for each side whose announced URL (`--auth-base-url`,
    `--api-base-url`) is another: a script on this machine reaches the mock there."""
    labels = {"auth": "auth server listens", "api": "Groove API listens"}
    return [
        f"  {labels[side]:<20}  {listening[side]}   (announced as {public[side]})"
        for side in ("auth", "api")
        if listening[side] != public[side]
    ]


def credential_lines(scenario: Scenario) -> list[str]:
    lines = ["Apps (client_id, platform, secret, redirect URIs):"]
    for app in scenario.apps:
        enrolled = "enrolled" if app.enrolled else "NOT enrolled in the Groove program"
        secret = app.client_secret if app.client_secret is not None else "(public: no secret)"
        lines.append(f"  {app.client_id}  {app.name}  [{app.platform}, {enrolled}]")
        lines.append(f"      secret    {secret}")
        for uri in app.redirect_uris:
            lines.append(f"      redirect  {uri}")
    lines.append("Users (id, name, e-mail, country, Music Pass):")
    for user in scenario.users:
        default = "  <- signs in by default" if user.id == scenario.default_user_id else ""
        lines.append(
            f"  {user.id}  {user.name}  {user.email}  {user.culture}  "
            f"pass={user.music_pass}{default}"
        )
    return lines


def journal_line(entry: JournalEntry) -> str:
    moment = datetime.fromtimestamp(entry.time, UTC).strftime("%H:%M:%S.%f")[:-3]
    query = "?" + ",".join(entry.query_names) if entry.query_names else ""
    parts = [
        f"#{entry.seq}",
        moment,
        f"{entry.side:<4}",
        f"{entry.method:<6}",
        entry.path + query,
        str(entry.status or "dropped"),
    ]
    if entry.error_code:
        parts.append(entry.error_code)
    details = {
        "kind": entry.token_kind,
        "client": entry.client_id,
        "user": entry.user_id,
        "fault": entry.fault,
        "cred": ",".join(seen.location for seen in entry.credentials),
    }
    parts += [f"{name}={value}" for name, value in details.items() if value]
    if entry.violations:
        parts.append("violations=" + ",".join(entry.violations))
    return "  ".join(parts)
