"""Our own Chinese prose in the bundled data uses the article's (mainland) vocabulary, so a
zh-Hant debate does not mix 準入 with 准入 or 矽谷 with 硅谷, and zh-Hans does not show Taiwan
terms tw2sp leaves alone (review F1, F2 and B: 澳洲, 華府, 帳面). Quotations of the article
(``quote:`` fields) stay verbatim and are not checked here (tests/test_claims_data.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    p
    for d in ("personas", "scenarios", "rubric", "workshops", "prompts/offline")
    for p in (ROOT / d).rglob("*.yaml")
)
TAIWAN = {
    "準入": "准入",
    "矽谷": "硅谷",
    "澳洲": "澳大利亞",
    "華府": "華盛頓",
    "底限": "底線",
    "帳面": "賬面",
}
ARTICLE_TERM = "備案準入制"
"""The article's own name for the filing system, quoted as the article writes it (a claim's
figure must appear verbatim in its quote)."""


def _prose(node: Any, key: str = "") -> list[str]:
    """Every string of ``node`` except ``quote`` fields and the search terms (``zh_hant``
    lists hold both spellings on purpose, so either finds the instrument in speech)."""
    if isinstance(node, dict):
        return [s for k, v in node.items() if k not in ("quote", "zh_hant") for s in _prose(v, str(k))]
    if isinstance(node, list):
        return [s for v in node for s in _prose(v, key)]
    return [node] if isinstance(node, str) else []


def test_our_chinese_prose_uses_the_articles_vocabulary():
    found = []
    for path in FILES:
        for text in _prose(yaml.safe_load(path.read_text(encoding="utf-8"))):
            for word, fix in TAIWAN.items():
                if word in text.replace(ARTICLE_TERM, ""):
                    found.append(f"{path.relative_to(ROOT)}: {word} -> {fix}: {text[:40]}")
    assert len(FILES) > 8 and not found, found[:5]
