"""Output folders are never trusted: the one home of the rules by which a command decides
whether it may write into, empty or replace a folder or file (issue #10, item 1).

- A folder roleplay made holds a marker file, :data:`MARKER`. Only such a folder (or an
  empty one, or one holding nothing but the files a run writes, :data:`RUN_FILES`) is ever
  emptied or reused, and only the files roleplay writes are removed from it.
- A symlink is never followed out of an output folder: a symlinked seed or run folder is
  refused, and ``--force`` replaces the link itself, never what it points to.
- An existing file is never overwritten without ``--force``; a forced write replaces the
  file atomically (a temporary file, then ``os.replace``), so a symlink is replaced, not
  written through.

Every refusal is an :class:`~roleplay.errors.InputError` naming the path and the fix.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from roleplay.errors import InputError, Msg, msg

MARKER = ".roleplay-owned"
"""Empty file in every folder roleplay creates for a run or a batch seed."""

RUN_FILES = frozenset(
    {
        "events.jsonl",
        "scorecard.json",
        "transcript.md",
        "error.txt",
        "stage.json",
        "run-options.json",
        MARKER,
        ".roleplay.lock",
    }
)
"""The files a run folder's writers make; only these are removed when a folder is redone."""

FIX = msg("error-fix-force")


def refusal(path: Path, why: Msg, fix: Msg = FIX) -> InputError:
    """The InputError for an output path we will not touch: ``<path>: <why>; nothing was
    changed; <fix>`` (message ``error-refusal``; ``why`` and ``fix`` are messages too)."""
    return InputError("error-refusal", path=path, why=why, fix=fix)


def foreign_files(folder: Path) -> list[str]:
    """Names in ``folder`` that roleplay did not write (sorted); [] when the folder is
    missing. A symlink inside counts as foreign whatever its name."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    return sorted(e.name for e in entries if e.name not in RUN_FILES or e.is_symlink() or e.is_dir())


def check_run_folder(folder: Path) -> None:
    """Check that ``folder`` may become (or be redone as) a run folder without losing anything.

    Raises:
        InputError: it is a symlink, a file, or holds files roleplay did not write (named).
    """
    if folder.is_symlink():
        raise refusal(folder, msg("error-why-symlink-out"))
    if folder.exists() and not folder.is_dir():
        raise refusal(folder, msg("error-why-file-not-run"))
    extra = foreign_files(folder)
    if extra:
        shown = ", ".join(extra[:5])
        if len(extra) > 5:
            shown = str(msg("error-and-more", shown=shown, count=len(extra) - 5))
        raise refusal(folder, msg("error-why-foreign-files", shown=shown))


def reset_run_folder(folder: Path, force: bool = False) -> None:
    """Empty ``folder`` of the files a run writes and mark it as roleplay's (creating it).

    With ``force``, a symlink there is removed (never followed) and a foreign folder is
    deleted first.

    Raises:
        InputError: as :func:`check_run_folder`, when not ``force``.
    """
    if force:
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
        elif foreign_files(folder):
            shutil.rmtree(folder)
    check_run_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in RUN_FILES - {MARKER, ".roleplay.lock"}:
        (folder / name).unlink(missing_ok=True)
    (folder / MARKER).touch()


def check_new_file(path: Path, force: bool) -> None:
    """Refuse to replace an existing file (or a symlink) at ``path`` unless ``force``.

    Raises:
        InputError: naming the path and the fix (``--force`` or another ``--out``).
    """
    if (path.exists() or path.is_symlink()) and not force:
        raise refusal(path, msg("error-why-exists"))
    if path.is_dir() and not path.is_symlink():
        raise refusal(path, msg("error-why-folder"), msg("error-fix-file-path"))


RUN_DATA = frozenset({"events.jsonl", "scorecard.json", "run-options.json", "stage.json", "workshop.json"})
"""A run's or workshop's own records: ``transcript.md`` and exports can be rendered again
from them, they cannot be rendered from anything."""


def check_not_run_data(path: Path) -> None:
    """Refuse an ``--out`` of ``export`` or ``compare`` that is one of a run folder's own
    records (:data:`RUN_DATA` in a folder holding ``events.jsonl`` or :data:`MARKER`), or
    roleplay's marker or lock, even with ``--force``: the handout would replace the run it
    was made from.

    Raises:
        InputError: naming the path and the fix (another ``--out``).
    """
    folder = path.parent
    is_run = (folder / "events.jsonl").is_file() or (folder / MARKER).exists()
    if path.name in (MARKER, ".roleplay.lock") or (path.name in RUN_DATA and is_run):
        raise refusal(
            path,
            msg("error-why-run-record"),
            msg("error-fix-other-out"),
        )


def write_file(path: Path, text: str, force: bool = False) -> Path:
    """Write UTF-8 ``text`` to ``path`` (parent folders created), refusing to replace an
    existing file unless ``force``; the write is atomic (temporary file + ``os.replace``).
    Returns ``path``.

    Raises:
        InputError: the file exists (without ``force``), or cannot be written there.
    """
    path = Path(path)
    check_new_file(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            if force:
                os.replace(tmp, path)
            else:
                _place_new(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except FileExistsError as e:
        raise refusal(path, msg("error-why-exists")) from e
    except OSError as e:
        raise InputError("error-out-file-unwritable", path=path, detail=e.strerror or e) from e
    return path


def _place_new(tmp: str, path: Path) -> None:
    """Move ``tmp`` to ``path`` only if ``path`` does not exist: a hard link fails if the
    file appeared meanwhile (never clobbers); where hard links are not supported, a
    check-then-rename is the fallback.

    Raises:
        FileExistsError: ``path`` exists.
    """
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists() or path.is_symlink():
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def check_batch_root(root: Path, force: bool = False) -> None:
    """Check that ``root`` may hold a batch: missing, empty, marked as roleplay's, or
    already a batch folder (it holds ``batch.json``).

    Raises:
        InputError: ``root`` is a file, or a folder of other things (without ``force``).
    """
    if root.exists() and not root.is_dir():
        raise InputError("error-out-batch-is-file", path=root)
    if not root.is_dir() or force:
        return
    names = {e.name for e in os.scandir(root)}
    # seed folders are checked one by one (roleplay.runs.batch_folder.check_seed_folders)
    names -= {n for n in names if re.fullmatch(r"seed-\d{4,}", n)} | {".roleplay.lock"}
    if names and not names & {"batch.json", MARKER}:
        shown = ", ".join(sorted(names)[:5])
        raise refusal(root, msg("error-why-foreign-folder", shown=shown), msg("error-fix-other-out-or-force"))
