"""The one YAML reader: plain data, locations, and refusals with file:line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hai_cli.yamlio import MAX_BYTES, Versions, YamlProblem, decode, load, parse

pytestmark = pytest.mark.usefixtures("yaml_parser")  # libyaml and pure Python


def refusal(text: str) -> tuple[str, int, str]:
    with pytest.raises(YamlProblem) as caught:
        parse(text, "f.yaml")
    problem = caught.value.problem
    return problem.code, problem.line, problem.text.en


def test_plain_data_and_locations() -> None:
    parsed = parse("a: 1\nb:\n  - x\n  - y: 2022-03-01\nc: yes\nd: ~\ne: 1.5\n", "f.yaml")
    assert parsed.data == {"a": 1, "b": ["x", {"y": "2022-03-01"}], "c": "yes", "d": None, "e": 1.5}
    assert parsed.line(("b", 1, "y")) == 4
    assert parsed.line(("b",)) == 2
    assert parsed.line(("b",), value=True) == 3
    assert parsed.line(("b", 7, "nothing")) == 2  # nearest ancestor present
    assert parsed.line(()) == 1


def test_yaml_1_2_booleans() -> None:
    assert parse("a: true\nb: false\nc: no\n", "f.yaml").data == {"a": True, "b": False, "c": "no"}


def test_duplicate_key_names_both_lines() -> None:
    code, line, text = refusal("a: 1\nb: 2\na: 3\n")
    assert (code, line) == ("HAI002", 3)
    assert (
        text == "The key 'a' appears twice in this mapping (first on line 1). Merge them into one."
    )


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/name:os.system", "!custom"])
def test_tags_refused(tag: str) -> None:
    code, line, text = refusal(f"a: 1\nb: {tag} x\n")
    assert (code, line) == ("HAI003", 2)
    assert "is not allowed" in text


def test_merge_key_refused() -> None:
    code, line, _ = refusal("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert (code, line) == ("HAI003", 3)


def test_alias_bomb_stops_early() -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    code, _, text = refusal("\n".join(levels) + "\n")
    assert code == "HAI008"
    assert "Anchors and aliases" in text


def test_small_alias_use_is_fine() -> None:
    assert parse("a: &x [1, 2]\nb: *x\n", "f.yaml").data == {"a": [1, 2], "b": [1, 2]}


def test_tab_indentation() -> None:
    code, line, text = refusal("a:\n\tb: 1\n")
    assert (code, line) == ("HAI001", 2)
    assert text == "YAML error: there is a tab in the indentation. Use spaces (two per level)."


def test_unclosed_quote_points_at_its_start() -> None:
    code, line, text = refusal("a: 1\nb: 'open\nc: 2\n")
    assert (code, line) == ("HAI001", 2)
    assert "a quote is not closed" in text


def test_bad_indentation() -> None:
    code, line, text = refusal("a:\n  b: 1\n c: 2\n")
    assert (code, line) == ("HAI001", 3)
    assert "indented differently from the keys above it" in text


def test_merge_conflict_markers() -> None:
    code, line, text = refusal("a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> main\n")
    assert (code, line) == ("HAI006", 2)
    assert "git merge conflict" in text


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty(text: str) -> None:
    code, line, _ = refusal(text)
    assert (code, line) == ("HAI007", 1)


def test_two_documents() -> None:
    code, _, text = refusal("a: 1\n---\nb: 2\n")
    assert code == "HAI001"
    assert "more than one document" in text


def test_too_large() -> None:
    with pytest.raises(YamlProblem) as caught:
        decode(b"a: 1\n" + b"#" * MAX_BYTES, "big.yaml")
    assert caught.value.problem.code == "HAI004"


def test_binary_and_non_utf8() -> None:
    with pytest.raises(YamlProblem) as caught:
        decode(b"a: 1\nb: \x00\x01", "bin.yaml")
    assert (caught.value.problem.code, caught.value.problem.line) == ("HAI005", 2)
    with pytest.raises(YamlProblem) as caught:
        decode("a: 1\nb: café\n".encode("latin-1"), "latin.yaml")
    assert (caught.value.problem.code, caught.value.problem.line) == ("HAI005", 2)


def test_bom_is_accepted() -> None:
    assert load("\ufeffa: 1\n".encode(), "f.yaml").data == {"a": 1}


def test_complex_key_refused() -> None:
    code, _, _ = refusal("? [a, b]\n: 1\n")
    assert code == "HAI001"


def test_unclosed_quote_found_where_it_opens_despite_later_quotes() -> None:
    text = (
        "goal: sneller\n"
        "clinical_problem: 'Late herkenning van sepsis\n"
        "patient_journey:\n"
        "# de patiënt's eerste uur\n"
        "main_task: health\n"
        "sub_task: earlier-detection\n"
    )
    code, line, text_en = refusal(text)
    assert (code, line) == ("HAI001", 2)
    assert "a quote is not closed" in text_en


def test_multiline_quoted_value_is_not_blamed() -> None:
    text = 'a: "lange tekst\n  die doorloopt"\nb: [open\n'
    code, line, _ = refusal(text)
    assert code == "HAI001" and line != 1


def test_libyaml_problem_in_dutch() -> None:
    with pytest.raises(YamlProblem) as caught:
        parse("a:\n  b: 1\n c: 2\n", "f.yaml")
    assert caught.value.problem.text.nl.startswith(
        "YAML-fout: deze regel springt anders in dan de sleutels erboven"
    )


SYNTAX_CASES = [  # text, line to change, words of the advice (en)
    ("a: 1\nexplanation: Tekst. Grondslag: behandelrelatie\n", 2, "the text of 'explanation'"),
    ("x:\n  note: begin van de tekst\n    en dan. Let op: dit\nb: 1\n", 2, "the text of 'note'"),
    ("a:x\nb: 1\n", 1, "'a:' lacks a space after the colon"),
    (
        "q:\n  - question: Wat?\n    answer:\n  Het antwoord\n  over regels\n  - question: b\n",
        4,
        "text without a 'key:'",
    ),
    ("a:\n  - x: 1\n  y: 2\n", 3, "does not start with '- '"),
    ("a:\n  b: 1\n c: 2\n", 3, "indented differently"),
    ("a: 'Dr' Jansen\n", 1, "starts with a quote"),
    ("a: [x, y\nb: 1\n", 1, "[ … ] that starts here"),
    ("a: {x: 1\nb: 1\n", 1, "{ … } that starts here"),
    ("a: - x\n", 1, "cannot start on the same line as its key"),
    ("a: `code`\n", 1, "cannot start with ` in YAML"),
    ("a: *nadruk*\n", 1, "reference to an anchor"),
    ("a: |x\n  b\n", 1, "after | or >"),
    ('a: "C:\\map"\n', 1, "inside double quotes"),
]


@pytest.mark.parametrize(("text", "line", "words"), SYNTAX_CASES)
def test_syntax_errors_say_what_to_do_at_the_line_to_change(
    text: str, line: int, words: str
) -> None:
    """On both parsers (the module's yaml_parser fixture)."""
    with pytest.raises(YamlProblem) as caught:
        parse(text, "f.yaml")
    problem = caught.value.problem
    assert (problem.code, problem.line) == ("HAI001", line), problem.text.en
    assert words in problem.text.en
    assert problem.text.nl.startswith("YAML-fout: ") and "YAML error" not in problem.text.nl
    assert "not allowed in this context" not in problem.text.en + problem.text.nl


BROKEN = {
    "key-indentation": ("a:\n  b: 1\n c: 2\n", "springt anders in dan de sleutels erboven"),
    "colon-in-value": ("a: b: c\n", "dubbele punt met een spatie erachter"),
    "no-colon": ("a: 1\nb\nc: 2\n", "tekst zonder 'sleutel:'"),
    "list-item": ("a:\n  - x\n  - y\n z: 1\n", "springt anders in dan de sleutels erboven"),
    "list-indentation": ("- a\nb: 1\n", "begint niet met '- '"),
    "missing-value": ("a: [1, \n", "hier ontbreekt een waarde"),
    "flow-not-closed": ("a: {b: 1\n", "de { … } die hier begint is niet goed gesloten"),
    "backtick": ("a: `x`\n", "mag in YAML niet met ` beginnen"),
    "at-sign": ("a: @x\n", "mag in YAML niet met @ beginnen"),
    "undefined-alias": ("a: *x\n", "als verwijzing naar een anker"),
    "two-documents": ("a: 1\n---\nb: 2\n", "meer dan één document"),
    "tab": ("a:\n\tb: 1\n", "een tab in de inspringing"),
    "open-quote": ("a: 'x\nb: 2\n", "aanhalingsteken is niet gesloten"),
}


def _refusal_with(parser: str, text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    from hai_cli.yamlio import parsing as module

    with monkeypatch.context() as m:
        if parser == "pure":
            m.setattr(module, "_composer_class", lambda: None)
        with pytest.raises(YamlProblem) as caught:
            parse(text, "f.yaml")
    problem = caught.value.problem
    return problem.line, problem.text.nl, problem.text.en


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_syntax_messages_are_the_same_on_both_parsers(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without libyaml the Dutch message once fell back to the parser's English words."""
    text, dutch = BROKEN[name]
    fast = _refusal_with("libyaml", text, monkeypatch)
    pure = _refusal_with("pure", text, monkeypatch)
    assert fast[1:] == pure[1:]
    assert dutch in fast[1]
    for english in ("expected", "found", "while ", "not allowed"):
        assert english not in fast[1], fast[1]


# -- Versions: many versions of a file, each top-level block parsed once ---------------------

_ROOT = Path(__file__).resolve().parent.parent
_FILES = sorted(
    [*(_ROOT / "tests" / "cases").rglob("*.yaml"), *(_ROOT / "examples").rglob("*.yaml")]
)


def _outcome(read: Callable[[bytes, str], Any], raw: bytes) -> object:
    try:
        return ("data", read(raw, "f.yaml"))
    except YamlProblem as e:
        p = e.problem
        return ("problem", p.line, p.column, p.code, p.text.nl, p.text.en)


def _variants(raw: bytes) -> list[bytes]:
    """The file, and versions of it that stress the split: a block broken or merged, a key
    moved into a quote that runs on at column 0, a duplicate, an alias, a list at the top."""
    lines = raw.split(b"\n")
    out = [raw, raw.replace(b"\n", b"\r\n"), b"---\n" + raw, b"- " + raw, b"\n".join(lines[:-3])]
    for index, line in enumerate(lines):
        if line[:1].isalpha() and b":" in line:
            key = line.split(b":")[0]
            out += [
                b"\n".join([*lines[:index], line + b' "open', *lines[index + 1 :]]),
                b"\n".join([*lines[:index], b"  " + line, *lines[index + 1 :]]),
                b"\n".join([*lines[:index], b'x: "a', line + b'"', *lines[index + 1 :]]),
                b"\n".join([*lines[:index], b"x: [a,", line + b"]", *lines[index + 1 :]]),
                raw + b"\n" + key + b": again\n",
                raw + b"\nx: &hai_alias [1]\ny: *hai_alias\n",
                raw + b"\nz: |+\n  kept\n\n# c\n",
                raw + b"\nz: |+\n  kept\n\n# c\n\n  \n#d",
                raw + b"\nz: 'open\n# c\n",
                raw + b"\nz: 1\n# \x07 refused\n",
                raw + b"\nz: 1\n# \xc2\x85 refused\n",
            ]
            break
    return out


@pytest.mark.parametrize("path", _FILES, ids=lambda p: str(p.relative_to(_ROOT)))
def test_versions_read_every_file_as_load_does(path: Path) -> None:
    versions = Versions()  # one for all variants: blocks of one reused in the next
    for raw in _variants(path.read_bytes()):
        assert _outcome(versions.load, raw) == _outcome(lambda r, f: load(r, f).data, raw)


def test_versions_parse_each_block_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from hai_cli.yamlio import parsing

    composed: list[str] = []
    compose = parsing._compose
    monkeypatch.setattr(parsing, "_compose", lambda t, f: composed.append(t) or compose(t, f))
    versions = Versions()
    head = "# a comment\nid: x\nphase: '1A'\nsupplier:\n  name: S\n"
    for number in range(50):
        assert versions.load(f"{head}  version: v{number}\n".encode(), "d.yaml")["supplier"] == {
            "name": "S",
            "version": f"v{number}",
        }
    assert len(composed) == 2 + 50  # id and phase once, supplier in each version


def test_versions_parse_a_block_once_whatever_comments_end_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A history that appends '# revisie N' to a file (or puts a comment before a key) changes
    only comments at the end of a block: that block is not parsed again."""
    from hai_cli.yamlio import parsing

    texts = [
        f"id: x\n# before phase {n}\nphase: '1A'\nnotes: |+\n  kept\n\n# {n}\n".encode()
        for n in range(50)
    ]
    expected = [load(text, "d.yaml").data for text in texts]
    composed: list[str] = []
    compose = parsing._compose
    monkeypatch.setattr(parsing, "_compose", lambda t, f: composed.append(t) or compose(t, f))
    versions = Versions()
    assert [versions.load(text, "d.yaml") for text in texts] == expected
    assert expected[0]["notes"] == "kept\n\n"
    assert len(composed) == 3
