"""Client mistakes are not the mock's errors: uvicorn's line for each malformed request
("Invalid HTTP request received.", a WARNING) is shown at debug only. A fuzzer or a broken
client would otherwise fill the console, and hide the lines that matter."""

from __future__ import annotations

import logging

__all__ = ["install_quiet_client_logs"]

_CLIENT_MISTAKES = ("Invalid HTTP request received.",)


class _ClientMistakes(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.WARNING or record.msg not in _CLIENT_MISTAKES:
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


_FILTER = _ClientMistakes()


def install_quiet_client_logs() -> None:
    """Demote the lines above to debug on uvicorn's error logger (idempotent)."""
    logger = logging.getLogger("uvicorn.error")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
