"""`groove-mock scenario`, `token` and `journal`: look at a mock, mint tokens, read requests.

Each works on a running mock with `--url` (and `--admin-key` off loopback; both also from
`GROOVE_MOCK_URL` and `GROOVE_MOCK_ADMIN_KEY`); `scenario` and `token` also work offline from
the same settings as `serve`.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import threading
from typing import Any, Literal

from .._journal import FILTERS
from .._scenario import load_scenario
from .._settings import setting_fields
from .._state import MockState
from ..control import BAD_FLAVORS, Control, MockControl, RemoteControl
from ..control._errors import ControlUnreachable
from ._files import check_jwt_key_file
from ._flags import add_setting_flags, settings_from
from ._text import credential_lines, endpoint_urls, journal_line, scenario_json, url_lines

DEFAULT_URL = "http://127.0.0.1:8080"
FOLLOW_WAIT = 5.0
_TOKEN_SETTINGS = (
    "scenario",
    "signing_key",
    "token_format",
    "jwt_key_file",
    "app_token_lifetime",
    "user_token_lifetime",
    "refresh_token_lifetime",
)


def _add_remote(parser: argparse.ArgumentParser, *, required_default: str | None) -> None:
    env_url = os.environ.get("GROOVE_MOCK_URL")
    parser.add_argument(
        "--url",
        default=env_url or required_default,
        help="base URL of a running mock (env GROOVE_MOCK_URL)"
        + (f"; default {required_default}" if required_default else ""),
    )
    parser.add_argument(
        "--admin-key",
        default=os.environ.get("GROOVE_MOCK_ADMIN_KEY"),
        help="the mock's admin key, needed off loopback (env GROOVE_MOCK_ADMIN_KEY)",
    )


# scenario -------------------------------------------------------------------------------------


def add_scenario(commands: Any, help_text: str) -> None:
    parser = commands.add_parser(
        "scenario",
        help=help_text,
        description="Show the effective scenario: apps, users and URLs.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    _add_remote(parser, required_default=None)
    # --admin-key is the remote one; offline, the other settings shape the URLs shown.
    add_setting_flags(parser, only=[f.name for f in setting_fields() if f.name != "admin_key"])
    parser.set_defaults(run=scenario, parser=parser)


def scenario(args: argparse.Namespace) -> int:
    if args.url:
        with _remote(args) as control:
            current = control.scenario()
            status = control.status()
        urls = endpoint_urls(status["urls"]["auth"], status["urls"]["api"])
        admin_key = args.admin_key if status.get("admin_key_required") else None
    else:
        settings = settings_from(args)
        current = load_scenario(settings.scenario)
        urls = endpoint_urls(settings.public_auth_url, settings.public_api_url)
        admin_key = args.admin_key
    if args.json:
        print(json.dumps(scenario_json(current, urls), indent=2))
    else:
        print("\n".join([*url_lines(urls, admin_key), "", *credential_lines(current)]))
    return 0


# token ----------------------------------------------------------------------------------------


def add_token(commands: Any, help_text: str) -> None:
    parser = commands.add_parser(
        "token",
        help=help_text,
        description=(
            "Mint an app or user token. Against a running mock (--url, default "
            f"{DEFAULT_URL}), or offline with --signing-key (opaque) or --jwt-key-file (jwt): "
            "such tokens work on every mock started with the same key."
        ),
    )
    subject = parser.add_mutually_exclusive_group(required=True)
    subject.add_argument(
        "--app", nargs="?", const="", metavar="CLIENT_ID", help="an app token (default app)"
    )
    subject.add_argument(
        "--user", nargs="?", const="", metavar="USER_ID", help="a user token (default user)"
    )
    parser.add_argument("--client", metavar="CLIENT_ID", help="the app of a user token")
    parser.add_argument(
        "--scope", action="append", metavar="SCOPE", help="scope (repeat, or space-separated)"
    )
    parser.add_argument("--lifetime", type=float, metavar="SECONDS", help="token lifetime")
    parser.add_argument(
        "--bad", choices=BAD_FLAVORS, help="a token the mock must refuse, for negative tests"
    )
    parser.add_argument("--json", action="store_true", help="print the token and its details")
    _add_remote(parser, required_default=None)
    add_setting_flags(parser, only=_TOKEN_SETTINGS)
    parser.set_defaults(run=token, parser=parser)


def token(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.parser
    offline = getattr(args, "signing_key", None) or getattr(args, "jwt_key_file", None)
    if args.url and offline:
        parser.error("give either --url (a running mock) or a key (offline), not both")
    if not args.url and not offline:
        args.url = DEFAULT_URL  # as journal: the mock `make serve` starts
    if args.bad and (args.scope or args.lifetime is not None):
        parser.error("--bad takes no --scope or --lifetime")
    kind: Literal["app", "user"] = "app" if args.app is not None else "user"
    client_id = (args.app or None) if kind == "app" else args.client
    if kind == "app" and args.client:
        parser.error("--client is for user tokens; give the app as --app CLIENT_ID")
    user_id = (args.user or None) if kind == "user" else None
    scopes = " ".join(args.scope) if args.scope else None

    def mint(control: Control) -> Any:
        if args.bad:
            return control.bad_token(args.bad, kind=kind, client_id=client_id, user_id=user_id)
        return control.mint_token(
            kind, client_id=client_id, user_id=user_id, scopes=scopes, lifetime=args.lifetime
        )

    if args.url:
        with _remote(args) as remote:
            minted = mint(remote)
    else:
        settings = settings_from(args)
        check_jwt_key_file(settings)
        minted = mint(MockControl(MockState(settings)))
    print(json.dumps(minted.to_json(), indent=2) if args.json else minted.token)
    return 0


# journal --------------------------------------------------------------------------------------


def add_journal(commands: Any, help_text: str) -> None:
    parser = commands.add_parser(
        "journal",
        help=help_text,
        description="Show the journal of a running mock; --follow keeps printing new requests.",
    )
    _add_remote(parser, required_default=DEFAULT_URL)
    parser.add_argument("--follow", "-f", action="store_true", help="keep printing new entries")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--clear", action="store_true", help="empty the journal after showing")
    filters = parser.add_argument_group("filters")
    filters.add_argument("--path", help="path prefix, or exact with a trailing $")
    filters.add_argument("--method", help="HTTP method")
    filters.add_argument("--status", type=int, help="HTTP status (0: dropped connection)")
    filters.add_argument("--error-code", help="Groove ErrorCode or OAuth error")
    filters.add_argument("--token-kind", help="app, user, refresh, unknown...")
    filters.add_argument("--client", dest="client_id", metavar="CLIENT_ID", help="app")
    filters.add_argument("--user", dest="user_id", metavar="USER_ID", help="user")
    filters.add_argument("--side", choices=("api", "auth"), help="Groove API or authorization")
    filters.add_argument("--violation", help="a contract rule the client broke")
    filters.add_argument("--since", type=int, metavar="SEQ", help="entries after this seq")
    filters.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help="only the newest N (with --follow: then every new one)",
    )
    parser.set_defaults(run=journal, parser=parser)


def journal(args: argparse.Namespace) -> int:
    if args.follow and args.clear:
        args.parser.error("--clear does not go with --follow")
    filters = {name: getattr(args, name) for name in FILTERS}
    filters = {name: value for name, value in filters.items() if value is not None}
    with _remote(args) as control:
        if not args.follow:
            for entry in control.journal(**filters, limit=args.limit):
                _show(entry, args.json)
            if args.clear:
                control.clear_journal()
            return 0
        return _follow(control, filters, args)


def _follow(control: RemoteControl, filters: dict[str, Any], args: argparse.Namespace) -> int:
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler) if in_main else None
    try:
        # `--limit N` picks the newest N kept entries to start from; everything after them is
        # followed without a limit (a tail page's limit takes the oldest N: pages never skip).
        page = control.tail_journal(0, **filters)
        entries = page.entries[-args.limit :] if args.limit else page.entries
        while True:
            for entry in entries:
                _show(entry, args.json)
            if page.closed:  # the mock is stopping: an orderly end of the stream
                print(f"groove-mock: the mock at {control.url} has stopped", flush=True)
                return 0
            try:
                page = control.tail_journal(page.cursor, wait=FOLLOW_WAIT, **filters)
                entries = page.entries
            except ControlUnreachable:
                print(f"groove-mock: the mock at {control.url} has stopped", flush=True)
                return 0
    except KeyboardInterrupt:
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _show(entry: Any, as_json: bool) -> None:
    print(json.dumps(entry.to_json()) if as_json else journal_line(entry), flush=True)


def _remote(args: argparse.Namespace) -> RemoteControl:
    return RemoteControl(args.url, admin_key=args.admin_key)
