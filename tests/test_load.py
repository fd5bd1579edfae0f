"""Loading a dossier: schema problems at YAML lines, in the dossier's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from hai_cli.load import EvidenceState, find_dossiers, load_dossier
from hai_cli.problems import HaiError
from tests.helpers import base_dossier, check, codes

pytestmark = pytest.mark.usefixtures("yaml_parser")  # libyaml and pure Python

STEP4 = "steps/4-risks-and-impact.yaml"
S1 = "steps/1-medical-context.yaml"


def problem(path: Path, code: str) -> tuple[str, int, str, str]:
    found = [p for p in check(path).problems if p.code == code]
    assert found, f"no {code} in {[p.code for p in check(path).problems]}"
    p = found[0]
    return p.file, p.line, p.text.nl, p.text.en


def test_base_dossier_is_clean(tmp_path: Path) -> None:
    result = check(base_dossier(tmp_path))
    assert result.problems == []
    assert len(result.open_items()) == 26


def test_unknown_key_did_you_mean(tmp_path: Path) -> None:
    d = base_dossier(tmp_path, {STEP4: "risk_indicaton: high\nchecklist: {}\n"})
    file, line, nl, en = problem(d, "HAI010")
    assert (file, line) == (STEP4, 1)
    assert en == "Unknown key 'risk_indicaton'. Did you mean 'risk_indication'?"
    assert nl == "Onbekende sleutel 'risk_indicaton'. Bedoelde je 'risk_indication'?"


def test_unknown_nested_key_lists_allowed(tmp_path: Path) -> None:
    d = base_dossier(tmp_path, {STEP4: "pri:\n  kind: screening\n"})
    file, line, _, en = problem(d, "HAI010")
    assert (file, line) == (STEP4, 2)
    assert (
        en
        == "Unknown key 'kind' under 'pri'. Allowed here: type, date, participants, main_risks, evidence."
    )


def test_unknown_checklist_item(tmp_path: Path) -> None:
    d = base_dossier(tmp_path, {STEP4: "checklist:\n  risk-analyse:\n    status: open\n"})
    file, line, _, en = problem(d, "HAI010")
    assert (file, line) == (STEP4, 2)
    assert en.startswith(
        "'risk-analyse' is not a checklist item of this step. Did you mean 'risk-analysis'?"
    )


def test_wrong_enum_value(tmp_path: Path) -> None:
    d = base_dossier(tmp_path, {STEP4: "checklist:\n  risk-analysis:\n    status: finished\n"})
    file, line, nl, en = problem(d, "HAI013")
    assert (file, line) == (STEP4, 3)
    assert (
        en
        == "'finished' is not a valid value for 'checklist.risk-analysis.status'. Choose one of: open, done, n/a."
    )
    assert nl.startswith("'finished' is geen geldige waarde voor 'checklist.risk-analysis.status'.")


def test_mapping_where_list_belongs(tmp_path: Path) -> None:
    d = base_dossier(tmp_path, {STEP4: "cybersecurity:\n  threat: data-poisoning\n"})
    file, line, _, en = problem(d, "HAI012")
    assert (file, line) == (STEP4, 2)
    assert en.startswith("'cybersecurity' must be a list (lines starting with '- ')")


def test_missing_required_field(tmp_path: Path) -> None:
    d = base_dossier(tmp_path, {STEP4: "cybersecurity:\n  - description: phishing\n"})
    file, line, _, en = problem(d, "HAI011")
    assert (file, line) == (STEP4, 2)
    assert en == "The required key 'threat' is missing under 'cybersecurity[0]'. Add it."


def test_missing_dossier_key(tmp_path: Path) -> None:
    d = base_dossier(tmp_path, {"dossier.yaml": "schema_version: 1\nid: x\nname: X\nphase: '1B'\n"})
    assert problem(d, "HAI011")[:2] == ("dossier.yaml", 1)


def test_date_and_number_types(tmp_path: Path) -> None:
    d = base_dossier(
        tmp_path,
        {STEP4: "pri:\n  date: next week\n", "steps/3-added-value.yaml": "evidence_level: 9\n"},
    )
    result = check(d)
    messages = {(p.file, p.line): p.text.en for p in result.problems}
    assert (
        messages[(STEP4, 2)]
        == "'pri.date' must be a date like 2024-03-01 (year-month-day), not next week."
    )
    assert messages[("steps/3-added-value.yaml", 1)] == "'evidence_level' must be at most 6, not 9."


def test_numbers_are_accepted_as_text(tmp_path: Path) -> None:
    meta = (
        "schema_version: 1\nid: corpus-base\nname: 2024\nacquisition: purchase\nphase: 2\n"
        "supplier:\n  name: X\n  version: 10.2\n"
    )
    d = base_dossier(tmp_path, {"dossier.yaml": meta})
    assert codes(check(d)) == []


def test_newer_schema_version(tmp_path: Path) -> None:
    d = base_dossier(tmp_path, {"dossier.yaml": "schema_version: 9\nid: x\nname: X\n"})
    result = check(d)
    assert codes(result) == ["HAI015"]
    assert result.problems[0].text.en.startswith(
        "This dossier uses schema_version 9; this hai knows version 1."
    )


def test_all_problems_of_all_files_sorted(tmp_path: Path) -> None:
    d = base_dossier(
        tmp_path,
        {
            "steps/1-medical-context.yaml": "main_task: speed\n",
            STEP4: "a: 1\na: 2\n",
            "steps/2-innovation-level.yaml": "innovation_level: new\n",
        },
    )
    found = [(p.file, p.line, p.code) for p in check(d).problems if p.code.startswith("HAI0")]
    assert found == [
        ("steps/1-medical-context.yaml", 1, "HAI013"),
        ("steps/2-innovation-level.yaml", 1, "HAI013"),
        (STEP4, 2, "HAI002"),
    ]


def test_broken_step_keeps_item_states_of_raw_yaml(tmp_path: Path) -> None:
    d = base_dossier(
        tmp_path,
        {
            STEP4: "bogus: 1\nchecklist:\n  risk-analysis:\n    status: done\n    evidence: [evidence/pri.md]\n"
        },
    )
    states = {s.item.id: s.status for s in check(d).items}
    assert states["risk-analysis"] == "done"


def test_step_files(tmp_path: Path) -> None:
    d = base_dossier(
        tmp_path, {"steps/9-extra.yaml": "checklist: {}\n", "steps/notes.yaml": "a: 1\n"}
    )
    (d / "steps" / "5-tasks-and-responsibilities.yaml").unlink()
    (d / "steps" / "4-other-name.yml").write_text("checklist: {}\n")
    found = {(p.file, p.code) for p in check(d).problems}
    assert ("steps/9-extra.yaml", "HAI020") in found
    assert ("steps/notes.yaml", "HAI020") in found
    assert ("dossier.yaml", "HAI021") in found  # step 5 has no file
    assert ("steps/4-risks-and-impact.yaml", "HAI022") in found or (
        "steps/4-other-name.yml",
        "HAI022",
    ) in found


def test_evidence_states(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("x")
    d = base_dossier(tmp_path)
    (d / "evidence" / "link.md").symlink_to(outside)
    (d / "evidence" / "folder").mkdir()
    (d / STEP4).write_text(
        "pri:\n  evidence:\n    - evidence/pri.md\n    - evidence/nope.pdf\n    - ../secret.txt\n"
        "    - /etc/passwd\n    - evidence/link.md\n    - evidence/folder\n"
    )
    states = [(r.path, r.state, r.line) for r in load_dossier(d).evidence]
    assert states == [
        ("evidence/pri.md", EvidenceState.OK, 3),
        ("evidence/nope.pdf", EvidenceState.MISSING, 4),
        ("../secret.txt", EvidenceState.OUTSIDE, 5),
        ("/etc/passwd", EvidenceState.OUTSIDE, 6),
        ("evidence/link.md", EvidenceState.OUTSIDE, 7),
        ("evidence/folder", EvidenceState.NOT_A_FILE, 8),
    ]


def test_evidence_read_from_one_listing_agrees_with_full_resolution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folders read once (os.scandir) answer a plain file at once; every other path (a
    link, a folder, a missing or escaping one, a name with . or ..) is resolved as before."""
    import os

    from hai_cli.load import Listing, evidence_state

    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "secret.txt").write_text("x")
    d = base_dossier(tmp_path)
    ev = d / "evidence"
    (ev / "scans" / "2024").mkdir(parents=True)
    (ev / "scans" / "2024" / "ct.md").write_text("x")
    (ev / "link-inside.md").symlink_to("pri.md")  # a link to a file of the dossier: fine
    (ev / "link-outside.md").symlink_to(outside / "secret.txt")
    (ev / "dangling.md").symlink_to("gone.md")
    (ev / "linked-folder").symlink_to(outside)
    (ev / "inner-link").symlink_to("scans")
    os.mkfifo(ev / "pipe.md")
    (d / "top.md").write_text("x")
    cases = {
        "evidence/pri.md": EvidenceState.OK,
        "top.md": EvidenceState.OK,
        "evidence/scans/2024/ct.md": EvidenceState.OK,
        "evidence/link-inside.md": EvidenceState.OK,
        "evidence/inner-link/2024/ct.md": EvidenceState.OK,
        "evidence/./pri.md": EvidenceState.OK,
        "evidence/scans/../pri.md": EvidenceState.OK,
        "evidence//pri.md": EvidenceState.OK,
        "evidence/link-outside.md": EvidenceState.OUTSIDE,
        "evidence/linked-folder/secret.txt": EvidenceState.OUTSIDE,
        "evidence/../../outside/secret.txt": EvidenceState.OUTSIDE,
        "../outside/secret.txt": EvidenceState.OUTSIDE,
        "/etc/hosts": EvidenceState.OUTSIDE,
        "C:/x.pdf": EvidenceState.OUTSIDE,
        "evidence/dangling.md": EvidenceState.MISSING,
        "evidence/nope.pdf": EvidenceState.MISSING,
        "evidence/PRI.md": EvidenceState.MISSING,
        "nope/pri.md": EvidenceState.MISSING,
        "evidence/pri.md/x": EvidenceState.UNREADABLE,  # not a folder
        "evidence/scans": EvidenceState.NOT_A_FILE,
        "evidence/pipe.md": EvidenceState.NOT_A_FILE,
        "evidence/": EvidenceState.NOT_A_FILE,
        "evidence/" + "x" * 300: EvidenceState.UNREADABLE,
    }
    root = d.resolve()
    full = {value: evidence_state(root, value) for value in cases}
    resolved: list[Path] = []
    resolve = Path.resolve

    def counted(self: Path, strict: bool = False) -> Path:
        resolved.append(self)
        return resolve(self, strict)

    monkeypatch.setattr(Path, "resolve", counted)
    listing = Listing(root)
    plain = {"evidence/pri.md", "top.md", "evidence/scans/2024/ct.md"}
    refused = {"/etc/hosts", "C:/x.pdf"}  # before any look at the disk
    for value, state in cases.items():
        before = len(resolved)
        assert evidence_state(root, value, listing) == full[value], value
        assert full[value][0] is state, value
        assert (len(resolved) == before) is (value in plain | refused), value


def test_find_dossiers(tmp_path: Path) -> None:
    base_dossier(tmp_path, name="a")
    base_dossier(tmp_path / "group", name="b")
    (tmp_path / ".git").mkdir()
    base_dossier(tmp_path / ".git", name="hidden")
    assert find_dossiers(tmp_path) == [tmp_path / "a", tmp_path / "group" / "b"]
    assert find_dossiers(tmp_path / "a") == [tmp_path / "a"]
    assert find_dossiers(tmp_path / "a" / "dossier.yaml") == [tmp_path / "a"]


def test_find_dossiers_refusals(tmp_path: Path) -> None:
    with pytest.raises(HaiError, match="does not exist"):
        find_dossiers(tmp_path / "missing")
    with pytest.raises(HaiError, match="No dossier found"):
        find_dossiers(tmp_path)


def test_a_mapping_or_list_where_text_belongs_is_named_in_each_language(tmp_path: Path) -> None:
    """Once one string held both languages ("een mapping / a mapping") in both messages."""
    d = base_dossier(tmp_path, {S1: "clinical_problem: {a: 1}\ngoal: [x]\n"})
    texts = [p.text for p in check(d).problems if p.code == "HAI012"]
    assert [t.nl for t in texts] == [
        "'clinical_problem' moet tekst zijn, niet een mapping.",
        "'goal' moet tekst zijn, niet een lijst.",
    ]
    assert [t.en for t in texts] == [
        "'clinical_problem' must be text, not a mapping.",
        "'goal' must be text, not a list.",
    ]
