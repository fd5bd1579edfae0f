"""`hai site` in a real browser: Debian's chromium, driven by Playwright (no browser download).

One browser for the module, a few pages. Outside CI the tests skip when chromium, Playwright
or axe-core is missing (saying which); with CI=true they fail instead. `.ci/run` installs
chromium from the Debian packages and axe-core from the npm registry (into .ci/cache/).

Screenshots of each page kind, in nl and en and as printed, go to $HAI_ARTIFACTS (default: a
pytest temporary folder); with HAI_SCREENSHOT_DOCS=1 the portfolio's also replaces
docs/site-portfolio.png (for the README).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLES, ROOT, hai
from tests.test_corpus import _build

CHROMIUM = Path(os.environ.get("HAI_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(
    os.environ.get("HAI_AXE_JS", ROOT / ".ci" / "cache" / "axe-core" / "package" / "axe.min.js")
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")


def unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true, and {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples, a dossier with markup and javascript: links in its text, and one whose
    names are markup; built into one site."""
    tmp = tmp_path_factory.mktemp("browser")
    dossiers = tmp / "dossiers"
    shutil.copytree(EXAMPLES, dossiers)
    cases = ROOT / "tests" / "cases"
    for kind, name in (("invalid", "site-markup-in-text"), ("valid", "site-markup-in-name")):
        shutil.copytree(_build(cases / kind / name, tmp / name), dossiers / name)
    meta = dossiers / "site-markup-in-name" / "dossier.yaml"
    meta.write_text(meta.read_text("utf-8").replace("id: corpus-base", "id: markup-name"), "utf-8")
    out = tmp / "site"
    run = hai("site", dossiers, "--out", out, "--today", "2025-06-30")
    assert run.exit_code == 0, run.stdout + run.stderr
    return out


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("HAI_ARTIFACTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    if not CHROMIUM.is_file():
        unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
            offline=True,  # nothing on the site may need the network
        )
        yield context
        context.close()


class Tab:
    """A page that records console errors, page errors and dialogs."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.auditing = False  # axe-core reads the style sheets, which the site's CSP refuses
        self.page.on(
            "console",
            lambda m: m.type == "error" and not self.auditing and self.errors.append(m.text),
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        return self.page


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    opened = Tab(browser)
    yield opened
    assert opened.errors == [], f"console errors: {opened.errors}"
    assert opened.dialogs == [], f"a dialog opened: {opened.dialogs}"
    opened.page.close()


def axe_violations(tab: Tab) -> list[dict[str, Any]]:
    if not AXE.is_file():
        unavailable(f"no axe-core at {AXE} (npm pack axe-core@4; see .ci/run)")
    page = tab.page
    tab.auditing = True
    page.evaluate(AXE.read_text("utf-8") + "\n;0")  # through DevTools: the page's CSP holds
    result: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""
    )
    page.wait_for_timeout(50)  # let the refused reads of axe reach the console first
    tab.auditing = False
    return result


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_click_through_portfolio_dossier_document(site: Path, tab: Tab, artifacts: Path) -> None:
    page = tab.open(site / "index.html")
    assert page.title() == "AI-portfolio"
    page.screenshot(path=str(artifacts / "portfolio.nl.png"), full_page=True)
    assert serious(axe_violations(tab)) == []
    page.get_by_role("link", name="Sepsis Early Warning").click()
    page.wait_for_url("**/d/sepsis-alert/index.nl.html")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Sepsis Early Warning")
    page.screenshot(path=str(artifacts / "dossier.nl.png"), full_page=True)
    assert serious(axe_violations(tab)) == []
    page.get_by_role("link", name="Evaluatierapport").click()
    page.wait_for_url("**/d/sepsis-alert/doc/evaluation.nl.html")
    assert page.get_by_role("heading", level=1).count() == 1
    page.screenshot(path=str(artifacts / "document.nl.png"), full_page=True)
    assert serious(axe_violations(tab)) == []
    page.get_by_role(
        "link", name="Terug naar het dossier: Sepsis Early Warning", exact=False
    ).click()
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/d/sepsis-alert/index.en.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(artifacts / "dossier.en.png"), full_page=True)
    assert serious(axe_violations(tab)) == []
    page.get_by_role("link", name="AI portfolio").click()
    page.wait_for_url("**/index.en.html")
    page.screenshot(path=str(artifacts / "portfolio.en.png"), full_page=True)
    assert serious(axe_violations(tab)) == []


def test_printable_pages_drop_navigation_and_show_every_field(
    site: Path, tab: Tab, artifacts: Path
) -> None:
    page = tab.open(site / "d" / "sepsis-alert" / "index.nl.html")
    fields = page.locator("#step-4 details dl.fields").first
    assert not fields.is_visible()  # on screen, folded away
    page.emulate_media(media="print")
    assert fields.is_visible()  # on paper, every recorded field
    assert not page.locator("header.top").is_visible() and not page.locator(".toc").is_visible()
    page.screenshot(path=str(artifacts / "dossier.print.png"), full_page=True)
    page = tab.open(site / "index.nl.html")
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    assert page.locator("#portfolio tbody tr:visible").count() == 5
    page.screenshot(path=str(artifacts / "portfolio.print.png"), full_page=True)


def test_screenshot_for_the_readme(browser: Any, tmp_path: Path, artifacts: Path) -> None:
    """The portfolio of the examples as the README shows it (docs/site-portfolio.png), an
    artifact of every run; with HAI_SCREENSHOT_DOCS=1 it also replaces the README's copy."""
    out = tmp_path / "site"
    assert hai("site", EXAMPLES, "--out", out, "--today", "2025-06-30").exit_code == 0
    tab = Tab(browser)
    page = tab.open(out / "index.html")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(artifacts / "site-portfolio.png"))
    if os.environ.get("HAI_SCREENSHOT_DOCS") == "1":
        shutil.copyfile(artifacts / "site-portfolio.png", ROOT / "docs" / "site-portfolio.png")
    assert tab.errors == []
    page.close()


def test_filters_and_sorting(site: Path, tab: Tab) -> None:
    page = tab.open(site / "index.nl.html")
    rows = page.locator("#portfolio tbody tr")
    total = rows.count()
    assert total == 5
    assert page.locator("#filters").is_visible()  # the script shows the filters
    page.select_option("#filter-phase", "4")
    visible = page.locator("#portfolio tbody tr:visible")
    assert visible.count() == 1 and "Sepsis" in visible.inner_text()
    assert page.locator("#shown").inner_text() == f"1 van {total} dossiers getoond"
    page.select_option("#filter-phase", "")
    page.select_option("#filter-department", "Radiologie")
    assert page.locator("#portfolio tbody tr:visible").count() == 1
    page.select_option("#filter-department", "")
    page.select_option("#filter-gate", "request")
    blocked = page.locator("#portfolio tbody tr:visible")
    for i in range(blocked.count()):
        assert "request" in (blocked.nth(i).get_attribute("data-blocked") or "").split()
    page.select_option("#filter-gate", "")
    page.check("#filter-overdue")
    assert page.locator("#portfolio tbody tr:visible").count() == 0
    page.uncheck("#filter-overdue")
    page.fill("#filter-q", "covid")
    assert page.locator("#portfolio tbody tr:visible").count() == 1
    page.fill("#filter-q", "")
    assert page.locator("#portfolio tbody tr:visible").count() == total
    header = page.locator('th[data-key="errors"]')
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    errors = [int(c) for c in page.locator("#portfolio tbody tr td:nth-child(9)").all_inner_texts()]
    assert errors == sorted(errors)
    header.get_by_role("button").click()
    errors = [int(c) for c in page.locator("#portfolio tbody tr td:nth-child(9)").all_inner_texts()]
    assert errors == sorted(errors, reverse=True)
    # keyboard: the first Tab reaches the skip link, Enter moves to the content
    page.reload()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_chart_points_match_the_evaluation_figures(site: Path, tab: Tab) -> None:
    from hai_cli.load import load_dossier

    step8 = load_dossier(EXAMPLES / "sepsis-alert").step(8)
    page = tab.open(site / "d" / "sepsis-alert" / "index.nl.html")
    for measure in step8.monitoring:
        figures = sorted(
            (e.date.isoformat(), float(f.value))
            for e in step8.evaluations
            for f in e.figures
            if f.measure == measure.id
            and isinstance(f.value, int | float)
            and not isinstance(f.value, bool)
        )
        chart = page.locator(f"#measure-{measure.id} svg")
        assert chart.is_visible()
        points = chart.locator("circle").evaluate_all(
            "cs => cs.map(c => [c.dataset.date, Number(c.dataset.value),"
            " c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2,"
            " c.getBoundingClientRect().left])"
        )
        assert [(d, v) for d, v, _, _ in sorted(points)] == [
            (d, pytest.approx(v, rel=1e-3)) for d, v in figures
        ]
        # drawn where the numbers say: a higher figure sits higher, a later one further right
        by_value = sorted(points, key=lambda p: p[1])
        assert all(a[2] >= b[2] - 0.5 for a, b in pairwise(by_value))
        by_date = sorted(points)
        assert all(a[3] <= b[3] for a, b in pairwise(by_date))
        table = page.locator(f'table[data-measure="{measure.id}"] tbody tr')
        assert table.count() == len(figures)
    crossing = page.locator("svg a").first
    target = crossing.get_attribute("href")
    crossing.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(f"{target} .decision").inner_text()


def test_markup_and_javascript_links_in_a_dossier_do_nothing(site: Path, tab: Tab) -> None:
    for path in (
        site / "index.html",
        site / "d" / "site-markup-in-text" / "index.nl.html",
        site / "d" / "site-markup-in-name" / "index.nl.html",
    ):
        page = tab.open(path)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        hrefs = page.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href') || '')")
        assert not [h for h in hrefs if h.strip().lower().startswith(("javascript", "data"))]
        page.evaluate(  # what a pointer would do to every element: fire any injected handler
            "document.querySelectorAll('*').forEach(e => "
            "e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))"
        )
        assert page.locator("img").count() == 0
        assert page.locator("script").count() == 1
    page = tab.open(site / "d" / "site-markup-in-text" / "index.nl.html")
    assert "<script>window.__pwned = 1</script>" in page.locator("#item-risk-analysis").inner_text()
    for link in page.locator("main a").all():
        if link.is_visible():
            link.click(no_wait_after=True)
            page.goto((site / "d" / "site-markup-in-text" / "index.nl.html").as_uri())
            break
    assert page.evaluate("typeof window.__pwned") == "undefined"
