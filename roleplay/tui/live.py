"""Live mode: the engine runs in an async worker and reports through messages.

The worker (same event loop as the UI, no thread) runs :func:`roleplay.debate.session.run_to_folder`;
its sink posts :class:`LiveApp.EngineEvent` for each event, and the human seat posts
:class:`LiveApp.HumanTurnRequested`, so only message handlers touch widgets. Every backend
is wrapped in :class:`~.interrupt.Interruptible`, so Skip and End cut a turn short at once,
and Quit cancels the worker (the run folder keeps every finished event).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual import on
from textual.message import Message
from textual.worker import Worker, WorkerState

from roleplay.debate.backend import Backend, TurnRequest
from roleplay.debate.control import DebateControl
from roleplay.debate.events import DebateEnded, DebateStarted, Event, TextDelta
from roleplay.debate.move import Move
from roleplay.debate.session import run_to_folder
from roleplay.debate.setup import DebateSetup
from roleplay.errors import InputError
from roleplay.tui.app import SCROLL_BINDINGS, DebateApp, bindings
from roleplay.tui.board import Board
from roleplay.tui.human import HumanSeat
from roleplay.tui.interrupt import Interruptible
from roleplay.tui.labels import LIVE_KEYS, ui
from roleplay.tui.pace import Pace, Paced
from roleplay.tui.render import other_lang
from roleplay.tui.screens import InjectScreen, PickPersonaScreen

Sink = Callable[[Event], None]
Engine = Callable[[Sink], Awaitable[None]]
"""What the worker runs: given a sink, produce the debate's events (default: the real engine)."""


class LiveApp(DebateApp):
    """Watch and steer a debate as it is generated (see module docstring)."""

    KEYS = LIVE_KEYS
    BINDINGS = bindings(LIVE_KEYS) + SCROLL_BINDINGS

    class EngineEvent(Message):
        """One debate event from the engine worker."""

        def __init__(self, event: Event):
            super().__init__()
            self.event = event

    class HumanTurnRequested(Message):
        """The human seat needs a move; answer by setting ``future`` (a Move, or None to pass)."""

        def __init__(self, request: TurnRequest, future: asyncio.Future):
            super().__init__()
            self.request, self.future = request, future

    class HumanTurnCancelled(Message):
        """The human seat's turn was cut short (Skip, End or Quit); close its form."""

    def __init__(
        self,
        setup: DebateSetup,
        backends: dict[str, Backend],
        folder: Path,
        run_id: str,
        *,
        human: str | list[str] | None = None,
        theme: str = "dark",
        control: DebateControl | None = None,
        engine: Engine | None = None,
        pace: Pace | None = None,
    ):
        """``engine`` replaces the real engine (tests and benchmarks feed recorded events).
        ``human``: the persona id (or ids, a class of teams) played at the keyboard, in turn.
        ``pace``: how fast the other seats speak (None: instant, as in ``roleplay run``)."""
        super().__init__(lang=setup.lang, theme=theme, folder=folder)
        self._engine_fn = engine
        self.humans: list[str] = [human] if isinstance(human, str) else list(human or [])
        self.setup, self.run_id = setup, run_id
        self.human: str | None = self.humans[0] if self.humans else None
        """The first human seat (None without one); ``humans`` lists them all."""
        self.control = control or DebateControl()
        self.pace = pace or Pace.instant()
        instant = self.pace.chars_per_s is None and self.pace.min_turn_s == 0
        seats: dict[str, Backend] = {
            pid: b if instant else Paced(b, self.pace) for pid, b in backends.items()
        }
        for pid in self.humans:
            seats[pid] = HumanSeat(self._ask_human)
        self.seats = {pid: Interruptible(b) for pid, b in seats.items()}
        self.total_rounds = len(setup.agenda())
        self.engine: Worker[None] | None = None
        self._human_lock: asyncio.Lock | None = None

    def on_mount(self) -> None:
        """Set up state once the widget is mounted (Textual hook)."""
        self.set_titles(self._mode())
        self.refresh_side()
        self.engine = self.run_worker(self._run_engine(), name="engine", group="engine", exit_on_error=False)

    def _mode(self) -> str:
        labels = sorted({s.label for s in self.seats.values()})
        return f"{self.setup.scenario.id} · {', '.join(labels)}"

    def on_lang_changed(self) -> None:
        """Re-label everything after the interface language changed."""
        self.set_titles(self._mode())

    async def _run_engine(self) -> None:
        if self._engine_fn is not None:
            await self._engine_fn(self._sink)
            return
        await run_to_folder(
            self.setup, self.seats, self.folder, self.run_id, sinks=[self._sink], control=self.control
        )

    def _sink(self, event: Event) -> None:
        self.post_message(self.EngineEvent(event))

    @property
    def finished(self) -> bool:
        """True once the debate has ended (or its worker stopped)."""
        return (self.board is not None and self.board.status is not None) or self.error is not None

    @on(EngineEvent)
    def _on_engine_event(self, message: EngineEvent) -> None:
        e = message.event
        self.events.append(e)
        if isinstance(e, DebateStarted):
            self.started = e
            self.board = Board(e, self.total_rounds)
            self.transcript.begin(e, self.lang)
            self.set_titles(self._mode())
        elif self.board is not None:
            self.board.apply(e)
        self.transcript.show(e, votes=self.board.votes if self.board else None)
        if not isinstance(e, TextDelta):
            self.refresh_side()
        if isinstance(e, DebateEnded):
            self.notify(ui(self.lang, "ended", status=ui(self.lang, e.status), folder=self.folder), timeout=4)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Follow the engine worker: show its end or its error (Textual hook)."""
        if event.worker is self.engine and event.state == WorkerState.ERROR:
            self.error = str(event.worker.error)
            self.notify(
                self.error, title=ui(self.lang, "error_title"), severity="error", timeout=30, markup=False
            )
            self.refresh_side()

    def state_word(self) -> str:
        """The run state shown in the side panel (running, paused, ended...), in the UI language."""
        if self.error is not None:
            return ui(self.lang, "failed")
        if self.board is not None and self.board.status:
            return ui(self.lang, self.board.status)
        busy = any(s.busy for s in self.seats.values())
        if self.control.paused:
            return ui(self.lang, "pausing" if busy else "paused")
        if self.board is not None and self.board.speaking and self.started is not None:
            p = next((x for x in self.started.personas if x.id == self.board.speaking), None)
            name = p.short.in_(self.lang) if p else self.board.speaking
            key = "waiting_human" if self.board.speaking in self.humans else "speaking"
            return ui(self.lang, key, name=name)
        return ui(self.lang, "running")

    # -- the human seat -------------------------------------------------------------------

    async def _ask_human(self, request: TurnRequest) -> Move | None:
        """HumanSeat's ``ask``: post a request and wait for the form's answer. Several human
        seats take the keyboard one at a time (a lock), so one form is open at once."""
        if self._human_lock is None:
            self._human_lock = asyncio.Lock()
        async with self._human_lock:
            future: asyncio.Future = asyncio.get_running_loop().create_future()
            self.post_message(self.HumanTurnRequested(request, future))
            try:
                return await future
            except asyncio.CancelledError:
                self.post_message(self.HumanTurnCancelled())
                raise

    @on(HumanTurnRequested)
    def _on_human_turn(self, message: HumanTurnRequested) -> None:
        fut = message.future

        def answer(move: Move | None) -> None:
            """Hand the person's move to the waiting human seat."""
            if not fut.done():
                fut.set_result(move)
            self.refresh_side()

        if fut.done():  # cut short before the form could open
            return
        self.open_human_form(message.request, answer)
        self.refresh_side()

    @on(HumanTurnCancelled)
    def _on_human_cancelled(self, message: HumanTurnCancelled) -> None:
        self.close_human_form()

    # -- facilitator actions ----------------------------------------------------------------

    def action_toggle_pause(self, _lang: str = "") -> None:
        """Pause before the next turn, or resume."""
        self.control.resume() if self.control.paused else self.control.pause()
        self.refresh_side()

    def action_faster(self, _lang: str = "") -> None:
        """Speak faster: the next speed up (streaming rate and minimum turn time)."""
        self.notify(ui(self.lang, "speed", x=f"{self.pace.faster():g}"), timeout=2)

    def action_slower(self, _lang: str = "") -> None:
        """Speak slower: the next speed down."""
        self.notify(ui(self.lang, "speed", x=f"{self.pace.slower():g}"), timeout=2)

    def action_step(self, _lang: str = "") -> None:
        """Let exactly one more turn (or one sealed round's batch) run, then hold."""
        self.control.step()
        self.refresh_side()

    def action_inject(self, _lang: str = "") -> None:
        """Ask for a facilitator message and queue it for every persona's next turn."""
        if self.finished:
            self.notify(ui(self.lang, "ended_already"), timeout=3)
            return

        def queue(text: str | None) -> None:
            """Queue a facilitator message for the engine."""
            if text:
                self.control.inject(text)
                self.notify(ui(self.lang, "injected"), timeout=3)

        self.push_screen(InjectScreen(self.lang), queue)

    def action_skip(self, _lang: str = "") -> None:
        """Pick a persona; cut its turn short if it is speaking, else skip its next turn."""
        if self.started is None:
            return
        if self.finished:
            self.notify(ui(self.lang, "ended_already"), timeout=3)
            return

        def skip(pid: str | None) -> None:
            """Skip a persona: cut its turn short if it is speaking, else skip its next turn."""
            if pid is None:
                return
            name = next(p.short.in_(self.lang) for p in self.started.personas if p.id == pid)
            if self.seats[pid].abort("skipped by the facilitator"):
                self.notify(ui(self.lang, "cut_short", name=name), timeout=3)
            else:
                self.control.skip(pid)
                self.notify(ui(self.lang, "will_skip", name=name), timeout=3)

        self.push_screen(
            PickPersonaScreen(
                self.lang,
                ui(self.lang, "pick.skip"),
                self.started.personas,
                other_lang(self.started, self.lang),
            ),
            skip,
        )

    def action_end_now(self, _lang: str = "") -> None:
        """Stop generating now; the engine scores the debate as it stands."""
        if self.finished:
            return
        self.control.stop()
        for seat in self.seats.values():
            seat.abort("stopped by the facilitator")
        self.notify(ui(self.lang, "ending"), timeout=3)

    async def action_quit(self, _lang: str = "") -> None:
        """Cancel generation at once and quit (finished events stay in the run folder)."""
        if self.engine is not None and self.engine.is_running:
            self.engine.cancel()
        self.exit()


def live_app(
    setup: DebateSetup,
    backends: dict[str, Backend],
    folder: Path,
    run_id: str,
    *,
    human: str | list[str] | None = None,
    theme: str = "dark",
    pace: Pace | None = None,
    start_paused: bool = False,
) -> LiveApp:
    """Build the live app for a prepared debate (see roleplay.debate.session.prepare).

    ``human``: one persona id or several (each played at the keyboard, in turn); ``pace``: how
    fast the other seats speak (None: instant); ``start_paused``: hold before the first turn
    (round 1 is announced, then the facilitator presses space or ``n``).

    Raises:
        InputError: a ``human`` is not a seated persona or is named twice, or ``theme`` is unknown.
    """
    seated = setup.scenario.personas
    humans = [human] if isinstance(human, str) else list(human or [])
    for h in humans:
        if h not in seated:
            raise InputError("error-human-not-seated", id=h, scenario=setup.scenario.id, seated=list(seated))
    if len(set(humans)) < len(humans):
        raise InputError("error-human-twice", ids=list(humans))
    if theme not in ("dark", "light"):
        raise InputError("error-theme", theme=theme)
    control = DebateControl()
    if start_paused:
        control.pause()
    return LiveApp(
        setup, backends, folder, run_id, human=humans or None, theme=theme, pace=pace, control=control
    )
