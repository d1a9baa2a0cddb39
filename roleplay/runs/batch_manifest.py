"""The batch manifest, ``batch.json``: what a batch folder was run with (a BatchSpec) and a
content fingerprint of its scenario and persona files, and the check that a rerun resumes
the same batch.

A rerun must match the recorded options (the scenario's path aside) and the recorded
fingerprint; manifests written before fingerprints existed are checked against the
fingerprint of the first readable seed folder, then upgraded in place.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import ConfigDict, Field

from roleplay.errors import InputError, RoleplayError, msg
from roleplay.formats.text import Lang, Strict

MANIFEST = "batch.json"


class BatchSpec(Strict):
    """``batch.json``: what every seed folder of this batch was run with (frozen: a cache key)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str
    scenario_id: str
    model: str | None = None
    lang: Lang | None = None
    rounds: int | None = None
    base_url: str | None = None
    moderator_model: str | None = None


class Fingerprint(Strict):
    """What the batch's debates were set up from: ``parts`` maps ``scenario.<field>`` and
    ``persona.<id>`` to a short sha256 of that part's JSON; ``sha256`` covers them all."""

    sha256: str
    parts: dict[str, str] = Field(default_factory=dict)


class Manifest(BatchSpec):
    """``batch.json``: the BatchSpec plus the content fingerprint (None in manifests
    written before fingerprints existed)."""

    content: Fingerprint | None = None

    def spec(self) -> BatchSpec:
        """The BatchSpec part."""
        return BatchSpec(**self.model_dump(exclude={"content"}))


def fingerprint(scenario, personas) -> Fingerprint:
    """The content fingerprint of a resolved scenario and its personas (as recorded in
    DebateStarted): one short sha256 per scenario field and per persona, and one overall."""

    def digest(value) -> str:
        return hashlib.sha256(
            json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
        ).hexdigest()

    parts = {f"scenario.{k}": digest(v)[:16] for k, v in scenario.model_dump(mode="json").items()}
    parts |= {f"persona.{p.id}": digest(p.model_dump(mode="json"))[:16] for p in personas}
    return Fingerprint(sha256=digest(parts), parts=parts)


_OPTION_NAMES = {
    "scenario_id": "scenario",
    "model": "--model",
    "lang": "--lang",
    "rounds": "--rounds",
    "base_url": "--base-url",
    "moderator_model": "--moderator-model",
}


def spec_difference(old: BatchSpec, new: BatchSpec) -> list[str]:
    """The options in which ``new`` differs from ``old``, in words (the scenario's path aside:
    the same scenario may be named by id or by path)."""
    return [
        str(msg("error-option-changed", name=name, old=_shown(getattr(old, f)), new=_shown(getattr(new, f))))
        for f, name in _OPTION_NAMES.items()
        if getattr(old, f) != getattr(new, f)
    ]


def _shown(value) -> str:
    """An option's value in a sentence: None is the scenario's default, text is quoted."""
    if value is None:
        return str(msg("error-scenario-default"))
    return f"'{value}'" if isinstance(value, str) else str(value)


def content_difference(old: Fingerprint, new: Fingerprint) -> list[str]:
    """What changed in the scenario and persona files between two fingerprints, in words."""
    out = []
    for key in sorted(old.parts.keys() | new.parts.keys()):
        kind, name = key.split(".", 1)
        change = (
            "new"
            if key not in old.parts
            else "gone"
            if key not in new.parts
            else "changed"
            if old.parts[key] != new.parts[key]
            else ""
        )
        if change:
            out.append(str(msg("error-content-changed", kind=kind, name=name, change=change)))
    return out


def _check_root(root: Path, force: bool = False) -> None:
    """Refuse a batch folder that is a file, a run folder, or a folder of other things
    (roleplay.runs.outdir.check_batch_root; ``force`` allows the last).

    Raises:
        InputError: naming the folder and the fix.
    """
    from roleplay.runs.outdir import check_batch_root

    check_batch_root(root, force)
    if (root / "events.jsonl").is_file():
        raise InputError("error-out-is-run-folder", path=root)


def _recorded_content(root: Path, manifest: Manifest) -> Fingerprint | None:
    """The fingerprint in the manifest, or (older manifests) that of the first seed folder
    whose events can be read, or None when there is none."""
    if manifest.content is not None:
        return manifest.content
    from roleplay.runs.transcript import load_run

    for events in sorted(root.glob("seed-*/events.jsonl")):
        try:
            started = load_run(events.parent).started
        except RoleplayError:
            continue
        return fingerprint(started.scenario, started.personas)
    return None


def public_spec(spec: BatchSpec) -> BatchSpec:
    """``spec`` with the credentials of every URL in its backend fields masked
    (``http://user:key@host`` -> ``http://***@host``; roleplay.secrets.scrub_url): what
    ``batch.json`` records and compares, so no key is written to disk (issue #14 item 1) and
    a resumed batch matches whatever key it is given."""
    from roleplay.secrets import scrub_url

    fields = ("model", "base_url", "moderator_model")
    return spec.model_copy(update={k: scrub_url(v) for k in fields if (v := getattr(spec, k))})


def check_manifest(root: Path, spec: BatchSpec, force: bool = False) -> None:
    """Write ``batch.json``, or check that an existing one describes the same batch: the
    same options and the same scenario and persona contents (its fingerprint), so that a
    resumed batch never mixes runs of two versions of a file.

    Raises:
        InputError: ``root`` is a file, a run folder, a folder roleplay did not make
            (unless ``force``) or cannot be written, or it holds a different batch (the
            differences in words, and the fix).
    """
    from roleplay.runs.batch_folder import batch_setup

    root = Path(root)
    _check_root(root, force)
    setup = batch_setup(spec)
    spec = public_spec(spec)
    mine = Manifest(**spec.model_dump(), content=fingerprint(setup.scenario, setup.personas))
    path = root / MANIFEST
    if path.is_file():
        try:
            old = Manifest.model_validate_json(path.read_text(encoding="utf-8"))
        except (ValueError, OSError) as e:
            raise InputError("error-not-manifest", path=path, detail=e) from e
        options = spec_difference(old.spec(), spec)
        if options:
            raise InputError("error-other-batch", path=root, options="; ".join(options))
        recorded = _recorded_content(root, old)
        changes = content_difference(recorded, mine.content) if recorded else []
        if changes:
            raise InputError("error-batch-files-changed", path=root, changes="; ".join(changes))
        if old.content is not None:
            return
    try:
        root.mkdir(parents=True, exist_ok=True)
        path.write_text(mine.model_dump_json(indent=2) + "\n", encoding="utf-8")
    except OSError as e:
        raise InputError("error-out-batch-unwritable", path=root, detail=e.strerror) from e
