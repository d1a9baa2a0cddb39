"""The LLM backend: a persona's turn through any OpenAI-compatible server.

:class:`LLMBackend` implements :class:`roleplay.debate.backend.Backend`. One turn is: build the
conversation, stream the reply (speech as Deltas), read the move out of it and validate
it client side; if it does not validate, ask once for a corrected move; if that fails
too, return a ``failed`` TurnResult that keeps the raw text. It never raises for a model
or server fault and never fills in a value the model did not give.

Statuses: ``ok``; ``incomplete`` (the link dropped or the deadline passed after some
speech was shown: the move is that speech alone); ``failed`` (no usable move; ``error``
says why, ``raw`` keeps what came). After an :class:`~roleplay.llm.faults.AccessError`
(bad key, no access, no model, no quota) the backend is ``fatal`` and later turns fail at
once, without a call; the engine may stop the debate on it.

No key leaves this module: the caller masks every reply as it streams and every fault as it
is classified (see roleplay.llm.redaction), before anything here reads it; so every item a
turn or a scoring yields is built from masked text. (The transcript writer masks once more
at the sink, for every backend: see roleplay.secrets.)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from pydantic import SecretStr

from roleplay.debate.backend import BackendItem, Delta, Notice, TurnRequest, TurnResult
from roleplay.debate.move import Move
from roleplay.llm.cache import ResponseCache
from roleplay.llm.caller import Caller, CallOutcome, add_usage
from roleplay.llm.chat import ChatClient
from roleplay.llm.conversation import (
    ChatMessage,
    ContextPolicy,
    Conversation,
    build_turn_messages,
    repair_messages,
)
from roleplay.llm.faults import AccessError, RetryBudget, RetryPolicy
from roleplay.llm.judge import JudgeRequest, JudgeResult, run_judge
from roleplay.llm.reply import cut_speech, parse_move
from roleplay.llm.spec import BackendSpec, keys_file, parse_spec, resolve_key
from roleplay.streams import Final, forward


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
        self.fatal: AccessError | None = None
        identity = f"{spec.provider}|{spec.model}|{spec.base_url or ''}"
        source = f"{spec.key_env} or {keys_file()}" if spec.key_env else "the server's own key settings"
        self.caller = Caller(
            ChatClient(spec, key),
            label=spec.label,
            identity=identity,
            policy=retry or RetryPolicy(),
            budget=budget or RetryBudget(),
            cache=cache,
            secrets=[key.get_secret_value()],
            key_source=source,
        )

    async def judge(self, request: JudgeRequest) -> JudgeResult:
        """Score a finished debate with this model (one stateless call; see roleplay.llm.judge)."""
        if self.fatal is not None:
            return JudgeResult(error=str(self.fatal))
        return await run_judge(
            self.caller,
            request,
            context_tokens=self.spec.context_tokens,
            deadline_s=self.spec.turn_deadline_s,
            scorer=f"llm:{self.label}",
        )

    def prepare(self) -> None:
        """Build this seat's client for the running event loop before the debate starts
        (roleplay.debate.engine calls it; ~70 ms a seat otherwise paid at its first turn)."""
        self.caller.client.prepare()

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
        deadline = asyncio.get_running_loop().time() + self.spec.turn_deadline_s
        conv = self._conversation(request)
        if not conv.fits:
            yield Notice(
                kind="truncated",
                detail=f"{self.label}: prompt of about {conv.tokens} tokens does not fit "
                f"the {self.spec.context_tokens}-token context; sent anyway",
            )
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
        async for done in self._finish(conv.messages, first.get(), deadline, request.seed):
            yield done

    async def _finish(
        self, messages: list[ChatMessage], out: CallOutcome, deadline: float, seed: int
    ) -> AsyncIterator[BackendItem]:
        reasoning = out.reasoning.strip() or None
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
                yield TurnResult(
                    status="failed",
                    error=_why(problems, out, speech),
                    raw=raw,
                    reasoning=reasoning,
                    usage=usage,
                )
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
) -> LLMBackend:
    """Parse ``spec`` (``openai:MODEL`` ...) and build its backend.

    Raises:
        InputError: a bad spec or a missing key (message names the fix, never a key).
    """
    return LLMBackend(
        parse_spec(spec, base_url=base_url, **knobs), retry=retry, budget=budget, cache=cache, context=context
    )
