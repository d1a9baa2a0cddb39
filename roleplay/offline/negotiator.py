"""The built-in offline negotiator: a deterministic, seedable, rule-based backend. NOT an LLM.

Each turn it reads only its own persona card, the proposals on the table and the public
history, and decides from the persona's element weights and instrument stances
(roleplay.scoring.utility):

- opening: states a goal, its two most-wanted focus instruments with reasons, a red line,
  and the article mechanism it leans on;
- proposal: tables its ideal package (top focus instruments at its preferred settings);
  an ``external`` persona tables nothing and warns with its strongest instrument;
- negotiation: revises its own proposal by accepting amendments that keep it above its
  acceptance threshold (meeting others half-way on numbers), and takes a stance on every
  other proposal: support above threshold, else the single amendment that helps most,
  else oppose; red lines always win;
- vote: support every proposal above threshold, oppose the rest (voters only).

Each persona has a seeded Mood for the debate (roleplay.offline.mood.Mood): small
per-instrument biases, its first acceptance threshold (0.64-0.80 of its ideal
satisfaction), its flexibility and the size of the package it tables. The threshold falls
each negotiation round by 0.1 x (0.5 + flexibility), floor 0.3: personas concede over
rounds. Different seeds give different negotiations and sometimes different outcomes;
the same seed gives the same debate.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from roleplay.debate.backend import BackendItem, Delta, TurnRequest, TurnResult
from roleplay.debate.move import Move, PackageItem, Proposal, Stance, Turn
from roleplay.formats.persona import Persona
from roleplay.formats.rubric import Rubric
from roleplay.offline.mood import bias, mood, new_notes, related, salient, threshold
from roleplay.offline.phrasebook import Speaker, load_phrasebook
from roleplay.offline.speech import Composer
from roleplay.scoring.utility import broken_red_lines, ideal_items, item_value, satisfaction


def _latest_stances(history: list[Turn], pid: str) -> dict[str, Stance]:
    """Each persona's latest stance on proposal ``pid``."""
    out: dict[str, Stance] = {}
    for t in history:
        if t.move:
            for s in t.move.stances:
                if s.proposal == pid:
                    out[t.persona] = s
    return out


def _apply(items: list[PackageItem], add: list[PackageItem], drop: list[str]) -> list[PackageItem]:
    """Items with ``drop`` removed and ``add`` added or re-set."""
    out = [i for i in items if i.instrument not in drop]
    for a in add:
        idx = next((n for n, i in enumerate(out) if i.instrument == a.instrument), None)
        if idx is None:
            out.append(a)
        else:
            out[idx] = a
    return out


class OfflineNegotiator:
    """Backend for one persona (see module docstring). ``label`` is ``offline``."""

    label = "offline"
    fatal: Exception | None = None

    async def take_turn(self, req: TurnRequest) -> AsyncIterator[BackendItem]:
        """Decide the move, render the speech and yield it as one Delta, then the result."""
        move = decide(req)
        yield Delta(text=move.speech)
        yield TurnResult(move=move)


def decide(req: TurnRequest) -> Move:
    """The whole offline turn: a Move with speech, proposal, stances and mechanisms."""
    p, phase = req.persona, req.round_spec.phase
    k = sum(1 for t in req.history if t.persona == p.id)
    comp = Composer(Speaker(load_phrasebook(), req.lang, req.seed, p.id, k), req)
    _react(req, comp)
    tau = threshold(p, req)
    proposal, stances = None, []
    if phase == "opening":
        _opening(req, comp)
    elif phase == "proposal" or phase == "negotiation":
        mine = next((x for x in req.table if x.author == p.id), None)
        if phase == "proposal" and mine is None:
            proposal = _table_ideal(req, comp)
        elif mine is not None:
            proposal = _revise(req, mine, tau, comp)
        if phase == "negotiation" and k and tau < 0.6 and k % 3 == 0:
            comp.add("concede", optional=True)
        stances = comp.stances([_decide_stance(req, x, tau) for x in req.table if x.author != p.id])
    else:
        stances = _vote(req, tau, comp)
    return Move(speech=comp.speech(), proposal=proposal, stances=stances, mechanisms=comp.mechanisms())


def _react(req: TurnRequest, comp: Composer) -> None:
    """Answer facilitator news the speaker has not answered yet (see :func:`bias`): name
    the instrument it now presses hardest, or the named one it resists."""
    st = req.persona.stances
    for note in new_notes(req):
        note = note.strip().rstrip("。.!！")
        short = note if len(note) <= 90 else note[:88] + "…"
        named = salient(req, note)
        pool = [i for i in [*named, *related(req, named)] if st[i].score > 0]
        if pool:
            top = max(pool, key=lambda i: (st[i].score, i in named, i in req.scenario.focus_instruments))
            comp.add("react", note=short, inst=comp.inst(top))
        elif named:
            comp.add("react_against", note=short, inst=comp.inst(min(named, key=lambda i: st[i].score)))
        else:
            comp.add("react_plain", note=short)


def _ranked(req: TurnRequest) -> list[str]:
    """Focus instruments by value to the persona, best first (ties: scenario order)."""
    p, pool = req.persona, req.scenario.focus_instruments
    b = bias(req)
    return sorted(pool, key=lambda i: -item_value(p, req.rubric, PackageItem(instrument=i, value=None), b))


def _opening(req: TurnRequest, comp: Composer) -> None:
    p = req.persona
    comp.goal(p.goals[req.seed % len(p.goals)])
    wants = [i for i in _ranked(req) if p.stances[i].score > 0][:2]
    for iid in wants:
        if p.kind == "external":
            comp.add("own_tool", inst=comp.inst(iid), reason=comp.reason(iid))
        else:
            comp.want(iid)
    if p.red_lines:
        comp.add("red_line", text=p.red_lines[0].text.in_(req.lang))
    comp.cite_for(wants)


def _table_ideal(req: TurnRequest, comp: Composer) -> Proposal | None:
    p = req.persona
    ideal = ideal_items(p, req.rubric, _ranked(req), bias(req))
    if p.kind == "external" or not ideal:
        top = _ranked(req)[0]
        comp.add("warn", inst=comp.inst(top), reason=comp.reason(top))
        return None
    items = ideal[: mood(req).size]
    for rl in p.red_lines:
        if rl.kind == "require" and all(i.instrument != rl.instrument for i in items):
            items.append(
                ideal_items(p, req.rubric, [rl.instrument])[0]
                if p.stances[rl.instrument].score > 0
                else PackageItem(instrument=rl.instrument, value=None)
            )
    title = comp.title(items)
    pid = f"P{len(req.table) + 1}"
    comp.add("propose", pid=pid, title=title, items=comp.items(items))
    comp.cite_for([i.instrument for i in items])
    return Proposal(id=pid, title=title, items=items, rationale=comp.reason(items[0].instrument))


def _revise(req: TurnRequest, mine: Proposal, tau: float, comp: Composer) -> Proposal | None:
    """Accept amendments to ``mine`` that keep it above ``tau`` for its author."""
    p, rubric, pool = req.persona, req.rubric, req.scenario.focus_instruments
    items, accepted, changes = list(mine.items), [], []
    for who, s in sorted(
        _latest_stances(req.history, mine.id).items(),
        key=lambda kv: req.scenario.order().index(kv[0]) if kv[0] in req.scenario.order() else 99,
    ):
        if who == p.id or s.position != "amend":
            continue
        add = []
        for a in s.add:
            cur = next((i for i in items if i.instrument == a.instrument), None)
            if cur is not None and cur.value is not None and a.value is not None:
                a = PackageItem(instrument=a.instrument, value=round((cur.value + a.value) / 2, 1))
            add.append(a)
        trial = _apply(items, add, s.drop)
        if trial == items:
            continue
        if (
            not broken_red_lines(p, trial)
            and trial
            and satisfaction(p, rubric, trial, pool, bias(req)) >= tau
        ):
            changes += comp.changes(add, s.drop, items)
            items = trial
            accepted.append(comp.name(who))
        else:
            target = (s.drop or [a.instrument for a in s.add] or ["?"])[0]
            comp.add("hold", pid=mine.id, who=comp.name(who), inst=comp.inst(target))
    if not accepted:
        return None
    comp.add(
        "revise",
        pid=mine.id,
        version=str(mine.version + 1),
        who=comp.join(list(dict.fromkeys(accepted))),
        changes=comp.join(changes),
    )
    return Proposal(id=mine.id, title=mine.title, items=items, rationale=mine.rationale)


def _best_amendment(p: Persona, rubric: Rubric, prop: Proposal, pool: list[str], bias: dict[str, float]):
    """The single change to ``prop`` that raises ``p``'s satisfaction most: (kind, add, drop, sat)."""
    cands = []
    for it in prop.items:
        if p.stances[it.instrument].score < 0:
            cands.append(("drop", [], [it.instrument]))
        st, param = p.stances[it.instrument], rubric.instrument(it.instrument).parameter
        if (
            param
            and st.preferred is not None
            and it.value is not None
            and abs(it.value - st.preferred) > 0.05 * (param.max - param.min)
        ):
            cands.append(("value", [PackageItem(instrument=it.instrument, value=st.preferred)], []))
    have = set(prop.instrument_ids())
    for add in ideal_items(p, rubric, [i for i in pool if i not in have], bias):
        cands.append(("add", [add], []))
    best = None
    for kind, add, drop in cands:
        trial = _apply(prop.items, add, drop)
        if not trial:
            continue
        sat = satisfaction(p, rubric, trial, pool, bias)
        if best is None or sat > best[3]:
            best = (kind, add, drop, sat)
    return best


class Decision:
    """A stance decided but not yet put into words (grouped by the Composer)."""

    def __init__(
        self, prop: Proposal, kind: str, add=(), drop=(), red=None, amend_kind: str = "", again=False
    ):
        self.prop, self.kind, self.add, self.drop = prop, kind, list(add), list(drop)
        self.red, self.amend_kind, self.again = red, amend_kind, again

    @property
    def position(self) -> str:
        """support, amend or oppose."""
        return {"support": "support", "amend": "amend"}.get(self.kind, "oppose")


def vetoed(p: Persona, items: list[PackageItem]) -> list[str]:
    """Instruments in ``items`` that ``p`` scores -2 (red-line opposition, see
    roleplay.formats.persona.InstrumentStance): it never supports a package holding one."""
    return [i.instrument for i in items if p.stances[i.instrument].score <= -2]


def _decide_stance(req: TurnRequest, prop: Proposal, tau: float) -> Decision:
    """Support above ``tau``; else the amendment that helps most (domestic personas only);
    else oppose. A broken red line, or an instrument it scores -2, is never supported."""
    p, rubric, pool = req.persona, req.rubric, req.scenario.focus_instruments
    red = broken_red_lines(p, prop.items)
    b = bias(req)
    sat = satisfaction(p, rubric, prop.items, pool, b)
    veto = vetoed(p, prop.items)
    if not red and not veto and sat >= tau:
        return Decision(prop, "support")
    if veto and not red:
        kind, add, drop = "drop", [], [veto[0]]
        sat_fixed = satisfaction(p, rubric, _apply(prop.items, add, drop), pool, b)
    elif red:
        rl = red[0]
        if rl.kind == "forbid":
            kind, add, drop = "drop", [], [rl.instrument]
        else:
            kind = "add" if rl.kind == "require" else "value"
            value = rl.value if rl.kind in ("max", "min") else None
            if kind == "add":
                value = (ideal_items(p, rubric, [rl.instrument]) or [PackageItem(instrument=rl.instrument)])[
                    0
                ].value
            add, drop = [PackageItem(instrument=rl.instrument, value=value)], []
        sat_fixed = satisfaction(p, rubric, _apply(prop.items, add, drop), pool, b)
    else:
        best = _best_amendment(p, rubric, prop, pool, b)
        kind, add, drop, sat_fixed = best if best else ("none", [], [], 0.0)
    if p.kind != "external" and kind != "none" and sat_fixed >= tau - 0.15:
        prev = _latest_stances(req.history, prop.id).get(p.id)
        again = prev is not None and prev.position == "amend" and prev.add == add and prev.drop == drop
        return Decision(prop, "amend", add, drop, amend_kind=kind, again=again)
    return Decision(prop, "red" if red else "oppose", red=red[0] if red else None)


def _vote(req: TurnRequest, tau: float, comp: Composer) -> list[Stance]:
    """Vote-round stances: voters support what clears ``tau - 0.1`` (and their own
    proposal) unless it breaks a red line; non-voters speak but cast nothing."""
    p, rubric, pool = req.persona, req.rubric, req.scenario.focus_instruments
    if p.id not in req.scenario.voter_ids():
        best = max(req.table, key=lambda x: satisfaction(p, rubric, x.items, pool, bias(req)), default=None)
        if best is not None:
            comp.add("observe", pid=best.id, title=best.title)
            comp.mention_pressure(best)
        else:
            comp.goal(p.goals[0])
        return []
    if not req.table:
        comp.goal(p.goals[-1])
        return []
    decisions = []
    for prop in req.table:
        red = broken_red_lines(p, prop.items)
        ok = (
            not red
            and not vetoed(p, prop.items)
            and (prop.author == p.id or satisfaction(p, rubric, prop.items, pool, bias(req)) >= tau - 0.1)
        )
        decisions.append(
            Decision(prop, "support" if ok else ("red" if red else "oppose"), red=red[0] if red else None)
        )
    return comp.votes(decisions)
