"""The law as dated, sourced data, and the decision trees that say which of it applies.

``catalogue/law.yaml`` holds the frameworks of step 6 and the obligations hai's rules check,
each with its article, its nl/en text, the date from which it applies and a source reference
with the date it was last verified. ``catalogue/decisions/*.yaml`` holds the decision trees
(questions, answers, outcomes, each with its legal basis) that a dossier answers in steps 4, 6
and 8. A hospital overrides a date in ``.hai/law.yaml`` of its repository
(:func:`read_overrides`). Everything here is pure data and pure functions; no rule prints.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

from hai_cli.i18n import Text
from hai_cli.problems import Problem, Severity

OVERRIDE_FILE = ".hai/law.yaml"


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str
    verified: dt.date
    confirmed: bool
    note: str


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    name: Text
    source: str
    article: str
    applies_from: dt.date | None
    text: Text
    confirmed: bool
    step_plan: Text | None = None
    now: Text | None = None
    now_source: str | None = None


@dataclass(frozen=True, slots=True)
class Obligation:
    id: str
    framework: str
    article: str
    applies_from: dt.date | None
    source: str
    text: Text
    confirmed: bool
    rule: str | None = None
    when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unless: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    note: Text | None = None
    overridden: str | None = None  # the override file that set applies_from

    def concerns(self, outcomes: Mapping[str, str | None]) -> bool | None:
        """Whether the decided outcomes make this obligation relevant (None: not decided yet)."""
        for tree, allowed in self.unless.items():
            if outcomes.get(tree) in allowed:
                return False
        for tree, allowed in self.when.items():
            outcome = outcomes.get(tree)
            if outcome is None:
                return None
            if outcome not in allowed:
                return False
        return True

    def in_force(self, today: dt.date) -> bool:
        return self.applies_from is None or self.applies_from <= today

    def applies(self, today: dt.date, outcomes: Mapping[str, str | None]) -> bool:
        return self.in_force(today) and self.concerns(outcomes) is True


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    text: Text | None
    next: str | None
    outcome: str | None
    requires: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: Text
    basis: str
    fact: str | None
    answers: Mapping[str, Choice]

    def label(self, answer: str) -> Text:
        choice = self.answers[answer]
        if choice.text is not None:
            return choice.text
        return _YES_NO.get(answer, Text(answer, answer))


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    text: Text
    basis: str
    attrs: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Tree:
    id: str
    step: int
    title: Text
    sources: tuple[str, ...]
    start: str
    questions: Mapping[str, Question]
    outcomes: Mapping[str, Outcome]
    acquisition: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    text: Text
    source: str


@dataclass(frozen=True, slots=True)
class Law:
    verified: dt.date
    sources: Mapping[str, Source]
    frameworks: Mapping[str, Framework]
    obligations: Mapping[str, Obligation]
    notes: Mapping[str, Note]
    trees: Mapping[str, Tree]

    def with_dates(self, dates: Mapping[str, dt.date], file: str) -> Law:
        """This law with the application dates a hospital overrides (ids known, checked)."""
        if not dates:
            return self
        changed = dict(self.obligations)
        for key, day in dates.items():
            changed[key] = replace(changed[key], applies_from=day, overridden=file)
        return replace(self, obligations=changed)

    def for_rule(self, code: str) -> list[Obligation]:
        return [o for o in self.obligations.values() if o.rule == code]

    def upcoming(self, today: dt.date, outcomes: Mapping[str, str | None]) -> list[Obligation]:
        """Obligations that concern this dossier (or may, undecided) and apply after today."""
        found = [
            o
            for o in self.obligations.values()
            if o.applies_from is not None
            and o.applies_from > today
            and o.concerns(outcomes) is not False
        ]
        return sorted(found, key=lambda o: (o.applies_from or today, o.id))


_YES_NO = {"yes": Text("ja", "yes"), "no": Text("nee", "no")}


# -- loading -----------------------------------------------------------------------------------


def _text(raw: Any) -> Text:
    return Text(str(raw["nl"]).strip(), str(raw["en"]).strip())


def _maybe_text(raw: Any) -> Text | None:
    return _text(raw) if isinstance(raw, dict) else None


def _date(raw: Any) -> dt.date | None:
    return None if raw is None else dt.date.fromisoformat(str(raw))


def _tuple_map(raw: Any) -> dict[str, tuple[str, ...]]:
    return {str(k): tuple(str(v) for v in vs) for k, vs in (raw or {}).items()}


def _tree(raw: Any) -> Tree:
    questions = {
        str(qid): Question(
            id=str(qid),
            text=_text(q["text"]),
            basis=str(q.get("basis") or ""),
            fact=q.get("fact"),
            answers={
                str(aid): Choice(
                    id=str(aid),
                    text=_maybe_text(a.get("text")),
                    next=a.get("next"),
                    outcome=a.get("outcome"),
                    requires={str(k): str(v) for k, v in (a.get("requires") or {}).items()},
                )
                for aid, a in q["answers"].items()
            },
        )
        for qid, q in raw["questions"].items()
    }
    outcomes = {
        str(oid): Outcome(
            id=str(oid),
            text=_text(o["text"]),
            basis=str(o.get("basis") or ""),
            attrs={k: str(v) for k, v in o.items() if k not in ("text", "basis")},
        )
        for oid, o in raw["outcomes"].items()
    }
    return Tree(
        id=str(raw["id"]),
        step=int(raw["step"]),
        title=_text(raw["title"]),
        sources=tuple(raw.get("sources") or ()),
        start=str(raw["start"]),
        questions=questions,
        outcomes=outcomes,
        acquisition=raw.get("acquisition"),
    )


@cache
def law() -> Law:
    """hai's own law data (without a hospital's overrides)."""
    from hai_cli.cache import yaml_data

    here = Path(__file__).parent / "catalogue"
    data = yaml_data(here / "law.yaml")
    sources = {
        sid: Source(
            id=sid,
            title=" ".join(str(s["title"]).split()),
            url=str(s.get("url") or ""),
            verified=dt.date.fromisoformat(str(s["verified"])),
            confirmed=s.get("confirmed", True) is not False,
            note=" ".join(str(s.get("note") or "").split()),
        )
        for sid, s in data["sources"].items()
    }
    frameworks = {
        fid: Framework(
            id=fid,
            name=_text(f["name"]),
            source=str(f["source"]),
            article=str(f["article"]),
            applies_from=_date(f.get("applies_from")),
            text=_text(f["text"]),
            confirmed=f.get("confirmed", True) is not False,
            step_plan=_maybe_text(f.get("step_plan")),
            now=_maybe_text(f.get("now")),
            now_source=f.get("now_source"),
        )
        for fid, f in data["frameworks"].items()
    }
    obligations = {
        oid: Obligation(
            id=oid,
            framework=str(o["framework"]),
            article=str(o["article"]),
            applies_from=_date(o.get("applies_from")),
            source=str(o["source"]),
            text=_text(o["text"]),
            confirmed=o.get("confirmed", True) is not False,
            rule=o.get("rule"),
            when=_tuple_map(o.get("when")),
            unless=_tuple_map(o.get("unless")),
            note=_maybe_text(o.get("note")),
        )
        for oid, o in data["obligations"].items()
    }
    notes = {
        key: Note(Text(" ".join(n["nl"].split()), " ".join(n["en"].split())), str(n["source"]))
        for key, n in (data.get("notes") or {}).items()
    }
    trees = {}
    for path in sorted(here.joinpath("decisions").glob("*.yaml")):
        tree = _tree(yaml_data(path))
        trees[tree.id] = tree
    return Law(
        dt.date.fromisoformat(str(data["verified"])),
        sources,
        frameworks,
        obligations,
        notes,
        trees,
    )


# -- a hospital's overrides --------------------------------------------------------------------


def override_file(dossier_root: Path) -> Path | None:
    """The nearest ``.hai/law.yaml`` from the dossier up to the root of its git work tree.

    Without a git work tree only the dossier's own folder is searched.
    """
    start = dossier_root.resolve()
    folders = [start]
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            folders = [f for f in (start, *start.parents) if f.is_relative_to(folder)]
            break
    for folder in folders:
        candidate = folder / OVERRIDE_FILE
        if os.path.lexists(candidate):  # a symlink or a folder is reported, never followed
            return candidate
    return None


def _override_problem(shown: str, line: int, code: str, text: Text) -> Problem:
    return Problem(shown, line, 1, code, Severity.ERROR, text)


def read_overrides(path: Path, shown: str) -> tuple[dict[str, dt.date], list[Problem]]:
    """The dates of an override file, or its problems at file:line (then no dates at all)."""
    from hai_cli import yamlio

    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return overrides_of(None, shown)
        if path.stat().st_size > yamlio.MAX_BYTES:
            return overrides_of(b"", shown, size=path.stat().st_size)
        raw = path.read_bytes()
    except OSError as e:
        return {}, [
            _override_problem(
                shown,
                1,
                "HAI040",
                Text("Kan {f} niet lezen: {e}.", "Cannot read {f}: {e}.").format(
                    f=shown, e=e.strerror
                ),
            )
        ]
    return overrides_of(raw, shown)


def overrides_of(
    raw: bytes | None, shown: str, size: int | None = None
) -> tuple[dict[str, dt.date], list[Problem]]:
    """The dates of an override file's content (None: not a regular file), or its problems
    at file:line (then no dates at all); from disk or from a revision in git."""
    from hai_cli import yamlio

    problem = partial(_override_problem, shown)
    if raw is None:
        return {}, [
            problem(
                1,
                "HAI040",
                Text(
                    "{f} is geen gewoon bestand (een symbolische koppeling, map of apparaat); "
                    "hai leest het niet. Maak er een gewoon YAML-bestand van.",
                    "{f} is not a regular file (a symbolic link, folder or device); hai "
                    "does not read it. Make it a regular YAML file.",
                ).format(f=shown),
            )
        ]
    if (size if size is not None else len(raw)) > yamlio.MAX_BYTES:
        return {}, [
            problem(
                1,
                "HAI040",
                Text(
                    "{f} is groter dan {n} bytes; een datumoverschrijving is klein.",
                    "{f} is larger than {n} bytes; a date override is a small file.",
                ).format(f=shown, n=yamlio.MAX_BYTES),
            )
        ]
    try:
        parsed = yamlio.parse(yamlio.decode(raw, shown), shown)
    except yamlio.YamlProblem as e:
        return {}, [replace(e.problem, file=shown)]
    data = parsed.data
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("dates"), dict):
        return {}, [
            problem(
                1,
                "HAI040",
                Text(
                    "{f} hoort een mapping 'dates:' te hebben met per verplichting een datum, "
                    "bijvoorbeeld 'dates: {{ai-act-deployer-annex-i: 2028-08-02}}'.",
                    "{f} needs a mapping 'dates:' with a date per obligation, for example "
                    "'dates: {{ai-act-deployer-annex-i: 2028-08-02}}'.",
                ).format(f=shown),
            )
        ]
    for key in data:
        if key not in ("dates", "source", "note"):
            problems.append(
                problem(
                    parsed.line((key,)),
                    "HAI040",
                    Text(
                        "'{k}' is hier onbekend; gebruik 'dates', 'source' of 'note'.",
                        "'{k}' is not known here; use 'dates', 'source' or 'note'.",
                    ).format(k=key),
                )
            )
    known = law().obligations
    dates: dict[str, dt.date] = {}
    for key, value in data["dates"].items():
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
            problems.append(
                problem(
                    parsed.line(("dates", key)),
                    "HAI041",
                    Text(
                        "'{k}' is geen verplichting die hai kent.{hint} Bekend: {known}.",
                        "'{k}' is not an obligation hai knows.{hint} Known: {known}.",
                    ).format(
                        k=key,
                        hint=Text(" Bedoelde je '{c}'?", " Did you mean '{c}'?").format(c=close[0])
                        if close
                        else Text("", ""),
                        known=", ".join(sorted(known)),
                    ),
                )
            )
            continue
        try:
            dates[key] = dt.date.fromisoformat(str(value))
        except ValueError:
            problems.append(
                problem(
                    parsed.line(("dates", key), value=True),
                    "HAI042",
                    Text(
                        "'{v}' is geen datum. Schrijf de datum als JJJJ-MM-DD, bijvoorbeeld "
                        "2028-08-02.",
                        "'{v}' is not a date. Write the date as YYYY-MM-DD, for example "
                        "2028-08-02.",
                    ).format(v=value),
                )
            )
    return ({}, problems) if problems else (dates, [])


# -- walking a tree ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Misfit:
    """An answer that does not fit the tree: at which question (key), and what to do."""

    question: str | None  # the key in the dossier (None: the tree as a whole)
    text: Text
    value: bool = False  # points at the answer rather than the key


@dataclass(slots=True)
class Walk:
    tree: Tree
    path: list[tuple[Question, str, bool]] = field(default_factory=list)  # answer, from a fact
    outcome: Outcome | None = None
    waiting: Question | None = None  # the first question still to answer
    misfits: list[Misfit] = field(default_factory=list)


def _yes_no(value: object) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value).strip()


def walk(tree: Tree, answers: Mapping[str, object], facts: Mapping[str, str | None]) -> Walk:
    """Follow the answers from the start; facts from the dossier answer questions they fix."""
    result = Walk(tree)
    given = {str(k): _yes_no(v) for k, v in answers.items()}
    for key in given:
        if key not in tree.questions:
            close = difflib.get_close_matches(key, list(tree.questions), n=1, cutoff=0.6)
            result.misfits.append(
                Misfit(
                    key,
                    Text(
                        "'{k}' is geen vraag van de beslisboom '{t}'.{hint} Vragen: {q}.",
                        "'{k}' is not a question of the decision tree '{t}'.{hint} Questions: {q}.",
                    ).format(
                        k=key,
                        t=tree.id,
                        hint=Text(" Bedoelde je '{c}'?", " Did you mean '{c}'?").format(c=close[0])
                        if close
                        else Text("", ""),
                        q=", ".join(tree.questions),
                    ),
                )
            )
    seen: set[str] = set()
    current: str | None = tree.start
    while current is not None and current not in seen:
        seen.add(current)
        question = tree.questions[current]
        fact = facts.get(question.fact) if question.fact else None
        answer = given.get(current)
        from_fact = False
        if answer is None:
            if fact is None:
                result.waiting = question
                break
            answer, from_fact = fact, True
        if answer not in question.answers:
            result.misfits.append(
                Misfit(
                    current,
                    Text(
                        "'{a}' is geen antwoord op '{q}' ({text}). Antwoord met: {options}.",
                        "'{a}' is not an answer to '{q}' ({text}). Answer with: {options}.",
                    ).format(
                        a=answer,
                        q=current,
                        text=question.text,
                        options=", ".join(question.answers),
                    ),
                    value=True,
                )
            )
            result.waiting = None
            break
        if fact is not None and answer != fact:
            result.misfits.append(
                Misfit(
                    current,
                    Text(
                        "Het antwoord '{a}' op '{q}' spreekt het dossier tegen: daar staat "
                        "'{f}' ({where}). Pas het antwoord of het dossier aan.",
                        "The answer '{a}' to '{q}' contradicts the dossier, which says '{f}' "
                        "({where}). Change the answer or the dossier.",
                    ).format(a=answer, q=current, f=fact, where=FACT_WHERE[question.fact or ""]),
                    value=True,
                )
            )
        choice = question.answers[answer]
        for name, wanted in choice.requires.items():
            actual = facts.get(name)
            if actual is not None and actual != wanted:
                result.misfits.append(
                    Misfit(
                        current,
                        Text(
                            "Het antwoord '{a}' op '{q}' past niet bij het dossier: het vraagt "
                            "'{w}', maar daar staat '{f}' ({where}).",
                            "The answer '{a}' to '{q}' does not fit the dossier: it needs "
                            "'{w}', but the dossier says '{f}' ({where}).",
                        ).format(a=answer, q=current, w=wanted, f=actual, where=FACT_WHERE[name]),
                        value=True,
                    )
                )
        result.path.append((question, answer, from_fact))
        if choice.outcome is not None:
            result.outcome = tree.outcomes[choice.outcome]
            current = None
        else:
            current = choice.next
    reached = {q.id for q, _, _ in result.path}
    if result.waiting is None and not any(m.value for m in result.misfits):
        for key in given:
            if key in tree.questions and key not in reached:
                result.misfits.append(
                    Misfit(
                        key,
                        Text(
                            "De vraag '{k}' komt met deze antwoorden niet aan de orde. "
                            "Verwijder het antwoord, of pas een eerder antwoord aan.",
                            "With these answers the question '{k}' is not reached. Remove "
                            "the answer, or change an earlier one.",
                        ).format(k=key),
                    )
                )
    return result


FACT_WHERE = {
    "acquisition": Text("dossier.yaml: acquisition", "dossier.yaml: acquisition"),
    "shared_outside": Text("dossier.yaml: shared_outside", "dossier.yaml: shared_outside"),
    "outside_intended_use": Text(
        "dossier.yaml: supplier.use_within_intended_use",
        "dossier.yaml: supplier.use_within_intended_use",
    ),
    "medical_device": Text("stap 2: medical_device", "step 2: medical_device"),
    "market_justified": Text(
        "stap 2: market_research.why_no_market_product",
        "step 2: market_research.why_no_market_product",
    ),
    "personal_data": Text("stap 4: personal_data.processed", "step 4: personal_data.processed"),
    "": Text("", ""),
}


def check_tree_data(tree: Tree) -> list[str]:
    """Internal consistency of a tree (for the catalogue's tests): every link resolves."""
    faults = []
    if tree.start not in tree.questions:
        faults.append(f"{tree.id}: start {tree.start} is not a question")
    for question in tree.questions.values():
        if question.fact is not None and question.fact not in FACT_WHERE:
            faults.append(f"{tree.id}.{question.id}: unknown fact {question.fact}")
        for choice in question.answers.values():
            if (choice.next is None) == (choice.outcome is None):
                faults.append(f"{tree.id}.{question.id}.{choice.id}: needs next or outcome")
            if choice.next is not None and choice.next not in tree.questions:
                faults.append(f"{tree.id}.{question.id}.{choice.id}: next {choice.next} unknown")
            if choice.outcome is not None and choice.outcome not in tree.outcomes:
                faults.append(f"{tree.id}.{question.id}.{choice.id}: outcome unknown")
            for name in choice.requires:
                if name not in FACT_WHERE:
                    faults.append(f"{tree.id}.{question.id}.{choice.id}: unknown fact {name}")
    return faults
