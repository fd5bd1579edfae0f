"""The Jinja environment: sandboxed, strict, and escaping every value it prints.

Templates are looked up in the hospital's folder first (``--templates DIR``), then in hai's
own ``templates/``. Every ``{{ value }}`` is escaped for Markdown by ``finalize`` unless it is
already :class:`Safe`; ``None`` prints as "not yet filled in", never as "None". A template
error becomes a :class:`HaiError` naming the template and line.
"""

from __future__ import annotations

import datetime as dt
import traceback
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from hai_cli import labels
from hai_cli.i18n import Lang, Text
from hai_cli.problems import HaiError
from hai_cli.render import escape


def environment(lang: Lang, folders: list[Path]) -> Any:
    return _environment(lang, tuple(folders))


@cache  # one environment per language and template folders: templates compile once
def _environment(lang: Lang, folders: tuple[Path, ...]) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    def finalize(value: Any) -> Any:
        if value is None:
            return escape.Safe(f"*{labels.word('missing', lang)}*")
        if isinstance(value, Markup):  # escaped already, or a macro's output
            return value
        if isinstance(value, bool | Enum):
            return escape.markdown(labels.value(value, lang))
        if isinstance(value, dt.date):
            return escape.Safe(labels.long_date(value, lang))
        if isinstance(value, float):
            return escape.Safe(labels.number(value, lang))
        return escape.markdown(value)

    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=True,  # with finalize above: Markdown escaping, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        {
            "cell": lambda v: escape.cell(_plain(v, lang)),
            "md": lambda v: escape.markdown(_plain(v, lang)),
            # these return escaped Markdown themselves: Jinja folds filters on constants at
            # compile time and would HTML-escape a plain result before finalize sees it
            "label": lambda v: escape.markdown(labels.value(v, lang)),
            "link": escape.link,
            "sentence": _sentence,
            "word": lambda key: escape.markdown(labels.word(key, lang)),
            "guidance": lambda key: escape.markdown(_guidance(key, lang)),
            "date": lambda v: escape.Safe(labels.long_date(v, lang)) if v else _plain(v, lang),
        }
    )
    return env


def _guidance(key: str, lang: Lang) -> str:
    """The catalogue's guidance for a field (``step1.considerations.large_data``)."""
    from hai_cli.catalogue import catalogue

    text = catalogue().fields.get(key)
    return text(lang) if text is not None else key


def _sentence(value: Any) -> Markup:
    text = value if isinstance(value, Markup) else escape.markdown(value)
    return escape.Safe(text[:1].upper() + text[1:])


def _plain(value: Any, lang: Lang) -> Any:
    if value is None:
        return escape.Safe(f"*{labels.word('missing', lang)}*")
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool | Enum):
        return labels.value(value, lang)
    if isinstance(value, dt.date):
        return labels.long_date(value, lang)
    if isinstance(value, float):
        return labels.number(value, lang)
    if isinstance(value, list):
        return ", ".join(str(_plain(v, lang)) for v in value) or labels.word("none", lang)
    return value


def render_template(env: Any, name: str, context: dict[str, Any]) -> str:
    from jinja2 import TemplateError, TemplateSyntaxError

    try:
        return str(env.get_template(name).render(context))
    except TemplateSyntaxError as e:
        raise _template_error(e.name or name, e.lineno, e.message or str(e)) from e
    except TemplateError as e:
        where = _template_frame(e) or (name, 0)
        raise _template_error(where[0], where[1], str(e)) from e


def _template_frame(error: BaseException) -> tuple[str, int] | None:
    frames = traceback.extract_tb(error.__traceback__)
    for frame in reversed(frames):
        if frame.filename.endswith(".j2"):
            return "/".join(Path(frame.filename).parts[-2:]), frame.lineno or 0
    return None


def _template_error(name: str, line: int, message: str) -> HaiError:
    return HaiError(
        Text(
            "Fout in sjabloon {name}, regel {line}: {message}",
            "Error in template {name}, line {line}: {message}",
        ).format(name=name, line=line, message=message)
    )
