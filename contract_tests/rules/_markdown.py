"""The rule catalogue as `docs/rules.md` shows it (`groove-contract rules --markdown`)."""

from __future__ import annotations

from ._catalogue import RULES


def render_markdown() -> str:
    """The rule catalogue as `docs/rules.md` shows it."""
    lines = [
        "# Client contract rules",
        "",
        "<!-- Generated from contract_tests/rules/_catalogue.py by"
        " `groove-contract rules --markdown > docs/rules.md`;"
        " a test fails when this file is out of step. Do not edit by hand. -->",
        "",
        "Every rule has a stable ID (cited by reports, JUnit and the mock's journal), a level",
        "(a failed MUST makes `groove-contract verify` exit 1; a SHOULD only warns), the section",
        "of the reference it stems from, and the adapter capability it needs (a rule whose",
        "capability the client lacks is skipped, never failed).",
        "",
        "| ID | Level | Rule | Source | Capability |",
        "|---|---|---|---|---|",
    ]
    for rule in RULES:
        capability = f"`{rule.capability.value}`" if rule.capability else "any"
        lines.append(
            f"| {rule.id} | {rule.level.value} | {rule.title} | {rule.source} | {capability} |"
        )
    lines += ["", "## How to fix", ""]
    for rule in RULES:
        lines.append(f"- **{rule.id}**: {rule.fix}")
        if rule.server_signals:
            signals = ", ".join(f"`{s}`" for s in rule.server_signals)
            lines.append(f"  The mock's journal marks a breach as {signals}.")
        if rule.legal:
            lines.append(f"  Legal: {rule.legal}")
    return "\n".join(lines) + "\n"
