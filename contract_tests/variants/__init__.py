"""Legal variations: correct clients, written from the contract documents, that differ from
the reference client wherever the contract lets a client choose. Every one must pass the suite;
with the broken clients (`contract_tests.broken`) they judge the judge.

`_docs_client` is the client, `_choices` its knobs, `_adapter` plugs it into the suite and
`_catalogue` lists the variations. `groove-contract verify --client
contract_tests.variants:legal.public_app` runs one of them.
"""

from __future__ import annotations

from ._adapter import DocsAdapter, docs_factory
from ._catalogue import VARIANTS, VARIANTS_BY_NAME, Variant, legal, legal_variations_markdown
from ._choices import Choices
from ._docs_client import CallFailed, DocsClient

__all__ = [
    "VARIANTS",
    "VARIANTS_BY_NAME",
    "CallFailed",
    "Choices",
    "DocsAdapter",
    "DocsClient",
    "Variant",
    "docs_factory",
    "legal",
    "legal_variations_markdown",
]
