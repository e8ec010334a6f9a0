"""Repository-wide pytest configuration: Hypothesis profiles, pytester for the plugin tests and
the browser fixtures of the page tests (pytest allows `pytest_plugins` only in the root
conftest)."""

import os

# pytester's in-process runs take out of sys.modules what they imported, and cryptography's
# Rust bindings cannot be imported twice: a scratch run that makes a TLS CA first would leave
# the next one with `curve must be an EllipticCurve instance`. Imported here, before any run,
# they stay.
import trustme  # noqa: F401
from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester", "tests.browser_support"]

settings.register_profile("default", max_examples=60, deadline=None)
# CI replays the same examples on every run (derandomize), so a landing is never decided by a
# lucky draw; `make fuzz` explores with fresh randomness and 5,000 examples per property.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("fuzz", max_examples=5000, deadline=None)
_default = "ci" if os.environ.get("CI") else "default"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _default))
