"""The inventory of answers a client can get, derived from the contract documents: every OAuth
error of the token endpoints and of the authorize callback, every Groove ErrorCode, `Retry-After`
in both of its forms, and the life events a client goes through. Each names what the contract
asks of the client and the scenario (`_provoke.py`) that provokes it.

`tests/contract_tests/answers/test_answers.py` fails when a documented error (an ErrorCode or OAuth
error the mock serves and docs/contract describes) has no entry here, and runs every scenario
to prove it really provokes its answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Where = Literal["accesstoken", "token", "callback", "api", "life"]


class Handling(StrEnum):
    """What the contract asks of a client that gets the answer."""

    RENEW_AND_RETRY = "get a fresh token and repeat the call once (§3.4, GC-RETRY-001)"
    WAIT_AND_RETRY = "wait Retry-After, then repeat the call, a bounded number of times (§10)"
    REPORT = "report the error without repeating the call (§8, GC-RATE-003)"
    REPORT_OR_RETRY = "report it, or repeat after a wait a bounded number of times (5xx)"
    SIGN_IN_AGAIN = "report it and have the user sign in again (consent, §9)"
    PARTIAL = "use what came back: the Error says part of it is missing (200, §8)"
    REREAD_AND_RETRY = "re-read the current state, then retry at most once, never blindly (409)"
    REFUSE_CALLBACK = "finish the sign-in with the error and redeem nothing (RFC 6749 §4.1.2.1)"
    CARRY_ON = "carry on as the new situation requires (life event)"


@dataclass(frozen=True, slots=True)
class Answer:
    """One documented answer at one place a client meets it."""

    where: Where
    code: str
    status: int
    handling: Handling
    source: str
    scenario: str
    variant: str = ""
    """Distinguishes answers with the same code (`Retry-After` as seconds or as a date)."""

    @property
    def key(self) -> str:
        return ":".join(part for part in (self.where, self.code, self.variant) if part)


_H = Handling
_TOKEN_ERRORS = {
    "invalid_request": (400, "RFC 6749 §5.2; docs/contract/auth.md P1-P7, C4-C6, K1, K4, R1"),
    "invalid_client": (401, "RFC 6749 §5.2; docs/contract/auth.md C7-C11"),
    "invalid_grant": (400, "RFC 6749 §5.2; docs/contract/auth.md K1-K8, R1-R7"),
    "unauthorized_client": (400, "RFC 6749 §5.2; docs/contract/auth.md T5"),
    "unsupported_grant_type": (400, "RFC 6749 §5.2; docs/contract/auth.md T2, T3, G1"),
    "invalid_scope": (400, "RFC 6749 §5.2; docs/contract/auth.md T4, R4"),
    "server_error": (500, "MIC §2.3; docs/contract/auth.md"),
    "temporarily_unavailable": (503, "MIC §2.3; docs/contract/auth.md"),
}
_CALLBACK_ERRORS = {
    "access_denied": (400, "§3.3 (consent denied); docs/contract/auth.md I2"),
    "invalid_request": (400, "RFC 6749 §4.1.2.1; docs/contract/auth.md A5, A8, A10-A12"),
    "unauthorized_client": (400, "RFC 6749 §4.1.2.1"),
    "unsupported_response_type": (400, "RFC 6749 §4.1.2.1; docs/contract/auth.md A5"),
    "invalid_scope": (400, "RFC 6749 §4.1.2.1; docs/contract/auth.md A6"),
    "server_error": (500, "RFC 6749 §4.1.2.1"),
    "temporarily_unavailable": (503, "RFC 6749 §4.1.2.1"),
    "login_required": (400, "OpenID Connect Core §3.1.2.6; docs/contract/auth.md A9"),
}
_GROOVE: dict[str, tuple[int, Handling, str]] = {
    "MISSING_INPUT_PARAMETER": (400, _H.REPORT, "§8; catalog.md CAT30"),
    "INVALID_INPUT_PARAMETER": (400, _H.REPORT, "§8; catalog.md CAT44"),
    "INCOMPATIBLE_INPUT_PARAMETERS": (400, _H.REPORT, "§8; catalog.md CAT61"),
    "INVALID_COUNTRY": (400, _H.REPORT, "§8"),
    "CONTINUATION_TOKEN_INVALID_ERROR": (400, _H.REPORT, "§7, §8"),
    "UNAUTHORIZED_API_METHOD": (403, _H.REPORT, "§8"),
    "ACCESS_TOKEN_MISSING": (401, _H.REPORT, "§9; credentials.md CR1"),
    "ACCESS_TOKEN_INVALID": (401, _H.REPORT, "§9; credentials.md CR6, CR9"),
    "ACCESS_TOKEN_EXPIRED": (401, _H.RENEW_AND_RETRY, "§9; credentials.md CR10"),
    "ACCESS_TOKEN_INVALID_SUBSCRIPTION": (401, _H.REPORT, "§3.1; credentials.md CR11"),
    "INVALID_AUTHORIZATION_HEADER": (401, _H.RENEW_AND_RETRY, "§3.4 (SDK); credentials.md"),
    "AUTHORIZATION_TOKEN_EXPIRED": (401, _H.RENEW_AND_RETRY, "§9; credentials.md CR10"),
    "MSA_SCOPE_REQUIRES_USER_CONSENT": (401, _H.SIGN_IN_AGAIN, "§9; credentials.md CR13"),
    "NO_MUSIC_PASS_SUBSCRIPTION": (403, _H.REPORT, "§9; credentials.md CR14"),
    "CATALOG_NO_RESULT": (404, _H.REPORT, "§6, §8; catalog.md"),
    "CATALOG_INVALID_DATA": (200, _H.PARTIAL, "§8"),
    "CATALOG_UNAVAILABLE": (502, _H.REPORT_OR_RETRY, "§8"),
    "COLLECTION_INVALID_OPERATION": (400, _H.REPORT, "§6, §8; user-data.md"),
    "COLLECTION_INVALID_ID": (400, _H.REPORT, "§8; user-data.md"),
    "COLLECTION_INVALID_PLAYLIST_INFO": (400, _H.REPORT, "§8; user-data.md"),
    "COLLECTION_INVALID_PLAYLIST_REORDER": (400, _H.REPORT, "§8; user-data.md"),
    "COLLECTION_FULL": (400, _H.REPORT, "§8, §10; user-data.md"),
    "COLLECTION_PLAYLIST_FULL": (400, _H.REPORT, "§8, §10; user-data.md"),
    "COLLECTION_NO_RESULT": (404, _H.REPORT, "§8; user-data.md"),
    "COLLECTION_CONCURRENT_UPDATE": (409, _H.REREAD_AND_RETRY, "§8; user-data.md UD41"),
    "COLLECTION_SOME_OPERATIONS_FAILED": (200, _H.PARTIAL, "§6, §8; user-data.md"),
    "DISCOVERY_NO_RESULT": (404, _H.REPORT, "§8"),
    "DISCOVERY_INVALID_GENRE": (404, _H.REPORT, "§8; catalog.md"),
    "DELIVERY_UNAVAILABLE_CONTENT": (404, _H.REPORT, "§8; user-data.md"),
    "DELIVERY_CONCURRENT_STREAMING": (409, _H.REPORT, "§8, §10; user-data.md UD67"),
    "INTERNAL_SERVER_ERROR": (500, _H.REPORT_OR_RETRY, "§8"),
}
_THROTTLE = {"TOO_MANY_REQUESTS": 429, "SERVICE_UNAVAILABLE": 503}


def _inventory() -> tuple[Answer, ...]:
    answers: list[Answer] = []
    for where in ("accesstoken", "token"):
        for code, (status, source) in _TOKEN_ERRORS.items():
            handling = _H.REPORT_OR_RETRY if status >= 500 else _H.REPORT
            answers.append(Answer(where, code, status, handling, source, "token_error"))
    answers.append(
        Answer(
            "token",
            "invalid_grant",
            400,
            _H.REPORT,
            "§3.3 (revocation)",
            "revoked_grant",
            "revoked",
        )
    )
    for code, (status, source) in _CALLBACK_ERRORS.items():
        answers.append(
            Answer("callback", code, status, _H.REFUSE_CALLBACK, source, "error_callback")
        )
    answers.append(
        Answer("callback", "access_denied", 400, _H.REFUSE_CALLBACK, "§3.3", "deny_consent", "page")
    )
    for code, (status, handling, source) in _GROOVE.items():
        answers.append(Answer("api", code, status, handling, source, "api_error"))
    for natural, scenario in (
        ("ACCESS_TOKEN_EXPIRED", "expired_token"),
        ("AUTHORIZATION_TOKEN_EXPIRED", "expired_token"),
        ("CATALOG_NO_RESULT", "unknown_item"),
        ("MSA_SCOPE_REQUIRES_USER_CONSENT", "consent_revoked"),
    ):
        status, handling, source = _GROOVE[natural]
        answers.append(Answer("api", natural, status, handling, source, scenario, "natural"))
    for code, status in _THROTTLE.items():
        for form in ("seconds", "http-date", "absent"):
            answers.append(
                Answer(
                    "api",
                    code,
                    status,
                    _H.WAIT_AND_RETRY,
                    "§10; RFC 9110 §10.2.3",
                    "throttled",
                    form,
                )
            )
    for event, source in (
        ("second_user", "§3.3 (another account signs in)"),
        ("sign_out_and_in", "§3.3 (sign-out, then a new sign-in)"),
        ("restart", "a new process of the same installation"),
        ("restart_with_persisted_tokens", "§3.3 (refresh tokens outlive the process); §6 #11"),
    ):
        answers.append(Answer("life", event, 0, _H.CARRY_ON, source, event))
    return tuple(answers)


ANSWERS: tuple[Answer, ...] = _inventory()
ANSWERS_BY_KEY: dict[str, Answer] = {answer.key: answer for answer in ANSWERS}
