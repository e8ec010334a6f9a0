"""Start-up rows: our packages byte-compiled first, as an install does."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from bench._startup import compile_sources


def test_compile_sources_writes_the_bytecode_python_reads(tmp_path, monkeypatch):
    package = tmp_path / "demo_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("VALUE = 1\n")
    (package / "part.py").write_text("PART = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert compile_sources(("demo_pkg", "no_such_package_here")) == [str(package)]
    for source in ("__init__.py", "part.py"):
        assert Path(importlib.util.cache_from_source(str(package / source))).is_file()
