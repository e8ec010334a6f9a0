"""The catalogue of broken clients, by the rule each one breaks."""

from __future__ import annotations

from .._adapter import ClientFactory
from . import _clients, _variants  # noqa: F401 - their classes are the catalogue
from ._base import BrokenClient, broken_factory

BROKEN_CLIENTS: dict[str, ClientFactory] = {
    cls.breaks: broken_factory(cls)
    for cls in BrokenClient.__subclasses__()
    if cls.breaks and not cls.variant
}
"""The broken client of each MUST rule, by the rule ID it breaks."""
BROKEN_VARIANTS: dict[str, tuple[str, ClientFactory]] = {
    cls.__name__: (cls.breaks, broken_factory(cls))
    for cls in BrokenClient.__subclasses__()
    if cls.variant
}
"""The SHOULD rules' broken clients and more ways to break some MUST rules: class name ->
(the rule ID it breaks, its factory)."""
