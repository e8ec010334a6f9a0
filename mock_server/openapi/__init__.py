"""The OpenAPI 3.1 document of the Groove API and the control plane, served at `/openapi.json`.

Built from the tables in `_groove` and `_control` (one row per route); a test keeps the table
and the app's routes in step (tests/mock_server/openapi). The document describes what a request
may carry and the shapes of the errors; it is what Schemathesis fuzzes (`make fuzz`).
"""

from __future__ import annotations

from ._document import OPENAPI_PATH, openapi_document, openapi_route

__all__ = ["OPENAPI_PATH", "openapi_document", "openapi_route"]
