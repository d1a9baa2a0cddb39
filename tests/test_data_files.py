"""Every shipped data file validates and is faithful in shape to the article."""

import re

from conftest import SCENARIOS

from roleplay.formats.catalog import bundled_personas, load_persona, load_rubric, load_scenario
from roleplay.offline.phrasebook import REQUIRED_ACTS, load_acts

SIMPLIFIED_ONLY = set("国业数资产发这个们为对说时会经过从还进关实现应当动于与")


def test_rubric_has_the_article_structure():
    r = load_rubric()
    assert [m.id for m in r.elements] == [
        "demand",
        "resources",
        "industrial_policy",
        "patient_capital",
        "institutions",
        "security",
    ]
    assert len(r.contradictions) == 5 and len(r.paths) == 5
    assert len(r.instruments) >= 15
    for m in (*r.elements, *r.contradictions, *r.paths):
        assert m.terms.zh_hant and m.terms.zh_hans and m.terms.en and m.section and m.passage
    assert all(m.function for m in r.elements)
    assert all(i.elements for i in r.instruments)
    # together the instruments touch every contradiction and every strategy path
    assert {c for i in r.instruments for c in (*i.eases, *i.worsens)} == {c.id for c in r.contradictions}
    assert {p for i in r.instruments for p in i.paths} == {p.id for p in r.paths}


def test_passages_are_quoted_from_the_article():
    from pathlib import Path

    art = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.zh-Hant.txt"
    if not art.exists():
        return
    text = art.read_text(encoding="utf-8")
    r = load_rubric()

    def norm(s):
        return re.sub(r"[\s,,、“”\"「」]", "", s)

    found = sum(1 for m in (*r.elements, *r.contradictions, *r.paths) if norm(m.passage)[:12] in norm(text))
    assert found >= 12, found


def test_five_personas_with_full_stances():
    r = load_rubric()
    ids = set(bundled_personas())
    assert {"ministry", "startup", "soe", "vc", "us_agency"} <= ids
    colors = set()
    for pid, path in bundled_personas().items():
        p = load_persona(path, r)
        assert p.id == pid
        assert set(p.stances) == {i.id for i in r.instruments}
        assert set(p.weights) == {m.id for m in r.elements}
        colors.add(p.color)
        for t in (p.name.zh, p.role.zh, *(o.zh for o in p.style.openers)):
            assert not (set(t) & SIMPLIFIED_ONLY), (pid, t)
    assert len(colors) == len(ids)
    assert load_persona(bundled_personas()["us_agency"], r).kind == "external"


def test_three_scenarios_load_with_their_personas():
    assert len(SCENARIOS) >= 3
    langs = set()
    for sid in SCENARIOS:
        s, ps, _r = load_scenario(sid)
        langs.add(s.lang)
        assert len(ps) == 5 and len(s.agenda) >= 4 and s.agenda[-1].phase == "vote"
    assert langs == {"zh-Hant", "en"}


def test_phrasebook_has_every_act():
    book = load_acts()
    for act in REQUIRED_ACTS:
        assert book.acts[act].zh and book.acts[act].en
