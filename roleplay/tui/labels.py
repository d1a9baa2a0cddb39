"""Words the TUI shows, in both languages, and its key map.

The debate's own words (speeches, moderator notes) stay in the debate language; these
labels, persona names and rubric names follow the UI language, which ``l`` switches.
"""

from __future__ import annotations

from ..report import LABELS as REPORT_LABELS
from ..text import Lang

UI: dict[str, dict[str, str]] = {
    "zh": {
        "roster": "角色", "elements": "六大要素", "contradictions": "五大矛盾", "round": "第{n}/{total}輪",
        "round_none": "尚未開始", "phase.opening": "開場", "phase.proposal": "提案", "phase.negotiation": "協商",
        "phase.vote": "表決", "paused": "已暫停", "pausing": "本次發言後暫停", "running": "進行中",
        "finished": "已結束", "stopped": "已停止", "failed": "失敗", "replay": "重播 {i}/{n}",
        "tokens": "詞元 {p}+{c}", "model_time": "模型耗時 {s}", "turns": "{n}次發言",
        "speaking": "{name} 發言中…", "waiting_human": "等待 {name} 輸入…", "moderator": "主持人",
        "facilitator": "引導者", "earlier": "… 之前還有 {n} 項(Home 回到開頭)", "skipped": "跳過",
        "status.failed": "發言失敗", "status.skipped": "已跳過", "status.incomplete": "未完成",
        "inject.title": "插入引導者訊息(每個角色下次發言時都會看到)", "inject.placeholder": "例如:新的事實或提問",
        "pick.skip": "跳過哪個角色的下一次發言?", "pick.card": "打開哪個角色的名片?", "export.title": "匯出 Markdown 到",
        "ok": "確定", "cancel": "取消", "saved": "已保存:{path}", "exported": "已匯出:{path}",
        "injected": "已排入:每個角色下次發言時都會看到", "ended_already": "本場已結束,無法再操作。", "cut_short": "{name} 的發言已中止", "need_votes": "表決輪請對每個方案投支持或反對:{ids}", "will_skip": "{name} 的下一次發言將被跳過",
        "ending": "正在結束並評分…", "card.goals": "目標", "card.red_lines": "底線", "card.stances": "對議題工具的立場",
        "card.role": "角色定位", "human.title": "{name} · 第{n}輪 · {phase}", "human.speech": "發言",
        "human.proposal": "提出或修訂方案(可不填)", "human.proposal_title": "方案名稱",
        "human.revise": "修訂", "human.new": "新方案", "human.stances": "對桌上方案表態",
        "human.no_stance": "不表態", "human.reason": "理由", "human.submit": "提交 (Ctrl+S)", "human.pass": "放棄本輪",
        "human.need_speech": "請先寫下發言。", "human.need_items": "方案需要名稱和至少一項政策工具。",
        "human.no_reason": "(未說明理由)", "human.table_empty": "桌上還沒有方案。",
        "keys.title": "按鍵", "mode.replay": "重播", "no_run": "還沒有可保存的內容", "lang_now": "介面語言:中文",
    },
    "en": {
        "roster": "Roster", "elements": "Six elements", "contradictions": "Contradictions", "round": "Round {n}/{total}",
        "round_none": "not started", "phase.opening": "opening", "phase.proposal": "proposal",
        "phase.negotiation": "negotiation", "phase.vote": "vote", "paused": "paused", "pausing": "pausing after turn",
        "running": "running", "finished": "finished", "stopped": "stopped", "failed": "failed",
        "replay": "replay {i}/{n}", "tokens": "tokens {p}+{c}", "model_time": "model {s}", "turns": "{n} turns",
        "speaking": "{name} is speaking…", "waiting_human": "waiting for {name}…", "moderator": "Moderator",
        "facilitator": "Facilitator", "earlier": "… {n} earlier items (Home goes to the start)", "skipped": "skipped",
        "status.failed": "turn failed", "status.skipped": "skipped", "status.incomplete": "incomplete",
        "inject.title": "Facilitator message (every persona sees it next turn)",
        "inject.placeholder": "e.g. a new fact or a question", "pick.skip": "Skip whose next turn?",
        "pick.card": "Open whose card?", "export.title": "Export Markdown to", "ok": "OK", "cancel": "Cancel",
        "saved": "saved: {path}", "exported": "exported: {path}", "injected": "queued: every persona sees it next turn",
        "will_skip": "{name}'s next turn will be skipped", "ending": "ending and scoring…", "card.goals": "Goals",
        "card.red_lines": "Red lines", "card.stances": "Stances on the instruments", "card.role": "Role",
        "human.title": "{name} · round {n} · {phase}", "human.speech": "Speech",
        "human.proposal": "Table or revise a proposal (optional)", "human.proposal_title": "Proposal title",
        "human.revise": "revise", "human.new": "new proposal", "human.stances": "Stances on the table",
        "human.no_stance": "no stance", "human.reason": "reason", "human.submit": "Submit (Ctrl+S)",
        "human.pass": "Pass this turn", "human.need_speech": "Write a speech first.",
        "human.need_items": "A proposal needs a title and at least one instrument.", "ended_already": "The debate has ended; nothing more to do.", "cut_short": "{name}'s turn was cut short", "need_votes": "In the vote, choose support or oppose for every proposal: {ids}",
        "human.no_reason": "(no reason given)", "human.table_empty": "Nothing on the table yet.",
        "keys.title": "Keys", "mode.replay": "replay", "no_run": "nothing to save yet", "lang_now": "interface language: English",
    },
}

# (key, action, zh label, en label, shown in the footer). Action names are App actions.
SHARED_KEYS: list[tuple[str, str, str, str, bool]] = [
    ("l", "switch_lang", "EN", "中文", True),
    ("ctrl+s", "save", "保存", "Save", False),
    ("e", "export", "匯出", "Export", False),
    ("t", "toggle_theme", "明/暗", "Theme", False),
    ("q", "quit", "退出", "Quit", True),
]
LIVE_KEYS: list[tuple[str, str, str, str, bool]] = [
    ("space", "toggle_pause", "暫停/繼續", "Pause", True),
    ("n", "step", "單步", "Step", True),
    ("i", "inject", "插話", "Inject", True),
    ("k", "skip", "跳過", "Skip", True),
    ("x", "end_now", "結束評分", "End", True),
    ("c", "card", "名片", "Card", True),
    *SHARED_KEYS,
]
REPLAY_KEYS: list[tuple[str, str, str, str, bool]] = [
    ("right,n,space", "forward", "下一步", "Next", True),
    ("left,p", "back", "上一步", "Back", True),
    ("home", "to_start", "開頭", "Start", False),
    ("end", "to_end", "結尾", "End", True),
    ("c", "card", "名片", "Card", True),
    *SHARED_KEYS,
]

# Command-palette help text per action (English; titles come from the key tables).
HELP: dict[str, str] = {
    "toggle_pause": "Pause before the next turn, or resume", "step": "While paused, let one turn run",
    "inject": "Add a facilitator message that every persona sees next turn",
    "skip": "Skip a persona's next turn (or cut the current one short)",
    "end_now": "Stop generating now and score the debate as it stands", "card": "Open a persona's card",
    "switch_lang": "Switch the interface between 中文 and English", "save": "Write transcript.md and scorecard.json",
    "export": "Export the transcript as Markdown", "toggle_theme": "Switch between the light and dark theme",
    "quit": "Cancel generation and quit", "forward": "Show the next item", "back": "Go back one item",
    "to_start": "Go to the start", "to_end": "Go to the end",
}


def ui(lang: Lang, key: str, **kw: object) -> str:
    """The UI label ``key`` in ``lang``, formatted with ``kw``; raises KeyError for unknown keys."""
    text = UI[lang][key]
    return text.format(**kw) if kw else text


def report(lang: Lang, key: str) -> str:
    """A label shared with the Markdown report (roleplay.report.LABELS)."""
    return REPORT_LABELS[lang][key]
