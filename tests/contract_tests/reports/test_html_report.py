"""`verify --html` and `pytest --groove-html`: the verdict as one self-contained HTML file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from contract_tests._runner import RuleResult, Status, SuiteReport, run_suite
from contract_tests.cli import main
from contract_tests.reports._html import render_html
from contract_tests.rules import RULES
from tests.browser_support import VIEWPORT, screenshot
from tests.contract_tests.broken_spec import secret_in_query

SECRET_IN_QUERY = "tests.contract_tests.broken_spec:secret_in_query"


@pytest.fixture(scope="module")
def failed_report() -> SuiteReport:
    rules = [rule for rule in RULES if rule.id in ("GC-TOKEN-002", "GC-AUTH-001")]
    return run_suite(secret_in_query, client=SECRET_IN_QUERY, rules=rules)


def test_a_row_per_rule_and_the_timeline_of_each_failure(failed_report: SuiteReport):
    page = render_html(failed_report)
    assert '<p class="verdict fail" role="status">FAIL</p>' in page
    rows = re.findall(r'<tr class="(\w+)"><th scope="row">(.*?)</th>', page)
    assert rows == [
        ("failed", '<a href="#rule-GC-TOKEN-002">GC-TOKEN-002</a>'),
        ("passed", "GC-AUTH-001"),
    ]
    failure = page.split('<section class="failure" id="rule-GC-TOKEN-002"', 1)[1]
    assert "Put client_secret, code, refresh_token and code_verifier in the form body" in failure
    assert "<h4>Timeline: what reached the mock</h4>" in failure
    breach = re.findall(r'<tr class="breach">(.*?)</tr>', failure)
    assert breach
    assert "/accesstoken.srf?client_secret" in breach[0]
    assert "secret-in-query" in breach[0]
    assert "gr00ve+Demo/Secret=" not in page  # names of query parameters only


def test_self_contained(failed_report: SuiteReport):
    page = render_html(failed_report)
    assert "<script" not in page
    assert not re.search(r'\b(src|href)="(?!#|data:)', page)  # anchors within the page only
    assert "<style>" in page


def test_everything_from_the_client_is_escaped():
    rule = RULES[0]
    result = RuleResult(
        rule, Status.FAILED, expected="<i>one</i>", seen="<script>alert(1)</script>"
    )
    page = render_html(SuiteReport("<b>client</b>", [result]))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;client&lt;/b&gt;" in page
    assert "<i>one</i>" not in page


@pytest.mark.parametrize(
    ("status", "verdict"),
    [(Status.PASSED, "PASS"), (Status.FAILED, "FAIL"), (Status.SKIPPED, "NO RULE RAN")],
)
def test_verdict(status: Status, verdict: str):
    page = render_html(SuiteReport("c", [RuleResult(RULES[0], status, reason="why")]))
    assert f'role="status">{verdict}</p>' in page


def test_verify_html_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "report.html"
    args = ["verify", "--client", SECRET_IN_QUERY, "--rule", "GC-TOKEN-002"]
    code = main([*args, "--html", str(path)])
    assert code == 1
    assert 'id="rule-GC-TOKEN-002"' in path.read_text(encoding="utf-8")
    capsys.readouterr()
    missing = tmp_path / "no" / "report.html"
    code = main(["verify", "--client", SECRET_IN_QUERY, "--html", str(missing)])
    assert code == 2
    assert "no directory" in capsys.readouterr().err


def test_pytest_plugin_writes_the_same_report(pytester: pytest.Pytester):
    path = pytester.path / "contract.html"
    result = pytester.runpytest(
        "--groove-client",
        "contract_tests.reference_client:make_adapter",
        "--groove-rule",
        "GC-AUTH-001",
        "--groove-html",
        str(path),
    )
    result.assert_outcomes(passed=1)
    page = path.read_text(encoding="utf-8")
    assert 'role="status">PASS</p>' in page
    assert "contract_tests.reference_client:make_adapter" in page


def test_report_opened_from_disk_in_a_browser(browser, tmp_path: Path, failed_report):
    """Without script and without network: every request the page makes is the file itself."""

    path = tmp_path / "report.html"
    path.write_text(render_html(failed_report), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORT)
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(path.as_uri())
        expect(page.get_by_role("status")).to_have_text("FAIL")
        failed_row = page.get_by_role("row", name=re.compile("GC-TOKEN-002"))
        expect(failed_row).to_contain_text("FAIL")
        failed_row.get_by_role("link", name="GC-TOKEN-002").click()
        assert page.url.endswith("#rule-GC-TOKEN-002")
        expect(page.locator("#rule-GC-TOKEN-002 tr.breach").first).to_be_visible()
        assert {url.split("#", 1)[0] for url in requested} == {path.as_uri()}
        screenshot(page, "report")
    finally:
        context.close()


def test_pytest_plugin_under_xdist_says_why_no_report(pytester: pytest.Pytester):
    """The rules' full results stay in the workers: no partial report, one line instead."""
    path = pytester.path / "contract.html"
    result = pytester.runpytest_subprocess(
        "-n",
        "2",
        "--groove-client",
        "contract_tests.reference_client:make_adapter",
        "--groove-rule",
        "GC-AUTH-00",
        "--groove-html",
        str(path),
    )
    result.assert_outcomes(passed=7)
    assert not path.exists()
    result.stderr.fnmatch_lines(["*--groove-html is not written under pytest-xdist*"])
