"""The pytest plugin (entry point `groove_contract`). Inert until a project uses it."""
