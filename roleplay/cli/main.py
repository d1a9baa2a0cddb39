"""The ``roleplay`` console script: imports every command module (each registers its commands
on roleplay.cli.app.app) and runs the app with terminal-safe output."""

from __future__ import annotations

import contextlib
import gc
import sys

# Start-up (issue #11): importing the commands builds some hundred thousand objects (pydantic
# model classes, jinja, rich, typer) that live as long as the process. Python's cyclic garbage
# collector would scan them over and over while they are made (~0.1 s, a tenth of a run), so it
# is paused for the imports and they are then moved out of its view (gc.freeze, Python docs:
# "gc — Garbage Collector interface"); it runs as usual on everything made afterwards.
_COLLECTING = gc.isenabled()
gc.disable()
try:
    from roleplay.cli import author, core, lab, tui  # noqa: F401  (importing registers the commands)
    from roleplay.cli.app import app, print_error
    from roleplay.errors import msg
finally:
    gc.freeze()
    if _COLLECTING:
        gc.enable()


def main() -> None:
    """Console-script entry point. Keeps output safe on terminals that are not UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):  # not a text stream, or closed
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]  # sys.stdout may be any TextIO
    try:
        app()
    except BrokenPipeError:
        _quiet_stdout()
    except OSError as e:
        # the last line of defence: a file-system problem becomes one message, not a traceback
        where = getattr(e, "filename", None)
        detail = e.strerror or e
        print_error(
            msg("error-os-path", path=where, detail=detail) if where else msg("error-os", detail=detail)
        )
        sys.exit(2)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null after the reader went away (``roleplay ... | head``), so the
    interpreter's final flush does not fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
