"""The root models' validators, built from a cached core schema instead of pydantic's
schema generation on every run.

pydantic builds a model's validator from its core schema, and generating that schema from the
classes is most of the cost (about ten times building the validator from it). The schema of
``dossier.yaml``'s and each step file's model is the same on every run of one hai, so
:func:`ready` keeps it in :mod:`hai_cli.cache` as JSON (classes, enum members and functions as
references to the names of the model modules) and builds the validators from it. The cache key
is hai's version, pydantic's, and the source of the models and of the catalogue they are made
from; a missing or unusable entry is rebuilt the ordinary way. Only the validator is set: the
serializer and the JSON schema are built by pydantic when first used, as before.
"""

import enum
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FunctionType
from typing import Any

from pydantic import BaseModel

from hai_cli import cache

CACHE_NAME = "validators"
_done = False


class Unfit(Exception):
    """A schema holds a value the cache cannot write or read back as the same object."""


@contextmanager
def no_plugins() -> Iterator[None]:
    """pydantic without its plugin scan (an entry-point search on every run) while building
    hai's own validators; the environment is as it was afterwards."""
    name = "PYDANTIC_DISABLE_PLUGINS"
    before = os.environ.get(name)
    os.environ[name] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ[name]
        else:
            os.environ[name] = before


def roots() -> list[type[BaseModel]]:
    """The models ``load`` validates whole files with."""
    from hai_cli.model.dossier import DossierFile
    from hai_cli.model.steps import STEP_MODELS

    return [DossierFile, *STEP_MODELS.values()]


def _modules() -> list[Any]:
    from hai_cli import vocab
    from hai_cli.model import common, dossier, steps

    return [common, dossier, steps, vocab]


def _name(obj: Any) -> str:
    return f"{obj.__module__}:{obj.__qualname__}"


def _registry() -> dict[str, Any]:
    """Every class and function a model schema can name, by module and qualified name (a name
    two objects share is left out, so it can never be read back as the wrong one)."""
    found: dict[str, Any] = {_name(t): t for t in (list, dict, set, frozenset, tuple)}
    clash: set[str] = set()
    for module in _modules():
        for value in vars(module).values():
            if isinstance(value, type | FunctionType):
                name = _name(value)
                if found.setdefault(name, value) is not value:
                    clash.add(name)
    for name in clash:
        del found[name]
    return found


def _source_key() -> str:
    """hai's version, pydantic's, and the text of everything the models are made from: their
    modules, the modules they take types from, and the catalogue (its items are fields)."""
    import pydantic
    import pydantic_core

    from hai_cli import catalogue, i18n

    modules = [*_modules(), i18n, catalogue]
    files = [Path(m.__file__) for m in modules] + [Path(__file__), catalogue.CATALOGUE_FILE]
    return cache.key(pydantic.VERSION, pydantic_core.__version__, files=files)


def encode(value: Any, known: dict[str, Any]) -> Any:
    """A core schema as JSON data; :class:`Unfit` for anything that would not come back."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str) or k.startswith("$"):
                raise Unfit(repr(k))
            if (
                k == "metadata"
                and isinstance(v, dict)
                and all(isinstance(m, str) and m.startswith("pydantic_js_") for m in v)
            ):
                continue  # for JSON Schema only; the validator never reads it
            out[k] = encode(v, known)
        return out
    if isinstance(value, list):
        return [encode(v, known) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [encode(v, known) for v in value]}
    if isinstance(value, enum.Enum):
        cls = type(value)
        if known.get(_name(cls)) is not cls:
            raise Unfit(repr(value))
        return {"$member": _name(cls), "name": value.name}
    if isinstance(value, type | FunctionType):
        if known.get(_name(value)) is not value:
            raise Unfit(repr(value))
        return {"$ref": _name(value)}
    raise Unfit(repr(value))


def decoder(known: dict[str, Any]) -> Callable[[dict[str, Any]], Any]:
    """The ``object_hook`` that reads back what :func:`encode` wrote (KeyError for a name that
    is not one of this run's)."""

    def hook(value: dict[str, Any]) -> Any:
        if "$ref" in value:
            return known[value["$ref"]]
        if "$member" in value:
            return known[value["$member"]][value["name"]]
        if "$tuple" in value:
            return tuple(value["$tuple"])
        return value

    return hook


def _build(models: list[type[BaseModel]], known: dict[str, Any]) -> list[Any] | None:
    """Build each model's validator the ordinary way; its schema and config as JSON data (None
    when a schema holds something the cache cannot keep)."""
    from pydantic._internal._config import ConfigWrapper

    with no_plugins():
        for model in models:
            model.model_rebuild()
    try:
        return [
            {
                "schema": encode(model.__pydantic_core_schema__, known),
                "config": ConfigWrapper(model.model_config).core_config(title=model.__name__),
            }
            for model in models
        ]
    except Unfit:
        return None


def ready() -> None:
    """Give each root model its validator (once a process): from the cache, else built."""
    global _done
    if _done:
        return
    _done = True
    from pydantic_core import SchemaValidator

    models = roots()
    if all(m.__pydantic_complete__ for m in models):
        return
    known = _registry()
    key = _source_key()
    entries = cache.read(CACHE_NAME, key, decoder(known))
    try:
        if not isinstance(entries, list) or len(entries) != len(models):
            raise ValueError("no entry")
        validators = [SchemaValidator(e["schema"], e["config"]) for e in entries]
    except Exception:  # any unusable entry: build as pydantic would, and keep it
        built = _build(models, known)
        if built is not None:
            cache.write(CACHE_NAME, key, built)
        return
    for model, validator in zip(models, validators, strict=True):
        if not model.__pydantic_complete__:
            model.__pydantic_validator__ = validator
