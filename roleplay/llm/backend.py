"""The LLM backend: a persona's turn through any OpenAI-compatible server.

:class:`LLMBackend` implements :class:`roleplay.debate.backend.Backend`. One turn is: build the
conversation, stream the reply (speech as Deltas), read the move out of it and validate
it client side; if it does not validate, ask once for a corrected move; if that fails
too, return a ``failed`` TurnResult that keeps the raw text. It never raises for a model
or server fault and never fills in a value the model did not give.

Statuses: ``ok``; ``incomplete`` (the link dropped or the deadline passed after some
speech was shown, or the speech streamed but no valid move came even after the repair:
the move is that speech alone, and ``error`` says why); ``failed`` (no speech and no usable
move; ``error`` says why, ``raw`` keeps what came). The backend becomes ``fatal`` (later
turns fail at once, without a call; the engine stops the debate on it) after an
:class:`~roleplay.llm.faults.AccessError` (bad key, no access, no model, no quota), when
its server never answered at all (:class:`ServerUnreachable`: a dead server fails the
debate in seconds, not minutes), or, before its first call, when its fixed prompt cannot
fit its context window (:class:`PromptTooLong`).

The context window is read, not assumed (issue #14): before the first call the server is
asked (:func:`roleplay.llm.chat.probe_window`); the user's setting caps it; without either
the provider's conservative default holds. A server that refuses a prompt as too long and
says its window (llama.cpp's ``exceed_context_size_error``) gets the turn once more, trimmed
to that window.

No key leaves this module: the caller masks every reply as it streams and every fault as it
is classified (see roleplay.llm.redaction), before anything here reads it; so every item a
turn or a scoring yields is built from masked text. (The transcript writer masks once more
at the sink, for every backend: see roleplay.secrets.)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from pydantic import SecretStr

from roleplay.debate.backend import BackendItem, Delta, Notice, TurnRequest, TurnResult
from roleplay.debate.move import Move
from roleplay.errors import BackendError, PermanentBackendError, msg
from roleplay.llm.cache import ResponseCache
from roleplay.llm.caller import Caller, CallOutcome, add_usage
from roleplay.llm.chat import ChatClient, SSEChatModel, probe_window
from roleplay.llm.conversation import (
    ChatMessage,
    ContextPolicy,
    Conversation,
    build_turn_messages,
    repair_messages,
)
from roleplay.llm.faults import AccessError, ContextOverflow, RetryBudget, RetryPolicy
from roleplay.llm.judge import JudgeRequest, JudgeResult, run_judge
from roleplay.llm.reply import cut_speech, parse_move
from roleplay.llm.spec import KNOB_OPTIONS, BackendSpec, key_source, parse_spec, resolve_key
from roleplay.streams import Final, forward

if TYPE_CHECKING:
    from roleplay.llm.pool import PooledBackend


class ServerUnreachable(PermanentBackendError):
    """The backend's server has never answered (refused, unroutable, silent): every later
    turn would wait the same, so the debate stops."""


class PromptTooLong(PermanentBackendError):
    """The seat's fixed prompt (no history at all) plus its reply budget exceeds its window."""


class LLMBackend:
    """A persona seat (or the judge) played by a model.

    Args:
        spec: the parsed backend spec.
        key: the API key (default: from the environment or keys file, see spec.resolve_key).
        retry: per-call retry policy. budget: the debate's shared retry budget.
        cache: an open response cache, or None. context: history policy.

    Raises:
        InputError: the provider needs a key and none is configured.
    """

    def __init__(
        self,
        spec: BackendSpec,
        *,
        key: SecretStr | None = None,
        retry: RetryPolicy | None = None,
        budget: RetryBudget | None = None,
        cache: ResponseCache | None = None,
        context: ContextPolicy | None = None,
    ):
        key = key or resolve_key(spec)
        self.spec, self.label = spec, spec.label
        self.context = context or ContextPolicy()
        self.fatal: PermanentBackendError | None = None
        self.last_error: BackendError | None = None
        self.window_source = str(
            msg("error-window-set")
            if spec.context_set
            else msg("error-window-default", provider=spec.provider)
        )
        self._key = key
        self._ready = False
        identity = f"{spec.provider}|{spec.model}|{spec.base_url or ''}"
        source = key_source(spec)
        self.caller = Caller(
            SSEChatModel(client=ChatClient(spec, key)),
            label=spec.label,
            identity=identity,
            policy=retry or RetryPolicy(),
            budget=budget or RetryBudget(),
            cache=cache,
            secrets=[key.get_secret_value(), *([spec.url_key.get_secret_value()] if spec.url_key else [])],
            key_source=source,
        )

    def _set_window(self, tokens: int, source: str) -> None:
        """Use a ``tokens`` window from now on (``source`` says where it came from)."""
        self.spec = self.spec.model_copy(update={"context_tokens": tokens})
        self.caller.model.client.spec = self.spec
        self.window_source = source

    async def _prepare(self) -> None:
        """Once, before the first call: ask the server for its window (the user's setting caps it)."""
        if self._ready:
            return
        self._ready = True
        reported = await probe_window(self.spec, self._key)
        if reported is None:
            return
        if self.spec.context_set and self.spec.context_tokens < reported:
            self.window_source = str(msg("error-window-set-reported", reported=str(reported)))
            return
        self._set_window(reported, str(msg("error-window-reported")))

    def _too_long(self, tokens: int) -> PromptTooLong:
        spec = self.spec
        return PromptTooLong(
            "error-prompt-too-long",
            label=self.label,
            tokens=str(tokens),
            reply=str(spec.max_tokens),
            window=str(spec.context_tokens),
            source=self.window_source,
            context_option=KNOB_OPTIONS["context_tokens"],
            max_option=KNOB_OPTIONS["max_tokens"],
        )

    def _unreachable(self, out: CallOutcome) -> None:
        """Mark the backend fatal if its server has never answered and this call got nothing."""
        if out.error is None or self.caller.answered or isinstance(out.error, PermanentBackendError):
            return
        spec = self.spec
        limits = ", ".join(
            f"{KNOB_OPTIONS[k]} {getattr(spec, k):g}s"
            for k in ("connect_timeout_s", "call_timeout_s", "turn_deadline_s")
        )
        self.fatal = ServerUnreachable(
            "error-server-unreachable", error=out.error, host=spec.host, limits=limits
        )

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        """Score a finished debate with this model (one stateless call; see roleplay.llm.judge)."""
        if self.fatal is not None:
            return JudgeResult(error=str(self.fatal))
        await self._prepare()
        result = await run_judge(
            self.caller,
            request,
            context_tokens=self.spec.context_tokens,
            deadline_s=self.spec.turn_deadline_s,
            scorer=f"llm:{self.label}",
            reply_tokens=self.spec.max_tokens,
        )
        return result

    def prepare(self) -> None:
        """Build this seat's client for the running event loop before the debate starts
        (roleplay.debate.engine calls it; ~70 ms a seat otherwise paid at its first turn)."""
        self.caller.model.client.prepare()

    def messages_for(self, req: TurnRequest) -> list[ChatMessage]:
        """The messages this backend would send for ``req``."""
        return self._conversation(req).messages

    def _conversation(self, req: TurnRequest) -> Conversation:
        return build_turn_messages(
            req,
            method=self.spec.method,
            policy=self.context,
            context_tokens=self.spec.context_tokens,
            reply_tokens=self.spec.max_tokens,
        )

    async def take_turn(self, request: TurnRequest) -> AsyncIterator[BackendItem]:
        """Yield Deltas and Notices, then one TurnResult (see module docstring), keys masked."""
        if self.fatal is not None:
            yield Notice(kind="fault", detail=f"{self.fatal} (not called again)")
            yield TurnResult(status="failed", error=str(self.fatal))
            return
        await self._prepare()
        deadline = asyncio.get_running_loop().time() + self.spec.turn_deadline_s
        conv = self._conversation(request)
        if not conv.fits:
            if conv.window == 0:
                self.fatal = self._too_long(conv.tokens)
                yield Notice(kind="fault", detail=str(self.fatal))
                yield TurnResult(status="failed", error=str(self.fatal))
                return
            yield Notice(
                kind="truncated",
                detail=f"{self.label}: prompt of about {conv.tokens} tokens does not fit "
                f"the {self.spec.context_tokens}-token context; sent anyway",
            )
        for again in (True, False):
            first = Final(CallOutcome)
            async for item in forward(
                self.caller.call(
                    conv.messages,
                    deadline=deadline,
                    mode="speech",
                    json_mode=self.spec.method == "json_mode",
                    seed=request.seed,
                ),
                first,
            ):
                if not isinstance(item, CallOutcome):  # (forward kept it; narrows the type)
                    yield item
            out = first.get()
            err = out.error
            if (
                again
                and isinstance(err, ContextOverflow)
                and err.n_ctx
                and err.n_ctx < self.spec.context_tokens
                and not out.speech
            ):
                self._set_window(err.n_ctx, str(msg("error-window-reported-error")))
                conv = self._conversation(request)
                yield Notice(
                    kind="truncated",
                    detail=f"{self.label}: the server's window is {err.n_ctx} tokens; "
                    f"trying once more with history trimmed to fit",
                )
                if conv.window == 0 and not conv.fits:
                    self.fatal = self._too_long(conv.tokens)
                    yield TurnResult(status="failed", error=str(self.fatal), usage=out.usage)
                    return
                continue
            break
        async for done in self._finish(conv.messages, out, deadline, request.seed):
            yield done

    async def _finish(
        self, messages: list[ChatMessage], out: CallOutcome, deadline: float, seed: int
    ) -> AsyncIterator[BackendItem]:
        reasoning = out.reasoning.strip() or None
        self.last_error = out.error
        self._unreachable(out)
        if out.error is not None:
            if isinstance(out.error, AccessError):
                self.fatal = out.error
            yield self._broken(out, reasoning)
            return
        speech = cut_speech(out.speech)
        move, problems = parse_move(speech, out.block or out.text)
        usage, raw = out.usage, out.text
        if move is None:
            yield Notice(
                kind="repair",
                detail=f"{self.label}: the move did not validate ({'; '.join(problems)[:300]}); "
                f"asking once for a corrected one",
            )
            repair = Final(CallOutcome)
            async for piece in forward(
                self.caller.call(
                    repair_messages(messages, out.text, problems, self.spec.method, bool(speech)),
                    deadline=deadline,
                    mode="plain",
                    seed=seed,
                ),
                repair,
            ):
                if not isinstance(piece, CallOutcome):  # (forward kept it; narrows the type)
                    yield piece
            fixed = repair.get()
            usage, raw = add_usage(usage, fixed.usage), f"{out.text}\n\n--- repair reply ---\n{fixed.text}"
            if fixed.error is None:
                move, problems = parse_move(speech, fixed.block)
            else:
                problems = [str(fixed.error)]
            if move is None:
                why = _why(problems, out, speech)
                if speech:  # the words were streamed and heard: kept as a speech-only turn
                    yield Notice(
                        kind="fault",
                        detail=f"{self.label}: {why[:300]}; the speech is kept without a move",
                    )
                    yield TurnResult(
                        move=Move(speech=speech),
                        status="incomplete",
                        error=f"speech kept without a move: {why}",
                        raw=raw,
                        reasoning=reasoning,
                        usage=usage,
                    )
                    return
                yield TurnResult(status="failed", error=why, raw=raw, reasoning=reasoning, usage=usage)
                return
            if not speech:
                yield Delta(text=move.speech)
        yield TurnResult(move=move, status="ok", reasoning=reasoning, usage=usage)

    def _broken(self, out: CallOutcome, reasoning: str | None) -> TurnResult:
        """The result of a call that ended in a fault: incomplete with the speech shown, else failed."""
        speech = cut_speech(out.speech)
        if speech:
            return TurnResult(
                move=Move(speech=speech),
                status="incomplete",
                error=str(out.error),
                raw=out.text,
                reasoning=reasoning,
                usage=out.usage,
            )
        return TurnResult(
            status="failed", error=str(out.error), raw=out.text or None, reasoning=reasoning, usage=out.usage
        )


def _why(problems: list[str], out: CallOutcome, speech: str) -> str:
    """The error of a turn whose move stayed invalid after the repair."""
    head = "no valid move after one repair attempt"
    if not speech and out.reasoning.strip() and not out.block.strip():
        head += f"; the model wrote only reasoning ({len(out.reasoning)} characters) and no speech"
    return f"{head}: {'; '.join(problems)[:500]}"


def make_llm_backend(
    spec: str,
    *,
    base_url: str | None = None,
    retry: RetryPolicy | None = None,
    budget: RetryBudget | None = None,
    cache: ResponseCache | None = None,
    context: ContextPolicy | None = None,
    **knobs: object,
) -> LLMBackend | PooledBackend:
    """Parse ``spec`` (``openai:MODEL`` ...) and build its backend: a
    :class:`~roleplay.llm.pool.PooledBackend` of one LLMBackend per server when the seat
    names several (``MODEL@URL1,URL2``).

    Raises:
        InputError: a bad spec or a missing key (message names the fix, never a key).
    """
    parsed = parse_spec(spec, base_url=base_url, **knobs)  # type: ignore[arg-type]
    if parsed.pool:
        from roleplay.llm.pool import PooledBackend, endpoint_specs

        budget = budget or RetryBudget()
        members = [
            LLMBackend(s, retry=retry, budget=budget, cache=cache, context=context)
            for s in endpoint_specs(spec, base_url=base_url, **knobs)
        ]
        return PooledBackend(parsed.label, members)
    return LLMBackend(
        parsed,
        retry=retry,
        budget=budget,
        cache=cache,
        context=context,
    )
