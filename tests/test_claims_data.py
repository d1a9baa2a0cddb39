"""The claim library and the scenarios' issues are faithful to the article and can be argued
both ways.

Checks every claim's and every issue's passage against the article text
(``../shared/seed/article.zh-Hant.txt``; the verbatim checks skip when it is absent), the
figures, the rebuttal links, who may voice the US model, and that every issue has claims on
both sides and both a recommended and a non-recommended option.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.formats.catalog import bundled_personas, bundled_scenarios, load_rubric, load_scenario

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.zh-Hant.txt"
FOR = {"include", "more"}
AGAINST = {"exclude", "less"}
# Instruments that stand for the US model (its controls and alliances): only the US agency
# argues for them as its own; a domestic persona may at most mirror them (counter-controls).
US_TOOLS = {"export_controls", "allied_partnership"}
US_ONLY = {"us_agency"}


def _article() -> str:
    if not ARTICLE.exists():
        pytest.skip("the article is not checked out beside the project")
    return ARTICLE.read_text(encoding="utf-8")


def _claims():
    return load_rubric().claims


def _scenarios():
    return [load_scenario(s)[0] for s in sorted(bundled_scenarios())]


def _sides(issue, claims):
    """Claims bearing for / against an issue: a claim bears for it if it argues to include
    (or raise) an instrument some option uses, against if it argues to exclude (or lower) one."""
    used = {s.instrument for o in issue.options for s in o.settings}
    pro = [c.id for c in claims if any(t.instrument in used and t.direction in FOR for t in c.favours)]
    con = [c.id for c in claims if any(t.instrument in used and t.direction in AGAINST for t in c.favours)]
    return pro, con


def test_library_size_and_unique_ids():
    claims = _claims()
    assert 70 <= len(claims) <= 300, len(claims)
    ids = [c.id for c in claims]
    assert len(ids) == len(set(ids))


def test_claim_quotes_and_sections_are_verbatim():
    text = _article()
    for c in _claims():
        assert c.quote in text, (c.id, c.quote)
        assert c.section in text, (c.id, c.section)
        assert 12 <= len(c.quote) <= 200, (c.id, len(c.quote))


def test_figures_are_in_the_quote_and_both_texts():
    text = _article()
    for c in _claims():
        for fig in c.figures:
            assert fig in c.quote and fig in text, (c.id, fig)
            assert fig in c.text.zh, (c.id, fig, "zh")
            assert fig in c.text.en, (c.id, fig, "en")
        if c.strength == 3:
            # a strength-3 claim rests on a figure or a documented case the article reports
            assert c.figures or any(w in c.quote for w in ("美國", "韓國", "橫琴", "DARPA")), c.id


def test_article_figures_are_carried_exactly():
    """The article's key numbers reach the library, each as the article writes it."""
    figs = {f for c in _claims() for f in c.figures}
    for must in (
        "217",
        "78%",
        "12%",
        "6%",
        "2.4萬",
        "2 386",
        "3微米",
        "1微米",
        "NSF",
        "40%",
        "10億美元",
        "130億美元",
        "80%",
        "7億美元",
        "橫琴",
        "MoE",
        "芯片四方聯盟",
        "備案準入制",
    ):
        assert must in figs, must


def test_rebuttals_point_at_real_claims_and_are_not_self_links():
    claims = _claims()
    ids = {c.id for c in claims}
    for c in claims:
        for r in c.rebuts:
            assert r in ids, (c.id, r)
            assert r != c.id, c.id
    # every claim takes part in the exchange: it answers another claim or is answered
    answered = {r for c in claims for r in c.rebuts}
    loose = [c.id for c in claims if not c.rebuts and c.id not in answered]
    assert len(loose) <= len(claims) // 10, loose


def test_voices_are_real_personas_and_us_model_is_voiced_by_the_us_agency_only():
    personas = set(bundled_personas())
    for c in _claims():
        assert set(c.voices) <= personas, (c.id, c.voices)
        if c.id.startswith("us_"):
            assert set(c.voices) == US_ONLY, c.id
        for t in c.favours:
            if t.instrument == "allied_partnership" and t.direction in FOR:
                assert set(c.voices) == US_ONLY, c.id
            if t.instrument in US_TOOLS and t.direction in FOR:
                assert c.voices, (c.id, "a claim for the US tools must say who may make it")
        if "us_agency" in c.voices:
            assert set(c.voices) == US_ONLY, c.id
            # the US agency never files its controls under China's security element
            for bad in ("國家安全保護", "護航", "安全要素", "security element"):
                assert bad not in c.text.zh and bad not in c.text.en, (c.id, bad)


def test_issue_quotes_and_sections_are_verbatim():
    text = _article()
    for s in _scenarios():
        for i in s.issues:
            assert i.section in text, (s.id, i.id, i.section)
            assert i.quote in text, (s.id, i.id, i.quote)


def test_each_issue_has_a_recommended_and_a_non_recommended_option():
    for s in _scenarios():
        assert 3 <= len(s.issues) <= 6, s.id
        for i in s.issues:
            verdicts = [o.verdict for o in i.options]
            assert "recommended" in verdicts, (s.id, i.id)
            assert any(v != "recommended" for v in verdicts), (s.id, i.id)


def test_each_issue_can_be_argued_both_ways():
    claims = _claims()
    for s in _scenarios():
        for i in s.issues:
            pro, con = _sides(i, claims)
            assert len(pro) >= 3, (s.id, i.id, pro)
            assert len(con) >= 3, (s.id, i.id, con)
            # and each option that puts something in the package can be argued for and against
            for o in i.options:
                used = set(o.instrument_ids())
                if not used:
                    continue
                assert any(t.instrument in used and t.direction in FOR for c in claims for t in c.favours), (
                    s.id,
                    i.id,
                    o.id,
                    "nothing argues for it",
                )
                assert any(
                    t.instrument in used and t.direction in AGAINST for c in claims for t in c.favours
                ), (s.id, i.id, o.id, "nothing argues against it")


def test_us_agency_does_not_vote_and_budgets_bite():
    for s in _scenarios():
        assert "us_agency" not in s.voter_ids(), s.id
        assert s.budget is not None and s.budget > 0, s.id
        cheapest = sum(min(o.cost for o in i.options) for i in s.issues)
        dearest = sum(max(o.cost for o in i.options) for i in s.issues)
        assert cheapest <= s.budget < dearest, (s.id, cheapest, s.budget, dearest)
        # the article's prescription (a recommended option on every issue) can fit the budget
        best_fit = sum(min(o.cost for o in i.options if o.verdict == "recommended") for i in s.issues)
        assert best_fit <= s.budget, (s.id, best_fit, s.budget)


def test_option_values_lie_within_the_instrument_ranges():
    rubric = load_rubric()
    for s in _scenarios():
        for i in s.issues:
            for o in i.options:
                for st in o.settings:
                    p = rubric.instrument(st.instrument).parameter
                    if p is not None and st.value is not None:
                        assert p.min <= st.value <= p.max, (s.id, i.id, o.id, st.instrument)
