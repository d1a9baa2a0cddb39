"""The message catalogue (issue #11): every message renders in the three languages, the
two written locales define the same messages with the same parameters, and user-facing
words live in the catalogue or data files, not in Python literals."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fast
from fluent.syntax.visitor import Visitor

from roleplay.errors import InputError
from roleplay.formats.text import parse_lang
from roleplay.i18n.catalog import LOCALES, CatalogError, t, yuan
from roleplay.i18n.lang import LANGS, as_lang, bad_ui_lang, fullwidth, localize, simplified, ui_lang

PKG = Path(__file__).resolve().parents[1] / "roleplay"


class _Variables(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node):
        self.names.add(node.id.name)


def _variables(entry: fast.Message) -> set[str]:
    v = _Variables()
    v.visit(entry)
    return v.names


def _messages(locale: str) -> dict[str, tuple[set[str], list[str]]]:
    """id -> (variables it uses, attribute names), over every file of ``locale``."""
    out: dict[str, tuple[set[str], list[str]]] = {}
    parser = FluentParser()
    for path in sorted((LOCALES / locale).glob("*.ftl")):
        for entry in parser.parse(path.read_text(encoding="utf-8")).body:
            assert not isinstance(entry, fast.Junk), f"{path}: {entry.content[:80]}"
            if isinstance(entry, fast.Message):
                out[entry.id.name] = (_variables(entry), [a.id.name for a in entry.attributes])
    return out


EN, ZH = _messages("en"), _messages("zh-Hant")


def _sample(name: str) -> object:
    """A parameter value: numbers for counts and amounts (so plural selectors run), text else."""
    if name in {"n", "amount", "total", "i", "round", "rounds", "count", "minutes", "pct", "score", "max"}:
        return 2
    if name == "lang":
        return "zh-Hans"
    return f"«{name}»"


def test_both_locales_define_the_same_messages_with_the_same_parameters():
    assert EN.keys() == ZH.keys()
    for ident in EN:
        assert EN[ident][1] == ZH[ident][1], f"{ident}: attributes differ"
        assert ZH[ident][0] <= EN[ident][0] | {"lang"} or ZH[ident][0] == EN[ident][0], ident


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_renders_with_sample_parameters(lang):
    for ident, (names, attrs) in EN.items():
        params = {n: _sample(n) for n in names | ZH[ident][0]}
        for key in [ident, *(f"{ident}.{a}" for a in attrs)]:
            text = t(key, lang, **params)
            assert text and "{" not in text, (key, text)
            if lang == "zh-Hans":
                assert traditional_only(text) == "", (key, text)


def test_a_missing_message_or_parameter_is_an_error():
    with pytest.raises(CatalogError, match="no message 'no-such-id'"):
        t("no-such-id", "en")
    with pytest.raises(CatalogError, match="runs"):
        t("runs", "en")  # needs $n


def test_plurals_and_amounts_follow_the_language():
    assert [t("runs", "en", n=n) for n in (1, 2)] == ["1 run", "2 runs"]
    assert [t("runs", "zh-Hant", n=n) for n in (1, 2)] == ["1 場", "2 場"]
    assert yuan(1000, "en") == "100 billion yuan" and yuan(1000, "zh-Hant") == "1000億元"
    assert yuan(5, "en") == "500 million yuan" and yuan(12.5, "en") == "1.25 billion yuan"
    assert t("amount", "zh-Hans", amount=1000) == "1000亿元"


def test_aliases_and_bad_languages():
    assert [as_lang(x) for x in ("zh", "ZH_tw", "zh_CN.UTF-8", "zh-Hans", "en_US", "fr")] == [
        "zh-Hant", "zh-Hant", "zh-Hans", "zh-Hans", "en", None,
    ]  # fmt: skip
    with pytest.raises(InputError, match=r"--lang must be zh-Hant, zh-Hans or en.*'fr'"):
        parse_lang("fr")


def test_chinese_typography_and_simplified_terms():
    assert fullwidth("第1輪(共4輪):開場,好嗎?P1, P2 at 3:00") == "第1輪（共4輪）：開場，好嗎？P1, P2 at 3:00"
    assert localize("晶片和網路的資訊", "zh-Hans") == "芯片和网络的信息"
    assert localize("Chips, networks (x): 1,000", "en") == "Chips, networks (x): 1,000"


_T2S = None


def traditional_only(text: str) -> str:
    """The characters of ``text`` that OpenCC's t2s changes (they exist only in Traditional
    form), in order of first appearance."""
    global _T2S
    if _T2S is None:
        from opencc import OpenCC

        _T2S = OpenCC("t2s")
    return "".join(dict.fromkeys(ch for ch in text if "\u3400" <= ch <= "\u9fff" and _T2S.convert(ch) != ch))


# -- no user-facing words in Python ----------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")  # ideographs: punctuation alone is typography (regexes)
_SINKS = {"print", "notify", "echo", "Option", "Argument", "Static", "Label", "Button", "Exit"}
_ERRORS = {"InputError", "FileFormatError", "ReferenceError_", "TemplateError", "TranscriptError"}
_WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")

ALLOWED: dict[str, int] = {}
"""Files allowed to hold user-facing literals, with how many: none (issue #11 moved every one
to the catalogue)."""


def _text(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(v) for v in node.values)
    return ""


def literals(path: Path) -> list[tuple[int, str]]:
    """User-facing literals of ``path``: any string with Chinese in it (docstrings aside), and
    English words given to a printing, notifying, help or error call."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)
    }  # fmt: skip
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            if _CJK.search(node.value):
                out.append((node.lineno, node.value))
        elif isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            args = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "help")]
            if name in _SINKS | _ERRORS:
                for a in args:
                    s = _text(a)
                    if _WORDS.search(s) and not _CJK.search(s):
                        out.append((a.lineno, s))
    return out


def test_no_user_facing_literal_outside_the_catalogue_layer():
    found = {}
    for path in sorted(PKG.rglob("*.py")):
        if "i18n" in path.parts:
            continue
        hits = literals(path)
        rel = str(path.relative_to(PKG.parent))
        if len(hits) > ALLOWED.get(rel, 0):
            found[rel] = hits[:3]
    assert not found, "user-facing words in Python; move them to roleplay/i18n/locales: " + repr(found)


def test_the_literal_finder_finds_chinese_and_english_sinks(tmp_path):
    p = tmp_path / "m.py"
    p.write_text(
        '"""Doc 中文."""\nx = "主持人"\nraise InputError(f"--x is bad: {y}")\nprint(1)\n', encoding="utf-8"
    )
    assert [n for n, _ in literals(p)] == [2, 3]


@pytest.mark.parametrize(
    "env, lang",
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh-Hans"),
        ({"LANG": "zh_TW.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_HK.UTF-8", "LANG": "en_US"}, "zh-Hant"),
        ({"ROLEPLAY_LANG": "zh-Hans", "LC_ALL": "en_US.UTF-8"}, "zh-Hans"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_the_ui_language_follows_roleplay_lang_then_the_locale(env, lang):
    assert ui_lang(env) == lang


def test_a_bad_roleplay_lang_is_english_and_named():
    assert ui_lang({"ROLEPLAY_LANG": "klingon", "LANG": "zh_TW.UTF-8"}) == "en"
    assert bad_ui_lang({"ROLEPLAY_LANG": "klingon"}) == "klingon"
    assert bad_ui_lang({"ROLEPLAY_LANG": "zh_CN"}) is None and bad_ui_lang({}) is None


def test_paths_and_verbatim_parameters_keep_their_script_and_punctuation():
    from pathlib import Path

    from roleplay.i18n.catalog import Verbatim

    assert t("quoted", "zh-Hans", text="晶片網路") == "「芯片网络」"  # data words convert
    for value in (Path("測試/晶片(1).yaml"), Verbatim("測試/晶片(1).yaml")):  # a user's file stays findable
        assert t("quoted", "zh-Hans", text=value) == "「測試/晶片(1).yaml」"
        assert t("quoted", "en", text=value) == "“測試/晶片(1).yaml”"


def test_simplified_conversion_is_idempotent():
    from roleplay.i18n.lang import simplified

    for text in ("第1輪結束,議程完成", "晶片網路資訊", "守門員兼任裁判員", "記憶體和軟體"):
        once = simplified(text)
        assert simplified(once) == once and traditional_only(once) == ""


def test_every_id_has_one_home_file_in_each_locale():
    from roleplay.i18n.catalog import homes

    assert homes("en").keys() == homes("zh-Hant").keys() == EN.keys()
    assert homes("en") == homes("zh-Hant")  # the same area file in both locales


def test_policy_words_are_not_read_as_computing_terms():
    from roleplay.i18n.lang import simplified

    assert simplified("核心技術和立場文件要政策執行") == "核心技术和立场文件要政策执行"
    assert simplified("國產晶片的網路與資訊軟體") == "国产芯片的网络与信息软件"


def test_punctuation_after_chinese_turns_full_width_even_before_a_number():
    assert fullwidth("理由很實在:2019年,部委說") == "理由很實在：2019年，部委說"
    assert fullwidth("at 3:00, 1,000 yuan") == "at 3:00, 1,000 yuan"


def test_punctuation_between_latin_and_chinese_turns_full_width_but_code_spans_stay():
    """A Chinese sentence naming a proposal or an acronym keeps Chinese punctuation (``P1，核心``,
    ``NLP；但``); a code span in backticks is what the user types, so ``甲,乙`` stays half-width
    there (the error for a YAML text cut at a comma shows the comma that cuts it)."""
    assert fullwidth("我們提出P1,核心在X;另外3項") == "我們提出P1，核心在X；另外3項"
    assert fullwidth("不再扎堆做NLP;但場景") == "不再扎堆做NLP；但場景"
    assert fullwidth('請加引號,例如 `zh: "甲,乙"`') == '請加引號，例如 `zh: "甲,乙"`'
    assert fullwidth("P1, P2 at 3:00, 1,000 yuan; openai:m@http://h:8/v1") == (
        "P1, P2 at 3:00, 1,000 yuan; openai:m@http://h:8/v1"
    )
    assert '"甲,乙"' in t("error-unknown-key-split", "zh-Hant", key="乙", flow="{ }")


def test_simplified_keeps_policy_words_that_tw2sp_reads_as_computing_terms():
    """tw2sp's IT phrases misread policy prose: 探索建立 is not 探索创建, 首批次 (the first-batch
    policy, beside 首台套) is not 首批量, 效能對比 is not 性能对比."""
    assert simplified("探索建立企業研發準備金制度") == "探索建立企业研发准备金制度"
    assert simplified("首臺套、首批次補貼") == "首台套、首批次补贴"
    assert simplified("形成鮮明效能對比") == "形成鲜明效能对比"
    assert simplified("國產晶片的網路") == "国产芯片的网络"  # mainland terms still apply


def test_article_quotes_in_simplified_are_the_articles_own_words():
    """Every passage the data quotes from the article (claims, persona sources, issues) reads in
    zh-Hans exactly as the article's Simplified text does (character conversion), never with
    term substitutions that would misquote it."""
    from opencc import OpenCC

    from roleplay.formats.catalog import load_rubric, load_scenario
    from roleplay.i18n.lang import article_text

    source = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.zh-Hant.txt"
    if not source.exists():
        pytest.skip(f"the article is not at {source}")
    article = fullwidth(OpenCC("t2s").convert(source.read_text(encoding="utf-8")))
    quotes = [c.quote for c in load_rubric().claims]
    for name in ("patient-capital", "hundred-models", "chip-controls"):
        scenario, personas, _ = load_scenario(name)
        quotes += [i.quote for i in scenario.issues] + [s.quote for p in personas for s in p.sources]
    missing = [q for q in quotes if article_text(q, "zh-Hans") not in article]
    assert len(quotes) > 100 and not missing, missing[:3]
    assert article_text("探索建立", "zh-Hans") == "探索建立" and article_text("a,b", "en") == "a,b"


def test_a_repeated_message_is_remembered_and_keys_never_collide():
    from roleplay.i18n.catalog import MEMO_SIZE, Verbatim, _render

    first = t("quoted", "zh-Hans", text="晶片網路")
    hits = _render.cache_info().hits
    assert t("quoted", "zh-Hans", text="晶片網路") == first == "「芯片网络」"
    assert _render.cache_info().hits == hits + 1  # served from the memo
    # the same value as another type, in another language or under another sign renders its own way
    assert t("quoted", "zh-Hans", text=Verbatim("晶片網路")) == "「晶片網路」"
    assert t("quoted", "zh-Hant", text="晶片網路") == "「晶片網路」"
    assert t("quoted", "en", text="晶片網路") == "“晶片網路”"
    assert t("amount", "zh-Hant", amount=0.0) == "0億元" and t("amount", "zh-Hant", amount=-0.0) == "-0億元"
    assert [t("runs", "en", n=n) for n in (2, 1, 2)] == ["2 runs", "1 run", "2 runs"]
    assert _render.cache_info().maxsize == MEMO_SIZE  # bounded
    # an unhashable or unlisted parameter type is rendered every time, never keyed
    hits = _render.cache_info().hits
    assert t("runs", "en", n=Decimal("2")) == t("runs", "en", n=Decimal("2")) == "2 runs"
    assert _render.cache_info().hits == hits
