"""The two catalogues that judge the judge, run through `groove-contract verify` as a user
would: every legal variation (correct clients written from the contract documents) passes with
exit 0, and every bugged client of the trial fails exactly the rule that names its bug.

A bug the suite does not catch yet, or blames on more than its rule, is a strict xfail whose
reason names the rule: the day the rule is fixed, the marker must go (and the figures in
docs/contract/suite.md change with it)."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from contract_tests import cli
from contract_tests.broken import TRIAL_CLIENTS
from contract_tests.rules import RULES, Level
from contract_tests.variants import VARIANTS, VARIANTS_BY_NAME, legal_variations_markdown

ROOT = Path(__file__).resolve().parents[2]
LEVELS = {rule.id: rule.level for rule in RULES}
WORKERS = 16
"""Runs at once: their Retry-After sleeps overlap, and a step stays far below its timeout."""


@dataclass(frozen=True, slots=True)
class Run:
    exit_code: int
    report: dict[str, Any]

    def statuses(self) -> dict[str, str]:
        return {r["id"]: r["status"] for r in self.report["results"]}

    def failed(self) -> list[str]:
        return sorted(i for i, s in self.statuses().items() if s in ("failed", "error"))


def _verify(spec: str, out: Path) -> Run:
    code = cli.main(["verify", "--client", spec, "--json", str(out), "--step-timeout", "5"])
    return Run(code, json.loads(out.read_text()) if out.exists() else {"results": []})


@pytest.fixture(scope="session")
def catalogue_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every variant ("legal.NAME") and every bugged client ("trial.NAME"), each verified by
    `groove-contract verify` with a JSON report."""
    out = tmp_path_factory.mktemp("catalogues")
    specs = {f"legal.{v.name}": f"contract_tests.variants:legal.{v.name}" for v in VARIANTS}
    specs |= {f"trial.{n}": f"contract_tests.broken:trial.{n}" for n in TRIAL_CLIENTS}

    def run(key: str) -> tuple[str, Run]:
        return key, _verify(specs[key], out / f"{key}.json")

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return dict(pool.map(run, specs))


def _expected_skips(name: str) -> set[str]:
    shape = VARIANTS_BY_NAME[name].shape
    return {"web": {"GC-AUTH-007"}, "public": {"GC-TOKEN-001", "GC-TOKEN-003"}}.get(shape, set())


@pytest.mark.parametrize("name", [v.name for v in VARIANTS])
def test_every_legal_variant_passes(name: str, catalogue_runs: dict[str, Run]) -> None:
    run = catalogue_runs[f"legal.{name}"]
    statuses = run.statuses()
    not_passed = {i: s for i, s in statuses.items() if s != "passed"}
    assert not_passed == dict.fromkeys(_expected_skips(name), "skipped"), run.report
    assert run.exit_code == 0


def _trial_params() -> list[Any]:
    params = []
    for name, cls in sorted(TRIAL_CLIENTS.items()):
        marks = [pytest.mark.xfail(strict=True, reason=cls.missed)] if cls.missed else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


@pytest.mark.parametrize("name", _trial_params())
def test_every_bugged_client_fails_exactly_its_rule(
    name: str, catalogue_runs: dict[str, Run]
) -> None:
    cls = TRIAL_CLIENTS[name]
    run = catalogue_runs[f"trial.{name}"]
    if cls.also_fails:
        # A known over-blame still fails its own rule and exactly the ones it names: the day
        # it fails its rule alone, this fails and `also_fails` must go.
        assert set(run.failed()) == {cls.breaks, *cls.also_fails}, run.report
        pytest.xfail(f"{', '.join(cls.also_fails)} fail too: {cls.blame}")
    assert run.failed() == [cls.breaks], run.report
    assert run.exit_code == (1 if LEVELS[cls.breaks] is Level.MUST else 0)


def test_every_rule_has_legal_variants_and_bugs() -> None:
    probed = {rule_id for variant in VARIANTS for rule_id in variant.rules}
    bugged = {cls.breaks for cls in TRIAL_CLIENTS.values()}
    ids = {rule.id for rule in RULES}
    assert ids <= probed
    assert ids <= bugged
    assert probed <= ids


@dataclass(frozen=True, slots=True)
class Figures:
    variants: int
    variants_failing: int
    bugged: int
    caught: int
    exactly: int

    def sentence(self) -> str:
        return (
            f"{self.variants} legal variants, {self.variants_failing} failing; "
            f"{self.bugged} bugged clients, {self.caught} caught by the rule that names their "
            f"bug, {self.exactly} of them by that rule alone"
        )


def _figures(runs: dict[str, Run]) -> Figures:
    failing = sum(runs[f"legal.{v.name}"].exit_code != 0 for v in VARIANTS)
    caught = [n for n, cls in TRIAL_CLIENTS.items() if cls.breaks in runs[f"trial.{n}"].failed()]
    exactly = [n for n in caught if runs[f"trial.{n}"].failed() == [TRIAL_CLIENTS[n].breaks]]
    return Figures(len(VARIANTS), failing, len(TRIAL_CLIENTS), len(caught), len(exactly))


def test_the_figures_in_the_docs_are_the_catalogues(catalogue_runs: dict[str, Run]) -> None:
    figures = _figures(catalogue_runs)
    text = " ".join((ROOT / "docs" / "contract" / "suite.md").read_text().split())
    assert figures.sentence() in text
    assert figures.variants_failing == 0
    missed = sorted(n for n, cls in TRIAL_CLIENTS.items() if cls.missed)
    assert figures.caught == figures.bugged - len(missed)


def test_at_least_95_percent_of_the_bugs_are_caught_by_their_rule(
    catalogue_runs: dict[str, Run],
) -> None:
    figures = _figures(catalogue_runs)
    assert figures.caught >= 0.95 * figures.bugged


def test_a_variant_is_loaded_by_its_documented_name() -> None:
    doc = (ROOT / "docs" / "contract" / "suite.md").read_text()
    names = re.findall(r"contract_tests\.(?:variants:legal|broken:trial)\.([a-z]\w+)", doc)
    assert names
    for name in names:
        assert name in VARIANTS_BY_NAME or name in TRIAL_CLIENTS


def test_the_docs_list_every_legal_variation_by_rule() -> None:
    assert legal_variations_markdown() in (ROOT / "docs" / "contract" / "suite.md").read_text()
