"""Async streams that end in a result: pass the items on, keep the final one.

A backend turn yields Delta/Notice items and then one TurnResult; a model call yields
Delta/Notice items and then one CallOutcome. :func:`forward` is the one loop that passes
the items on and keeps the final result in a :class:`Final`, for the caller to read after
the stream ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import Generic, TypeVar

T = TypeVar("T")
Item = TypeVar("Item")


class Final(Generic[T]):
    """The final result of a stream, kept by :func:`forward` (the last item of type ``kind``)."""

    def __init__(self, kind: type[T]) -> None:
        self.kind = kind
        self.value: T | None = None

    def get(self) -> T:
        """The result.

        Raises:
            RuntimeError: the stream ended without one (a programming error in its source).
        """
        if self.value is None:
            raise RuntimeError(f"the stream ended without a {self.kind.__name__}")
        return self.value


async def forward(items: AsyncIterable[Item], final: Final[T]) -> AsyncIterator[Item]:
    """Yield every item of ``items`` except those of type ``final.kind``, which are kept in
    ``final`` (the last one wins)."""
    async for item in items:
        if isinstance(item, final.kind):
            final.value = item
        else:
            yield item
