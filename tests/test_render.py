"""`hai render`: golden Markdown, PDF text, provenance, --commit, --check, escaping, templates."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.golden.update import GOLDEN_DATE, render_examples
from tests.helpers import BASE, EXAMPLES, ROOT, base_dossier, hai

GOLDEN = ROOT / "tests" / "golden" / "render"
INJECTION = (
    "Let op: {{ 7*7 }} en {% include '/etc/passwd' %} en #read(\"/etc/passwd\") en "
    "<script>alert(1)</script> | pipe # kop $x$ *vet* [link](https://example.org)"
)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def git_repo(tmp_path: Path, dossier_files: dict[str, str] | None = None) -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    dossier = base_dossier(repo, dossier_files, name="product")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "dossier")
    return repo, dossier


def test_golden_markdown(tmp_path: Path) -> None:
    render_examples(tmp_path)
    produced = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md"))
    expected = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md"))
    assert produced == expected
    assert len([p for p in produced if p.startswith("ai-rad-companion/")]) == 12  # 6 docs x nl, en
    for rel in produced:
        assert (tmp_path / rel).read_text() == (GOLDEN / rel).read_text(), (
            f"{rel} differs from tests/golden/render: run python tests/golden/update.py"
        )


def test_golden_documents_never_print_none_or_empty_sections() -> None:
    for path in GOLDEN.rglob("*.md"):
        text = path.read_text()
        assert "None" not in text, path
        lines = text.splitlines()
        for index, line in enumerate(lines):
            if line.startswith("#"):
                following = next((x for x in lines[index + 1 :] if x.strip()), "")
                if following.startswith("#"):  # a heading right after a heading: deeper only
                    assert _level(following) > _level(line), (path, line)
                assert following, (path, line)


def _level(heading: str) -> int:
    return len(heading) - len(heading.lstrip("#"))


def test_default_documents_and_files(tmp_path: Path) -> None:
    example = tmp_path / "ai"
    shutil.copytree(EXAMPLES / "ai-rad-companion", example)
    run = hai("render", example)
    assert run.exit_code == 0, run.stderr
    names = sorted(p.name for p in (example / "docs").iterdir())
    assert names == [  # all six documents, in the dossier's language
        "dossier.nl.md", "evaluation.nl.md", "implementation-plan.nl.md", "pve.nl.md",
        "request.nl.md", "validation-protocol.nl.md",
    ]  # fmt: skip
    both = hai("render", example, "--lang", "all", "--format", "all")
    assert both.exit_code == 0, both.stderr
    assert len(list((example / "docs").iterdir())) == 24  # 6 documents x 2 languages x md, pdf
    assert not [p for p in example.rglob("*") if p.name.endswith(".tmp")]


def test_pdf_text(tmp_path: Path) -> None:
    from pypdf import PdfReader

    example = tmp_path / "ai"
    shutil.copytree(EXAMPLES / "ai-rad-companion", example)
    run = hai("render", example, "--doc", "pve", "--format", "all", "--today", "2026-02-02")
    assert run.exit_code == 0, run.stderr
    reader = PdfReader(example / "docs" / "pve.nl.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Pakket van Eisen (PvE)\nAI-Rad Companion Chest CT" in text  # the title page
    assert "hai 0.1.0 · ai-rad-companion · niet in een git-repository · 2026-02-02" in text
    assert f"Pagina 1 van {len(reader.pages)}" in text
    assert "F-02" in text and "Follow-up van longnoduli" in text  # a table cell
    assert "geïnterpreteerd" in text and "categorieën" in text  # Dutch characters
    assert reader.metadata is not None
    assert reader.metadata.title == "Pakket van Eisen (PvE): AI-Rad Companion Chest CT"


def test_provenance_in_git(tmp_path: Path) -> None:
    repo, dossier = git_repo(tmp_path)
    head = git(repo, "rev-parse", "--short", "HEAD").strip()
    hai("render", dossier, "--doc", "pve")
    pve = (dossier / "docs" / "pve.nl.md").read_text()
    assert f"· corpus-base · revisie {head} ·" in pve
    (dossier / "steps" / "1-medical-context.yaml").write_text("goal: sneller\n")
    hai("render", dossier, "--doc", "pve")
    pve = (dossier / "docs" / "pve.nl.md").read_text()
    assert f"revisie {head} + niet-vastgelegde wijzigingen" in pve


def test_commit_only_rendered_files(tmp_path: Path) -> None:
    repo, dossier = git_repo(tmp_path)
    (repo / "other.txt").write_text("staged, not mine\n")
    git(repo, "add", "other.txt")
    (dossier / "evidence" / "pri.md").write_text("changed, not staged\n")
    run = hai("render", dossier, "--doc", "pve", "--doc", "request", "--commit")
    assert run.exit_code == 0, run.stderr
    assert "vastgelegd in " in run.stdout  # a Dutch dossier: Dutch words, and commit message
    subject = git(repo, "log", "-1", "--format=%s").strip()
    assert subject.startswith("hai render: documenten van corpus-base (revisie ")
    files = git(repo, "show", "--name-only", "--format=%s", "HEAD").split()
    assert "product/docs/pve.nl.md" in files and "product/docs/request.nl.md" in files
    assert "other.txt" not in files and "product/evidence/pri.md" not in files
    assert git(repo, "diff", "--cached", "--name-only").split() == ["other.txt"]
    assert "product/evidence/pri.md" in git(repo, "diff", "--name-only")
    again = hai("render", dossier, "--doc", "pve", "--commit")
    assert "niets vast te leggen" in again.stdout


def test_commit_outside_git_refused(tmp_path: Path) -> None:
    dossier = base_dossier(tmp_path)
    run = hai("render", dossier, "--commit")
    assert run.exit_code == 2
    assert "staat niet in een git-repository" in run.stderr and "Traceback" not in run.stderr
    assert "niets geschreven" in run.stderr
    assert not (dossier / "docs").exists()  # refused before writing (issue 10.10)


def test_check_outside_git_cannot_check(tmp_path: Path) -> None:
    dossier = base_dossier(tmp_path)
    assert hai("render", dossier, "--doc", "pve").exit_code == 0
    run = hai("render", dossier, "--check")
    assert run.exit_code == 2  # not "passed": there is nothing committed to compare
    assert "--check vergelijkt de vastgelegde documenten" in run.stderr


def test_check_sees_every_format_and_language(tmp_path: Path) -> None:
    """Issue 10.2: Markdown re-rendered and committed, the PDFs left as they were."""
    repo, dossier = git_repo(tmp_path)
    made = hai("render", dossier, "--doc", "pve", "--format", "all", "--lang", "all", "--commit")
    assert made.exit_code == 0, made.stderr
    assert hai("render", dossier, "--check").exit_code == 0
    step1 = dossier / "steps" / "1-medical-context.yaml"
    step1.write_text((BASE / "steps" / "1-medical-context.yaml").read_text() + "goal: sneller\n")
    git(repo, "commit", "-qam", "step 1")
    again = hai("render", dossier, "--doc", "pve", "--lang", "all", "--commit")  # Markdown only
    assert again.exit_code == 0, again.stderr
    stale = hai("render", dossier, "--check")
    assert stale.exit_code == 1
    assert sorted(line.split(": ")[0].split("/")[-1] for line in stale.stdout.splitlines()) == [
        "pve.en.pdf",
        "pve.nl.pdf",
    ]
    assert all(": verouderd (" in line for line in stale.stdout.splitlines())
    hai("render", dossier, "--doc", "pve", "--format", "pdf", "--lang", "all", "--commit")
    assert hai("render", dossier, "--check").exit_code == 0
    (dossier / "docs" / "pve.en.pdf").write_bytes(b"%PDF-1.7 not made by hai\n")
    foreign = hai("render", dossier, "--check")
    assert foreign.exit_code == 1 and "pve.en.pdf: verouderd" in foreign.stdout


def test_pdf_bytes_are_the_same_each_time(tmp_path: Path) -> None:
    dossier = base_dossier(tmp_path)
    hai("render", dossier, "--doc", "request", "--format", "pdf", "--today", "2026-02-02")
    first = (dossier / "docs" / "request.nl.pdf").read_bytes()
    hai("render", dossier, "--doc", "request", "--format", "pdf", "--today", "2026-02-02")
    assert (dossier / "docs" / "request.nl.pdf").read_bytes() == first


def test_check_fresh_and_stale(tmp_path: Path) -> None:
    repo, dossier = git_repo(tmp_path)
    assert hai("render", dossier, "--commit", "--today", "2025-05-05").exit_code == 0
    fresh = hai("render", dossier, "--check")
    assert fresh.exit_code == 0, fresh.stdout  # only the date differs: ignored
    (dossier / "steps" / "1-medical-context.yaml").write_text(
        (BASE / "steps" / "1-medical-context.yaml").read_text() + "goal: sneller beoordelen\n"
    )
    git(repo, "commit", "-qam", "step 1")
    stale = hai("render", dossier, "--check")
    assert stale.exit_code == 1
    assert "docs/request.nl.md: verouderd (het dossier is veranderd" in stale.stdout
    assert "docs/dossier.nl.md: verouderd" in stale.stdout
    again = f"hai render {dossier} --doc request --lang nl --format md --commit"
    assert f"Maak het opnieuw en leg het vast met: {again}" in stale.stdout
    before = sorted((dossier / "docs").iterdir())
    assert [p.stat().st_mtime_ns for p in before] == [
        p.stat().st_mtime_ns for p in sorted((dossier / "docs").iterdir())
    ]
    assert hai("render", dossier, "--check", "--commit").exit_code == 2
    # the command it names does what it says: afterwards that document is current
    assert hai(*again.split()[1:]).exit_code == 0
    assert "request.nl.md" not in hai("render", dossier, "--check").stdout


def test_injection_is_literal_in_markdown_and_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader

    step1 = (
        (BASE / "steps" / "1-medical-context.yaml")
        .read_text()
        .replace(
            "  care-process:\n    status: open",
            "  care-process:\n    status: open\n    note: " + repr(INJECTION).replace("\\'", "''"),
        )
    )
    dossier = base_dossier(tmp_path, {"steps/1-medical-context.yaml": step1})
    run = hai("render", dossier, "--doc", "dossier", "--format", "all")
    assert run.exit_code == 0, run.stderr
    markdown = (dossier / "docs" / "dossier.nl.md").read_text()
    assert "49" not in markdown and "root:" not in markdown and "<script>" not in markdown
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    assert "<script>" not in html and "<a href" not in html
    assert "{{ 7*7 }}" in html and "{% include '/etc/passwd' %}" in html.replace("&#x27;", "'")
    assert "#read(&quot;/etc/passwd&quot;)" in html and "&lt;script&gt;" in html
    pdf = "\n".join(p.extract_text() for p in PdfReader(dossier / "docs" / "dossier.nl.pdf").pages)
    flat = " ".join(pdf.split())
    for literal in ("{{ 7*7 }}", "{% include '/etc/passwd' %}", '#read("/etc/passwd")', "<script>"):
        assert literal in flat, literal
    assert "root:x:" not in pdf


def test_hospital_templates_override_and_fall_back(tmp_path: Path) -> None:
    templates = tmp_path / "ours" / "nl"
    templates.mkdir(parents=True)
    (templates / "pve.md.j2").write_text(
        "# Ons PvE voor {{ info.name }}\n\n{{ info.intended_use }}\n"
    )
    dossier = base_dossier(tmp_path)
    run = hai(
        "render", dossier, "--templates", tmp_path / "ours", "--doc", "pve", "--doc", "request"
    )
    assert run.exit_code == 0, run.stderr
    assert (dossier / "docs" / "pve.nl.md").read_text() == (
        "# Ons PvE voor Corpus base\n\n*nog niet ingevuld*\n"
    )
    assert "Aanvraag nieuwe AI-software" in (dossier / "docs" / "request.nl.md").read_text()


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("# x\n{% if %}\n", "Fout in sjabloon nl/pve.md.j2, regel 2"),
        ("# x\n\n{{ info.no_such_field }}\n", "Fout in sjabloon nl/pve.md.j2, regel 3"),
        ("{{ info.__class__.__mro__ }}\n", "Fout in sjabloon nl/pve.md.j2, regel 1"),
    ],
    ids=["syntax", "undefined", "sandbox"],
)
def test_template_errors_are_reported(tmp_path: Path, template: str, expected: str) -> None:
    (tmp_path / "ours" / "nl").mkdir(parents=True)
    (tmp_path / "ours" / "nl" / "pve.md.j2").write_text(template)
    dossier = base_dossier(tmp_path)
    run = hai("render", dossier, "--templates", tmp_path / "ours", "--doc", "pve")
    assert run.exit_code == 2
    assert expected in run.stderr and "Traceback" not in run.stderr
    assert not (dossier / "docs" / "pve.nl.md").exists()


def test_refusals(tmp_path: Path) -> None:
    broken = base_dossier(tmp_path, {"steps/4-risks-and-impact.yaml": "risk_indication: x\n"})
    run = hai("render", broken)
    assert run.exit_code == 1 and "fout(en) in zijn bestanden" in run.stderr
    assert not (broken / "docs").exists()
    assert hai("render", base_dossier(tmp_path, name="e"), "--doc", "brochure").exit_code == 2
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    linked = base_dossier(tmp_path, name="linked")
    (linked / "docs").symlink_to(outside)
    run = hai("render", linked)
    assert run.exit_code == 2 and "buiten het dossier" in run.stderr
    assert list(outside.iterdir()) == []


def test_golden_date_is_the_stamp_date() -> None:
    assert GOLDEN_DATE in (GOLDEN / "covid19-severity" / "pve.nl.md").read_text()


def test_render_in_workers_writes_what_one_process_writes_and_stops_where_it_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hai_cli.portfolio

    outcomes = []
    for parallel_from in (1000, 2):  # one process, then worker processes
        monkeypatch.setattr(hai_cli.portfolio, "PARALLEL_FROM", parallel_from)
        root = tmp_path / f"from{parallel_from}"
        for number in range(5):
            dossier = base_dossier(root, name=f"p{number}")
            meta = dossier / "dossier.yaml"
            meta.write_text(meta.read_text().replace('id: "', f'id: "p{number}-', 1))
        (root / "p1" / "dossier.yaml").write_text("id: [broken\n")  # no documents: a message
        (root / "outside").mkdir()
        (root / "p3" / "docs").symlink_to(root / "outside")  # stops the command
        run = hai("render", root, "--doc", "dossier", "--lang", "en")
        written = sorted(p.relative_to(root).as_posix() for p in root.glob("*/docs/*.md"))
        outcomes.append(
            (
                run.exit_code,
                run.stdout.replace(str(root), "ROOT"),
                run.stderr.replace(str(root), "ROOT"),
                written,
            )
        )
    assert outcomes[0] == outcomes[1]
    exit_code, stdout, stderr, written = outcomes[1]
    assert exit_code == 2 and "points outside the dossier" in stderr
    assert "p0/docs/dossier.en.md" in stdout and "p4" not in stdout
    assert written == ["p0/docs/dossier.en.md", "p2/docs/dossier.en.md"]


def test_without_git_render_says_so_where_a_dossier_first_needs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hai_cli import gitio
    from hai_cli.i18n import Text
    from hai_cli.problems import HaiError

    def no_git(path: Path) -> None:
        raise HaiError(Text("geen git", "no git"))

    monkeypatch.setattr(gitio, "_repo", no_git)
    for name in ("p0", "p1"):
        base_dossier(tmp_path, name=name)
    (tmp_path / "p0" / "dossier.yaml").write_text("id: [broken\n")
    run = hai("render", tmp_path, "--doc", "dossier", "--lang", "en")
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    assert "p0" in lines[0] and lines[-1].endswith("no git"), run.stderr
