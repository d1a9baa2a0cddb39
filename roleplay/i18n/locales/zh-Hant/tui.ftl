# 終端介面(roleplay/tui)的用詞:側欄標題、進行狀態、提示、對話框、真人席表單、按鍵名稱與說明。
# 角色、評分表和情境的用詞來自資料(Text.in_);發言照原樣顯示。

## 側欄與進行狀態
tui-roster = 角色
tui-elements = 六大要素
tui-contradictions = 五大矛盾
tui-round = 第{ $n }/{ $total }輪
tui-round-none = 尚未開始
tui-phase-opening = 開場
tui-phase-proposal = 提案
tui-phase-negotiation = 協商
tui-phase-vote = 表決
tui-paused = 已暫停
tui-pausing = 本次發言後暫停
tui-running = 進行中
tui-finished = 已結束
tui-stopped = 已停止
tui-failed = 失敗
tui-replay = 重播 { $i }/{ $n }
tui-tokens = 詞元 { $p }+{ $c }
tui-model-time = 模型耗時 { $s }
tui-speaking = { $name }發言中…
tui-waiting-human = 等待{ $name }輸入…
tui-score-total = { $score }/{ $max }
# 六大要素的名稱都以此開頭,窄側欄省去。
tui-element-prefix = 國家

## 發言紀錄
tui-facilitator = 引導者
tui-earlier = … 之前還有 { $n } 項(按 Home 回到開頭)
tui-status-failed = 發言失敗
tui-status-skipped = 已跳過
tui-status-incomplete = 未完成
tui-status-line = ({ $status })
tui-status-line-why = ({ $status }:{ $why })
tui-turn-round = 第{ $n }輪
tui-instrument = 政策工具
tui-setting = 參數
tui-persona = 角色
tui-position = { $position ->
    [support] 支持
    [oppose] 反對
   *[amend] 修正
}
tui-package = 方案
tui-adopted = 通過
tui-not-adopted = 未通過
tui-consensus = 共識程度 { $level ->
    [none] 無共識
    [weak] 弱共識
    [majority] 過半數
    [strong] 強共識
   *[unanimous] 一致同意
}({ $pct })

## 對話框與提示
tui-inject-title = 插入引導者訊息(每個角色下次發言時都會看到)
tui-inject-placeholder = 例如:新的事實或提問
tui-pick-skip = 跳過哪個角色的下一次發言?
tui-pick-card = 打開哪個角色的名片?
tui-pick-item = { $n }. { $name }({ $other })
tui-export-title = 匯出 Markdown 到
tui-ok = 確定
tui-cancel = 取消
tui-saved = 已保存:{ $path }
tui-exported = 已匯出:{ $path }
tui-injected = 已排入:每個角色下次發言時都會看到
tui-ended-already = 本場已結束,無法再操作。
tui-cut-short = { $name }的發言已中止
tui-need-votes = 表決輪請對每個方案投支持或反對:{ $ids }
tui-will-skip = { $name }的下一次發言將被跳過
tui-ending = 正在結束並評分…
tui-ended = { $status }:{ $folder }
tui-mode-replay = 重播
tui-no-run = 還沒有可保存的內容
tui-lang-now = 介面語言:{ $lang ->
    [zh-Hans] 簡體中文
   *[other] 繁體中文
}
tui-speed = 速度 ×{ $x }
tui-error-title = 錯誤

## 角色名片
tui-card-goals = 目標
tui-card-red-lines = 底線
tui-card-stances = 對議題工具的立場
tui-card-role = 角色定位

## 真人席表單
tui-human-title = { $name } · 第{ $n }輪 · { $phase }
tui-human-speech = 發言
tui-human-proposal = 提出或修訂方案(可不填)
tui-human-proposal-title = 方案名稱
tui-human-revise = 修訂
tui-human-new = 新方案
tui-human-stances = 對桌上方案表態
tui-human-no-stance = 不表態
tui-human-reason = 理由
tui-human-submit = 提交 ^S
tui-human-pass = 放棄
tui-human-hide = 隱藏 Esc
tui-human-need-speech = 請先寫下發言。
tui-human-need-items = 方案需要名稱和至少一項政策工具。
tui-human-no-reason = (未說明理由)
tui-human-table-empty = 桌上還沒有方案。
tui-human-table = 桌上的方案
tui-human-supporters = 支持:{ $names }
tui-human-open-issues = 尚未解決的議題
tui-human-no-open = 每個議題都已有方案處理。
tui-human-since = 你上次發言以來
tui-human-nothing-new = (沒有新的發言)
tui-human-hidden = 表單已隱藏,其他角色仍在等你;按 h 叫回表單。
tui-human-no-form = 現在沒有等待輸入的表單。

## 按鍵名稱(底欄)與說明(命令面板)。id 以動作名稱結尾。
tui-key-switch-lang = EN
    .help = 介面在中文與英文之間切換
tui-key-save = 保存
    .help = 寫出 transcript.md 和 scorecard.json
tui-key-export = 匯出
    .help = 把發言紀錄匯出為 Markdown
tui-key-toggle-theme = 明/暗
    .help = 在淺色與深色主題之間切換
tui-key-quit = 退出
    .help = 取消生成並退出
tui-key-toggle-pause = 暫停/繼續
    .help = 在下一次發言前暫停,或繼續
tui-key-step = 單步
    .help = 暫停時,讓一次發言(或一輪密封表態)進行
tui-key-faster = 加速
    .help = 說得快一點(串流速度和每次發言的最短時間)
tui-key-slower = 減速
    .help = 說得慢一點(串流速度和每次發言的最短時間)
tui-key-inject = 插話
    .help = 加一則引導者訊息,每個角色下次發言時都會看到
tui-key-recall-form = 叫回表單
    .help = 再次顯示隱藏的真人席表單
tui-key-skip = 跳過
    .help = 跳過某個角色的下一次發言(或中止目前的發言)
tui-key-end-now = 結束評分
    .help = 現在停止生成,按目前的局面評分
tui-key-card = 名片
    .help = 打開某個角色的名片
tui-key-forward = 下一步
    .help = 顯示下一項
tui-key-back = 上一步
    .help = 回到上一項
tui-key-to-start = 開頭
    .help = 回到開頭
tui-key-to-end = 結尾
    .help = 跳到結尾
tui-key-submit = 提交
    .help = 送出真人席的這次發言
tui-key-hide = 隱藏
    .help = 隱藏表單;席位仍在等待
tui-key-command-palette = 命令
    .help = 打開命令面板
tui-command-title = { $label }  [{ $key }]
