"""The base of the broken clients and the adapter factory that wraps one."""

from __future__ import annotations

from .._adapter import ClientAdapter, ClientFactory, Environment
from ..reference_adapter import ReferenceAdapter
from ..reference_client import GrooveClient


class BrokenClient(GrooveClient):
    """Base of the broken clients: `breaks` is the rule ID the mistake breaks; a `variant`
    breaks a SHOULD rule, or a MUST rule that already has its client, another way."""

    breaks = ""
    variant = False


def broken_factory(client_class: type[BrokenClient]) -> ClientFactory:
    """The adapter factory of a broken client."""

    def factory(env: Environment) -> ClientAdapter:
        adapter_class = type(
            f"{client_class.__name__}Adapter", (ReferenceAdapter,), {"client_class": client_class}
        )
        adapter: ClientAdapter = adapter_class(env)
        return adapter

    factory.__name__ = f"{client_class.__name__}_adapter"
    return factory
