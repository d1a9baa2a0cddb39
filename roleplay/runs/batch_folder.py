"""A batch folder's parts that every batch module reads: seed folder names, the error file,
a seed run's last event, and the batch's setup (loaded once per process)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.debate.setup import DebateSetup
    from roleplay.runs.batch_manifest import BatchSpec

ERROR_FILE = "error.txt"


def seed_folder(root: Path, seed: int) -> Path:
    """``<root>/seed-0007`` (at least four digits, so folders sort by seed)."""
    return Path(root) / f"seed-{seed:04d}"


def last_event(folder: Path) -> dict | None:
    """The last complete line of ``folder/events.jsonl`` as a dict, or None (no file,
    empty, or a last line cut short by a kill)."""
    path = Path(folder) / "events.jsonl"
    if not path.is_file():
        return None
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 262144))
        lines = fh.read().splitlines()
    for line in reversed(lines):
        if line.strip():
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def is_finished(folder: Path) -> bool:
    """True when the run in ``folder`` reached ``debate_ended`` (never for a symlink: a
    seed folder is the batch's own, see roleplay.runs.outdir)."""
    if Path(folder).is_symlink():
        return False
    last = last_event(folder)
    return bool(last) and last.get("type") == "debate_ended"


@lru_cache(maxsize=4)
def batch_setup(spec: BatchSpec) -> DebateSetup:
    """The batch's setup (seed aside), loaded once per process: loading the YAML files
    costs several offline debates.

    Raises:
        InputError: a bad scenario (as ``roleplay.debate.session.prepare``).
    """
    from roleplay.debate.session import prepare

    setup, _ = prepare(spec.scenario, lang=spec.lang, rounds=spec.rounds, model="offline")
    return setup


def check_seed_folders(root: Path, seeds: list[int], force: bool = False) -> None:
    """Before a batch runs: every unfinished seed's folder must be safe to redo (missing,
    roleplay's own, or holding only a run's files; never a symlink). With ``force`` the
    unsafe ones are replaced (a symlink is removed, never followed).

    Raises:
        InputError: naming each unsafe folder (the first five) and the fix.
    """
    from roleplay.errors import InputError, Msg, msg
    from roleplay.runs.outdir import check_run_folder, reset_run_folder

    problems = []
    for s in seeds:
        folder = seed_folder(root, s)
        if is_finished(folder):
            continue
        if force:
            reset_run_folder(folder, force=True)
            continue
        try:
            check_run_folder(folder)
        except InputError as e:
            p = e.message.params if isinstance(e.message, Msg) and e.msg_id == "error-refusal" else {}
            problems.append(str(msg("error-path-why", **p)) if p else str(e))
    if problems:
        raise InputError(
            "error-batch-foreign-folders", problems="; ".join(problems[:5]), more=max(len(problems) - 5, 0)
        )
