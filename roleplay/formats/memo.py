"""Per-object memos for immutable-in-practice models (lookup indexes built once per object).

``functools.cached_property`` would store the value in the model's ``__dict__``, and
pydantic's ``model_copy(update=...)`` copies that dict: a copy with other claims or issues
would keep the original's stale index. A memo here is keyed by the object's identity and
keeps the object alive with its value, so an id is never reused while memoised.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 4096
"""The memo is emptied past this many entries (objects are few: one rubric, a few scenarios)."""

_MEMO: dict[tuple[int, str], tuple[Any, Any]] = {}


def memo(obj: object, name: str, build: Callable[[], T]) -> T:
    """``build()`` once per (object, name); later calls return the same value."""
    key = (id(obj), name)
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is obj:
        return hit[1]  # type: ignore[no-any-return]
    if len(_MEMO) > MAX_ENTRIES:
        _MEMO.clear()
    value = build()
    _MEMO[key] = (obj, value)
    return value


Store = dict[Any, tuple[Any, Any]]
"""A memo for :func:`remember`: key -> (the objects kept alive, the value)."""


def remember(
    store: Store, limit: int, keep: tuple[object, ...], build: Callable[[], T], extra: Hashable = ()
) -> T:
    """``build()`` once per (identities of ``keep``, ``extra``) in ``store``.

    ``keep`` are objects never changed once loaded or built (a rubric, a scenario, a
    persona, shared preferences); they are held with the value, so an id is never reused
    while remembered. ``extra`` is any hashable rest of the key (a settlement's items, a
    language). ``store`` is emptied when it holds more than ``limit`` entries, so a batch
    running many debates in one process stays bounded."""
    key = (*map(id, keep), extra)
    hit = store.get(key)
    if hit is not None:
        return hit[1]  # type: ignore[no-any-return]
    if len(store) > limit:
        store.clear()
    value = build()
    store[key] = (keep, value)
    return value
