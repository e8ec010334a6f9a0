"""Tests of the Groove API side. This directory holds the helpers its tests share
(`catalog_support`, `user_support`); pytest puts a conftest's directory on `sys.path`, so the
tests in `catalog/` and `library/` import them as the ones here do."""
