# 錯誤訊息（roleplay/errors.py）：每則都指出檔案、欄位或行，以及修正方法。
error-file-invalid = { $path }：檔案無效
error-bad-lang = { $what } 必須是 zh-Hant、zh-Hans 或 en（zh = zh-Hant），而不是「{ $value }」

## roleplay/formats/yamlfile.py：讀取資料檔
error-file-too-big = 檔案有 { $size } 位元組；資料檔上限為 { $limit } 位元組（roleplay.formats.yamlfile.MAX_BYTES）；請縮短或拆分檔案
error-file-not-found = 找不到檔案；請檢查路徑
error-file-is-folder = 這是資料夾；請給一個 .yaml 檔案
error-file-permission = 無法讀取（權限不足）；請檢查檔案權限
error-file-over-limit = 檔案超過 { $limit } 位元組（上限）；請縮短檔案
error-file-nul = 第{ $line }行：含有 NUL 位元組（\0）；這不是文字檔，或檔案已損壞
error-file-not-utf8 = 第{ $line }行：第{ $byte }個位元組不是 UTF-8；請將檔案存為 UTF-8
error-yaml-too-many-values = 第{ $line }行：經由別名（*name）展開後超過 { $limit } 個值（上限，roleplay.formats.yamlfile.MAX_NODES）；請直接寫出這些值
error-yaml-alias-loop = 第{ $line }行：此處的別名（*name）指向自身；請刪除它
error-yaml-too-deep = 清單或映射巢狀太深，無法讀取；請將檔案攤平
error-yaml-broken-at = 第{ $line }行第{ $column }欄：YAML 語法錯誤（{ $problem }）；{ $fix }
error-yaml-broken = YAML 語法錯誤（{ $problem }）；{ $fix }
error-yaml-fix-tab = 這一行用 Tab 縮排；YAML 只能用空格縮排：請把 Tab 換成空格
error-yaml-fix-quote = 請修正該處語法；含有逗號或冒號的文字必須加引號：zh: "…", en: "…"
error-yaml-fix-syntax = 請修正該處語法
error-yaml-duplicate-key = 第{ $line }行：鍵「{ $key }」在同一個映射中出現兩次；請只保留一個
error-yaml-not-mapping = 第{ $line }行：{ $what ->
    [empty] 檔案是空的（或只有註解）
    [list] 檔案頂層是一個清單
   *[value] 檔案頂層是單一個值
}；檔案必須是 YAML 映射（「鍵: 值」的各行）
error-field-at-line = 第{ $line }行，欄位「{ $field }」：{ $problem }
error-field = 欄位「{ $field }」：{ $problem }
error-unknown-key-split = 未知的鍵「{ $key }」：這看起來是一段文字在 { $flow } 內的逗號或冒號處被截斷後的剩餘部分；請把整段文字加上引號，例如 `zh: "甲,乙"`
error-unknown-key = 未知的鍵「{ $key }」；{ $hint }
error-field-missing = 缺少必填欄位；請補上
error-hint-did-you-mean = 您是不是要寫「{ $name }」？
error-hint-allowed-keys = 可用的鍵：{ $names }

## roleplay/templating.py：Jinja2 範本
error-template-star = 「*」會產生 { $n } 個字元或項目；上限是 { $limit }
error-template-power = 「**」的指數 { $exponent } 太大；上限是 { $limit }
error-template-too-long = 範本「{ $name }」：輸出超過 { $limit } 個字元（roleplay.templating.MAX_OUTPUT_CHARS）；請縮短
error-template-too-slow = 範本「{ $name }」：渲染超過 { $seconds } 秒（roleplay.templating.MAX_SECONDS）；請檢查是否有永不結束或越跑越大的迴圈
error-template-sandbox = 範本「{ $name }」：被沙箱拒絕：{ $detail }；請從範本中移除該部分
error-template-overflow = 範本「{ $name }」：數字太大（{ $detail }）；請使用較小的數字
error-template-recursion = 範本「{ $name }」：遞迴太深（某個 macro 或 include 無止境地呼叫自身）
error-template-memory = 範本「{ $name }」：記憶體不足；請把範本縮小
error-template-not-found = 在 { $folder } 中找不到範本「{ $name }」；請檢查名稱
error-template-syntax = 範本「{ $name }」第{ $line }行：{ $detail }；請修正語法
error-template-undefined = 範本「{ $name }」：{ $detail }；請傳入該變數，或從範本中移除它

## roleplay/llm/spec.py：後端設定（PROVIDER:MODEL@URL#KNOBS）與金鑰；訊息中絕不出現金鑰
error-url-fix = 請寫成 http://HOST:PORT/v1（例如 http://127.0.0.1:8000/v1）
error-url-broken = 後端「{ $spec }」：伺服器網址「{ $url }」有誤（{ $detail }）；{ $fix }
error-url-no-host = 後端「{ $spec }」：伺服器網址「{ $url }」沒有指明主機；{ $fix }
error-spec-knob = 後端「{ $spec }」：「#」之後的「{ $part }」不是限制設定；請寫成以「&」連接的 #NAME=VALUE，NAME 為 { $names } 之一
error-spec-form = 後端「{ $spec }」：請寫成 PROVIDER:MODEL，例如 openai:gpt-4o-mini 或 ollama:qwen2.5:7b（提供者：{ $providers }），或寫 'offline'
error-hint-use-one-of = 請使用以下之一：{ $names }
error-spec-provider = 後端「{ $spec }」：未知的提供者「{ $provider }」；{ $hint }
error-spec-fixed-host = 後端「{ $spec }」：{ $provider } 席位一律呼叫 { $provider } 自己的伺服器（其金鑰不會送往他處）；若要用其他伺服器，請寫 openai-compatible:{ $model }@URL
error-spec-at = 後端「{ $spec }」：「@」之後的「{ $given }」不是伺服器網址；請寫 { $provider }:{ $model }@http://HOST:PORT/v1（http:// 或 https://）
error-spec-no-server = 後端「{ $spec }」：openai-compatible 需要指定伺服器；請傳入 --base-url http://HOST:PORT/v1，或寫 openai-compatible:{ $model }@http://HOST:PORT/v1
error-spec-invalid = 後端「{ $spec }」：{ $problems }
error-keys-file = { $path }：無法讀取金鑰檔（{ $kind }）；請修正或刪除它
error-key-source-server = 伺服器自身的金鑰設定
error-key-source = { $var } 或 { $path } 中 [keys] 的「{ $name }」項
error-key-missing = 後端「{ $spec }」需要 API 金鑰：請在環境變數中設定 { $var }，或寫入金鑰檔 { $path }（一個含 [keys] 表的 TOML 檔，每個提供者一行），此處為：{ $provider } = "YOUR-KEY"

## roleplay/formats/catalog.py：評分準則、論點、角色與情境的交叉檢查
error-hint-known = 已知的有：{ $names }
error-id-repeated = id「{ $id }」使用了不只一次；id 必須唯一
error-unknown-id = 欄位「{ $field }」：「{ $id }」不是已知的 id；請使用以下之一：{ $known }
error-claim-id-repeated = 論點 id「{ $id }」使用了不只一次；id 必須唯一
error-not-instrument = 欄位「{ $field }」：「{ $id }」不是政策工具；{ $hint }
error-no-claim = 欄位「{ $field }」：沒有論點「{ $id }」；{ $hint }
error-claim-figure = 欄位「{ $field }」：{ $where } 中缺少「{ $figure }」；數字必須原樣出現在引文和兩種語言的文字中
error-weight-not-element = 欄位「{ $field }」：不是要素；{ $hint }
error-weight-missing = 欄位「weights」：缺少要素「{ $id }」；請給它一個 0 到 1 之間的權重
error-stance-not-instrument = 欄位「{ $field }」：不是政策工具；{ $hint }
error-unknown-scenario = 情境「{ $name }」既不是檔案，也不是內建情境；{ $hint }（請見 `roleplay scenarios`）
error-unknown-persona = 欄位「{ $field }」：未知的角色「{ $id }」；{ $hint }
error-unknown-persona-searched = 欄位「{ $field }」：未知的角色「{ $id }」；{ $hint }；已在以下位置尋找 <id>.yaml：{ $folders }
error-unknown-instrument = 欄位「{ $field }」：未知的政策工具「{ $id }」；{ $hint }
error-not-element = 欄位「{ $field }」：「{ $id }」不是要素；{ $hint }
error-not-contradiction = 欄位「{ $field }」：「{ $id }」不是 rubric/article.yaml 裡的矛盾 id；{ $hint }
error-no-persona = 欄位「{ $field }」：沒有角色「{ $id }」；{ $hint }
error-persona-id-file = 欄位「id」：值是「{ $id }」，但檔名是「{ $stem }.yaml」；請讓兩者一致

## roleplay/formats/workshop.py、validation.py
error-none = 無
error-stage-id-repeated = 階段 id { $ids } 使用了不只一次；請給每個階段各自的 id
error-unknown-workshop = 工作坊「{ $name }」既不是檔案，也不是內建工作坊（內建：{ $bundled }）
error-stage-seat = 欄位「{ $field }」：此角色未在情境「{ $scenario }」中入座（已入座：{ $seated }）
error-stage-path = 欄位「{ $field }」：「{ $path }」不是策略路徑；請使用以下之一：{ $paths }
error-stage-round = 欄位「{ $field }」：第{ $round }輪永遠不會進行（此階段共 { $last } 輪）
error-unknown-schema = 未知的綱要「{ $kind }」；請使用以下之一：{ $kinds }

## roleplay/formats/*：模型內的檢查（pydantic 會把它們放在「欄位 '...'」之後）
error-default-range = 預設值 { $default } 不在 [{ $min }, { $max }] 範圍內
error-stake-range = stakes.{ $id } 是 { $value }；請使用 -1 到 1 之間的數字
error-option-repeated = options 中 { $ids } 出現不只一次；請給每個選項各自的 id
error-weight-range = { $id } 的權重是 { $value }；請使用 0 到 1 之間的數字
error-persona-repeated = personas 中 { $ids } 出現不只一次；每個只列一次
error-only-in-order = 只在 speaker_order 中：{ $ids }
error-only-in-personas = 只在 personas 中：{ $ids }
error-speaker-order = speaker_order 必須恰好列出「personas」中的角色，每個一次
error-speaker-order-diff = speaker_order 必須恰好列出「personas」中的角色，每個一次（{ $diff }）
error-voters-empty = voters 是空清單；請列出投票者，或刪除此鍵讓所有入座角色都投票
error-not-seated = { $key } 列出的 { $ids } 未在「personas」中入座
error-no-issues = 沒有議題：請在「issues」下列出要決定的事項（見 README），或在「focus_instruments」下列出至少兩個政策工具 id
error-issue-repeated = issues 中 { $ids } 出現不只一次；請給每個議題各自的 id
error-vote-not-last = 議程第{ $round }輪是最後一輪之前的投票；請把投票放在最後（每場辯論只有一次最終投票）
error-vote-without-proposal = 議程以投票結束，但沒有提案輪；請在投票前加上 { $fix }
error-speakers-not-seated = 議程第{ $round }輪的發言者 { $ids } 未在「personas」中入座

## roleplay/cli/app.py：命令列如何顯示錯誤
error-prefix = 錯誤：
error-locale = 有些文字在此終端機的編碼（{ $encoding }，檔名：{ $fs }）中無效：{ $text }；請在 UTF-8 語系下執行，例如 LC_ALL=C.UTF-8，或重新輸入文字

## roleplay/runs/outdir.py、writer.py：絕不覆寫的輸出路徑
error-refusal = { $path }：{ $why }；未做任何變更。若要繼續，{ $fix }
error-path-why = { $path }：{ $why }
error-fix-force = 請加上 --force 重新執行以取代它，或另選 --out
error-fix-file-path = 請用 --out 指定一個檔案路徑
error-fix-other-out = 請另選 --out，例如以 .html 或 .md 結尾的檔案
error-fix-other-out-or-force = 請另選 --out（或加上 --force）
error-fix-resume = 請用 --resume 續跑，或另選 --out
error-why-symlink-out = 是符號連結；roleplay 絕不透過連結寫到輸出資料夾之外
error-why-symlink = 是符號連結；roleplay 絕不透過連結寫入
error-why-file-not-run = 是檔案，不是執行資料夾
error-why-foreign-files = 含有不是 roleplay 寫入的檔案（{ $shown }）
error-and-more = { $shown } 等，另有 { $count } 個
error-why-exists = 已經存在（其中可能有您的修改）
error-why-folder = 是資料夾
error-why-run-record = 是執行資料夾本身的紀錄，--force 也不會取代它（否則這場執行將無法再顯示、評分或續跑）
error-why-foreign-folder = 不是 roleplay 建立的資料夾（其中有 { $shown }）
error-why-holds-run = 已經有一場執行
error-out-file-unwritable = --out { $path }：無法在該處寫入檔案（{ $detail }）；請指定一個您可寫入的資料夾中的檔案路徑
error-out-batch-is-file = --out { $path }：是檔案；請給批次一個資料夾（不存在時會自動建立）

## roleplay/runs/batch*.py：多個種子的批次
error-batch-foreign-folders = 批次將必須取代不是它建立的資料夾：{ $problems }{ $more ->
    [0] {""}
   *[other] （另有 { $more } 個）
}。未做任何變更。若要繼續，請加上 --force 重新執行以取代它們，或另選 --out
error-option-changed = { $name } 原為 { $old }，現為 { $new }
error-scenario-default = 情境的預設值
error-content-changed = { $kind ->
    [scenario] 情境欄位「{ $name }」
   *[persona] 角色「{ $name }」
}{ $change ->
    [new] 是新增的
    [gone] 已被刪除
   *[changed] 已變更
}
error-not-manifest = { $path } 不是批次清單（{ $detail }）；請另選 --out
error-other-batch = { $path } 中已有另一個批次：{ $options }。請另選 --out，或以該批次原本的情境與選項重新執行以續跑
error-batch-files-changed = { $path }：自此批次開始以來，情境或角色檔已變更（{ $changes }）。續跑會混合兩個版本的執行；請為修改後的檔案另選 --out，或還原檔案後再續跑
error-out-is-run-folder = --out { $path }：是執行資料夾（其中有 events.jsonl）；請給批次一個專屬資料夾，或省略 --out（預設：transcripts/batch-<scenario>-<model>）
error-out-batch-unwritable = --out { $path }：無法在該處寫入批次（{ $detail }）；請另選資料夾
error-seeds-too-many = --seeds：{ $text } 共 { $count } 個種子；一個批次最多執行 { $limit } 個，請拆成數個批次（例如 1-{ $max }）
error-concurrency = --concurrency 至少須為 1（目前為 { $value }）
error-seeds-negative = --seeds：「{ $part }」是負數；種子須為 0 或以上，例如 0-49
error-seeds-form = --seeds：「{ $part }」不是種子也不是範圍；請寫成例如 1-50 或 1,3,10-12
error-seeds-backwards = --seeds：範圍 { $part } 是倒過來的；請寫 { $hi }-{ $lo }
error-ray-missing = 尚未安裝 Ray：請執行 pip install 'roleplay[ray]'（或 pip install ray），或不要使用 --executor ray
error-ray-address = --address { $address }：不是 HOST:PORT 或 ray://HOST:PORT；例如 ray://10.0.0.5:10001
error-ray-address-detail = --address { $address }：不是 HOST:PORT 或 ray://HOST:PORT（{ $detail }）
error-ray-offline-only = --executor ray 目前只能執行離線批次（Ray 上的 LLM 席位與評審尚未實作）；不使用 --executor ray 即可改用行程池
error-ray-outside = 某個 Ray 工作節點送來一個位於其執行資料夾之外的檔案：{ $name }
error-ray-no-head = --address { $address }：{ $host }:{ $port } 沒有 Ray 主節點回應（{ $detail }）；請確認主節點正在執行（在其上執行 `ray status`）以及位址與連接埠，或不用 --address 改在本機 Ray 上執行
error-ray-local = 本機實例
error-ray-start = 無法在 { $address } 啟動或加入 Ray：{ $detail }

## roleplay/runs/workshop_run.py：工作坊
error-out-workshop-is-file = --out { $path }：是檔案；請給工作坊的執行資料夾一個資料夾
error-no-workshop-json = { $path }：此處沒有 { $name }；請給一個由 `roleplay workshop run` 建立的資料夾
error-workshop-tui-resume = { $path }：在 TUI 中執行的工作坊無法續跑；請重新執行
error-workshop-finished = { $path }：此工作坊的每個階段都已完成；沒有可續跑的部分
error-out-workshop-unwritable = --out { $path }：無法在該處建立工作坊資料夾（{ $detail }）；請另選資料夾
error-not-workshop-summary = { $path }：不是工作坊摘要（{ $detail }）；它已被編輯或損壞
error-workshop-no-tui = 此版本無法使用 TUI（{ $detail }）；請不加 --tui 執行工作坊
error-stage-tui-failed = 階段「{ $stage }」在 TUI 中失敗：{ $detail }
error-workshop-stage = { $path }：階段「{ $stage }」：{ $problem }

## roleplay/runs/transcript.py、resume.py、locks.py：讀回執行資料夾
error-events-first = { $path } 的開頭不是 debate_started 事件
error-no-events = { $path }：此處沒有 { $name }；請給一個由 `roleplay run` 建立的執行資料夾
error-events-unreadable = { $path }：無法讀取（{ $detail }）
error-skip-not-utf8 = 第{ $line }行：第{ $byte }個位元組不是 UTF-8；已略過此行
error-skip-cut-short = 第{ $line }行：不完整（寫入時執行被中止）；已略去此行
error-skip-invalid-event = 第{ $line }行：不是有效的事件（{ $detail }）；已略過此行
error-events-first-type = { $path }：第 1 行是 { $type } 事件，但第一行必須是 debate_started 事件；此檔案不是由 `roleplay run` 寫入，或已被編輯
error-events-first-detail = { $path }：第一行必須是 debate_started 事件（{ $detail }）；此檔案不是由 `roleplay run` 寫入，或已被編輯
error-events-first-missing = { $path }：第一行必須是 debate_started 事件；此檔案不是由 `roleplay run` 寫入，或已被編輯
error-replay-diverged = { $path }：重播已記錄的發言時到了 { $got }，但紀錄中是 { $want }；這場執行無法續跑（未新增任何內容）；請重新開始
error-replay-end = 辯論結束
error-replay-no-turn = 沒有下一次發言
error-run-finished = 這場執行已經結束（最後一個事件是 debate_ended）；沒有可續跑的部分
error-run-symlink = { $path }：是符號連結；請給執行資料夾本身
error-options-file = { $path }：不是有效的選項檔（{ $detail }）；請還原或刪除它
error-path-problem = { $path }：{ $problem }
error-lock-held = { $path }：另一個 roleplay { $what ->
    [run] 執行
    [batch] 批次
    [workshop] 工作坊
   *[other] { $what }
}正在寫入此資料夾（持有 { $lock }）；請等它完成，或另選 --out
error-lock-failed = { $path }：無法取得寫入鎖（{ $detail }）；{ $what ->
    [run] 執行
    [batch] 批次
    [workshop] 工作坊
   *[other] { $what }
}需要可寫入的資料夾；請另選 --out

## roleplay/runs/starter.py、kit.py、export.py、library.py
error-from-unknown = --from { $source }：沒有此 id 的內建{ $kind ->
    [scenario] 情境
    [persona] 角色
    [workshop] 工作坊
   *[other] { $kind }
}；請從以下選擇：{ $ids }
error-from-no-id = --from { $source }：內建檔案沒有頂層的 id 行
error-new-kind = roleplay new { $kind }：請選 scenario、persona 或 workshop
error-new-id = roleplay new { $kind } { $name }：不是有效的 id；{ $kind ->
    [persona] 請使用小寫字母、數字和 _，並以字母開頭
   *[other] 請使用小寫字母、數字、- 和 _，並以字母或數字開頭
}
error-new-exists = { $path }：已經存在；請換個名稱，或加上 --force 取代它
error-format-md-html = --format { $fmt }：請選 md 或 html
error-kit-other-run = --run { $run }：這是「{ $found }」的執行，不是「{ $scenario }」的；請給此情境的執行資料夾
error-kit-exists = { $path }：已經存在；請另選 --out 資料夾，或加上 --force 取代這份教學包
error-export-format = --format 必須是 md 或 html，而不是「{ $fmt }」
error-library-missing = { $path }：沒有這個執行資料夾；請給您傳給 --out 的資料夾（預設：transcripts）
error-search-empty = 搜尋文字是空的；請給一個詞或短語，例如 耐心資本 或 sandbox
error-search-encoding = 搜尋文字「{ $text }」在此終端機的編碼中不是有效文字；請在 UTF-8 語系下執行（例如 LC_ALL=C.UTF-8），或重新輸入
error-library-locked = { $path }：另一個 roleplay 命令已更新執行索引 { $seconds } 秒；請等它完成後再試

## roleplay/cli/*、debate/*、tui/*：選項與引數
error-run-scenario-and-resume = 請給情境或 --resume RUN_DIR 其中之一，不要兩者都給
error-run-no-scenario = 請給一個情境（見 `roleplay scenarios`），或用 --resume RUN_DIR 續跑一場執行
error-price-needs-dry-run = { $flag } 只用於為 --dry-run 估價（此時不會進行辯論）；請加上 --dry-run，或去掉 { $flag } 以進行辯論
error-run-folder-exists = { $path }：已經存在；請再執行一次（會抽取新的執行 id）
error-resume-symlink = { $path }：是符號連結；請給執行資料夾本身（roleplay 絕不透過連結寫入）
error-workshop-file-or-resume = 請給工作坊檔案或 id，或 --resume WORKSHOP_DIR（兩者擇一）
error-workshop-resume-tui = --resume 續跑的是無介面的工作坊；請去掉 --tui
error-per-server-offline = --per-server 限制對模型伺服器的呼叫，但此批次沒有任何伺服器（每個席位都是離線）；請去掉 --per-server，或用 --model 指定 LLM 席位
error-executor = --executor 必須是 process 或 ray（目前為 { $value }）
error-address-needs-ray = --address 需要搭配 --executor ray
error-out-run-is-file = --out { $path }：是檔案；請給執行資料夾所在的資料夾
error-out-unwritable = --out { $path }：無法寫入該處（{ $detail }）；請另選資料夾
error-not-run-folder = --run { $run }：不是執行資料夾（沒有 events.jsonl）；請給一個由 roleplay run 寫入的資料夾
error-tui-folder = { $path }：資料夾中沒有 { $name }；請給執行資料夾，或情境 id 或 YAML 檔案
error-pace = --pace { $pace }：請給每次發言 0 秒或以上
error-rounds = --rounds 至少須為 1（目前為 { $value }）
error-rounds-one = --rounds 1 在投票前沒有提案的空間；請使用 --rounds 2 或以上
error-backend-unavailable = 此版本無法使用後端「{ $spec }」；請使用 'offline'
error-theme = --theme 必須是 dark 或 light，而不是「{ $theme }」
error-human-twice = --human 重複指定了角色（{ $ids }）；每個席位只指定一次
error-human-not-seated = --human { $id }：未在情境「{ $scenario }」中入座；請從以下選擇：{ $seated }
error-event-invalid = { $path }：第{ $line }行不是有效的事件（{ $detail }）

## roleplay/llm/faults.py、backend.py：失敗的模型呼叫（訊息中絕不出現金鑰）
error-fit-figures = ：提示 { $prompt } 個 token，視窗 { $window }
error-http-quota = { $label }：額度已用盡（HTTP { $status } { $code }）；請為帳戶加值，或改用其他後端
error-http-key = { $label }：金鑰被拒絕（HTTP { $http }）；請檢查金鑰（{ $source }）{ $forbidden ->
    [True] ；它也可能沒有使用此模型的權限
   *[other] {""}
}
error-http-not-found = { $label }：找不到模型或路徑（HTTP 404）；請檢查模型名稱與 base URL（Ollama：`ollama pull MODEL`）
error-http-transient = { $label }：{ $what ->
    [rate] 請求頻率受限
    [server] 伺服器錯誤
   *[timeout] 請求逾時
}（HTTP { $status }）
error-http-rejected = { $label }：伺服器拒絕了請求（HTTP { $status }）：{ $detail }
error-context-overflow = { $label }：提示超出伺服器的上下文視窗（HTTP 400{ $figures }）；請用 --context-tokens N（或在席位上寫 #context_tokens=N）設定視窗以便截短歷史，或以更大的視窗啟動伺服器
error-mid-reply = { $label }：伺服器在回覆途中回報錯誤：{ $detail }
error-stream-cut = { $label }：回覆在伺服器結束之前就中斷了（沒有 finish_reason，也沒有 [DONE]）：連線已斷
error-no-reply = { $label }：未在時限內回覆（{ $kind }）{ $limit }
error-connection = { $label }：連線失敗或中斷（{ $kind }）{ $limit }
error-prompt-too-long = { $label }：光是固定提示（不含歷史）就需要約 { $tokens } 個 token，加上回覆的 { $reply } 個，超過 { $window } 個 token 的上下文視窗（{ $source }）；請改用視窗更大的模型或伺服器，用 { $context_option } N（或在席位上寫 #context_tokens=N）設定實際視窗，或調低 { $max_option }
error-server-unreachable = { $error }；位於 { $host } 的伺服器從未回應過，因此辯論停止（請檢查伺服器、--base-url 或席位的 @URL；時限：{ $limits }）
error-cache = { $path }：無法用作回覆快取（{ $detail }）；請給另一個 --cache 路徑，或刪除該檔案
error-retry-budget = ROLEPLAY_RETRY_BUDGET='{ $value }'：請給一個整數的重試次數，例如 30
error-limit-timeouts = ；時限為：連線 { $connect } 秒（{ $connect_option }），第一個位元組及區塊之間 { $call } 秒（{ $call_option }）
error-limit-server = ；位於 { $host } 的伺服器是否正在執行？
error-window-set = 由您設定
error-window-default = { $provider } 的預設值
error-window-set-reported = 由您設定（伺服器回報 { $reported }）
error-window-reported = 由伺服器回報
error-window-reported-error = 由伺服器在錯誤中回報
error-acts-missing = 欄位「acts」：缺少行為 { $acts }；請補上

## roleplay/cli/main.py：檔案系統問題的最後一道防線
error-os-path = { $path }：{ $detail }；請檢查路徑及其權限
error-os = { $detail }；請檢查路徑及其權限
error-pool-out = 伺服器 { $server } 已移出輪替（{ $why }）；這次呼叫改由同一組的其他伺服器處理
error-pool-exhausted = { $label }：這組伺服器已全部移出輪替（{ $reasons }）；請檢查各伺服器與此席位的網址清單，再重新執行以續跑
error-pool-warning = 警告：模型伺服器 { $server } 已移出輪替（{ $why }）；它的呼叫改由同一組的其他伺服器處理
error-pool-twice = 後端「{ $spec }」：伺服器組重複列出同一台伺服器；每個 HOST:PORT 只列一次，以逗號分隔（例如 { $provider }:{ $model }@http://gpu1:8000/v1,http://gpu2:8000/v1）
