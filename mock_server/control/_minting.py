"""Tokens without the sign-in dance: good ones with chosen scopes and lifetime, and bad ones
for negative tests (expired, revoked, forged, foreign, wrong kind, missing the Groove scope)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from .._scenario import APP_SCOPE, GROOVE_SCOPE, OFFLINE_SCOPE, PROFILE_SCOPE, App
from .._tokens import _PREFIX, TokenKind, TokenService, guess_kind
from . import _validate as check
from ._errors import ControlError

if TYPE_CHECKING:
    from .._state import MockState

BadFlavor = Literal["expired", "revoked", "forged", "foreign", "wrong-kind", "no-groove-scope"]
BAD_FLAVORS: tuple[BadFlavor, ...] = (
    "expired",
    "revoked",
    "forged",
    "foreign",
    "wrong-kind",
    "no-groove-scope",
)
TOKEN_KINDS = tuple(kind.value for kind in TokenKind)
MAX_LIFETIME = 10 * 365 * 86400
_DEFAULT_SCOPES = {
    TokenKind.APP: frozenset({APP_SCOPE}),
    TokenKind.USER: frozenset({GROOVE_SCOPE}),
    TokenKind.REFRESH: frozenset({GROOVE_SCOPE, OFFLINE_SCOPE}),
}


@dataclass(frozen=True, slots=True)
class MintedToken:
    """A token the control plane made. `flavor` names what is wrong with a bad one."""

    token: str
    kind: str
    client_id: str
    user_id: str | None
    scopes: tuple[str, ...]
    expires_in: int
    expires_at: float
    flavor: str | None = None

    @property
    def authorization(self) -> str:
        """The header value: `Authorization: Bearer <token>`."""
        return f"Bearer {self.token}"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "scopes": list(self.scopes), "token_type": "bearer"}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MintedToken:
        return cls(
            token=str(data["token"]),
            kind=str(data["kind"]),
            client_id=str(data["client_id"]),
            user_id=data.get("user_id"),
            scopes=tuple(data.get("scopes", ())),
            expires_in=int(data["expires_in"]),
            expires_at=float(data["expires_at"]),
            flavor=data.get("flavor"),
        )


class TokenWorkshop:
    """Mints for one mock state (`state.part(TokenWorkshop)`)."""

    def __init__(self, state: MockState):
        self.state = state
        self._foreign: TokenService | None = None

    def reset(self) -> None:
        """Nothing to forget: the foreign key is kept because making one can be costly."""

    def mint(
        self,
        kind: Any = "user",
        *,
        client_id: Any = None,
        user_id: Any = None,
        scopes: Any = None,
        lifetime: Any = None,
    ) -> MintedToken:
        token_kind = _kind(kind)
        app, user_id = self._subject(token_kind, client_id, user_id)
        chosen = _DEFAULT_SCOPES[token_kind] if scopes is None else check.scopes("scopes", scopes)
        seconds = self._lifetime(token_kind, lifetime)
        token, claims = self.state.tokens.mint(
            token_kind, app.client_id, lifetime=seconds, user_id=user_id, scopes=chosen
        )
        return self._minted(token, token_kind, claims.client_id, user_id, chosen, claims.expires_at)

    def bad(
        self, flavor: Any, *, kind: Any = "user", client_id: Any = None, user_id: Any = None
    ) -> MintedToken:
        if flavor not in BAD_FLAVORS:
            raise ControlError(f"flavor must be one of {', '.join(BAD_FLAVORS)}, not {flavor!r}")
        token_kind = _kind(kind)
        if token_kind is TokenKind.REFRESH:
            raise ControlError("bad tokens are access tokens: kind must be app or user")
        if flavor == "no-groove-scope" and token_kind is TokenKind.APP:
            raise ControlError("no-groove-scope is a user-token flavor (kind user)")
        app, user_id = self._subject(token_kind, client_id, user_id)
        scopes = _DEFAULT_SCOPES[token_kind]
        lifetime = self._lifetime(token_kind, None)
        service, issued_at = self.state.tokens, None
        if flavor == "expired":
            issued_at = self.state.clock.now() - lifetime - 60
        elif flavor == "foreign":
            service = self._foreign_service()
        elif flavor == "wrong-kind":
            token_kind = TokenKind.REFRESH
            user_id = user_id or self.state.default_user.id
            scopes = _DEFAULT_SCOPES[TokenKind.REFRESH]
        elif flavor == "no-groove-scope":
            scopes = frozenset({PROFILE_SCOPE})
        token, claims = service.mint(
            token_kind,
            app.client_id,
            lifetime=lifetime,
            user_id=user_id,
            scopes=scopes,
            issued_at=issued_at,
        )
        if flavor == "revoked":
            self.state.tokens.revoke(claims)
        elif flavor == "forged":
            token = _forge(token, self.state.tokens.token_format)
        return self._minted(
            token, token_kind, app.client_id, user_id, scopes, claims.expires_at, flavor
        )

    def _minted(
        self,
        token: str,
        kind: TokenKind,
        client_id: str,
        user_id: str | None,
        scopes: frozenset[str],
        expires_at: float,
        flavor: str | None = None,
    ) -> MintedToken:
        return MintedToken(
            token=token,
            kind=kind.value,
            client_id=client_id,
            user_id=user_id,
            scopes=tuple(sorted(scopes)),
            expires_in=round(expires_at - self.state.clock.now()),
            expires_at=expires_at,
            flavor=flavor,
        )

    def _subject(self, kind: TokenKind, client_id: Any, user_id: Any) -> tuple[App, str | None]:
        app = self._app(client_id)
        if kind is TokenKind.APP:
            if user_id is not None:
                raise ControlError("an app token has no user: leave user_id out")
            return app, None
        user_id = self.state.default_user.id if user_id is None else check.text("user_id", user_id)
        if self.state.user(user_id) is None:
            known = ", ".join(u.id for u in self.state.scenario.users)
            raise ControlError(f"unknown user {user_id!r} (known: {known})")
        return app, user_id

    def _app(self, client_id: Any) -> App:
        apps = self.state.scenario.apps
        if client_id is None:
            enrolled = [app for app in apps if app.enrolled]
            if not (enrolled or apps):
                raise ControlError("the scenario has no app: give client_id")
            return (enrolled or list(apps))[0]
        app = self.state.app(check.text("client_id", client_id))
        if app is None:
            known = ", ".join(a.client_id for a in apps) or "none"
            raise ControlError(f"unknown app {client_id!r} (known: {known})")
        return app

    def _lifetime(self, kind: TokenKind, lifetime: Any) -> float:
        if lifetime is not None:
            return check.number("lifetime", lifetime, low=1, high=MAX_LIFETIME)
        settings = self.state.settings
        if kind is TokenKind.APP:
            return float(settings.app_token_lifetime)
        if kind is TokenKind.USER:
            return float(settings.user_token_lifetime)
        return float(settings.refresh_token_lifetime)

    def _foreign_service(self) -> TokenService:
        if self._foreign is None:
            # Same format and clock, another key: a token from another mock instance.
            self._foreign = TokenService(
                self.state.clock, token_format=self.state.tokens.token_format
            )
        return self._foreign


def _kind(value: Any) -> TokenKind:
    if isinstance(value, TokenKind):
        return value
    if value not in TOKEN_KINDS:
        raise ControlError(f"kind must be one of {', '.join(TOKEN_KINDS)}, not {value!r}")
    return TokenKind(value)


def _forge(token: str, token_format: str) -> str:
    """The same token with one bit of its signature flipped."""
    if token_format == "jwt":
        header, payload, signature = token.split(".")
        raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
        flipped = raw[:-1] + bytes([raw[-1] ^ 1])
        return f"{header}.{payload}.{base64.urlsafe_b64encode(flipped).rstrip(b'=').decode()}"
    kind = guess_kind(token)
    assert kind is not None
    prefix = _PREFIX[kind]
    try:
        raw = base64.b64decode(token[len(prefix) :], validate=True)
    except binascii.Error as exc:  # pragma: no cover - our own tokens always decode
        raise ControlError(f"cannot forge this token ({exc})") from None
    return prefix + base64.b64encode(raw[:-1] + bytes([raw[-1] ^ 1])).decode()
