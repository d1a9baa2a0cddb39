"""A turn's plan (the dialogue acts the offline negotiator decided) and its speech.

:class:`Plan` collects acts with their content and the move's structured parts (proposal,
stances, claims, the answered claim, walk-out); :func:`render` turns it into a Move whose
speech comes from the phrasebook ``prompts/offline/acts.yaml``, one sentence per act, in
the persona's debate language. Content carries the variety: claim texts verbatim from
rubric/claims.yaml (so the scorer's evidence quotes a persona's argument), the other
persona's words restated as a gist, issue and option names from the scenario. A sentence
already said in the run is never said again (the next variant is tried, else it is left out).
"""

# Over ~300 lines on purpose: one noun, a turn's plan and its words. Each act method sits
# beside the parameters its phrasebook entry needs; splitting them would separate an act
# from its words. Pure helpers (gist, sentences, dealing claims) could move out first.

from __future__ import annotations

import functools
import re
import zlib
from typing import Any

from roleplay.debate.backend import TurnRequest
from roleplay.debate.moderator import run_on
from roleplay.debate.move import Act, Answer, Move, Proposal, Stance, Turn
from roleplay.debate.package import cost, items_for, over_budget
from roleplay.formats.claims import Claim
from roleplay.formats.issues import Issue
from roleplay.formats.memo import Store, remember
from roleplay.formats.persona import RedLine
from roleplay.formats.rubric import Rubric
from roleplay.i18n.catalog import t
from roleplay.i18n.lang import Lang, fullwidth, is_zh, localize, quotes, source
from roleplay.offline.arguments import Challenge
from roleplay.offline.phrasebook import load_acts, variant
from roleplay.scoring.utility import Preferences
from roleplay.templating import render_string

GIST_CHARS = 28
"""A restated claim is cut at its first sentence (or clause before a semicolon), at most this many characters (zh) or
three times as many (en)."""


_CLAUSE_END = re.compile(r"[，、,：:]")
_WORD_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-'’]*$")


def gist(text: str, lang: str) -> str:
    """The opening clause of a claim, for restating another persona's argument: its first
    sentence (or the clause before a semicolon), at most :data:`GIST_CHARS` characters
    (three times as many in English). A longer one is cut with ``…`` at its last clause mark
    (，、,：) if that keeps at least half, else between words: never inside a Latin word or a
    number (``H-1B``, ``2019``), never mid-word in English."""
    cut = re.split(r"[;；。!?！？]|\.(?:\s|$)", text, maxsplit=1)[0].strip()
    limit = GIST_CHARS if lang != "en" else GIST_CHARS * 3
    if len(cut) <= limit:
        return cut
    head = cut[: limit - 1]
    marks = [m.start() for m in _CLAUSE_END.finditer(head)]
    if marks and marks[-1] >= limit // 2:
        return head[: marks[-1]].rstrip() + "…"
    if cut[limit - 1].isalnum() and (word := _WORD_RUN.search(head)) and word.start() >= limit // 2:
        head = head[: word.start()]  # the cut would split a word or a number
    return head.rstrip(" ,，、") + "…"


def dealt_elsewhere(req: TurnRequest) -> set[str]:
    """In a ``simultaneous`` round, the claims dealt to the round's other speakers: each
    claim goes to one of the speakers who may voice it (its ``voices`` in the round, or
    every speaker) by a stable hash of its id, so two sealed statements, prepared apart like
    separate briefs, never make the same argument."""
    if req.policy != "simultaneous":
        return set()
    return set(
        _dealt_elsewhere(req.rubric, tuple(req.round_spec.speakers or req.scenario.order()), req.persona.id)
    )


_DEALT: Store = {}


def _dealt_elsewhere(rubric: Rubric, order: tuple[str, ...], persona: str) -> frozenset[str]:
    """:func:`dealt_elsewhere` for a claim library (by identity: never changed once loaded,
    kept with the value), a speaking order and a speaker; emptied past 4096 entries."""

    def build() -> frozenset[str]:
        out = set()
        for c in rubric.claims:
            able = [p for p in order if p in c.voices] if c.voices else order
            if able and able[zlib.crc32(c.id.encode()) % len(able)] != persona:
                out.add(c.id)
        return frozenset(out)

    return remember(_DEALT, 4096, (rubric,), build, (order, persona))


class Plan:
    """What one turn will say and do; filled by the negotiator, read by :func:`render`."""

    def __init__(self, req: TurnRequest, used: set[str], ranked: list[str], prefs: Preferences | None = None):
        self.req, self.lang = req, req.lang
        self.ranked = ranked
        self.prefs = prefs
        self.barred = dealt_elsewhere(req)
        self.used = set(used)
        self.parts: list[tuple[str, dict[str, Any]]] = []
        self.acts: list[Act] = []
        self.claims: list[str] = []
        self.answer_: Answer | None = None
        self.proposal: Proposal | None = None
        self.stances: list[Stance] = []
        self.conceded: dict[str, str] = {}
        self.argued: set[str] = set()  # issues this turn argued or held: its package keeps them
        self.held: set[str] = set()  # issues this turn said it holds
        self.uses: dict[str, int] = {}  # act -> times said this turn (for its phrasing)
        # issue -> options the speaker backs this turn (its own package, packages it votes for):
        # a stance against another package is never explained by one of them
        self.accepts: dict[str, set[str]] = {}
        self.walked = False

    # --- names -------------------------------------------------------------
    def who(self, pid: str) -> str:
        """A seated persona's short name in the debate language."""
        for q in (self.req.persona, *self.req.others):
            if q.id == pid:
                return q.short.in_(self.lang)
        return pid

    def issue_name(self, iid: str) -> str:
        """An issue's title in the debate language."""
        return self.req.scenario.issue(iid).title.in_(self.lang)

    def option_name(self, iid: str, oid: str) -> str:
        """An option's label in the debate language (English: lower-cased first letter,
        as it stands mid-sentence, "a"/"an" included, unless it starts an acronym)."""
        label = self.req.scenario.issue(iid).option(oid).label.in_(self.lang)
        first = label.split(" ", 1)[0]
        if self.lang == "en" and (first[1:2].islower() or first in ("A", "An")):
            return label[0].lower() + label[1:]
        return label

    def settlement(self, settles: dict[str, str]) -> str:
        """``issue: option; ...`` over the issues in scenario order."""
        return t("debate-clause-sep", self.lang).join(
            t(
                "debate-settle-item",
                self.lang,
                issue=self.issue_name(i.id),
                option=self.option_name(i.id, settles[i.id]),
            )
            for i in self.req.scenario.issues
            if i.id in settles
        )

    def _titles(self, iids: list[str]) -> str:
        """Issue titles joined as the language joins a list (``debate-and``), each in quotes
        (``debate-quoted``)."""
        q = [t("debate-quoted", self.lang, text=self.issue_name(i)) for i in iids]
        return functools.reduce(lambda a, b: t("debate-and", self.lang, a=a, b=b), q) if q else ""

    def money(self, settles: dict[str, str]) -> str:
        """Yearly cost in words (common.ftl ``amount``): ``1200億元`` or ``120 billion yuan``;
        over the scenario's budget it says so and names the budget (``debate-cost-over``), so
        a class sees a package that breaks the 避免重複投資浪費 limit as it is tabled."""
        sc = self.req.scenario
        amount = t("amount", self.lang, amount=cost(sc, settles))
        if sc.budget is not None and over_budget(sc, settles) > 0:
            return t(
                "debate-cost-over", self.lang, amount=amount, budget=t("amount", self.lang, amount=sc.budget)
            )
        return amount

    def _add(self, act: str, tag: Act | None = None, **params: Any) -> None:
        params.setdefault("me", self.who(self.req.persona.id))  # every act may name its speaker
        self.parts.append((act, params))
        if tag is not None and tag not in self.acts:
            self.acts.append(tag)

    # --- acts --------------------------------------------------------------
    def react(self, note: str, named: list[str]) -> None:
        """Answer facilitator news; name the instrument it makes more urgent."""
        note = note.strip().rstrip("。.!！")
        short = note if len(note) <= 90 else note[:88] + "…"
        st = self.req.persona.stances
        pool = [i for i in named if i in st and st[i].score > 0]
        if pool:
            self._add(
                "react",
                "react",
                me=self.who(self.req.persona.id),
                note=short,
                inst=self.req.rubric.instrument(pool[0]).name.in_(self.lang),
            )
        else:
            self._add("react_plain", "react", note=short, me=self.who(self.req.persona.id))

    def state(self, issue: Issue, option: str) -> None:
        """State the persona's option on an issue."""
        self._add(
            "state",
            "state",
            issue=issue.title.in_(self.lang),
            option=self.option_name(issue.id, option),
            me=self.who(self.req.persona.id),
        )

    def argue(self, claim: Claim, issue: Issue, option: str, rebut: bool = False) -> None:
        """Make ``claim`` for ``option`` of ``issue`` (after a rebut intro when ``rebut``)."""
        self.used.add(claim.id)
        self.claims.append(claim.id)
        self.argued.add(issue.id)
        text = claim.text.in_(self.lang)
        if rebut and self.parts and self.parts[-1][0] == "rebut":
            self.parts[-1][1].update(claim=text, option=self.option_name(issue.id, option))
            return
        if self.req.persona.kind == "external":
            self._add("argue_outside", "argue", issue=issue.title.in_(self.lang), claim=text)
            return
        title = issue.title.in_(self.lang)
        # "Our reason: …" only right after a sentence on the same issue; else name the issue
        follows = bool(self.parts) and self.parts[-1][1].get("issue") in (title, self.issue_name(issue.id))
        self._add(
            "argue" if follows else "argue_issue",
            "argue",
            issue=title,
            option=self.option_name(issue.id, option),
            claim=text,
        )

    def answer(self, ans: Answer, ch: Challenge) -> None:
        """Record the answered claim; the act sentence follows from the rebut/concede/hold."""
        self.answer_ = ans
        mine = self.req.scenario.issue(ch.issue.id)
        params = {
            "who": self.who(ans.persona),
            "gist": gist(ch.claim.text.in_(self.lang), self.lang),
            "issue": mine.title.in_(self.lang),
        }
        if ans.how == "rebut":
            self._add("rebut", "rebut", option="", claim="", **params)
        self._pending = params

    def concede(self, issue: Issue, option: str) -> None:
        """Give ground on ``issue``: accept ``option``."""
        self.conceded[issue.id] = option
        self._add("concede", "concede", option=self.option_name(issue.id, option), **self._pending)

    def hold(self, issue: Issue, option: str, despite: list[str] | None = None) -> None:
        """Acknowledge the challenge and keep ``option`` on ``issue``; ``despite``: packages
        it votes for that settle ``issue`` otherwise (it then says it backs them as a whole)."""
        self.argued.add(issue.id)
        self.held.add(issue.id)
        name = self.option_name(issue.id, option)
        if despite:
            self._add("hold_vote", "state", option=name, pids=_join(despite, self.lang), **self._pending)
        else:
            self._add("hold", "state", option=name, **self._pending)

    def back_whole(self, pids: list[str]) -> None:
        """In the vote, after defending an option the packages ``pids`` it votes for do not
        have: it backs them as a whole all the same."""
        self._add("back_whole", "explain_vote", pids=_join(pids, self.lang))

    def persuaded(self, issue: Issue, option: str, by: str) -> None:
        """Say that ``by``'s argument moved the speaker to ``option`` on ``issue``."""
        self._add(
            "persuaded",
            "concede",
            who=self.who(by),
            issue=self.issue_name(issue.id),
            option=self.option_name(issue.id, option),
        )

    def red_line(self, rl: RedLine) -> None:
        """Name a red line."""
        tag: Act = "threaten" if self.req.persona.kind == "external" else "state"
        self._add("red_line", tag, text=rl.text.in_(self.lang))

    def walkout(self, rl: RedLine | None) -> None:
        """Say it will walk away: no package on the table is worth its reservation."""
        self.walked = True
        if rl is None:
            self._add("walkout_plain", "threaten")
        else:
            self._add("walkout", "threaten", text=rl.text.in_(self.lang))

    def threaten(self, pid: str, rl: RedLine) -> None:
        """Warn that it votes against the leading package ``pid`` while it breaks ``rl``."""
        self._add("threaten", "threaten", pid=pid, text=rl.text.in_(self.lang))

    def propose(self, settles: dict[str, str], trimmed: list[str] | None = None) -> None:
        """Table a package settling ``settles``; the speech names its two heaviest issues
        (the rest is in the proposal's table) and the issues ``trimmed`` to fit the budget,
        where the package is not the speaker's first choice (so a class is not left to guess
        why a party's first package differs from its opening). In a sealed (``simultaneous``)
        round the speech does not name the package's id: ids are given in the order the
        moves are read out (roleplay.debate.sealed), which no speaker can know."""
        pid = f"P{len(self.req.table) + 1}"
        title = t("debate-plan-title", self.lang, who=self.who(self.req.persona.id))
        self.proposal = Proposal(
            id=pid,
            title=title,
            settles=settles,
            rationale=self.settlement(settles),
            items=items_for(self.req.scenario, self.req.rubric, settles),
        )
        head = [i for i in self.ranked[:2] if i in settles]
        sealed = self.req.policy == "simultaneous"  # its id is only known when read out
        self._add(
            "propose_sealed" if sealed else "propose",
            "propose",
            pid=pid,
            core=self._titles(head),
            cost=self.money(settles),
            rest=str(len(settles) - len(head)),
        )
        if trimmed:
            self._add("budget_trim", None, issues=self._titles(trimmed))

    def back_same(self, prop: Proposal) -> None:
        """Back ``prop``, already tabled with the very package the speaker would table,
        instead of tabling a copy (a class saw P2 tabled identical to P1)."""
        self.stances.append(
            Stance(proposal=prop.id, position="support", reason=self._vote_reason(prop, True))
        )
        self._add("back_same", "state", pid=prop.id, who=self.who(prop.author))

    def revise(
        self,
        mine: Proposal,
        settles: dict[str, str],
        changes: list[tuple[str, str, str]],
        why: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        """Revise the persona's own package (``changes``: issue, old option, new option);
        ``why``: issue -> (``conceded`` | ``asked`` | ``budget``, persona id), said after
        each change (a class sees why a package moved, not only that it did)."""
        none = t("debate-change-none", self.lang)
        why = why or {}
        text = t("debate-clause-sep", self.lang).join(
            t(
                "debate-change-item",
                self.lang,
                issue=self.issue_name(i),
                old=self.option_name(i, old) if old else none,
                new=self.option_name(i, new),
                why=why[i][0] if i in why else "none",
                who=self.who(why[i][1]) if i in why and why[i][1] else "",
            )
            for i, old, new in changes
        )
        self.proposal = Proposal(
            id=mine.id,
            title=mine.title,
            settles=settles,
            rationale=self.settlement(settles),
            items=items_for(self.req.scenario, self.req.rubric, settles),
        )
        self._add(
            "revise",
            "revise",
            pid=mine.id,
            version=str(mine.version + 1),
            changes=text,
            cost=self.money(settles),
        )

    def withdraw(self, mine: Proposal, leader: Proposal) -> None:
        """Take the persona's own package off the table and back ``leader``."""
        self.proposal = mine.model_copy(update={"withdrawn": True})
        self.stances.append(
            Stance(proposal=leader.id, position="support", reason=self._vote_reason(leader, True))
        )
        self._add("withdraw", "concede", pid=mine.id, lead=leader.id, who=self.who(leader.author))

    def stance(self, s: Stance) -> None:
        """Take a stance; its reason is worded from the issue it turns on. One stance per
        package a turn: a package the turn already backed (withdrawing its own for it) keeps
        that stance."""
        if any(x.proposal == s.proposal for x in self.stances):
            return
        prop = next(x for x in self.req.table if x.id == s.proposal)
        iid = next(iter(s.settle), None) or self._decisive_issue(prop, s.position == "support")
        reason = ""
        if iid is not None:
            key = {
                "support": self._support_key(prop, iid),
                "amend": "reason_amend",
                "oppose": "reason_oppose",
            }[s.position]
            oid = s.settle.get(iid) or prop.settles.get(iid)
            if oid and s.position == "support":
                reason = self._vote_reason(prop, True)  # it also says what it now lives with
            elif oid:
                reason = self._say(
                    key, issue=self.issue_name(iid), option=self.option_name(iid, oid), fresh=False
                )
        self.stances.append(s.model_copy(update={"reason": reason or s.position}))
        if s.position == "amend" and iid is not None:
            if s.give:
                gi, go = next(iter(s.give.items()))
                self._add(
                    "trade",
                    "trade",
                    pid=prop.id,
                    issue=self.issue_name(iid),
                    option=self.option_name(iid, s.settle[iid]),
                    give_issue=self.issue_name(gi),
                    give_option=self.option_name(gi, go),
                )
            else:
                self._add(
                    "amend",
                    "argue",
                    pid=prop.id,
                    issue=self.issue_name(iid),
                    option=self.option_name(iid, s.settle[iid]),
                )

    def _support_key(self, prop: Proposal, iid: str) -> str:
        """``reason_support`` ("we get X") when ``prop`` has the speaker's own option on
        ``iid``; ``reason_support_ok`` ("we can live with X") when it backs it for less."""
        own = self.prefs is None or prop.settles.get(iid) == self.prefs.best(iid)
        return "reason_support" if own else "reason_support_ok"

    def _decisive_issue(self, prop: Proposal, yes: bool) -> str | None:
        """The issue a stance or vote on ``prop`` is explained by (None if it settles none).
        For (``yes``): the speaker's heaviest issue on which ``prop`` has the speaker's own
        option, else the one where ``prop``'s option is worth most to it. Against: its
        heaviest issue on which ``prop``'s option is worth less than nothing to it, else its
        heaviest where ``prop`` differs from its own option, else the one worth least; an
        option the speaker backs this turn (``accepts``: its own package, the packages it
        votes for) explains a "no" only if nothing else can. So a persona never backs a
        package "for" an option it argued against, nor rejects one for what its own has.
        Without preferences (a bare plan): the heaviest issue ``prop`` settles."""
        settled = [i for i in self.ranked if i in prop.settles]
        if self.prefs is None or not settled:
            return settled[0] if settled else None
        prefs = self.prefs

        def worth(i: str) -> float:
            return prefs.utilities[i].get(prop.settles[i], 0.0)

        if yes:
            own = [i for i in settled if prop.settles[i] == prefs.best(i)]
            return own[0] if own else max(settled, key=worth)
        backed = [i for i in settled if prop.settles[i] not in self.accepts.get(i, ())]
        bad = (
            [i for i in backed if worth(i) < 0]
            or [i for i in backed if prop.settles[i] != prefs.best(i)]
            or [i for i in settled if worth(i) < 0]
            or [i for i in settled if prop.settles[i] != prefs.best(i)]
        )
        return bad[0] if bad else min(settled, key=worth)

    def vote(self, prop: Proposal, yes: bool, value: float, prefer: str | None = None) -> None:
        """Cast a vote on ``prop``. ``prefer``: against a package the speaker had backed and
        can still live with, the package it votes for instead; the reason then says so
        (``reason_prefer``), not that ``prop`` is unacceptable."""
        reason = (
            self._say("reason_prefer", fresh=False, pid=prop.id, best=prefer)
            if prefer is not None and not yes
            else self._vote_reason(prop, yes)
        )
        self.stances.append(Stance(proposal=prop.id, position="support" if yes else "oppose", reason=reason))

    def _vote_reason(self, prop: Proposal, yes: bool) -> str:
        """Why a stance or vote on ``prop``: its decisive issue (:meth:`_decisive_issue`); a
        "yes" to a package with an option the speaker earlier gave as its reason for a "no"
        also says it can now live with that option (a class saw support flip unexplained)."""
        iid = self._decisive_issue(prop, yes)
        if iid is None:
            return "support" if yes else "oppose"
        key = self._support_key(prop, iid) if yes else "reason_oppose"
        reason = self._say(
            key, issue=self.issue_name(iid), option=self.option_name(iid, prop.settles[iid]), fresh=False
        )
        turned = self._turned(prop) if yes else None
        if turned is not None and turned != iid:
            now = self._plain(
                "reason_now_ok",
                issue=self.issue_name(turned),
                option=self.option_name(turned, prop.settles[turned]),
            )
            reason = t("debate-clause-sep", self.lang).join([reason, now])
        return reason

    def _turned(self, prop: Proposal) -> str | None:
        """The heaviest issue on which ``prop`` has an option the speaker gave, in an
        earlier turn, as its reason for opposing a package (None if none)."""
        me = self.req.persona.id
        said = [
            s.reason
            for t_ in self.req.history
            if t_.persona == me and t_.move is not None
            for s in t_.move.stances
            if s.position == "oppose"
        ]
        for iid in self.ranked:
            if iid in prop.settles and said:
                no = self._plain(
                    "reason_oppose",
                    issue=self.issue_name(iid),
                    option=self.option_name(iid, prop.settles[iid]),
                )
                if any(no in r for r in said):
                    return iid
        return None

    def _plain(self, act: str, **params: Any) -> str:
        """``act``'s first variant rendered as :meth:`_say` stores it, with no bookkeeping."""
        return _phrase(act, getattr(load_acts().acts[act], source(self.lang))[0], self.lang, params)

    def observe(self, prop: Proposal | None, iid: str | None) -> None:
        """A non-voter's last word: ``prop``'s option on ``iid`` is closest to its view (one
        it argued for); with no package, that it will watch the outcome."""
        if prop is None or iid is None:
            self._add("observe_plain", "explain_vote")
        else:
            self._add(
                "observe",
                "explain_vote",
                pid=prop.id,
                issue=self.issue_name(iid),
                option=self.option_name(iid, prop.settles[iid]),
            )

    # --- words -------------------------------------------------------------
    def _say(self, act: str, fresh: bool = True, **params: Any) -> str:
        """Render ``act``: the persona's next variant in its seeded cycle (one step further
        for each earlier use of the act in this turn, so one speech does not repeat a frame)
        none of whose sentences the run has heard yet (nor this turn). If every variant
        repeats one: "" when ``fresh``, else the first variant (a stance must be said)."""
        book = load_acts().acts[act]
        options: list[str] = getattr(book, source(self.lang))
        # an act said twice in one turn takes the next variant
        k = self.spoken + self.uses.get(act, 0)
        self.uses[act] = self.uses.get(act, 0) + 1
        first = ""
        for n in range(len(options)):
            src = variant(options, self.req.seed, self.req.persona.id, act, k + n)
            # the phrasebook's words take the debate's script before the content goes in, so a
            # claim stands in the speech exactly as its text in_(lang) reads (OpenCC converts by
            # context: 等於 alone, 等于 inside a longer sentence); then punctuation (P1，核心)
            text = _phrase(act, src, self.lang, params)
            first = first or text
            said = _sentences(text)
            if self.heard.isdisjoint(said):
                self.heard.update(said)
                return text
        return "" if fresh else first

    @property
    def heard(self) -> set[str]:
        """Every sentence said in the run so far, this turn included."""
        if not hasattr(self, "_heard"):
            self._heard = set(_heard_before(self.req.history))
        return self._heard

    @property
    def spoken(self) -> int:
        """How many turns the speaker has had before this one."""
        if not hasattr(self, "_spoken"):
            self._spoken = sum(1 for t in self.req.history if t.persona == self.req.persona.id)
        return self._spoken


_HEARD: list[tuple[list[Turn], frozenset[str]]] = []
"""The last history :func:`_heard_before` answered (its turns) and its answer."""


def _heard_before(history: list[Turn]) -> frozenset[str]:
    """Every sentence of the moves in ``history``. A debate's histories grow turn by turn, so
    the answer for the last history asked is extended when ``history`` begins with its
    turns (the same Turn objects)."""
    start, base = 0, frozenset[str]()
    if _HEARD:
        turns, said = _HEARD[0]
        n = len(turns)
        if n <= len(history) and all(a is b for a, b in zip(turns, history[:n], strict=True)):
            start, base = n, said
    new = [s for t in history[start:] if t.move is not None for s in _sentences(t.move.speech)]
    out = base.union(new) if new else base
    _HEARD[:] = [(list(history), out)]
    return out


PHRASE_MEMO = 8192
"""Most rendered phrasebook sentences :func:`_phrase` keeps (a batch of one scenario says
the same act with the same words over and over)."""


def _phrase(act: str, src: str, lang: Lang, params: dict[str, Any]) -> str:
    """Phrasebook variant ``src`` of ``act`` rendered with ``params``: the phrasebook's words
    take the debate's script before the content goes in, so a claim stands in the speech
    exactly as its text in_(lang) reads (OpenCC converts by context: 等於 alone, 等于 inside
    a longer sentence); then punctuation (P1，核心), in the form the speech is stored in
    (run_on's catalogue message sets quotation marks and spacing), so a sentence heard
    before is recognised. Remembered (:func:`_phrase_memo`) when every parameter is a
    ``str`` or an ``int``."""
    items = tuple(sorted(params.items()))
    if all(type(v) in (str, int) for _, v in items):
        return _phrase_memo(act, src, lang, items)
    return _phrase_now(act, src, lang, params)


@functools.lru_cache(maxsize=PHRASE_MEMO)
def _phrase_memo(act: str, src: str, lang: Lang, items: tuple[tuple[str, Any], ...]) -> str:
    return _phrase_now(act, src, lang, dict(items))


def _phrase_now(act: str, src: str, lang: Lang, params: dict[str, Any]) -> str:
    text = render_string(localize(src, lang), f"offline/acts.yaml:{act}", **params)
    return quotes(fullwidth(text), lang) if is_zh(lang) else text


def render(plan: Plan) -> Move:
    """The Move for ``plan``: speech from its acts (grouped stance and vote sentences
    last), proposal, stances, claims, answer, acts and walk-out."""
    out: list[str] = []
    for act, params in plan.parts:
        text = plan._say(act, **params)
        if text and text not in out:
            out.append(text)
    voting = plan.req.round_spec.phase == "vote"
    for key, pos in (
        ("vote_yes" if voting else "support", "support"),
        ("vote_no" if voting else "oppose", "oppose"),
    ):
        reasons = dict.fromkeys(s.reason for s in plan.stances if s.position == pos)
        for reason in reasons:  # one sentence per reason: it must hold for every package named
            group = [s for s in plan.stances if s.position == pos and s.reason == reason]
            pids = _join([s.proposal for s in group], plan.lang)
            text = plan._say(
                key, pids=pids, n=len(group), reason=group[0].reason, me=plan.who(plan.req.persona.id)
            )
            out.append(
                text
                or plan._say(
                    "stance_again",
                    fresh=False,
                    who=plan.who(plan.req.persona.id),
                    round=str(plan.req.round),
                    pids=pids,
                    position=plan._say(f"position_{pos}", fresh=False),
                )
            )
    if voting and plan.stances:
        plan.acts.append("explain_vote")
    speech = run_on(plan.lang, [s for s in out if s]) or t("debate-silence", plan.lang)
    return Move(
        speech=speech,
        proposal=plan.proposal,
        stances=plan.stances,
        claims=plan.claims,
        answers=plan.answer_,
        acts=plan.acts,
        walkout=plan.walked,
        mechanisms=_mechanisms(plan),
    )


_SENTENCE = re.compile(r"(?<=[。！？!?])|(?<=\.)\s")


def sentences(text: str) -> list[str]:
    """The sentences of a speech (split after 。！？!? and after a full stop followed by a
    space), stripped; fragments under 6 characters are left out."""
    return list(_sentences(text))


@functools.lru_cache(maxsize=8192)
def _sentences(text: str) -> tuple[str, ...]:
    """:func:`sentences` memoised (every turn re-reads the run's earlier speeches)."""
    return tuple(s.strip() for s in _SENTENCE.split(text) if len(s.strip()) >= 6)


def _join(pids: list[str], lang: Lang) -> str:
    return t("list-sep", lang).join(pids)


def _mechanisms(plan: Plan) -> list[str]:
    """The element ids of the issues this turn speaks to (for the TUI's side panel)."""
    out: list[str] = []
    sc = plan.req.scenario
    for pid in [plan.proposal] if plan.proposal else []:
        for iid in pid.settles:
            el = sc.issue(iid).element
            if el not in out:
                out.append(el)
    for cid in plan.claims:
        for fav in plan.req.rubric.claim(cid).favours:
            for el in plan.req.rubric.instrument(fav.instrument).elements:
                if el not in out:
                    out.append(el)
    return out
