"""Start-up (issue #11): ``import roleplay`` loads no part of the program until a name is
used, and the CLI leaves the garbage collector on after importing its commands."""

from __future__ import annotations

import subprocess
import sys


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_import_roleplay_is_lazy_and_the_api_still_resolves():
    out = _python(
        "import sys, roleplay\n"
        "print(sorted(m for m in sys.modules if m.startswith('roleplay.')))\n"
        "from roleplay import Persona, run_debate\n"
        "print(Persona.__module__, run_debate.__module__, 'Scorecard' in dir(roleplay))"
    )
    assert out.splitlines() == ["[]", "roleplay.formats.persona roleplay.debate.engine True"]


def test_the_cli_leaves_the_garbage_collector_on():
    out = _python("import gc, roleplay.cli.main\nprint(gc.isenabled(), gc.get_freeze_count() > 0)")
    assert out == "True True"
