"""The built-in offline engine: a deterministic rule-based negotiator (not an LLM)."""

from roleplay.offline.negotiator import OfflineNegotiator, decide

__all__ = ["OfflineNegotiator", "decide"]
