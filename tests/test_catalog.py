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

    assert t("quoted", "zh-Hans", text="晶片網路") == "“芯片网络”"  # data words convert
    for value in (Path("測試/晶片(1).yaml"), Verbatim("測試/晶片(1).yaml")):  # a user's file stays findable
        assert t("quoted", "zh-Hans", text=value) == "“測試/晶片(1).yaml”"
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
    zh-Hans exactly as the article's Simplified text does (character conversion, with 著 as the
    published text writes it: 跟着, 随着, 着眼, but 显著), never with term substitutions that
    would misquote it, and with no 著 left where the article has 着 (review A1)."""
    from opencc import OpenCC

    from roleplay.formats.catalog import load_rubric, load_scenario
    from roleplay.i18n.lang import article_text, zhe

    source = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.zh-Hant.txt"
    if not source.exists():
        pytest.skip(f"the article is not at {source}")
    article = zhe(fullwidth(OpenCC("t2s").convert(source.read_text(encoding="utf-8"))))
    # the article's published Simplified text: 著 only in 显著 (架构显著降低了…)
    assert article.count("著") == article.count("显著") == 1 and article.count("着") == 10
    quotes = [c.quote for c in load_rubric().claims]
    for name in ("patient-capital", "hundred-models", "chip-controls"):
        scenario, personas, _ = load_scenario(name)
        quotes += [i.quote for i in scenario.issues] + [s.quote for p in personas for s in p.sources]
    missing = [q for q in quotes if article_text(q, "zh-Hans") not in article]
    assert len(quotes) > 100 and not missing, missing[:3]
    assert not [q for q in quotes if "著" in article_text(q, "zh-Hans").replace("显著", "")]
    assert article_text("企業跟著政府走,隨著技術迭代", "zh-Hans") == "企业跟着政府走，随着技术迭代"
    assert article_text("探索建立", "zh-Hans") == "探索建立" and article_text("a,b", "en") == "a,b"


def test_a_repeated_message_is_remembered_and_keys_never_collide():
    from roleplay.i18n.catalog import MEMO_SIZE, Verbatim, _render

    first = t("quoted", "zh-Hans", text="晶片網路")
    hits = _render.cache_info().hits
    assert t("quoted", "zh-Hans", text="晶片網路") == first == "“芯片网络”"
    assert _render.cache_info().hits == hits + 1  # served from the memo
    # the same value as another type, in another language or under another sign renders its own way
    assert t("quoted", "zh-Hans", text=Verbatim("晶片網路")) == "“晶片網路”"
    assert t("quoted", "zh-Hant", text="晶片網路") == "「晶片網路」"
    assert t("quoted", "en", text="晶片網路") == "“晶片網路”"
    assert t("amount", "zh-Hant", amount=0.0) == "0億元" and t("amount", "zh-Hant", amount=-0.0) == "-0億元"
    assert [t("runs", "en", n=n) for n in (2, 1, 2)] == ["2 runs", "1 run", "2 runs"]
    assert _render.cache_info().maxsize == MEMO_SIZE  # bounded
    # an unhashable or unlisted parameter type is rendered every time, never keyed
    hits = _render.cache_info().hits
    assert t("runs", "en", n=Decimal("2")) == t("runs", "en", n=Decimal("2")) == "2 runs"
    assert _render.cache_info().hits == hits


def test_policy_prose_keeps_words_that_tw2sp_turns_into_it_jargon():
    """Review A2–A4: 縱向整合 is not 纵向集成, 被貼上標籤 is not 被粘贴标签, 新增資金 is not
    添加资金, 在更多地方複製 is not 拷贝, 不相容 is not 不兼容, 宣告失敗 is not 声明失败."""
    from roleplay.i18n.lang import simplified

    assert simplified("縱向整合,緊密互動") == "纵向整合,紧密互动"
    assert simplified("資助一旦被貼上軍民兩用標籤") == "资助一旦被贴上军民两用标签"
    assert simplified("明年新增資金有限,在更多地方複製") == "明年新增资金有限,在更多地方复制"
    assert simplified("與創新不相容,企業宣告失敗,離線談判者") == "与创新不相容,企业宣告失败,离线谈判者"


def test_ui_text_converts_it_words_and_reads_mainland_terms():
    """Review B and G: the catalogue's UI files (cli, tui, errors, common) convert 執行, 建立,
    批次 as tw2sp does, and Taiwan computing words tw2sp does not know read as mainland words
    (the table ``ui_terms`` of roleplay/i18n/zh-Hans.yaml); prose files do not."""
    from roleplay.i18n.catalog import kind_of
    from roleplay.i18n.lang import localize

    ui = localize("執行情境檔(預設:逐字稿);建立批次資料夾;離線;印出到終端機", "zh-Hans", "ui")
    assert ui == "运行场景文件（默认：文字记录）；创建批量文件夹；离线；输出到终端"
    assert localize("政策執行與建立情境", "zh-Hans") == "政策执行与建立情境"  # prose
    assert [kind_of(f) for f in ("cli.ftl", "errors.ftl", "tui.ftl", "common.ftl", "debate.ftl", "kit.ftl")] == [
        "ui", "ui", "ui", "ui", "prose", "prose",
    ]  # fmt: skip
    assert t("error-yaml-broken-at", "zh-Hans", line=3, column=6, problem="p", fix="f").startswith(
        "第3行第6列："
    )


def test_no_taiwan_ui_word_is_left_in_the_simplified_ui_catalogue():
    """Every zh-Hans UI message, rendered from the files, is free of the Taiwan terms the
    review found (section B)."""
    from roleplay.i18n.catalog import LOCALES, UI_FILES
    from roleplay.i18n.lang import localize

    taiwan = ["情境", "逐字稿", "预设", "印出", "终端机", "透过", "取代", "本机", "结束码", "笔结果", "脱机", "教学套件",
              "纪录", "档", "执行文件夹", "批次", "拷贝", "字符串流"]  # fmt: skip
    for name in UI_FILES:
        text = localize((LOCALES / "zh-Hant" / name).read_text(encoding="utf-8"), "zh-Hans", "ui")
        lines = [line for line in text.splitlines() if not line.startswith("#")]
        left = [(w, line) for line in lines for w in taiwan if w in line]
        assert not left, (name, left[:3])


def test_zhe_writes_zhe_but_keeps_zhu_words():
    from roleplay.i18n.lang import zhe

    assert zhe("跟著、随著、存在著、著眼、著落") == "跟着、随着、存在着、着眼、着落"
    assert zhe("显著降低,著作,著名,卓著,名著,土著,原著,专著") == "显著降低,著作,著名,卓著,名著,土著,原著,专著"


def test_quotation_marks_follow_the_script_and_nest():
    """Review D1–D2: zh-Hans uses “” with inner ‘’ (GB/T 15834), zh-Hant 「」 with inner 『』;
    a quotation inside a quotation takes the inner marks, including across a message and its
    parameter."""
    from roleplay.i18n.lang import quotes

    assert localize("出現「政商伴生」", "zh-Hans") == "出现“政商伴生”"
    assert quotes("「我們以「芯片四方聯盟」構築」", "zh-Hant") == "「我們以『芯片四方聯盟』構築」"
    assert quotes("「構建“技術特區”雙循環」", "zh-Hans") == "“構建‘技術特區’雙循環”"
    assert quotes("「構建“技術特區”雙循環」", "zh-Hant") == "「構建“技術特區”雙循環」"
    assert quotes("「甲」\n」乙「丙", "zh-Hans") == "“甲”\n”乙“丙"  # each line on its own
    assert t("quoted", "zh-Hans", text="文章說「甲」") == "“文章说‘甲’”"
    assert t("quoted", "zh-Hant", text="文章說「甲」") == "「文章說『甲』」"
    assert localize("「a」", "en") == "「a」"


def test_no_space_after_full_width_punctuation_before_chinese():
    """Review D6, D7: ``大门？ 请各方`` and ``中央部委 （部委）`` lose the space; a space around
    Latin text or inside a code span stays."""
    from roleplay.i18n.lang import spacing

    assert t("debate-announce-opening", "zh-Hans", question="合作的大門？").startswith(
        "今天的问题是：合作的大门？请"
    )
    assert fullwidth("中央部委 （部委） 有表決權") == "中央部委（部委）有表決權"
    assert spacing("見 `甲？ 乙`；P1 第1版，score 3") == "見 `甲？ 乙`；P1 第1版，score 3"
