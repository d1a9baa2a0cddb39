# 評分的用語:各要素的評分理由(roleplay/scoring/rationale.py)、共識程度、
# 工具議題的是/否選項(roleplay/formats/issues.py)。$pts 是括號中的帶正負號分數「(+2)」。

score-decide = 「{ $issue }」議定為「{ $option }」{ $pts }
score-verdict = 文章{ $verdict ->
    [recommended] 主張此選項
    [neutral] 對此選項未置可否
   *[discouraged] 反對此選項
}{ $pts }
score-instrument = 「{ $option }」的{ $instrument }兼顧本要素{ $pts }
score-budget = 方案成本超出預算{ $pct }%，違背避免重複投資浪費{ $pts }
score-conflict = { $instrument }加劇{ $eased_by }所緩解的「{ $contradiction }」{ $pts }
score-open = 方案未議定：{ $issues }；問題未獲回答，各要素0分。
score-no-deal = 表決未通過任何方案（無協議），各要素0分。
score-nothing = 方案沒有議題或工具落實本要素
score-floor = 各議題均已議定，本要素至少{ $n }分
score-cap = 上限{ $n }分
score-min = 不低於{ $n }分
score-score = 得{ $n }分
score-sep = ；
score-list = 、
score-sentence = { $text }。
score-consensus = { $consensus ->
    [none] 無共識
    [weak] 弱共識
    [majority] 過半數
    [strong] 強共識
   *[unanimous] 一致同意
}
score-adopt = 採用
score-leave-out = 不採用
