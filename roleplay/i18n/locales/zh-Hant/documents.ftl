# 一場辯論產生的文件:transcript.md、`roleplay show`、md/html 匯出、評分圖、
# `roleplay compare`、真人席位紀錄與工作坊總結。
doc-question = 議題
doc-scenario = 場景
doc-run = 場次
doc-seed = 隨機種子
doc-backends = 後端
doc-seat-backend = { $seat }：{ $backend }
doc-every-seat = { $backend }（各席位）
doc-kind = { $kind ->
    [element] 要素
    [contradiction] 結構性矛盾
   *[path] 策略路徑
}
doc-proposal-version = { $id } 第{ $version }版
doc-score-range = { $score }（0～4）
doc-plot-range = { $title }（0～24）
doc-turn-label = 第{ $round }輪·{ $seat }
doc-round = 第{ $n }輪
doc-proposal = 方案
doc-withdrawn = 已撤回
doc-instrument = 政策工具
doc-setting = 參數
doc-stances = 表態
doc-scorecard = 評分卡
doc-element = 要素
doc-score = 分數
doc-rationale = 理由
doc-evidence = 證據
doc-contradictions = 結構性矛盾
doc-effect = 影響
doc-via = 經由
doc-paths = 策略路徑
doc-consensus = 共識程度
doc-satisfaction = 滿意度
doc-persona = 角色
doc-status = 狀態
doc-none = 無
doc-package = 方案
doc-adopted = 通過
doc-not-adopted = 未通過
doc-offline-note = 離線規則引擎：內建的規則式談判程式（非大型語言模型）
doc-eases = 緩解
doc-worsens = 加劇
doc-mixed = 有得有失
doc-untouched = 未觸及
doc-support = 支持
doc-oppose = 反對
doc-amend = 修正
doc-total = 六要素總分
doc-total-score = { $total }/24（已評分 { $scored }/6 項）
doc-scored = 已評分 { $scored }/6 項
doc-deterministic = 規則評分
doc-judge = 大型語言模型評審
doc-interrupted = （本場中斷，以下為已完成的部分）
doc-judge-unscored = 大型語言模型評審（{ $spec }）未能評分；以規則評分卡為準
doc-judge-unscored-why = 大型語言模型評審（{ $spec }）未能評分（{ $why }）；以規則評分卡為準
doc-consensus-level = { $level ->
    [none] 無共識
    [weak] 弱共識
    [majority] 過半數
    [strong] 強共識
    [unanimous] 一致同意
   *[other] { $level }
}
doc-turn-status = { $status ->
    [failed] 失敗
    [skipped] 已跳過
    [incomplete] 未完成
   *[other] { $status }
}
doc-item-sep = ；
doc-quote = 「{ $quote }」
doc-label-value = { $label }：{ $value }
doc-paren = （{ $text }）

## 匯出（md、html）與評分圖
doc-debrief = 討論問題
doc-passages = 文章出處
doc-section = 章節
doc-plot = 各輪評分
doc-transcript = 辯論記錄
doc-compare = 對照
doc-diff = 差異
doc-facilitator = 主持人介入
doc-final = 最終
doc-no-rounds = 沒有已評分的回合

## 對照:兩場從哪裡分岔
doc-by-issue = 逐項議題
doc-by-instrument = 逐項政策工具
doc-issue = 議題
doc-open = 未解決
doc-absent = 不在方案中
doc-same = 相同
doc-differs = 不同
doc-parted = 兩場從哪一次發言開始分岔
doc-parted-at = 第 { $n } 次發言：A 是 { $a }，B 是 { $b }。
doc-parted-why = 不同之處：{ $what }。
doc-never = 兩場的每一次發言在決定上都相同（發言人、方案、表態、論點）。
doc-ended = 到第 { $n } 次發言為止都相同；之後 { $which } 結束了。
doc-what = { $what ->
    [speaker] 發言人
    [proposal] 提出或修訂的方案
    [stances] 對方案的表態
    [claims] 所用論點
   *[status] 發言是否完成
}

## 真人席位的發言與表決
doc-human-title = 真人席位的發言與表決（供評分）
doc-turn = 發言
doc-speech = 發言內容
doc-tabled = 提出的方案
doc-passed = （放棄本輪）
doc-package-items = { $title }：{ $items }
doc-stance-line = { $proposal } { $position }：{ $reason }

## 工作坊總結（summary.md）
doc-ws-workshop = 工作坊
doc-ws-source = 來源
doc-ws-started = 開始
doc-ws-mode = 模式
doc-ws-stages = 階段
doc-ws-scenario = 場景
doc-ws-path = 策略路徑
doc-ws-folder = 資料夾
doc-ws-status = 狀態
doc-ws-progress = { $rounds }/{ $planned } 輪，{ $turns } 次發言
doc-ws-package = 方案
doc-ws-total = 總分
doc-ws-scored = 已評分 { $n }/6 項
doc-ws-cut-short = ；提前結束：{ $reason }，以當時的局面評分
doc-ws-consensus = 共識
doc-ws-satisfaction = 滿意度
doc-ws-humans = 真人席位
doc-ws-interventions = 主持人介入
doc-ws-debrief = 討論問題

# 工作坊階段未列討論問題時的預設問題（roleplay.formats.workshop）
doc-debrief-red-line = 哪一方的紅線最終決定了方案的形狀？為什麼？
doc-debrief-elements = 通過的方案體現了六大要素中的哪些？哪一個要素最弱？
doc-debrief-contradiction = 方案緩解或加劇了哪一項結構性矛盾？文章中哪一段支持你的判斷？
doc-debrief-ecosystem = 如果政府要「造生態而非做業態」，這場辯論中哪一個提案最接近這個原則？
