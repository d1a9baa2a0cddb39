"""Find and load the bundled data (rubric, personas, scenarios) and cross-check ids.

Data lives in the repository's top-level ``personas/``, ``scenarios/``, ``prompts/`` and
``rubric/`` folders; an installed wheel carries copies under ``roleplay/_data/``.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path

from roleplay.errors import FileFormatError, Msg, ReferenceError_, msg
from roleplay.formats.claims import ClaimsFile
from roleplay.formats.issues import issues_from_instruments
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import ArticleFile, InstrumentsFile, Rubric
from roleplay.formats.scenario import Scenario
from roleplay.formats.yamlfile import load_model_cached

_PKG = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The bundled folder ``name`` (personas, scenarios, prompts, rubric).

    Looks in the installed package (``roleplay/_data/NAME``) first, then beside the
    source checkout. Raises FileNotFoundError if neither exists (a broken install).
    """
    for cand in (_PKG / "_data" / name, _PKG.parent / name):
        if cand.is_dir():
            return cand
    raise FileNotFoundError(f"bundled folder '{name}' not found; reinstall roleplay")


@lru_cache(maxsize=4)
def _load_rubric_cached(folder: str) -> Rubric:
    base = Path(folder)
    art = load_model_cached(base / "article.yaml", ArticleFile)
    inst = load_model_cached(base / "instruments.yaml", InstrumentsFile)
    rubric = Rubric(
        title=art.title,
        source=art.source,
        elements=art.elements,
        contradictions=art.contradictions,
        paths=art.paths,
        instruments=inst.instruments,
        claims=load_model_cached(base / "claims.yaml", ClaimsFile).claims
        if (base / "claims.yaml").is_file()
        else [],
    )
    _check_rubric(rubric, base / "instruments.yaml")
    _check_claims(rubric, base / "claims.yaml")
    return rubric


def load_rubric(folder: Path | None = None) -> Rubric:
    """Load and cross-check ``article.yaml`` + ``instruments.yaml`` (cached per folder).

    Raises:
        FileFormatError: a file is invalid, an id repeats, or an instrument names an
            element, path or contradiction that does not exist.
    """
    return _load_rubric_cached(str(folder or data_dir("rubric")))


def _check_rubric(r: Rubric, inst_path: Path) -> None:
    problems: list[Msg] = []
    ids = [m.id for m in (*r.elements, *r.contradictions, *r.paths)] + [i.id for i in r.instruments]
    for d in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(msg("error-id-repeated", id=d))
    kinds = {
        "elements": {m.id for m in r.elements},
        "paths": {m.id for m in r.paths},
        "contradictions": {m.id for m in r.contradictions},
    }
    for n, ins in enumerate(r.instruments):
        for field, pool in (
            ("elements", kinds["elements"]),
            ("paths", kinds["paths"]),
            ("eases", kinds["contradictions"]),
            ("worsens", kinds["contradictions"]),
        ):
            for ref in getattr(ins, field):
                if ref not in pool:
                    problems.append(
                        msg(
                            "error-unknown-id",
                            field=f"instruments.{n}.{field}",
                            id=ref,
                            known=sorted(pool),
                        )
                    )
    if problems:
        raise FileFormatError(str(inst_path), problems)


def _check_claims(r: Rubric, path: Path) -> None:
    """Claims name real instruments, rebut real claims, and carry their figures in the
    quote and in both texts. Raises FileFormatError naming the field."""
    problems: list[Msg] = []
    inst = [i.id for i in r.instruments]
    ids = [c.id for c in r.claims]
    for d in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(msg("error-claim-id-repeated", id=d))
    for n, c in enumerate(r.claims):
        for k, t in enumerate(c.favours):
            if t.instrument not in inst:
                problems.append(
                    msg(
                        "error-not-instrument",
                        field=f"claims.{n}.favours.{k}.instrument",
                        id=t.instrument,
                        hint=_suggest(t.instrument, inst),
                    )
                )
        for k, ref in enumerate(c.rebuts):
            if ref not in ids:
                problems.append(
                    msg("error-no-claim", field=f"claims.{n}.rebuts.{k}", id=ref, hint=_suggest(ref, ids))
                )
        for fig in c.figures:
            where = [
                w
                for w, text in (("quote", c.quote), ("text.zh", c.text.zh), ("text.en", c.text.en))
                if fig not in text
            ]
            if where:
                problems.append(
                    msg("error-claim-figure", field=f"claims.{n}.figures", figure=fig, where=list(where))
                )
    if problems:
        raise FileFormatError(str(path), problems)


def _suggest(bad: str, pool: list[str]) -> Msg:
    close = difflib.get_close_matches(bad, pool, n=1, cutoff=0.5)
    if close:
        return msg("error-hint-did-you-mean", name=close[0])
    return msg("error-hint-known", names=sorted(pool))


def check_persona(p: Persona, rubric: Rubric, path: str) -> None:
    """Check a persona's ids against the rubric: weights over all six elements, stances
    and red lines naming real instruments (an instrument it does not mention is neutral).

    Raises:
        FileFormatError: naming the field and the fix.
    """
    problems: list[Msg] = []
    elements = [m.id for m in rubric.elements]
    instruments = [i.id for i in rubric.instruments]
    for k in p.weights:
        if k not in elements:
            problems.append(msg("error-weight-not-element", field=f"weights.{k}", hint=_suggest(k, elements)))
    for k in elements:
        if k not in p.weights:
            problems.append(msg("error-weight-missing", id=k))
    for k in p.stances:
        if k not in instruments:
            problems.append(
                msg("error-stance-not-instrument", field=f"stances.{k}", hint=_suggest(k, instruments))
            )
    for n, rl in enumerate(p.red_lines):
        if rl.instrument not in instruments:
            problems.append(
                msg(
                    "error-not-instrument",
                    field=f"red_lines.{n}.instrument",
                    id=rl.instrument,
                    hint=_suggest(rl.instrument, instruments),
                )
            )
    if problems:
        raise FileFormatError(path, problems)


def load_persona(path: Path, rubric: Rubric | None = None) -> Persona:
    """Load one persona file and check it against the rubric. Raises FileFormatError."""
    p = load_model_cached(path, Persona)
    check_persona(p, rubric or load_rubric(), str(path))
    return p


def bundled_personas() -> dict[str, Path]:
    """Persona id (file stem) -> path, for the bundled ``personas/*.yaml``."""
    return {f.stem: f for f in sorted(data_dir("personas").glob("*.yaml"))}


def bundled_scenarios() -> dict[str, Path]:
    """Scenario id (file stem) -> path, for the bundled ``scenarios/*.yaml``."""
    return {f.stem: f for f in sorted(data_dir("scenarios").glob("*.yaml"))}


def resolve_scenario(ref: str) -> Path:
    """Turn a bundled scenario id or a file path into a path.

    Raises:
        ReferenceError_: neither a bundled id nor an existing file; suggests the closest id.
    """
    path = Path(ref)
    if path.is_file():
        return path
    bundled = bundled_scenarios()
    if ref in bundled:
        return bundled[ref]
    raise ReferenceError_("error-unknown-scenario", name=ref, hint=_suggest(ref, list(bundled)))


def check_scenario(
    s: Scenario, rubric: Rubric, persona_ids: list[str], path: str, searched: list[Path] | None = None
) -> None:
    """Check a scenario's persona and instrument ids; an unknown persona's message lists the
    folders ``searched`` for persona files. Raises FileFormatError."""
    problems: list[Msg] = []
    for n, pid in enumerate(s.personas):
        if pid not in persona_ids:
            hint = _suggest(pid, persona_ids)
            problems.append(
                msg(
                    "error-unknown-persona-searched",
                    field=f"personas.{n}",
                    id=pid,
                    hint=hint,
                    folders=list(map(str, searched)),
                )
                if searched
                else msg("error-unknown-persona", field=f"personas.{n}", id=pid, hint=hint)
            )
    inst = [i.id for i in rubric.instruments]
    elements = [m.id for m in rubric.elements]
    contradictions = [m.id for m in rubric.contradictions]
    checks: list[tuple[str, str, str, list[str]]] = [  # (message, field, id, known ids)
        ("error-unknown-instrument", f"focus_instruments.{n}", iid, inst)
        for n, iid in enumerate(s.focus_instruments)
    ]
    for n, issue in enumerate(s.issues):
        checks.append(("error-not-element", f"issues.{n}.element", issue.element, elements))
        for k, opt in enumerate(issue.options):
            at = f"issues.{n}.options.{k}"
            checks += [
                ("error-unknown-instrument", f"{at}.settings.{j}.instrument", st.instrument, inst)
                for j, st in enumerate(opt.settings)
            ]
            checks += [
                ("error-not-contradiction", f"{at}.eases.{j}", cid, contradictions)
                for j, cid in enumerate(opt.eases)
            ]
            # a persona not seated today may be seated by another copy
            checks += [("error-no-persona", f"{at}.stakes.{pid}", pid, persona_ids) for pid in opt.stakes]
    problems += [
        msg(key, field=field, id=given, hint=_suggest(given, known))
        for key, field, given, known in checks
        if given not in known
    ]
    if problems:
        raise FileFormatError(path, problems)


def persona_files(scenario_path: Path, persona_dir: Path | None = None) -> dict[str, Path]:
    """Persona id -> file: the bundled personas, overridden by ``personas/`` folders beside
    the scenario (``<dir>/personas`` or ``<dir>/../personas``), overridden by ``persona_dir``."""
    found = dict(bundled_personas())
    for folder in persona_folders(scenario_path, persona_dir)[1:]:
        if folder.is_dir():
            found.update({f.stem: f for f in sorted(folder.glob("*.yaml"))})
    return found


def persona_folders(scenario_path: Path, persona_dir: Path | None = None) -> list[Path]:
    """The folders searched for persona files, lowest priority first: the bundled
    ``personas/``, ``<scenario dir>/../personas``, ``<scenario dir>/personas``, ``persona_dir``."""
    here = scenario_path.resolve().parent
    return [data_dir("personas"), here.parent / "personas", here / "personas"] + (
        [persona_dir] if persona_dir is not None else []
    )


def load_scenario(ref: str | Path, persona_dir: Path | None = None) -> tuple[Scenario, list[Persona], Rubric]:
    """Load a scenario (bundled id or path), its personas (from ``persona_dir`` or the
    scenario's folder's ``../personas`` if present, else the bundled ones) and the rubric.

    Returns:
        (scenario, personas in seating order, rubric).

    Raises:
        ReferenceError_, FileFormatError.
    """
    path = resolve_scenario(str(ref))
    rubric = load_rubric()
    scenario = load_model_cached(path, Scenario)
    available = persona_files(path, persona_dir)
    check_scenario(scenario, rubric, list(available), str(path), persona_folders(path, persona_dir))
    if not scenario.issues:
        scenario = scenario.model_copy(
            update={"issues": issues_from_instruments(scenario.focus_instruments, rubric)}
        )
    personas = [load_persona(available[pid], rubric) for pid in scenario.personas]
    for pid, p in zip(scenario.personas, personas, strict=True):
        if p.id != pid:
            raise FileFormatError(
                str(available[pid]),
                [msg("error-persona-id-file", id=p.id, stem=pid)],
            )
    return scenario, personas, rubric
