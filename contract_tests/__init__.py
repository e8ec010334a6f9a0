"""groove-contract's client contract suite: rules, adapter protocol, pytest plugin and CLI."""

__all__: list[str] = []
