"""The garbage collector in the ``hai`` process: what start-up imports is kept out of its passes.

A command imports typer, pydantic, the models and the rules: tens of thousands of objects that
live as long as the process. Each full pass of the collector walks them all again, and start-up
triggers many (about a tenth of ``hai --help`` and ``hai check``). :func:`settle` freezes what
is there (``gc.freeze``), once the command has imported what it needs; only in the process the
``hai`` command started (:func:`hai_cli.cli.main` calls :func:`begin`), never where hai is used
as a library or run in-process by tests.
"""

import gc

_in_command = False


def begin() -> None:
    """The ``hai`` process starts a command: freeze what is imported so far."""
    global _in_command
    _in_command = True
    gc.freeze()


def settle() -> None:
    """A command has imported what it needs: freeze that too (in the ``hai`` process only)."""
    if _in_command:
        gc.freeze()
