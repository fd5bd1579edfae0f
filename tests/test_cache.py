"""hai's cache (hai_cli/cache.py): it only ever saves time. A missing, corrupt, stale or
unwritable cache is built again silently, and every result is the same as without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hai_cli import cache
from tests.helpers import CASES, base_dossier, hai
from tests.test_corpus import _build, _cases

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "sepsis-alert"


def run_hai(*args: str | Path, cache_dir: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HAI_CACHE_DIR": str(cache_dir)}
    return subprocess.run(
        [sys.executable, "-m", "hai_cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )


# -- the store ---------------------------------------------------------------------------------


def test_a_value_comes_back_under_its_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAI_CACHE_DIR", str(tmp_path / "c"))
    cache.write("thing", "k1", {"a": [1, 2.5, "x", None, True]})
    assert cache.read("thing", "k1") == {"a": [1, 2.5, "x", None, True]}
    assert cache.read("thing", "k2") is None  # built from something else
    assert cache.read("other", "k1") is None  # never written
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["thing.json"]  # no temporary left


@pytest.mark.parametrize(
    "content", [b"", b"{", b"\xff\xfe", b"[1, 2]", b'{"key": "k1"', b"null", b'"k1"']
)
def test_a_corrupt_entry_is_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    monkeypatch.setenv("HAI_CACHE_DIR", str(tmp_path))
    (tmp_path / "thing.json").write_bytes(content)
    assert cache.read("thing", "k1") is None
    assert cache.cached("thing", "k1", lambda: [3]) == [3]
    assert cache.read("thing", "k1") == [3]  # and it was written again


def test_an_error_of_the_hook_is_no_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAI_CACHE_DIR", str(tmp_path))
    cache.write("thing", "k1", {"$ref": "gone"})

    def hook(value: dict[str, object]) -> object:
        return {"other": 1}[str(value["$ref"])] if "$ref" in value else value

    assert cache.read("thing", "k1", hook) is None


def test_an_empty_cache_dir_turns_it_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAI_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    assert cache.folder() is None
    cache.write("thing", "k1", [1])
    assert cache.read("thing", "k1") is None
    assert list(tmp_path.iterdir()) == []


def test_the_folder_follows_xdg_then_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HAI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "hai"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # to be ignored (XDG)
    assert cache.folder() == tmp_path / "home" / ".cache" / "hai"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.folder() == tmp_path / "home" / ".cache" / "hai"


def test_nothing_is_written_inside_a_dossier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = base_dossier(tmp_path)
    before = sorted(p.relative_to(dossier) for p in dossier.rglob("*"))
    monkeypatch.chdir(dossier)
    for given in (".cache", str(dossier / "steps" / "cache")):
        monkeypatch.setenv("HAI_CACHE_DIR", given)
        cache.write("thing", "k1", [1])
        assert hai("check", dossier, "-q").exit_code in (0, 1)
    assert sorted(p.relative_to(dossier) for p in dossier.rglob("*")) == before


def test_an_unwritable_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("HAI_CACHE_DIR", str(tmp_path / "file" / "hai"))
    cache.write("thing", "k1", [1])  # mkdir fails: nothing happens
    assert cache.read("thing", "k1") is None
    monkeypatch.setenv("HAI_CACHE_DIR", str(tmp_path / "c"))
    cache.write("thing", "k1", {1, 2})  # not JSON: nothing written, nothing left behind
    assert list((tmp_path / "c").iterdir()) == []


def test_the_key_changes_with_what_it_is_built_from(tmp_path: Path) -> None:
    source = tmp_path / "a.py"
    source.write_text("x = 1\n")
    first = cache.key("validators", files=[source])
    assert cache.key("validators", files=[source]) == first
    source.write_text("x = 2\n")
    assert cache.key("validators", files=[source]) != first
    assert cache.key("other", files=[source]) != cache.key("validators", files=[source])


# -- hai check with and without it -------------------------------------------------------------


def _outputs(cache_dir: str | Path, *targets: Path) -> list[tuple[int, str, str]]:
    out = []
    for target in targets:
        for fmt in ("text", "json"):
            done = run_hai("check", target, "--format", fmt, cache_dir=cache_dir)
            out.append((done.returncode, done.stdout, done.stderr))
    return out


def test_check_is_the_same_from_a_cold_warm_corrupt_or_stale_cache(tmp_path: Path) -> None:
    wrong = _build(CASES / "invalid" / "boolean-where-an-answer-is-wanted", tmp_path / "wrong")
    targets = (EXAMPLE, wrong)
    expected = _outputs("", *targets)  # no cache: pydantic builds every validator
    assert expected[0][1] and not expected[0][2]
    store = tmp_path / "cache"
    assert _outputs(store, *targets) == expected  # cold: builds and writes
    names = sorted(p.name for p in store.iterdir())
    assert "validators.json" in names
    assert _outputs(store, *targets) == expected  # warm: read
    entry = store / "validators.json"
    good = entry.read_text("utf-8")
    stale = json.loads(good)
    stale["key"] = "0" * 64  # another hai, pydantic or model source
    for bad in ("{not json", "", json.dumps(stale), good.replace('"$ref":"', '"$ref":"x'), "[]"):
        entry.write_text(bad, "utf-8")
        assert _outputs(store, EXAMPLE) == expected[:2], bad[:40]
    assert json.loads(entry.read_text("utf-8"))["key"] == json.loads(good)["key"]  # rebuilt


def test_check_works_where_the_cache_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    assert _outputs(tmp_path / "file" / "hai", EXAMPLE) == _outputs("", EXAMPLE)


PROBE = """
import sys
from hai_cli.load import load_dossier
from hai_cli.model import validators
dossier = load_dossier(__import__("pathlib").Path(sys.argv[1]))
models = validators.roots()
print(all(type(m.__pydantic_validator__).__name__ == "SchemaValidator" for m in models),
      any(m.__pydantic_complete__ for m in models), dossier.steps[4].model is not None)
"""


def test_a_warm_cache_gives_the_validators_without_building_them(tmp_path: Path) -> None:
    env = {**os.environ, "HAI_CACHE_DIR": str(tmp_path)}
    for expected in ("True True True", "True False True"):  # built, then from the cache
        done = subprocess.run(
            [sys.executable, "-c", PROBE, str(EXAMPLE)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        assert done.stdout.split() == expected.split()


def test_the_whole_corpus_checks_the_same_with_cached_validators(tmp_path: Path) -> None:
    portfolio = tmp_path / "portfolio"
    for case in _cases("invalid") + _cases("valid"):
        if "fifo" in (case / "case.yaml").read_text("utf-8"):
            continue  # a named pipe is no file to compare
        _build(case, portfolio / case.name)
    store = tmp_path / "cache"
    run_hai("check", EXAMPLE, cache_dir=store)  # warm the cache
    for fmt in ("json", "text"):
        plain = run_hai("check", portfolio, "--format", fmt, "-q", cache_dir="")
        cached = run_hai("check", portfolio, "--format", fmt, "-q", cache_dir=store)
        assert plain.stdout and plain.stdout == cached.stdout
        assert (plain.returncode, plain.stderr) == (cached.returncode, cached.stderr)


@pytest.mark.parametrize("module", ["hai_cli.i18n", "hai_cli.vocab", "hai_cli.model.steps"])
def test_the_validators_key_follows_the_sources_of_the_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    import importlib

    from hai_cli.model import validators

    before = validators._source_key()
    mod = importlib.import_module(module)
    copy = tmp_path / "copy.py"
    copy.write_text(Path(str(mod.__file__)).read_text("utf-8") + "\n# changed\n", "utf-8")
    monkeypatch.setattr(mod, "__file__", str(copy))
    assert validators._source_key() != before


def test_a_fifo_or_a_folder_where_an_entry_belongs_is_passed_by(tmp_path: Path) -> None:
    """Only regular files are read: a named pipe in the cache folder must not make hai wait."""
    folder = tmp_path / "c"
    folder.mkdir()
    os.mkfifo(folder / "validators.json")
    (folder / "yaml-catalogue-catalogue.json").mkdir()
    plain = run_hai("check", EXAMPLE, "--format", "json", cache_dir="")
    run = subprocess.run(
        [sys.executable, "-m", "hai_cli", "check", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "HAI_CACHE_DIR": str(folder)},
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert (run.returncode, run.stdout, run.stderr) == (plain.returncode, plain.stdout, "")
