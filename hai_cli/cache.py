"""What is the same on every run, kept between runs: small JSON files in a user cache folder.

The folder is ``$HAI_CACHE_DIR``, else ``$XDG_CACHE_HOME/hai``, else ``~/.cache/hai``; an empty
``HAI_CACHE_DIR=`` turns the cache off. Every entry carries a key (hai's version and a hash of
what it was built from); an entry that is missing, unreadable, corrupt or built from something
else is built again, silently, and a folder that cannot be written is no error: the cache only
ever saves time. Nothing is ever written inside a dossier.
"""

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from hai_cli import __version__

ENV = "HAI_CACHE_DIR"


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    given = os.environ.get(ENV)
    if given is not None:
        return Path(given) if given else None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec: a relative path is to be ignored
        return Path(xdg) / "hai"
    return Path.home() / ".cache" / "hai"


def key(*parts: str | bytes, files: Iterable[Path] = ()) -> str:
    """A hash of hai's version, Python's, the ``parts`` and the content of ``files``."""
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    for path in files:
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def read(
    name: str, expected: str, hook: Callable[[dict[str, Any]], Any] | None = None
) -> Any | None:
    """The value stored as ``name`` under key ``expected``; None when there is none that fits.
    ``hook`` turns each JSON object into a value as it is read (``json.load``'s
    ``object_hook``); any error it raises is an entry that does not fit."""
    where = folder()
    if where is None:
        return None
    from hai_cli.fsio import read_regular

    try:  # a regular file only: a FIFO there must not make hai wait
        entry = json.loads(read_regular(where / f"{name}.json"), object_hook=hook)
    except Exception:  # unreadable, not JSON, or not what the hook can read: build again
        return None
    if not isinstance(entry, dict) or entry.get("key") != expected:
        return None
    return entry.get("value")


def write(name: str, key_: str, value: Any) -> None:
    """Store ``value`` (plain JSON data) as ``name``: a whole file or none, errors ignored."""
    where = folder()
    if where is None:
        return
    import tempfile

    from hai_cli.upward import enclosing_dossier

    if enclosing_dossier(where.absolute()) is not None:  # a cache dir inside a dossier: never
        return

    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"key": key_, "value": value}, f, separators=(",", ":"))
            os.replace(tmp, where / f"{name}.json")
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, TypeError, ValueError):  # read-only, full, or a value JSON cannot hold
        return


def cached(name: str, key_: str, build: Callable[[], Any]) -> Any:
    """The stored value of ``name`` for ``key_``, else ``build()`` (then stored)."""
    value = read(name, key_)
    if value is None:
        value = build()
        write(name, key_, value)
    return value


def _plain(value: Any) -> bool:
    """Whether JSON gives ``value`` back as it is (no dates, no keys that are not strings)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def yaml_data(path: Path) -> Any:
    """A YAML file of hai's own (the catalogue, the law) as plain data: stored when it parses
    to what JSON can hold, and from then on read from the cache while the file is the same."""
    raw = path.read_bytes()
    name = f"yaml-{path.parent.name}-{path.stem}"
    key_ = key(str(path), raw)
    data = read(name, key_)
    if data is None:
        from hai_cli import yamlio

        data = yamlio.parse(raw.decode("utf-8"), path.name).data
        if _plain(data):
            write(name, key_, data)
    return data
