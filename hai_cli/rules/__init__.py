"""Rules: a registry of small pure functions from a loaded dossier to findings.

Each rule has a stable code, a severity and a title in nl and en; its function yields
:class:`Finding` records (file, line, text) and the registry stamps them into problems. A rule
names the step models it reads (``needs=(RisksStep,)``) and reads them typed
(``ctx.step(RisksStep)``); it is skipped when one of them failed to load (the schema errors
already say why). Adding a rule is adding one decorated function and one test.

Principle: a structured field becomes required when the team marks the checklist item that
rests on it ``done`` ("claims are backed"), so a fresh scaffold has open items, not errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from hai_cli.catalogue import Item, catalogue
from hai_cli.i18n import Text
from hai_cli.load import DOSSIER_FILE, Dossier
from hai_cli.model import ChecklistItem, DossierFile
from hai_cli.problems import Problem, Severity
from hai_cli.vocab import Acquisition, Phase, Status

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int
    text: Text


class Unreadable(Exception):
    """A rule read a key of dossier.yaml that has errors: the rule is skipped (the schema error
    already says what is wrong), the other rules still run."""


class _Readable:
    """dossier.yaml as far as it can be read: reading a key with errors raises Unreadable."""

    def __init__(self, model: DossierFile | None, unreadable: frozenset[str]) -> None:
        self._model = model
        self._unreadable = unreadable

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._model is None or name in self._unreadable:
            raise Unreadable(name)
        return getattr(self._model, name)


@dataclass(slots=True)
class Context:
    """What a rule may look at: the loaded dossier and the date of the check."""

    dossier: Dossier
    today: dt.date
    needs: tuple[type[BaseModel], ...] = ()  # the step models the running rule declared

    @property
    def info(self) -> DossierFile:
        """dossier.yaml; when it has errors, what can be read of it (a rule that reads a key
        with an error is skipped)."""
        if self.dossier.info is not None:
            return self.dossier.info
        readable = _Readable(self.dossier.lenient, self.dossier.unreadable)
        return cast(DossierFile, readable)

    @property
    def purchase(self) -> bool:
        return self.info.acquisition is Acquisition.PURCHASE

    @property
    def phase(self) -> Phase:
        return self.info.phase

    def step(self, model: type[M]) -> M:
        """The validated model of a step the running rule names in ``needs`` (the rule does not
        run when that step failed to load, so this is never None)."""
        if model not in self.needs:
            raise AssertionError(f"a rule reads {model.__name__} without naming it in needs=")
        found = self.dossier.model(model)
        assert found is not None, model.__name__
        return found

    def maybe(self, model: type[M]) -> M | None:
        """The validated model of a step the rule can do without (None when it did not load)."""
        return self.dossier.model(model)

    def loaded(self, number: int) -> bool:
        return self.dossier.step(number) is not None

    def file(self, number: int) -> str:
        return self.dossier.step_path(number)

    def line(self, number: int, *path: str | int, value: bool = False) -> int:
        source = self.dossier.steps.get(number)
        return source.line(*path, value=value) if source else 1

    def meta_line(self, *path: str | int) -> int:
        return self.dossier.meta.line(*path)

    def item(self, item_id: str) -> ChecklistItem | None:
        """The entry of a checklist item in its step file (None when absent or not loaded)."""
        return self.dossier.checklist_item(item_id)

    def done(self, item_id: str) -> bool:
        item = self.item(item_id)
        return item is not None and item.status is Status.DONE

    def item_line(self, item_id: str, key: str | None = None) -> int:
        entry = catalogue().item(item_id)
        assert entry is not None
        return self.line(entry.step, *entry.path, *((key,) if key else ()))

    def at(self, number: int, *path: str | int, text: Text, value: bool = False) -> Finding:
        return Finding(self.file(number), self.line(number, *path, value=value), text)

    def at_item(self, item_id: str, text: Text, key: str | None = "status") -> Finding:
        entry = catalogue().item(item_id)
        assert entry is not None
        return Finding(self.file(entry.step), self.item_line(item_id, key), text)

    def at_meta(self, *path: str | int, text: Text) -> Finding:
        return Finding(DOSSIER_FILE, self.meta_line(*path), text)


RuleFunc = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    title: Text
    needs: tuple[type[BaseModel], ...]  # the step models the rule reads (ctx.step)
    func: RuleFunc
    reopens: tuple[str, ...] = ()  # gates an error of this rule blocks beyond its own step

    def run(self, ctx: Context) -> Iterator[Problem]:
        if any(ctx.maybe(model) is None for model in self.needs):
            return
        try:
            findings = list(self.func(replace(ctx, needs=self.needs)))
        except Unreadable:  # it needs a key of dossier.yaml that has errors
            return
        for finding in findings:
            yield Problem(finding.file, finding.line, 1, self.code, self.severity, finding.text)


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    severity: Severity,
    nl: str,
    en: str,
    needs: tuple[type[BaseModel], ...] = (),
    reopens: tuple[str, ...] = (),
) -> Callable[[RuleFunc], RuleFunc]:
    def register(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, severity, Text(nl, en), needs, func, reopens)
        return func

    return register


def item_label(item: Item) -> Text:
    return Text(f"'{item.id}' ({item.text.nl})", f"'{item.id}' ({item.text.en})")


def run_rules(dossier: Dossier, today: dt.date) -> list[Problem]:
    """Every rule's findings for one dossier; with errors in dossier.yaml, every rule that does
    not need one of its keys with an error."""
    _load_rule_modules()
    ctx = Context(dossier, today)
    return [problem for r in RULES.values() for problem in r.run(ctx)]


def reopened_gates() -> dict[str, tuple[str, ...]]:
    """Rule code to the gates its errors block beyond the steps of its own file."""
    return {code: r.reopens for code, r in all_rules().items() if r.reopens}


def all_rules() -> dict[str, Rule]:
    """The registry, with every rule module loaded: code to rule."""
    _load_rule_modules()
    return RULES


def _load_rule_modules() -> None:
    from hai_cli.rules import (  # noqa: F401 - importing registers the rules
        acquisition,
        approvals,
        checklist,
        context,
        implementation,
        law,
        lifecycle,
        privacy,
        risk,
        team,
    )
