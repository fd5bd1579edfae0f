"""`hai site`: the portfolio as static HTML. What each page shows, that it is safe and in both
languages, and that the whole corpus of good and bad dossiers makes a site (browser tests of
the same pages are in test_site_browser.py)."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import shutil
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest

from hai_cli.load import load_dossier
from hai_cli.site.links import link_target, unique_slugs, web_url
from hai_cli.site.markdown import to_html
from tests.helpers import EXAMPLES, TODAY, base_dossier, hai
from tests.test_corpus import _build, _cases, _snapshot, _spec

SITE_TODAY = "2025-06-30"


class Page(HTMLParser):
    """The parts of a page the tests look at: tags with attributes, and the text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in wanted.items())
        ]

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def page(path: Path) -> Page:
    return Page(path.read_text("utf-8"))


def make_site(tmp_path: Path, *args: str | Path, source: Path = EXAMPLES) -> Path:
    out = tmp_path / "site"
    run = hai("site", source, "--out", out, "--today", SITE_TODAY, *args)
    assert run.exit_code == 0, run.stdout + run.stderr
    return out


def crossing_dossier(tmp_path: Path) -> Path:
    """The sepsis example with one sensitivity figure under its limit (min 0.75)."""
    target = tmp_path / "dossiers" / "sepsis"
    shutil.copytree(EXAMPLES / "sepsis-alert", target)
    step8 = target / "steps" / "8-evaluation.yaml"
    text = step8.read_text("utf-8")
    assert text.count("{measure: sensitivity, value: 0.79}") == 1
    step8.write_text(
        text.replace("{measure: sensitivity, value: 0.79}", "{measure: sensitivity, value: 0.5}"),
        "utf-8",
    )
    return target


@pytest.fixture(scope="module")
def examples_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("examples"))


# -- 1. the portfolio page -------------------------------------------------------------------


def test_portfolio_lists_every_dossier_with_its_state(examples_site: Path) -> None:
    checked = hai("check", EXAMPLES, "--format", "json", "--today", SITE_TODAY).json()["dossiers"]
    portfolio = page(examples_site / "index.html")
    rows = portfolio.all("tr")[1 : 1 + len(checked)]
    assert len([t for t, a in portfolio.tags if t == "tr" and "data-phase" in a]) == len(checked)
    html = (examples_site / "index.html").read_text("utf-8")
    for dossier, row in zip(checked, rows, strict=True):
        assert row["data-phase"]
        assert f'href="d/{dossier["id"]}/index.nl.html"' in html
        blocked = sorted(g for g, r in dossier["gates"].items() if not r["passed"])
        assert all(g in blocked for g in row["data-blocked"].split())
    words = portfolio.words
    for expected in (
        "Siemens Healthineers",
        "zelfbouw",
        "Radiologie",
        "2 ingebruikname",
        "4 afvoer",
    ):
        assert expected in words
    # open items, errors and warnings per dossier: the cells carry the numbers hai check has
    for dossier in checked:
        opened = sum(1 for i in dossier["items"] if i["status"] == "open")
        pattern = (
            rf'href="d/{dossier["id"]}/index.nl.html".*?data-value="{opened}" class="num">'
            rf'.*?data-value="{len(dossier["errors"])}".*?data-value="{len(dossier["warnings"])}"'
        )
        assert re.search(pattern, html, re.S), dossier["id"]
    # the filters are there for the script to show; without it the table is complete
    assert portfolio.all("form", id="filters", hidden="")
    for control in ("filter-phase", "filter-department", "filter-gate", "filter-overdue"):
        assert portfolio.all("select", id=control) or portfolio.all("input", id=control)


def test_portfolio_marks_an_overdue_evaluation_and_the_gate_that_blocks(tmp_path: Path) -> None:
    dossier = tmp_path / "dossiers" / "rad"
    shutil.copytree(EXAMPLES / "ai-rad-companion", dossier)
    meta = dossier / "dossier.yaml"
    meta.write_text(
        re.sub(r"^phase: .*$", 'phase: "3"', meta.read_text("utf-8"), count=1, flags=re.M), "utf-8"
    )
    out = make_site(tmp_path, source=tmp_path / "dossiers")
    checked = hai("check", tmp_path / "dossiers", "--format", "json", "--today", SITE_TODAY).json()
    overdue = any(e["code"] == "HAI180" for e in checked["dossiers"][0]["errors"])
    portfolio = page(out / "index.html")
    (row,) = [a for t, a in portfolio.tags if t == "tr" and "data-phase" in a]
    assert row["data-phase"] == "3"
    assert row["data-overdue"] == ("yes" if overdue else "no")
    gates = checked["dossiers"][0]["gates"]
    assert set(row["data-blocked"].split()) == {
        g for g in ("go-live", "review") if not gates[g]["passed"]
    }
    for gate in row["data-blocked"].split():
        for blocker in gates[gate]["blocking"][:3]:
            assert blocker in portfolio.words


def test_regulatory_column_is_the_next_law_date_hai_status_shows(tmp_path: Path) -> None:
    out = make_site(tmp_path)
    status = hai("status", EXAMPLES, "--format", "json", "--today", SITE_TODAY)
    law = {Path(r["path"]).name: r["next_law_date"] for r in status.json()["dossiers"]}
    assert law["ai-rad-companion"] is not None and law["sepsis-alert"] is None
    portfolio = Page((out / "index.en.html").read_text("utf-8"))
    assert portfolio.all("th", **{"data-key": "law"}) and "Next regulatory date" in portfolio.words
    html = (out / "index.en.html").read_text("utf-8")
    for path, date in law.items():
        row = re.search(
            rf'<tr [^>]*>\s*<th scope="row"[^>]*><a href="d/{path}/.*?</tr>', html, re.S
        )
        assert row, path
        cell = re.search(
            r'<td data-value="([^"]*)">((?:(?!</td>).)*)</td>\s*<td data-value="\d+" class="num">',
            row.group(0),
            re.S,
        )
        assert cell, row.group(0)
        value, shown = cell.group(1), " ".join(Page(cell.group(2)).words.split())
        if date is None:
            assert (value, shown) == ("", "-")
        else:
            maybe = "" if date["decided"] else " (may apply)"
            assert (value, shown) == (date["date"], f"{date['date']} {date['obligation']}{maybe}")
            dossier = page(out / "d" / path / "index.en.html").words  # with the article
            assert f"{date['date']}: {date['obligation']} ({date['article']}){maybe}" in dossier


# -- 2. the dossier page ---------------------------------------------------------------------


def test_dossier_page_shows_steps_items_evidence_findings_gates(examples_site: Path) -> None:
    from hai_cli.check import check_dossier
    from hai_cli.load import load_dossier

    result = check_dossier(load_dossier(EXAMPLES / "ai-rad-companion"), dt.date(2025, 6, 30))
    folder = examples_site / "d" / "ai-rad-companion"
    dossier = page(folder / "index.nl.html")
    words = dossier.words
    for number in range(1, 9):
        assert dossier.all("section", id=f"step-{number}")
    for state in result.items:
        assert dossier.all("tr", id=f"item-{state.item.id}"), state.item.id
    # evidence: named, not published (that is --with-evidence), and the page says so
    assert not [a for a in dossier.all("a") if a.get("href", "").startswith("files/evidence/")]
    assert not (folder / "files" / "evidence").exists()
    named = {ref.path for ref in result.dossier.evidence}
    assert named and all(path in words for path in named)
    assert "de bestanden zelf zijn niet gepubliceerd" in words
    for problem in result.problems:
        assert problem.code in words and f"{problem.file}:{problem.line}" in words
    for gate in result.gates.values():
        assert dossier.all("li", id=f"gate-{gate.id}")
    assert "Vastgelegde gegevens" in words  # the structured fields of each step
    assert "intended_use" in words or "supplier_questions" in words


def test_dossier_page_marks_stale_approvals_and_shows_the_timeline(tmp_path: Path) -> None:
    target = crossing_dossier(tmp_path)
    step8 = target / "steps" / "8-evaluation.yaml"  # and covered content changed after approval
    step8.write_text(
        step8.read_text("utf-8").replace(
            "evaluation_interval_months: 6", "evaluation_interval_months: 3"
        ),
        "utf-8",
    )
    out = make_site(tmp_path, source=tmp_path / "dossiers")
    from hai_cli.check import check_dossier
    from hai_cli.commands.status import timeline_of
    from hai_cli.load import load_dossier

    result = check_dossier(load_dossier(target), dt.date(2025, 6, 30))
    dossier = page(out / "d" / "sepsis" / "index.nl.html")
    stale = dossier.all("tr", **{"class": "stale"})
    assert stale, "the decommission approval covers step 8, which changed"
    assert "verouderd: steps/8-evaluation.yaml veranderd" in dossier.words
    events = timeline_of(result)
    shown = [a["datetime"] for a in dossier.all("time")]
    assert shown == [e.date.isoformat() for e in events]
    assert "versie 2.0 vrijgegeven" in dossier.words and "afgevoerd" in dossier.words


def test_documents_are_rendered_and_linked(examples_site: Path, tmp_path: Path) -> None:
    folder = examples_site / "d" / "covid19-severity"
    dossier = page(folder / "index.nl.html")
    documents = [a["href"] for a in dossier.all("a") if a.get("href", "").startswith("doc/")]
    assert {"doc/pve.nl.html", "doc/implementation-plan.nl.html", "doc/request.nl.html"} <= set(
        documents
    )
    pve = page(folder / "doc" / "pve.nl.html")
    assert pve.all("h1") and pve.all("table")
    assert "Pakket van Eisen" in pve.words
    # committed documents (and PDFs) in docs/ are shown as they are
    copy = tmp_path / "dossiers" / "covid"
    shutil.copytree(EXAMPLES / "covid19-severity", copy)
    (copy / "docs").mkdir()
    (copy / "docs" / "pve.nl.md").write_text(
        "# Vastgelegd PvE\n\nZie [bewijs](../evidence/nothing.md).\n", "utf-8"
    )
    (copy / "docs" / "pve.nl.pdf").write_bytes(b"%PDF-1.4 test\n")
    out = make_site(tmp_path, source=tmp_path / "dossiers")
    folder = out / "d" / "covid"
    committed = page(folder / "doc" / "pve.nl.html")
    assert "Vastgelegd PvE" in committed.words and "bewijs" in committed.words
    assert not committed.all("a", href="../files/evidence/nothing.md")  # no such file: no link
    assert (folder / "files" / "docs" / "pve.nl.pdf").read_bytes() == b"%PDF-1.4 test\n"
    assert page(folder / "index.nl.html").all("a", href="files/docs/pve.nl.pdf")


# -- 3. charts -------------------------------------------------------------------------------


def test_measure_chart_points_match_the_figures_and_crossings_link(tmp_path: Path) -> None:
    from hai_cli.load import load_dossier

    target = crossing_dossier(tmp_path)
    out = make_site(tmp_path, source=tmp_path / "dossiers")
    html = (out / "d" / "sepsis" / "index.nl.html").read_text("utf-8")
    dossier = Page(html)
    step8 = load_dossier(target).step(8)
    for measure in step8.monitoring:
        expected = sorted(
            (e.date.isoformat(), f"{float(f.value):.4g}")
            for e in step8.evaluations
            for f in e.figures
            if f.measure == measure.id
            and isinstance(f.value, int | float)
            and not isinstance(f.value, bool)
        )
        figure = html.split(f'id="measure-{measure.id}"', 1)[1].split("</figure>", 1)[0]
        points = sorted(
            (a["data-date"], a["data-value"]) for t, a in Page(figure).tags if t == "circle"
        )
        assert points == expected, measure.id
        assert "<desc" in figure and "<table" in figure  # a text alternative and the numbers
    from hai_cli.rules import Context
    from hai_cli.rules.lifecycle import breaches

    ctx = Context(load_dossier(target), dt.date(2025, 6, 30))
    expected_crossed = sorted(
        (e.date.isoformat(), f"{float(f.value):.4g}")
        for e in step8.evaluations
        for f in e.figures
        if f.measure in breaches(ctx, e) and isinstance(f.value, float)
    )
    crossed = dossier.all("circle", **{"class": "point crossed"})
    assert sorted((c["data-date"], c["data-value"]) for c in crossed) == expected_crossed
    assert ("2023-03-06", "0.5") in expected_crossed
    (link,) = [a for a in dossier.all("a") if a.get("aria-label", "").startswith("2023-03-06: 0.5")]
    anchor = link["href"].removeprefix("#")
    assert dossier.all("article", id=anchor)  # the evaluation, with its decision
    assert "Besluit" in Page(html.split(f'id="{anchor}"', 1)[1].split("</article>", 1)[0]).words


def test_portfolio_charts_count_phases_and_due_evaluations(examples_site: Path) -> None:
    html = (examples_site / "index.nl.html").read_text("utf-8")
    phases = html.split('id="chart-phases"', 1)[1].split("</svg>", 1)[0]
    counts = [int(n) for n in re.findall(r'data-count="(\d+)"', phases)]
    assert counts == [0, 0, 2, 0, 1]  # 1A, 1B, 2, 3, 4: two in commissioning, one retired
    assert 'id="chart-due"' in html and "<desc" in phases


def test_chart_of_one_figure_and_no_limit() -> None:
    from hai_cli.site.charts import Point, measure_chart

    svg = measure_chart(
        "c", "t <x>", "d & e", [Point(dt.date(2025, 1, 1), 3.0, False, "#e", "p")], None, None
    )
    assert "t &lt;x&gt;" in svg and "d &amp; e" in svg
    assert 'data-value="3"' in svg and "band" not in svg


def test_chart_axis_has_round_ticks_and_covers_the_figures() -> None:
    from hai_cli.site.charts import Point, axis, measure_chart

    for low, high in [(0.713, 0.894), (0.0, 0.021), (3.1, 3.45), (-5.2, 12.7), (6.2, 9.1)]:
        first, last, ticks = axis(low, high)
        assert first <= low and last >= high and 4 <= len(ticks) <= 7
        step = ticks[1] - ticks[0]
        scaled = step / 10 ** math.floor(math.log10(step))
        assert any(math.isclose(scaled, m) for m in (1, 2, 5)), (low, high, ticks)
        assert all(math.isclose(b - a, step) for a, b in pairwise(ticks))
    points = [Point(dt.date(2025, m, 1), v, False, "#e", "p") for m, v in ((1, 0.79), (2, 0.86))]
    svg = measure_chart("c", "t", "d", points, 0.75, None)
    labels = re.findall(r'text-anchor="end" font-size="12" fill="#1f2937">([^<]*)<', svg)
    assert labels == ["0.7", "0.75", "0.8", "0.85", "0.9"]


def test_a_figure_that_is_no_number_is_an_error_and_left_out_of_the_chart(tmp_path: Path) -> None:
    from hai_cli.site.charts import Point, measure_chart

    target = tmp_path / "dossiers" / "sepsis"
    shutil.copytree(EXAMPLES / "sepsis-alert", target)
    step8 = target / "steps" / "8-evaluation.yaml"
    lines = step8.read_text("utf-8").splitlines(keepends=True)
    assert "{measure: sensitivity, value: 0.81}" in lines[84]  # a measure with a limit
    assert "{measure: vim-reports, value: 1}" in lines[89]  # one without
    lines[84] = lines[84].replace("0.81", ".nan")
    lines[89] = lines[89].replace("value: 1", "value: -.inf")
    step8.write_text("".join(lines), "utf-8")
    checked = hai("check", target, "--lang", "en", "--today", SITE_TODAY)
    assert "steps/8-evaluation.yaml:85 HAI195" in checked.stdout
    assert "steps/8-evaluation.yaml:90 HAI195" in checked.stdout
    assert "The figure of 'vim-reports' is -.inf, which is no measured number" in checked.stdout
    out = make_site(tmp_path, source=target)
    html = (out / "d" / "sepsis" / "index.en.html").read_text("utf-8")
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert charts and not [c for c in charts if re.search(r"nan|inf", c)]
    dossier = page(out / "d" / "sepsis" / "index.en.html")
    drawn = {t["data-measure"]: t for t in dossier.all("table", **{"class": "figures"})}
    assert "sensitivity" in drawn and "vim-reports" in drawn
    step = load_dossier(EXAMPLES / "sepsis-alert").step(8)
    given = sum(1 for e in step.evaluations for f in e.figures if f.measure == "sensitivity")
    rows = re.search(r'data-measure="sensitivity">.*?</table>', html, re.S)
    assert rows and rows.group(0).count("<tr") == 1 + given - 1  # the header, one figure less
    only = [Point(dt.date(2025, 1, 1), math.nan, False, "#e", "p")]
    assert measure_chart("c", "t", "d", only, math.inf, None) == ""


# -- 4. safe by construction -----------------------------------------------------------------


def test_every_page_has_the_content_security_policy(examples_site: Path) -> None:
    pages = list(examples_site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text("utf-8")
        assert "Content-Security-Policy" in text and "script-src 'self'" in text, path
        scripts = Page(text).all("script")
        assert len(scripts) == 1 and scripts[0]["src"].endswith("assets/site.js"), path
        assert " style=" not in text, path  # no inline styles: the policy forbids them


def test_links_from_a_dossier_only_go_to_its_copied_files_or_the_web() -> None:
    copied = {"evidence/a.md": "files/evidence/a.md"}
    assert link_target("evidence/a.md", copied) == "files/evidence/a.md"
    assert link_target("./evidence/./a.md#top", copied) == "files/evidence/a.md#top"
    assert link_target("../evidence/a.md", copied, "docs/", "../") == "../files/evidence/a.md"
    assert link_target("https://example.org/x?a=1", copied) == "https://example.org/x?a=1"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "/etc/passwd",
        "../../etc/passwd",
        "evidence/missing.md",
        "vbscript:x",
        "http://",
        "https://exa mple.org",
        "\\\\server\\share",
    ):
        assert link_target(bad, copied) is None, bad
    assert web_url("http://example.org") and web_url("ftp://example.org") is None
    assert unique_slugs(["a/b", "a-b", "A B", ""]) == ["a-b", "a-b-2", "a-b-3", "dossier"]


@pytest.mark.skipif(not Path("/proc/self/statm").is_file(), reason="reads Linux's /proc")
def test_markdown_to_html_frees_what_cmark_allocates() -> None:
    """cmarkgfm's own function leaks the syntax tree and the HTML (2 MB a dossier, 1 GB in a
    worker at 1,000 dossiers); hai's gives the same HTML and keeps the memory flat."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    from hai_cli.site.markdown import _converter

    def rss() -> int:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    text = "# Kop\n\n" + "| a | b |\n|---|---|\n" + "| ~~x~~ | <b>y</b> https://e.nl |\n" * 4000
    convert = _converter()
    assert convert(text) == cmarkgfm.github_flavored_markdown_to_html(
        text, options=Options.CMARK_OPT_VALIDATE_UTF8
    )
    before = rss()
    for _ in range(40):
        convert(text)
    assert rss() - before < 20_000_000  # cmarkgfm's own: ~200 MB more


def test_markdown_documents_keep_no_markup_and_no_unsafe_links() -> None:
    html = to_html(
        "# T <script>x</script>\n\n[a](javascript:alert(1)) [b](../evidence/a.md) "
        "[c](https://e.org/?a=1&b=2) ![i](x.png) <img src=x onerror=alert(1)>\n",
        {"evidence/a.md": "files/evidence/a.md"},
        "docs/",
        "../",
    )
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    assert '<a href="../files/evidence/a.md">b</a>' in html
    assert '<a href="https://e.org/?a=1&amp;b=2">c</a>' in html


def test_dossier_text_is_escaped_and_unsafe_links_dropped(tmp_path: Path) -> None:
    case = Path(__file__).parent / "cases" / "invalid" / "site-markup-in-text"
    root = _build(case, tmp_path)
    out = make_site(tmp_path, source=root)
    for path in out.rglob("*.html"):
        text = path.read_text("utf-8")
        assert "<script>window" not in text and "<img src=x" not in text, path
        parsed = Page(text)
        assert len(parsed.all("script")) == 1, path
        assert not parsed.all("img"), path
        assert all(
            not a.get("href", "").lower().startswith("javascript") for a in parsed.all("a")
        ), path
        assert all("onerror" not in a for _, a in parsed.tags), path
    dossier = page(out / "d" / "repo" / "index.nl.html")
    assert "<script>window.__pwned = 1</script>" in dossier.words  # shown as text
    assert "javascript:window.__pwned=4" in dossier.words  # the evidence value, not a link
    assert not any("__pwned" in a.get("href", "") for a in dossier.all("a"))


def test_with_evidence_publishes_each_file_as_a_hard_link_and_links_it(tmp_path: Path) -> None:
    import os

    source = tmp_path / "dossiers"
    shutil.copytree(EXAMPLES / "ai-rad-companion", source / "ai-rad-companion")
    out = make_site(tmp_path, "--with-evidence", source=source / "ai-rad-companion")
    folder = out / "d" / "ai-rad-companion"
    dossier = page(folder / "index.nl.html")
    links = [a["href"] for a in dossier.all("a") if a.get("href", "").startswith("files/")]
    assert links
    for href in links:  # the same file (a hard link on one file system), so the same bytes
        original = source / "ai-rad-companion" / href.removeprefix("files/")
        assert os.path.samefile(folder / href, original)
    assert "de bestanden zelf zijn niet gepubliceerd" not in dossier.words


def test_with_evidence_copies_where_no_hard_link_can_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from hai_cli.site.build import SiteOptions, build_site

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(18, "Invalid cross-device link")  # EXDEV: another file system

    monkeypatch.setattr(os, "link", refuse)
    source = tmp_path / "ai-rad-companion"
    shutil.copytree(EXAMPLES / "ai-rad-companion", source)
    out = tmp_path / "site"
    build_site([source], SiteOptions(out=out, today=TODAY, with_evidence=True, jobs=1))
    files = out / "d" / "ai-rad-companion" / "files"
    copies = [p for p in files.rglob("*") if p.is_file()]
    assert copies
    for copy in copies:
        original = source / copy.relative_to(files)
        assert not os.path.samefile(copy, original)
        assert copy.read_bytes() == original.read_bytes()


def test_with_evidence_warns_of_files_it_cannot_publish_and_of_a_large_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hai_cli.site.build as build

    dossier = base_dossier(tmp_path, {"steps/4-risks-and-impact.yaml": (
        "checklist:\n  risk-analysis:\n    status: open\n    evidence:\n"
        "      - evidence/gone.md\n      - evidence/pri.md\n"
    )})  # fmt: skip
    run = hai("site", dossier, "--out", tmp_path / "plain", "--today", SITE_TODAY, "--lang", "en")
    assert run.exit_code == 0 and run.stderr == ""  # names only: nothing to warn of
    monkeypatch.setattr(build, "LARGE_EVIDENCE", 1)
    run = hai("site", dossier, "--out", tmp_path / "site", "--with-evidence", "--lang", "en")
    assert run.exit_code == 0, run.stderr
    assert "1 evidence file(s) not published: missing" in run.stderr
    assert "The evidence files in the site come to 0 MB; GitHub Pages takes" in run.stderr


def test_evidence_outside_the_dossier_is_not_copied(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the-content-of-a-file-outside", "utf-8")
    dossier = base_dossier(tmp_path, {"steps/4-risks-and-impact.yaml": (
        "checklist:\n  risk-analysis:\n    status: open\n    evidence:\n      - evidence/link.md\n"
        "      - ../secret.txt\n      - evidence/pri.md\n"
    )})  # fmt: skip
    (dossier / "evidence" / "link.md").symlink_to(secret)
    out = make_site(tmp_path, "--with-evidence", source=dossier)
    copies = sorted(
        p.relative_to(out).as_posix() for p in (out / "d").rglob("files/**/*") if p.is_file()
    )
    assert copies == ["d/d/files/evidence/pri.md"], copies
    assert not any(
        b"the-content-of-a-file-outside" in p.read_bytes() for p in out.rglob("*") if p.is_file()
    )


def test_nothing_outside_the_output_folder_is_written(tmp_path: Path) -> None:
    source = tmp_path / "dossiers"
    shutil.copytree(EXAMPLES, source)
    before = _snapshot(tmp_path)
    out = make_site(tmp_path, source=source)
    after = {k: v for k, v in _snapshot(tmp_path).items() if not k.startswith("site/")}
    assert after == before
    assert not [p for p in out.iterdir() if p.name.startswith(".hai-site-")]  # no staging left


def test_a_folder_that_holds_other_files_is_refused_without_force(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("mine", "utf-8")
    run = hai("site", EXAMPLES, "--out", out)
    assert run.exit_code == 2
    assert "niet leeg" in run.stderr and "--force" in run.stderr and "Traceback" not in run.stderr
    assert (out / "index.html").read_text("utf-8") == "mine"
    assert hai("site", EXAMPLES, "--out", out, "--force").exit_code == 0
    assert "AI-portfolio" in (out / "index.html").read_text("utf-8")
    file_out = tmp_path / "file"
    file_out.write_text("x", "utf-8")
    run = hai("site", EXAMPLES, "--out", file_out, "--lang", "en")
    assert run.exit_code == 2 and "is not a folder" in run.stderr


def test_a_rebuild_replaces_the_site_and_drops_dossiers_that_are_gone(tmp_path: Path) -> None:
    source = tmp_path / "dossiers"
    shutil.copytree(EXAMPLES, source)
    out = make_site(tmp_path, source=source)
    (out / "notes.txt").write_text("kept", "utf-8")  # not hai's: left alone
    shutil.rmtree(source / "covid19-severity")
    make_site(tmp_path, source=source)
    assert not (out / "d" / "covid19-severity").exists()
    assert (out / "d" / "sepsis-alert" / "index.nl.html").is_file()
    assert (out / "notes.txt").read_text("utf-8") == "kept"
    assert "covid19" not in (out / "index.html").read_text("utf-8")


# -- 5. languages ----------------------------------------------------------------------------


def test_pages_exist_in_both_languages_with_a_switch(examples_site: Path) -> None:
    nl, en = page(examples_site / "index.nl.html"), page(examples_site / "index.en.html")
    assert nl.all("html", lang="nl") and en.all("html", lang="en")
    assert nl.all("a", href="index.en.html", hreflang="en")
    assert en.all("a", href="index.nl.html", hreflang="nl")
    assert "Volgende evaluatie" in nl.words and "Next evaluation" in en.words
    assert (examples_site / "index.html").read_text("utf-8") == (
        examples_site / "index.nl.html"
    ).read_text("utf-8")
    dossier_en = page(examples_site / "d" / "sepsis-alert" / "index.en.html")
    assert dossier_en.all("html", lang="en") and "The eight steps" in dossier_en.words
    assert "4 decommissioned" in dossier_en.words
    folder = examples_site / "d" / "sepsis-alert"  # its address on Pages: …/d/sepsis-alert/
    assert (folder / "index.html").read_bytes() == (folder / "index.nl.html").read_bytes()


def test_a_dossier_folder_opens_on_the_page_of_its_language(tmp_path: Path) -> None:
    dossier = base_dossier(tmp_path / "dossiers", name="english")
    meta = dossier / "dossier.yaml"
    meta.write_text(meta.read_text("utf-8").replace("language: nl", "language: en"), "utf-8")
    out = make_site(tmp_path, source=tmp_path / "dossiers")
    (folder,) = (out / "d").iterdir()
    assert (folder / "index.html").read_bytes() == (folder / "index.en.html").read_bytes()
    forced = make_site(tmp_path / "forced", "--lang", "nl", source=tmp_path / "dossiers")
    (folder,) = (forced / "d").iterdir()
    assert (folder / "index.html").read_bytes() == (folder / "index.nl.html").read_bytes()


def test_lang_option_picks_the_language_of_index_and_of_the_links(tmp_path: Path) -> None:
    out = make_site(tmp_path, "--lang", "en")
    index = (out / "index.html").read_text("utf-8")
    assert '<html lang="en">' in index
    assert 'href="d/sepsis-alert/index.en.html"' in index


def test_each_dossier_links_to_its_own_language_by_default(tmp_path: Path) -> None:
    dossier = base_dossier(tmp_path / "dossiers", name="english")
    meta = dossier / "dossier.yaml"
    meta.write_text(meta.read_text("utf-8").replace("language: nl", "language: en"), "utf-8")
    base_dossier(tmp_path / "dossiers", name="dutch")
    out = make_site(tmp_path, source=tmp_path / "dossiers")
    index = (out / "index.html").read_text("utf-8")
    assert '<html lang="nl">' in index
    assert 'href="d/english/index.en.html"' in index and 'href="d/dutch/index.nl.html"' in index


# -- the corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", _cases("invalid") + _cases("valid"), ids=lambda p: f"{p.parent.name}-{p.name}"
)
def test_every_corpus_case_makes_a_site_that_shows_its_finding(case: Path, tmp_path: Path) -> None:
    root = _build(case, tmp_path)
    before = _snapshot(root)
    out = tmp_path / "site"
    run = hai("site", root, "--out", out)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert _snapshot(root) == before, "hai site must not write into the dossiers"
    pages = sorted((out / "d").glob("*/index.nl.html"))
    assert pages and (out / "index.html").is_file()
    for path in out.rglob("*.html"):
        parsed = Page(path.read_text("utf-8"))
        assert len(parsed.all("script")) == 1 and not parsed.all("img"), path
    expect = _spec(case).get("expect")
    if expect:
        shown = " ".join(page(p).words for p in pages)
        assert expect["code"] in shown and f"{expect['file']}:{expect['line']}" in shown


# -- 6. CI -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_ci_site_adds_a_pages_job_whose_command_builds_the_site(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_ci import INSTALL, load, repository, run_line

    repo = repository(tmp_path, {"rad": EXAMPLES / "ai-rad-companion"})
    run = hai("ci", kind, repo, "--site", "--install", INSTALL)
    assert run.exit_code == 0, run.stderr
    if kind == "github":
        workflow = load(repo / ".github" / "workflows" / "hai.yml")
        job = workflow["jobs"]["pages"]
        assert job["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
        uses = [s.get("uses", "") for s in job["steps"]]
        assert "actions/upload-pages-artifact@v3" in uses and "actions/deploy-pages@v4" in uses
        assert "default_branch" in job["if"] and "pull_request" in job["if"]
        lines = [s["run"] for s in job["steps"] if str(s.get("run", "")).startswith("hai ")]
        published = "_site"
    else:
        workflow = load(repo / ".gitlab-ci.yml")
        job = workflow["pages"]
        assert job["artifacts"]["paths"] == ["public"]
        assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
        lines = [line for line in job["script"] if line.startswith("hai ")]
        published = "public"
    assert lines == [f"hai site --out {published}"]
    assert run_line(lines[0], repo, monkeypatch).exit_code == 0
    assert (repo / published / "index.html").is_file()
    assert (repo / published / "d" / "rad" / "index.nl.html").is_file()
    without = hai("ci", kind, repo, "--force", "--install", INSTALL)
    assert without.exit_code == 0
    again = load(repo / (".github/workflows/hai.yml" if kind == "github" else ".gitlab-ci.yml"))
    assert "pages" not in again.get("jobs", again)


def test_readme_shows_the_site_with_the_screenshot_the_browser_test_makes() -> None:
    from tests.helpers import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    assert "## The website" in readme and "](docs/site-portfolio.png)" in readme
    assert (ROOT / "docs" / "site-portfolio.png").read_bytes().startswith(b"\x89PNG\r\n")
    assert "docs/site-portfolio.png" in (ROOT / "tests" / "test_site_browser.py").read_text("utf-8")


@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_readme_shows_the_pages_job_hai_ci_site_writes(kind: str, tmp_path: Path) -> None:
    from hai_cli import __version__
    from hai_cli.commands.ci import INSTALL_EXAMPLES, plan
    from tests.test_readme import _normalised, blocks

    written = _normalised(
        plan(kind, tmp_path, INSTALL_EXAMPLES[0].format(v=__version__), site=True).text
    )
    job = (written["jobs"] if kind == "github" else written)["pages"]
    shown = [b for b in blocks("yaml", "In CI") if (_normalised(b) or {}).get("pages") == job]
    assert shown, f"README's pages job differs from `hai ci {kind} --site`: update README.md"


def test_cannot_run_is_exit_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    run = hai("site", tmp_path / "empty", "--out", tmp_path / "site")
    assert run.exit_code == 2 and "Geen dossier gevonden" in run.stderr
    assert not (tmp_path / "site").exists()
    (tmp_path / "file").write_text("x", "utf-8")
    run = hai("site", EXAMPLES, "--out", tmp_path / "file" / "site", "--lang", "en")
    assert run.exit_code == 2 and "Cannot create the folder" in run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_an_unreadable_phase_is_said_in_words_on_the_dossier_page(tmp_path: Path) -> None:
    """A gate that needs a phase which dossier.yaml does not let hai read: the page says so,
    never 'dossier is in phase ?'."""
    meta = (EXAMPLES.parent / "tests/cases/base/dossier.yaml").read_text("utf-8")
    root = base_dossier(
        tmp_path / "d", {"dossier.yaml": meta.replace('phase: "1B"', "phase: [1B]")}
    )
    (dossier_page,) = (make_site(tmp_path, source=root) / "d").glob("*/index.nl.html")
    words = page(dossier_page).words
    assert "de fase van het dossier is niet te lezen" in words
    assert "fase ?" not in words
