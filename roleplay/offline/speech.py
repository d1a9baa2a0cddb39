"""Turns the offline negotiator's decisions into a speech in the persona's own voice.

A speech is: one of the persona's openers, the act sentences in order, one of its closers.
Reasons are the persona's own (persona file, ``stances.*.reason``); a reason already said
in an earlier turn is replaced by a line tying the instrument to its article element, so
nothing is repeated word for word. English speeches keep the article's Chinese term beside
the first mention of each instrument.
"""

from __future__ import annotations

from ..backend import TurnRequest
from ..move import PackageItem, Proposal
from .phrasebook import Speaker, variant


class Composer:
    """Collects act sentences and invoked mechanisms for one turn."""

    def __init__(self, speaker: Speaker, req: TurnRequest):
        self.sp, self.req, self.lang = speaker, req, req.lang
        self.p = req.persona
        self.parts: list[str] = []
        self.mech: list[str] = []
        self.mentioned: set[str] = set()
        self.said = " ".join(t.move.speech for t in req.history if t.persona == self.p.id and t.move)
        self.last_reason = ""

    # --- words -------------------------------------------------------------
    def join(self, xs: list[str]) -> str:
        """Join a list the way the language does (、 or commas)."""
        return ("、" if self.lang == "zh" else ", ").join(xs)

    def name(self, pid: str) -> str:
        """Short display name of a seated persona."""
        for q in (self.p, *self.req.others):
            if q.id == pid:
                return q.short.in_(self.lang)
        return pid

    def inst(self, iid: str) -> str:
        """Instrument name; in English the first mention carries the Chinese term."""
        ins = self.req.rubric.instrument(iid)
        self._elements_of(iid)
        if self.lang == "zh":
            return ins.name.zh
        if iid in self.mentioned:
            return ins.name.en
        self.mentioned.add(iid)
        return f"{ins.name.en} ({ins.name.zh})"

    def _elements_of(self, iid: str) -> None:
        for e in self.req.rubric.instrument(iid).elements:
            if e not in self.mech:
                self.mech.append(e)

    def reason(self, iid: str) -> str:
        """The persona's reason on ``iid``, or an element tie-in if it was said before."""
        text = self.p.stances[iid].reason.in_(self.lang)
        if text not in self.said:
            self.said += " " + text
            return text
        ins = self.req.rubric.instrument(iid)
        el = max(ins.elements, key=lambda e: self.p.weights.get(e, 0))
        m = self.req.rubric.mechanism(el)
        return self.sp.say("want_again", inst=self.inst(iid), element=m.name.in_(self.lang),
                           function=(m.function or m.name).in_(self.lang))

    def value(self, item: PackageItem) -> str:
        """An item with its setting, e.g. ``研發費用加計扣除(加計比例 150%)``."""
        ins = self.req.rubric.instrument(item.instrument)
        name = self.inst(item.instrument)
        if ins.parameter is None or item.value is None:
            return name
        v = f"{item.value:g}"
        pname = ins.parameter.name.in_(self.lang)
        return f"{name}({pname} {v}{ins.parameter.unit})" if self.lang == "zh" else f"{name} ({pname} {v} {ins.parameter.unit})"

    def items(self, items: list[PackageItem]) -> str:
        """A package's items as one phrase."""
        return self.join([self.value(i) for i in items])

    def title(self, items: list[PackageItem]) -> str:
        """A short title from the first two instruments."""
        names = [self.req.rubric.instrument(i.instrument).name.in_(self.lang) for i in items[:2]]
        return ("+" if self.lang == "zh" else " + ").join(names)

    def changes(self, add: list[PackageItem], drop: list[str]) -> list[str]:
        """Describe accepted changes: additions, new settings, removals."""
        zh = self.lang == "zh"
        out = [("刪去" if zh else "drop ") + self.inst(d) for d in drop]
        out += [("納入/調整" if zh else "add or re-set ") + self.value(a) for a in add]
        return out

    # --- acts --------------------------------------------------------------
    def add(self, act: str, **ctx: str) -> None:
        """Render one act sentence and append it."""
        self.parts.append(self.sp.say(act, **ctx))

    def goal(self, goal) -> None:
        """State a goal (a Text)."""
        self.add("goal", goal=goal.in_(self.lang).rstrip("。."))

    def want(self, iid: str) -> None:
        """Ask for an instrument, with the persona's reason."""
        self.add("want", inst=self.inst(iid), reason=self.reason(iid))

    def cite_for(self, iids: list[str]) -> None:
        """Cite the article element these instruments serve that the persona weighs most."""
        els = [e for i in iids for e in self.req.rubric.instrument(i).elements]
        if not els:
            return
        el = max(els, key=lambda e: (self.p.weights.get(e, 0), -els.index(e)))
        m = self.req.rubric.mechanism(el)
        self.add("cite", mechanism=m.name.in_(self.lang), function=(m.function or m.name).in_(self.lang))
        for i in iids:
            for path in self.req.rubric.instrument(i).paths:
                if path not in self.mech:
                    self.mech.append(path)

    def support_reason(self, prop: Proposal) -> str:
        """Why the persona supports ``prop``: its most valued item, or a general line."""
        best = max(prop.items, key=lambda i: self.p.stances[i.instrument].score)
        if self.p.stances[best.instrument].score > 0:
            return self.reason(best.instrument)
        return self.sp.say("good_value")

    def oppose_reason(self, prop: Proposal) -> str:
        """Why the persona opposes ``prop``: its least valued item, or a general line."""
        worst = min(prop.items, key=lambda i: self.p.stances[i.instrument].score)
        if self.p.stances[worst.instrument].score < 0:
            return self.reason(worst.instrument)
        return self.sp.say("low_value")

    def amend(self, kind: str, prop: Proposal, add: list[PackageItem], drop: list[str]) -> None:
        """Say an amendment of ``kind`` (drop, add, value) to ``prop``; sets ``last_reason``."""
        author = self.name(prop.author)
        if kind == "drop":
            self.last_reason = self.reason(drop[0])
            self.add("amend_drop", pid=prop.id, author=author, inst=self.inst(drop[0]), reason=self.last_reason)
        elif kind == "add":
            self.last_reason = self.reason(add[0].instrument)
            self.add("amend_add", pid=prop.id, author=author, inst=self.inst(add[0].instrument), reason=self.last_reason)
        else:
            it = add[0]
            ins = self.req.rubric.instrument(it.instrument)
            old = next((i.value for i in prop.items if i.instrument == it.instrument), None)
            self.add("amend_value", pid=prop.id, inst=self.inst(it.instrument),
                     param=ins.parameter.name.in_(self.lang) if ins.parameter else "",
                     old=f"{old:g}" if old is not None else "-", new=f"{(it.value or 0):g}",
                     unit=ins.parameter.unit if ins.parameter else "")
            self.last_reason = self.parts[-1]

    def mention_pressure(self, prop: Proposal) -> None:
        """An external persona's closing pressure: its strongest instrument outside ``prop``."""
        mine = max(self.p.stances, key=lambda i: (self.p.stances[i].score, i))
        if mine not in prop.instrument_ids():
            self.add("warn", inst=self.inst(mine), reason=self.reason(mine))

    # --- result ------------------------------------------------------------
    def mechanisms(self) -> list[str]:
        """Mechanism ids invoked in this turn (elements of named instruments, cited paths)."""
        return list(self.mech)

    def speech(self) -> str:
        """The whole speech: opener, act sentences, closer."""
        k = sum(1 for t in self.req.history if t.persona == self.p.id)
        st = self.p.style
        opener = variant(st.openers, self.req.seed, self.p.id, "opener", k).in_(self.lang)
        closer = variant(st.closers, self.req.seed, self.p.id, "closer", k).in_(self.lang)
        sep = "" if self.lang == "zh" else " "
        return sep.join([opener, *self.parts, closer]).strip()
