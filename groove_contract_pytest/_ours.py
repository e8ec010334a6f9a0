"""Import groove-contract's own packages for the plugin, and name the clash when a user's
package of the same name (`contract_tests`, `mock_server`) stands in their place.

The plugin module itself imports neither package: a project with its own `contract_tests/`
collects and runs its tests as if we were not installed. Only a fixture or the configured suite
imports ours, and then a clash is one line saying which file shadows which, not an ImportError
from deep inside pytest.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

HOME = Path(__file__).resolve().parent.parent
"""Where our packages were installed, side by side with this one (site-packages, or the
checkout of an editable install)."""


class PackageClash(ImportError):
    """A package of the user's has the name of one of ours and was (or would be) imported."""


def _top_file(module: ModuleType) -> Path | None:
    file = getattr(module, "__file__", None)
    return Path(file).resolve() if file else None


def clash_message(name: str, theirs: Path | str) -> str:
    return (
        f"groove-contract: your package {name!r} ({theirs}) shadows groove-contract's own "
        f"({HOME / name}); rename yours, or keep it out of the runs that use "
        f"groove-contract's fixtures or --groove-client"
    )


def check_collected(name: str, rootpath: Path, collected: list[Path]) -> None:
    """Refuse a package of the user's named like ours, under the rootdir, that this run
    collects: pytest would import it as `name`, and ours is already imported by then."""
    candidate = (rootpath / name / "__init__.py").resolve()
    if not candidate.is_file() or candidate.parent == HOME / name:
        return
    if any(
        candidate.parent.is_relative_to(p) or p.is_relative_to(candidate.parent) for p in collected
    ):
        raise PackageClash(clash_message(name, candidate))


def import_ours(module: str) -> ModuleType:
    """`importlib.import_module(module)`, refusing a top-level package that is not ours."""
    name = module.partition(".")[0]
    top = importlib.import_module(name)
    where = _top_file(top)
    if where is None or where.parent != HOME / name:
        raise PackageClash(clash_message(name, where or repr(top)))
    return importlib.import_module(module)
