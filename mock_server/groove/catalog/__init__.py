"""The Groove catalog (reference §6 rows 1 to 4 and 6 to 10, §7, §11): read-only content loaded
once per process and shared by every mock, and the endpoints that read it (lookup, search,
browse, sub-item browse, genres, moods, activities, spotlight, new releases).

`_catalog` holds the loaded `Catalog`; `_model` its value types; `_load`, `_make` and `_source`
read the fixture; `_shapes` renders the §7 JSON; `_routes` lists the endpoints, one module
each. `_generator` and `_seed` write `fixtures/catalog.json`.
"""

from __future__ import annotations

from ._catalog import Catalog, catalog_of, load_catalog

__all__ = ["Catalog", "catalog_of", "load_catalog"]
