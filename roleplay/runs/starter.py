"""Starter files for authors (``roleplay new scenario|persona|workshop NAME [--from BUNDLED]``,
issue #12 "authoring in ten minutes"): a commented file that validates as written.

A persona goes to ``personas/NAME.yaml`` under the folder (where a scenario beside it finds it,
roleplay.formats.catalog.persona_files); a scenario or workshop to ``NAME.yaml``. A new scenario
seats the personas already in ``personas/`` there, plus bundled ones up to three seats. The
starter texts live in ``templates/starters/*.yaml.j2``; ``--from`` copies a bundled file and
renames its id.
"""

from __future__ import annotations

import re
from pathlib import Path

from roleplay.errors import InputError
from roleplay.formats.catalog import bundled_personas, bundled_scenarios, data_dir
from roleplay.runs.export import render_template

ID_PATTERNS = {
    "persona": r"^[a-z][a-z0-9_]*$",
    "scenario": r"^[a-z0-9][a-z0-9_-]*$",
    "workshop": r"^[a-z0-9][a-z0-9_-]*$",
}
"""The id pattern of each kind (the models' ``id`` fields)."""

DEFAULT_SEATS = ("ministry", "vc", "startup")
"""Bundled personas a new scenario seats beside the folder's own (up to three seats)."""


def bundled(kind: str) -> dict[str, Path]:
    """Id -> bundled file of ``kind``."""
    if kind == "persona":
        return bundled_personas()
    if kind == "scenario":
        return bundled_scenarios()
    return {f.stem: f for f in sorted(data_dir("workshops").glob("*.yaml"))}


def target(kind: str, name: str, folder: Path) -> Path:
    """Where the starter of ``kind`` named ``name`` goes under ``folder``."""
    return folder / "personas" / f"{name}.yaml" if kind == "persona" else folder / f"{name}.yaml"


def starter_text(kind: str, name: str, folder: Path, source: str | None = None) -> str:
    """The starter file's text.

    Raises:
        InputError: an unknown kind or bundled source.
    """
    if source is not None:
        files = bundled(kind)
        if source not in files:
            raise InputError("error-from-unknown", source=source, kind=kind, ids=", ".join(files))
        text = files[source].read_text(encoding="utf-8")
        text, n = re.subn(r"(?m)^id: .*$", f"id: {name}", text, count=1)
        if n == 0:
            raise InputError("error-from-no-id", source=source)
        return f"# Copied from the bundled {kind} '{source}' by `roleplay new`; edit freely.\n" + text
    local = sorted(f.stem for f in (folder / "personas").glob("*.yaml")) if kind == "scenario" else []
    seats = local + [p for p in DEFAULT_SEATS if p not in local]
    seats = seats[: max(3, len(local) + 1)] if local else list(DEFAULT_SEATS)
    return render_template(
        f"starters/{kind}.yaml.j2",
        id=name,
        personas=seats,
        local=bool(local),
        scenario="patient-capital",
        seat="startup",
    )


def write_starter(
    kind: str, name: str, folder: Path, *, source: str | None = None, force: bool = False
) -> Path:
    """Write the starter of ``kind`` named ``name`` under ``folder``; return its path.

    Raises:
        InputError: an unknown kind, a name that is not a valid id, an unknown ``source``, or a
            file that exists while ``force`` is False (it is left untouched).
    """
    if kind not in ID_PATTERNS:
        raise InputError("error-new-kind", kind=kind)
    if not re.match(ID_PATTERNS[kind], name):
        raise InputError("error-new-id", kind=kind, name=name)
    path = target(kind, name, folder)
    if path.exists() and not force:
        raise InputError("error-new-exists", path=path)
    text = starter_text(kind, name, folder, source)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
