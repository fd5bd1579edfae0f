"""Hermetic tests: an isolated HOME and git identity, no colour, no user configuration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _hermetic(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    # hai's cache (hai_cli/cache.py) in one folder of the test session, never the user's
    monkeypatch.setenv("HAI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "hai-cache"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "test@example.invalid")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test@example.invalid")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("HAI_DEBUG", raising=False)
    for name in ("HAI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):  # the language rule's fallbacks
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    yield


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(params=["libyaml", "pure"])
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml's parser and again with ruamel.yaml's pure-Python one (what a
    Python without ruamel.yaml.clib uses); the messages must be the same."""
    if request.param == "pure":
        from hai_cli.yamlio import parsing

        monkeypatch.setattr(parsing, "_composer_class", lambda: None)
    else:
        from hai_cli.yamlio.parsing import _composer_class

        assert _composer_class() is not None, "libyaml (ruamel.yaml.clib) is not installed"
    return str(request.param)
