"""Keep every package's `__all__` honest: each name exists, is public, and nothing public is
left out of it (the httpx convention)."""

from __future__ import annotations

import importlib
import pkgutil
import types

import pytest

import contract_tests
import groove_contract_pytest
import mock_server

PACKAGES = [mock_server, contract_tests, groove_contract_pytest]


def _packages() -> list[types.ModuleType]:
    found: list[types.ModuleType] = []
    for root in PACKAGES:
        found.append(root)
        for info in pkgutil.walk_packages(root.__path__, prefix=root.__name__ + "."):
            if info.ispkg and not info.name.rsplit(".", 1)[-1].startswith("_"):
                found.append(importlib.import_module(info.name))
    return found


@pytest.mark.parametrize("package", _packages(), ids=lambda m: m.__name__)
def test_all_lists_only_names_that_exist(package: types.ModuleType):
    exported = getattr(package, "__all__", None)
    assert exported is not None, f"{package.__name__} has no __all__"
    assert len(exported) == len(set(exported)), "duplicates in __all__"
    for name in exported:
        assert hasattr(package, name), f"{package.__name__}.__all__ names missing {name}"
        assert not name.startswith("_")


@pytest.mark.parametrize("package", [mock_server], ids=lambda m: m.__name__)
def test_public_classes_and_functions_are_all_in_all(package: types.ModuleType):
    public = {
        name
        for name, value in vars(package).items()
        if not name.startswith("_")
        and isinstance(value, type | types.FunctionType)
        and value.__module__.startswith(package.__name__)
    }
    assert public <= set(package.__all__)


def test_all_is_sorted():
    assert list(mock_server.__all__) == sorted(mock_server.__all__)
