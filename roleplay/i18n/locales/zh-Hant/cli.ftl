# 命令列：說明文字（介面語言）與指令輸出。
# 辯論的主控台輸出用辯論的語言；其他指令的用詞用介面語言。

## 說明：程式與指令

cli-app = 人工智慧創新政策的多智能體角色扮演辯論（新型舉國體制）。
cli-cmd-run = 進行一整場辯論，存成逐字稿資料夾（或以 --resume 接續中斷的一場）。
cli-cmd-validate = 檢查角色與情境檔，每個檔案印一行結果。
cli-cmd-personas = 列出內建的角色。
cli-cmd-scenarios = 列出內建的情境。
cli-cmd-show = 在終端機印出已存場次的逐字稿（Markdown）。
cli-cmd-score = 以規則評分器重新評分已存的場次，並印出評分卡。
cli-cmd-schema = 印出 JSON Schema，供編輯器驗證檔案。
cli-cmd-kit = 寫出教學包：學習目標、角色卡、45／90 分鐘流程表、課後討論。
cli-cmd-new = 寫出附註解的範本檔：./NAME.yaml（情境、工作坊）或 ./personas/NAME.yaml。
cli-cmd-tui = 在終端介面觀看並引導一場辯論，或重播已存的場次。
cli-cmd-workshop = 腳本化的工作坊練習：分階段的辯論，含介入與課後討論。
cli-cmd-workshop-run = 依序進行工作坊的每個階段，每個階段一個場次資料夾，另附工作坊摘要（或以 --resume 接續）。
cli-cmd-workshop-validate = 對照情境、角色與評分架構，檢查工作坊檔案。
cli-cmd-batch = 以多個隨機種子進行同一情境；可接續；寫出 report.json 與 report.md。任一種子失敗（後端故障、沒有一個發言成功、程式崩潰）時結束碼為 1：這些場次另列，不計入任何數字。
cli-cmd-export = 匯出一場供教學使用：排版的逐字稿、評分卡、分數圖、課後討論、文章段落。
cli-cmd-compare = 並排比較兩場：分數、方案、滿意度、圖表與逐字稿。
cli-cmd-list = 透過場次庫索引列出已存的場次（最新的在前）。
cli-cmd-search = 在已存的場次中尋找含有 TEXT 的發言與主持人講評（繁簡皆可）。

## 說明：選項與參數

cli-opt-lang = zh-Hant、zh-Hans 或 en（zh = zh-Hant；預設：情境的語言）
cli-opt-lang-kit = zh-Hant、zh-Hans 或 en（zh = zh-Hant；預設：zh-Hant 與 en）
cli-opt-lang-tui = zh-Hant、zh-Hans 或 en（zh = zh-Hant；預設：情境的或場次的語言）
cli-opt-rounds = 輪數（表決一律在最後）
cli-opt-scenario = 內建情境的 id（見 `roleplay scenarios`）或 YAML 路徑
cli-opt-scenario-kit = 情境 id 或 YAML 路徑
cli-opt-seed = 隨機種子（預設：情境的設定）
cli-opt-out = 存放場次資料夾的資料夾
cli-opt-quiet = 只印出評分卡與資料夾
cli-opt-model = 每個角色的後端：offline、openai:MODEL、deepseek:MODEL、ollama:MODEL 或 openai-compatible:MODEL
cli-opt-base-url = 未指定伺服器的 ollama 與 openai-compatible 席位所用的伺服器，例如 http://127.0.0.1:8000/v1（席位自己的 MODEL@URL 優先；openai 與 deepseek 席位一律連線到各自的主機）
cli-opt-base-url-short = 大型語言模型席位的伺服器網址，例如 http://127.0.0.1:8000/v1（openai-compatible 必須提供）
cli-opt-context-tokens = 每個大型語言模型席位的上下文長度，以 token 計（預設：伺服器回報的值，否則 openai-compatible 為 8192、ollama 為 4096；環境變數 ROLEPLAY_CONTEXT_TOKENS）
cli-opt-call-timeout = 等待回覆第一個位元組及各段之間的秒數（預設 45；環境變數 ROLEPLAY_CALL_TIMEOUT_S）
cli-opt-connect-timeout = 建立連線的秒數（預設 5；環境變數 ROLEPLAY_CONNECT_TIMEOUT_S）
cli-opt-turn-deadline = 一次完整發言的秒數，含重試與修復（預設 120；環境變數 ROLEPLAY_TURN_DEADLINE_S）
cli-opt-max-tokens = 每次呼叫的回覆上限，以 token 計（預設 900；環境變數 ROLEPLAY_MAX_TOKENS）
cli-opt-retries = 整場辯論允許的重試次數（預設 30；環境變數 ROLEPLAY_RETRY_BUDGET）
cli-opt-cache = 模型回覆的 sqlite 檔；以相同種子重跑時不再呼叫模型
cli-opt-dry-run = 印出第一輪的每個提示詞，以及每個大型語言模型席位整場的 token 估計，然後結束（不呼叫模型，不需要金鑰）
cli-opt-price = 搭配 --dry-run：每百萬提示 token 的價格，用來估計每個席位的費用
cli-opt-price-out = 搭配 --dry-run：每百萬生成 token 的價格（預設：--price）
cli-opt-moderator-model = 在規則評分器之外為辯論評分的大型語言模型評審（預設：情境的 moderator_backend；offline = 不設評審）
cli-opt-resume = 從最後一個完成的發言接續這個中斷的場次資料夾（沿用開始時的選項）
cli-opt-validate-paths = 角色或情境的 YAML 檔
cli-opt-run-dir = 場次資料夾
cli-opt-write = 改寫 scorecard.json 與 transcript.md
cli-opt-schema-kind = persona | scenario | workshop | event | scorecard
cli-opt-kit-run = 這個情境的場次資料夾：填入課後討論的答案
cli-opt-kit-out = 教學包檔案的資料夾（預設：./kit-SCENARIO）
cli-opt-kit-format = md 或 html（預設：兩者）
cli-opt-force-kit = 取代已存在的教學包檔案
cli-opt-new-kind = scenario、persona 或 workshop
cli-opt-new-name = 新檔案的 id（也是檔名）
cli-opt-new-from = 複製一個內建的情境、角色或工作坊
cli-opt-force-file = 取代已存在的檔案
cli-opt-tui-target = 情境 id 或 YAML 路徑（即時），或場次資料夾（重播）
cli-opt-tui-base-url = 伺服器網址（openai-compatible 必須提供）
cli-opt-tui-cache = 模型回覆的 sqlite 檔
cli-opt-human = 由鍵盤前的真人扮演的角色 id（可重複以指定多個席位，依序發言）
cli-opt-pace = 即時：每次發言至少持續 SECONDS 秒（速度鍵 + 與 - 可調整）
cli-opt-start-paused = 即時：宣布第 1 輪後等待空白鍵或 n
cli-opt-instant = 即時：立即顯示發言，而不以易讀的速度逐字流式顯示
cli-opt-theme = dark（深色）或 light（淺色）
cli-opt-end = 重播：從場次結尾開啟
cli-opt-workshop-file = 工作坊 YAML，或內建工作坊的 id（article-paths）
cli-opt-workshop-tui = 在終端介面進行各階段（真人席位即時扮演）
cli-opt-workshop-model = 每個非真人席位的後端（例如 offline）
cli-opt-workshop-quiet = 只印出每個階段的結果
cli-opt-workshop-resume = 從最後一個完成的發言接續這個中斷的（無介面）工作坊資料夾
cli-opt-batch-seeds = 要跑的種子，例如 1-50 或 1,3,10-12
cli-opt-batch-model = 每個席位的後端設定（預設：情境的設定）
cli-opt-concurrency = 同時進行的辯論數（offline：行程數，或本機 Ray 實例的 CPU 數；大型語言模型席位：同一事件迴圈上的工作數，或 Ray actor 上的工作數）
cli-opt-executor = process（本機行程池）或 ray（Ray 工作或 actor；pip install 'roleplay[ray]'）
cli-opt-address = 搭配 --executor ray：要加入的 Ray 叢集（例如 ray://head:10001）；預設：本機實例
cli-opt-batch-out = 批次資料夾（預設：transcripts/batch-<scenario>-<model>）；以同一資料夾重跑即可接續
cli-opt-per-server = 大型語言模型席位：同一伺服器上同時進行的發言上限，伺服器組中的每台各自計算（預設 4）
cli-opt-batch-judge = 在規則評分器之外為每場辯論評分的大型語言模型評審（預設：情境的 moderator_backend；offline = 不設評審）
cli-opt-batch-force = 取代非 roleplay 建立的種子資料夾（及資料夾）；從不跟隨連結
cli-opt-export-format = md 或 html
cli-opt-compare-format = html 或 md
cli-opt-export-out = 要寫出的檔案，或寫入 <場次資料夾>.<format> 的資料夾（預設：RUN_DIR/export.<format>）
cli-opt-compare-out = 要寫出的檔案，或寫入的資料夾（預設：compare-<A>-<B>.<format>）
cli-opt-force-output = 輸出檔已存在時取代它
cli-opt-run-a = 第一個場次資料夾
cli-opt-run-b = 第二個場次資料夾
cli-opt-library = 場次所在的資料夾（即 --out 所給的）
cli-opt-list-scenario = 只列這個情境 id 的場次
cli-opt-rebuild = 先從場次資料夾重建索引
cli-opt-search-text = 一個詞或短語，中文（繁簡皆可）或英文
cli-opt-limit = 最多列出這麼多筆結果

## 說明：typer 與 click 在說明文字周圍的用詞（roleplay/cli/help.py）

cli-help-usage = 用法：
cli-help-usage-options = [選項]
cli-help-usage-command = 指令 [引數]...
cli-help-heading = { $name }：
cli-help-arguments = 引數
cli-help-options = 選項
cli-help-commands = 指令
cli-help-default = 預設：{ $default }
cli-help-required = 必填
cli-help-envvar = 環境變數：{ $var }
cli-help-dynamic = （動態）
cli-help-note-sep = ；
cli-help-with-notes = { $help }（{ $notes }）
cli-help-notes = （{ $notes }）
cli-help-help = 顯示這則說明並結束。

## 主控台上的辯論（辯論的語言）

cli-backends = 後端：{ $labels }
cli-offline-note = （離線規則引擎：內建的規則式談判程式，非大型語言模型）
cli-turn-failed = （{ $status }：{ $error }）
cli-proposal-title = { $id } 第{ $version }版 — { $title }
cli-col-instrument = 政策工具
cli-col-setting = 參數
cli-stance = { $position ->
    [support] 支持
    [oppose] 反對
   *[amend] 修正
}
cli-status = { $status ->
    [finished] 完成
    [stopped] 停止
   *[failed] 失敗
}
cli-status-line = 狀態：{ $status }（{ $reason }）；{ $counts }
cli-counts = { $rounds }輪、{ $turns }次發言
cli-saved = 已儲存：{ $path }
cli-scorecard-title = 評分卡（{ $scorer ->
    [deterministic] 規則評分
   *[other] { $scorer }
}）
cli-scorecard-package = { $title } — { $id } { $name } · { $adopted ->
    [yes] 通過
   *[no] 未通過
}
cli-col-element = 要素
cli-col-score = 分數
cli-col-rationale = 理由
cli-col-evidence = 證據
cli-col-contradiction = 結構性矛盾
cli-col-effect = 影響
cli-col-via = 經由
cli-total-line = 六要素總分：{ $total }/24（{ $scored }/6）· 共識程度：{ $consensus }（{ $share }%）
cli-paths-line = 策略路徑：{ $paths }
cli-satisfaction-line = 滿意度：{ $items }
cli-satisfaction-item = { $name } { $pct }%
cli-none = 無
cli-usage = 大型語言模型：{ $calls } 次呼叫，提示 { $prompt } 個 token{ $cached ->
    [0] {""}
   *[other] （其中 { $cached } 個讀自伺服器的前綴快取）
} + 生成 { $completion } 個 token，模型用時 { $latency } 秒（每次發言 { $per_turn } 個提示 token{ $judged }）
cli-usage-judge = ；評審：{ $calls } 次呼叫，{ $latency } 秒
cli-judge-head = 評審與規則評分：評審評了 { $n }/6 個要素
cli-judge-mean = ，平均 { $mean }
cli-judge-agrees = {"  "}兩者都評過的要素沒有分歧
cli-judge-diff = {"  "}{ $name }：規則評分 { $deterministic }，評審 { $judge }（{ $delta }）

## 指令本身的用詞（介面語言，或場次的語言）

cli-interrupted-run = 已中斷；每個完成的發言都保留在 { $folder }；以 `roleplay run --resume { $folder }` 接續
cli-events-kept = 目前為止的事件保留在 { $folder }
cli-resuming = 接續 { $folder }：已完成 { $n } 次發言
cli-ok = 通過  { $path }（{ $kind }）
cli-col-id = 代號
cli-col-name-zh = 中文名稱
cli-col-name-en = 英文名稱
cli-col-role = 職責
cli-col-lang = 語言
cli-col-rounds = 輪數
cli-col-title = 標題
cli-left-out = {" "}… [此處省略 { $n } 個字元；全文見 transcript.md]
cli-rewritten = 已更新：{ $scorecard }、{ $transcript }
cli-kept-edited = 你編輯過的 transcript.md 已保留為 { $path }
cli-run-folder = 場次資料夾：{ $path }
cli-interrupted-workshop = 已中斷；完成的階段與發言保留在 { $folder } 之下；以 `roleplay workshop run --resume <該資料夾>` 接續
cli-stage-line = { $n }. { $id }：{ $status }；{ $size }；{ $total } → { $folder }
cli-stage-status-cut = { $status }：{ $reason }
cli-stage-size = { $rounds }/{ $planned } 輪、{ $turns } 次發言
cli-stage-unscored = 未評分
cli-stage-total = 總分 { $total }/24（評了 { $scored }/6 個要素）{ $cut ->
    [yes] ，按中斷時的狀態評分
   *[no] {""}
}
cli-workshop-ok = 通過  { $path }（工作坊「{ $id }」，{ $n } 個階段）
cli-interrupted-batch = 已中斷；完成的種子都已保留。重跑同一指令即可接續（{ $folder }）。
cli-batch-summary = 已評分 { $scored }/{ $total } 場；平均總分 { $mean }/24（n = { $n }/{ $n_total }）；{ $adopted }/{ $scored } 場通過了方案{ $judged }
cli-batch-judged = ；評審評了 { $n }/{ $total } 場
cli-batch-report = 報告：{ $md } 與 { $json }
cli-batch-failed = { $n } 場失敗或未完成，不計入任何數字：
cli-batch-failed-seed = {"  "}種子 { $seed }（{ $folder }）：{ $reason }
cli-batch-failed-more = {"  "}… 另有 { $n } 場（見 report.md）
cli-batch-resumed = { $id }（接續：先前已完成 { $n } 場）
cli-batch-n-failed = （{ $n } 場失敗）
cli-batch-eta = 剩餘
cli-batch-lost = 種子 { $seeds } 隨其 Ray 工作行程一起遺失（{ $why }）；重跑同一指令即可接續
cli-warn-unreadable = 警告：{ $path }：略過 { $n } 行無法讀取的內容：{ $lines }
cli-warning = 警告：{ $path }：{ $problem }
cli-warn-dropped = 警告：{ $path }：略過的行：{ $lines }
cli-note = 注意：{ $text }
cli-skipped = 略過 { $n } 個無法讀取的場次資料夾：
cli-list-caption = 總分：最終得分 /24（✔ 方案通過）
cli-col-started = 開始時間（UTC）
cli-col-scenario = 情境
cli-col-seed = 種子
cli-col-status = 狀態
cli-col-total = 總分
cli-col-folder = 資料夾
cli-col-turn = 發言
cli-col-speaker = 發言者
cli-col-text = 內容
cli-runs-under = { $folder } 之下有 { $n } 場
cli-hits = { $n } 筆結果{ $capped ->
    [yes] （前 { $limit } 筆）
   *[no] {""}
}
