"""Turns the offline negotiator's decisions into a speech in the persona's own voice.

A speech is: one of the persona's openers, the act sentences in order, one of its closers.
Reasons are the persona's own (persona file, ``stances.*.reason``); a reason already said
in an earlier turn is replaced by a line tying the instrument to its article element, so
nothing is repeated word for word. English speeches keep the article's Chinese term beside
the first mention of each instrument.
"""

from __future__ import annotations

import random

from roleplay.debate.backend import TurnRequest
from roleplay.debate.move import PackageItem, Proposal
from roleplay.offline.phrasebook import Speaker, is_fresh, variant


class Composer:
    """Collects act sentences and invoked mechanisms for one turn."""

    def __init__(self, speaker: Speaker, req: TurnRequest):
        self.sp, self.req, self.lang = speaker, req, req.lang
        self.p = req.persona
        self.parts: list[str] = []
        self.mech: list[str] = []
        self.mentioned: set[str] = set()
        self.said = " ".join(t.move.speech for t in req.history if t.persona == self.p.id and t.move)
        self.heard = " ".join(t.move.speech for t in req.history if t.move)

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
        en = ins.name.en
        if en[1:2].islower():  # "Equal standing ..." reads as "equal standing ..." mid-sentence
            en = en[0].lower() + en[1:]
        if iid in self.mentioned:
            return en
        self.mentioned.add(iid)
        return f"{en} ({ins.name.zh})"

    def _elements_of(self, iid: str) -> None:
        for e in self.req.rubric.instrument(iid).elements:
            if e not in self.mech:
                self.mech.append(e)

    def reason(self, iid: str) -> str:
        """A talking point on ``iid`` this persona has not used yet in the debate: its own
        reason first, then the contradiction the instrument eases, the strategy path it
        follows, and its article element; "" when all are used (better silent than repeated)."""
        ins = self.req.rubric.instrument(iid)
        rub = self.req.rubric
        candidates = [lambda: self.p.stances[iid].reason.in_(self.lang)]
        if self.p.stances[iid].score <= 0:
            # the article's arguments below all speak FOR the instrument; an opponent has only its own reason
            text = candidates[0]()
            if is_fresh(text, self.said + self.heard):
                self.said += " " + text
                return text
            return ""
        for c in ins.eases:
            candidates.append(
                lambda c=c: self.sp.say(
                    "reason_eases",
                    avoid=self.heard,
                    inst=self.inst(iid),
                    contradiction=rub.mechanism(c).name.in_(self.lang),
                )
            )
        for path in ins.paths:
            candidates.append(
                lambda path=path: self.sp.say(
                    "reason_path",
                    avoid=self.heard,
                    inst=self.inst(iid),
                    path=rub.mechanism(path).name.in_(self.lang),
                )
            )
        for el in sorted(ins.elements, key=lambda e: -self.p.weights.get(e, 0)):
            m = rub.mechanism(el)
            candidates.append(
                lambda m=m: self.sp.say(
                    "want_again",
                    avoid=self.heard,
                    inst=self.inst(iid),
                    element=m.name.in_(self.lang),
                    function=(m.function or m.name).in_(self.lang),
                )
            )
        rest = candidates[1:]
        random.Random(f"{self.req.seed}:{self.p.id}:{iid}").shuffle(rest)
        for make in [candidates[0], *rest]:
            text = make()
            if is_fresh(text, self.said + self.heard):
                self.said += " " + text
                return text
        return ""

    def value(self, item: PackageItem) -> str:
        """An item with its setting, e.g. ``研發費用加計扣除(加計比例 150%)``."""
        ins = self.req.rubric.instrument(item.instrument)
        name = self.inst(item.instrument)
        if ins.parameter is None or item.value is None:
            return name
        v = f"{item.value:g}"
        pname = ins.parameter.name.in_(self.lang)
        return (
            f"{name}({pname} {v}{self.unit(ins)})"
            if self.lang == "zh"
            else f"{name} ({pname} {v}{self.unit(ins)})"
        )

    def unit(self, ins) -> str:
        """The parameter unit in this language, with the spacing the language wants."""
        from roleplay.formats.rubric import format_unit

        return format_unit(ins.parameter, self.lang) if ins.parameter else ""

    def items(self, items: list[PackageItem]) -> str:
        """A package's items as one phrase."""
        return self.join([self.value(i) for i in items])

    def title(self, items: list[PackageItem]) -> str:
        """A short title: the author and its first two instruments."""
        names = [self.req.rubric.instrument(i.instrument).name.in_(self.lang) for i in items[:2]]
        who = self.p.short.in_(self.lang)
        if self.lang == "zh":
            return f"{who}案:" + "+".join(names)
        return f"{who} plan: " + " + ".join(names)

    def changes(self, add: list[PackageItem], drop: list[str], before: list[PackageItem]) -> list[str]:
        """Describe accepted changes to a package that held ``before``: removals,
        additions and new settings."""
        zh = self.lang == "zh"
        had = {i.instrument for i in before}
        out = [("刪去" if zh else "drop ") + self.inst(d) for d in drop]
        for a in add:
            verb = ("調整" if zh else "re-set ") if a.instrument in had else ("納入" if zh else "add ")
            out.append(verb + self.value(a))
        return out

    # --- acts --------------------------------------------------------------
    def add(self, act: str, optional: bool = False, **ctx: str) -> None:
        """Render one act sentence (avoiding wording anyone has used already) and append it.
        An ``optional`` sentence (a citation, a concession) is left out rather than repeated."""
        avoid = self.heard + " ".join(self.parts)
        text = self.sp.say(act, avoid=avoid, **ctx)
        if optional and not is_fresh(text, avoid):
            return
        self.parts.append(text)

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
        self.add(
            "cite",
            optional=True,
            mechanism=m.name.in_(self.lang),
            function=(m.function or m.name).in_(self.lang),
        )
        for i in iids:
            for path in self.req.rubric.instrument(i).paths:
                if path not in self.mech:
                    self.mech.append(path)

    def support_reason(self, prop: Proposal) -> str:
        """Why the persona supports ``prop``: its most valued item, or a general line."""
        best = max(prop.items, key=lambda i: self.p.stances[i.instrument].score)
        if self.p.stances[best.instrument].score > 0:
            return self.reason(best.instrument)
        return self._fresh_or_silent("good_value")

    def oppose_reason(self, prop: Proposal) -> str:
        """Why the persona opposes ``prop``: its least valued item, or a general line."""
        worst = min(prop.items, key=lambda i: self.p.stances[i.instrument].score)
        if self.p.stances[worst.instrument].score < 0:
            return self.reason(worst.instrument)
        return self._fresh_or_silent("low_value")

    def _fresh_or_silent(self, act: str) -> str:
        """A general line for ``act`` not heard yet, or "" (better silent than repeated)."""
        avoid = self.heard + self.said + " ".join(self.parts)
        text = self.sp.say(act, avoid=avoid)
        return text if is_fresh(text, avoid) else ""

    def _pids(self, ds) -> str:
        return self.join([d.prop.id for d in ds])

    def _rule(self, rl) -> str:
        value = f"{rl.value:g}" if rl.value is not None else ""
        return self.sp.say(f"rule_{rl.kind}", inst=self.inst(rl.instrument), value=value)

    def _red(self, ds) -> str:
        """Say a red-line opposition (full text the first time, a short rule after)."""
        rl = ds[0].red
        text = rl.text.in_(self.lang)
        if text not in self.said:
            self.said += " " + text
            if len(ds) == 1:
                self.add("oppose_red", pid=ds[0].prop.id, author=self.name(ds[0].prop.author), text=text)
            else:
                self.add("oppose_many", pids=self._pids(ds), reason=text)
            return text
        rule = self._rule(rl)
        self.add("red_again", pids=self._pids(ds), rule=rule)
        return rule

    def _amend(self, ds) -> str:
        """Say one amendment, applied to one or more proposals; returns the reason."""
        d = ds[0]
        if d.amend_kind == "value":
            it = d.add[0]
            ins = self.req.rubric.instrument(it.instrument)
            old = next((i.value for i in d.prop.items if i.instrument == it.instrument), None)
            unit = self.unit(ins)
            self.add(
                "amend_value",
                pid=d.prop.id,
                inst=self.inst(it.instrument),
                param=ins.parameter.name.in_(self.lang) if ins.parameter else "",
                old=f"{old:g}" if old is not None else "-",
                new=f"{(it.value or 0):g}",
                unit=unit,
            )
            return self.parts[-1]
        iid = d.drop[0] if d.amend_kind == "drop" else d.add[0].instrument
        reason = self.reason(iid)
        if all(x.again for x in ds):
            self.add("amend_again", pid=self._pids(ds), author=self.name(d.prop.author))
        if len(ds) == 1:
            self.add(
                f"amend_{d.amend_kind}",
                pid=d.prop.id,
                author=self.name(d.prop.author),
                inst=self.inst(iid),
                reason=reason,
            )
        else:
            self.add(f"amend_{d.amend_kind}_many", pids=self._pids(ds), inst=self.inst(iid), reason=reason)
        return reason

    def _say_one_or_many(self, ds, act: str, reason: str) -> dict[int, str]:
        """Say ``act`` for one decision (naming its author) or ``act_many`` for several;
        returns the reason for each decision."""
        if len(ds) == 1:
            self.add(act, pid=ds[0].prop.id, author=self.name(ds[0].prop.author), reason=reason)
        else:
            self.add(f"{act}_many", pids=self._pids(ds), reason=reason)
        return {id(d): reason for d in ds}

    def stances(self, decisions) -> list:
        """Put negotiation decisions into words, grouped (all supports in one sentence,
        one sentence per distinct amendment or red line), and return the Stances."""
        from roleplay.debate.move import Stance

        reasons: dict[int, str] = {}
        sup = [d for d in decisions if d.kind == "support"]
        if sup:
            reasons.update(self._say_one_or_many(sup, "support", self.support_reason(sup[0].prop)))
        for group in _groups(
            [d for d in decisions if d.kind == "amend"],
            lambda d: (
                d.amend_kind,
                tuple(d.drop),
                tuple(a.instrument for a in d.add) if d.amend_kind != "value" else id(d),
            ),
        ):
            r = self._amend(group)
            reasons.update({id(d): r for d in group})
        for group in _groups([d for d in decisions if d.kind == "red"], lambda d: id(d.red)):
            r = self._red(group)
            reasons.update({id(d): r for d in group})
        opp = [d for d in decisions if d.kind == "oppose"]
        if opp:
            reasons.update(self._say_one_or_many(opp, "oppose", self.oppose_reason(opp[0].prop)))
        return [
            Stance(
                proposal=d.prop.id,
                position=d.position,
                reason=reasons[id(d)] or self.canonical(d),
                add=d.add,
                drop=d.drop,
            )
            for d in decisions
        ]

    def votes(self, decisions) -> list:
        """Put vote decisions into words, grouped, and return support/oppose Stances."""
        from roleplay.debate.move import Stance

        reasons: dict[int, str] = {}
        yes = [d for d in decisions if d.kind == "support"]
        if len(yes) == 1:
            self.add("vote_yes", pid=yes[0].prop.id, title=yes[0].prop.title)
        elif yes:
            self.add("vote_yes_many", pids=self._pids(yes))
        for d in yes:
            reasons[id(d)] = self.support_reason(d.prop) if len(yes) == 1 else self.parts[-1]
        for group in _groups([d for d in decisions if d.kind == "red"], lambda d: id(d.red)):
            r = self._rule(group[0].red)
            said_before = group[0].red.text.in_(self.lang) in self.said
            spoken = (r[:1].upper() + r[1:] + ".") if self.lang == "en" else r + "。"
            self.add(
                "vote_no_many" if len(group) > 1 else "vote_no",
                pids=self._pids(group),
                pid=group[0].prop.id,
                title=group[0].prop.title,
                reason=spoken if said_before else group[0].red.text.in_(self.lang),
            )
            reasons.update({id(d): r for d in group})
        no = [d for d in decisions if d.kind == "oppose"]
        if no:
            r = self.oppose_reason(no[0].prop)
            self.add(
                "vote_no_many" if len(no) > 1 else "vote_no",
                pids=self._pids(no),
                pid=no[0].prop.id,
                title=no[0].prop.title,
                reason=r,
            )
            reasons.update({id(d): r for d in no})
        return [
            Stance(proposal=d.prop.id, position=d.position, reason=reasons[id(d)] or self.canonical(d))
            for d in decisions
        ]

    def canonical(self, d) -> str:
        """The reason recorded in a Stance when the speech left it unsaid (it was said in an
        earlier turn): the red line, or the persona's own reason on the deciding instrument."""
        if d.red is not None:
            return d.red.text.in_(self.lang)
        ids = d.drop or [a.instrument for a in d.add] or d.prop.instrument_ids()
        pick = (max if d.kind == "support" else min)(ids, key=lambda i: self.p.stances[i].score)
        return self.p.stances[pick].reason.in_(self.lang)

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
        parts = list(self.parts)
        if self.lang == "en" and parts and opener.rstrip()[-1:] not in ".!?" and parts[0][1:2].islower():
            parts[0] = parts[0][0].lower() + parts[0][1:]
        sep = "" if self.lang == "zh" else " "
        return sep.join([opener, *parts, closer]).strip()


def _groups(items, key):
    """Group ``items`` by ``key``, keeping first-seen order."""
    out: dict = {}
    for it in items:
        out.setdefault(key(it), []).append(it)
    return list(out.values())
