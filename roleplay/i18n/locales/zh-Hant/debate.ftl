# 辯論裡說的話:主持人(roleplay/debate/moderator.py)與離線談判者的連接詞
# (roleplay/offline/speech.py)。$list/$ids/$names 是已用 list-sep 連接的清單。

## 分隔與版式

debate-sentences = { $a }{ $b }
debate-clause-sep = ；
debate-and = { $a }和{ $b }
debate-quoted = 「{ $text }」
debate-silence = ……
debate-settle-item = { $issue }：{ $option }
debate-change-item = { $issue }：{ $old }→{ $new }{ $why ->
    [conceded] （讓步給{ $who }）
    [asked] （應{ $who }的要求）
    [budget] （為了壓低成本）
   *[none] {""}
}
debate-change-none = —
debate-cost-over = { $amount }，超出預算{ $budget }
debate-plan-title = { $who }方案

## 階段與規則

debate-phase = { $phase ->
    [opening] 開場陳述
    [proposal] 提出方案
    [negotiation] 協商與反駁
   *[vote] 最終表決
}
# 通過規則所需的表決方比例,讀作「獲<規則>表決方支持」。
debate-rule = { $rule ->
    [majority] 過半數
    [two_thirds] 三分之二以上
   *[unanimous] 全體
}
debate-tie-rule = 若有多個方案通過，支持票最多者勝出；票數相同時，未決議題較少者勝出；再相同，先提出者勝出。沒有方案達到門檻，即為未達成協議。
debate-policy = { $policy ->
    [challenged] 本輪由主持人點名：立場受到最多質疑、尚未回應的一方先發言，每方一次（同分依{ $speakers }之序）。
    [simultaneous] 本輪各方同時、密封發言，都只看到本輪開始時的桌面；依{ $speakers }之序公布。
   *[fixed] 發言順序：{ $speakers }。
}

## 每輪開場

debate-announce-head = 【主持人】第{ $round }輪（共{ $rounds }輪）：{ $title }。
debate-announce-issues = 本場要決定{ $n }個議題：{ $list }
debate-announce-issue = （{ $index }）{ $title }——{ $question }
debate-announce-issues-ids = 本場要決定{ $n }個議題，見你的說明：{ $list }
debate-announce-opening-brief = 請各方陳述立場與底線，本輪不提方案。
debate-announce-opening = 今天的問題是：{ $question } 請各方陳述立場與底線，本輪不提方案。
debate-announce-proposal = 請各方提出一攬子方案，逐一議題選定選項，或明言留待後議。
debate-announce-table-item = { $id }「{ $title }」
debate-announce-negotiation = 桌上有{ $n }個方案（{ $list }）。請對每個方案表態：支持、反對或修正，並回應對方的論點。
debate-announce-negotiation-empty = 桌上有{ $n }個方案。請對每個方案表態：支持、反對或修正，並回應對方的論點。
debate-announce-vote = 進入最終表決。有表決權的是{ $voters }。各方對桌上方案逐一投支持或反對；獲{ $rule }表決方支持的方案通過。{ $tie }

## 每輪小結

debate-summary-head = 【主持人小結·第{ $round }輪】
debate-turn-status = { $status ->
    [failed] 發言失敗
    [skipped] 已跳過
    [incomplete] 未完成
   *[other] { $status }
}
debate-turn-silent = { $name }未發言（{ $status }）
debate-turn-quiet = { $name }{ $voter ->
    [no] 發言，不參與表決
   *[yes] 陳述立場
}
debate-turn-stated-many = { $names }各自陳述立場
debate-turn-acts = { $name }{ $acts }
debate-act-tabled = 提出{ $id }
debate-act-revised = 修訂{ $id }為第{ $version }版
debate-act-withdrew = 撤回{ $id }
debate-act-answered = { $how ->
    [rebut] 反駁{ $name }
    [concede] 讓步於{ $name }
    [trade] 向{ $name }提交換
   *[hold] 回應{ $name }
}
debate-act-supports = 支持{ $ids }
debate-act-amends = 要求修正{ $ids }
debate-act-opposes = 反對{ $ids }
debate-act-walkout = 揚言退場
debate-summary-turns = { $turns }。
debate-summary-issue = • { $title }：{ $options }
debate-summary-issue-open = • { $title }：尚無方案定案，仍未決
debate-summary-option = { $label }（{ $who }）
debate-summary-backed = { $ids }：{ $names }
debate-summary-option-sep = ／
debate-summary-standing = { $id }獲{ $yes }/{ $voters }表決方支持
debate-summary-standing-sep = ，
debate-summary-leading = { $list }。依表決規則（須{ $rule }表決方支持），現在表決將通過{ $leading }。
debate-summary-nothing = { $list }。依表決規則（須{ $rule }表決方支持），現在表決沒有方案能通過；排名最前的是{ $best }。
debate-summary-empty = 桌上尚無方案。

## 表決結果

debate-result-head = 【主持人宣布結果】
debate-result-unvoted = 本場未進行最終表決，以下評分針對目前的方案。
debate-result-unvoted-leading = 本場未進行最終表決，以下評分針對目前的方案。依表決規則，按各方最新立場將通過的是{ $leading }。
debate-result-unvoted-best = 本場未進行最終表決，以下評分針對目前的方案。按各方最新立場沒有方案能通過；排名最前的是{ $best }。
debate-result-tally = { $id }「{ $title }」：支持{ $yes }票、反對{ $no }票（共{ $voters }票）{ $passes ->
    [yes] ，達到門檻
   *[no] {""}
}。
debate-result-tied = { $ids }支持票數相同；依表決前宣布的規則，{ $by ->
    [open] 未決議題較少者
   *[order] 先提出者
}勝出。
debate-result-adopted = { $id }「{ $title }」獲{ $rule }表決方支持，通過。
debate-result-no-deal = 沒有方案獲得{ $rule }表決方支持，本場未達成協議。
debate-result-no-deal-best = 沒有方案獲得{ $rule }表決方支持，本場未達成協議。最接近的是{ $best }。
debate-result-total = 共識程度：{ $consensus }；六要素總分 { $total }/24。

## 通知

debate-fallback = 【主持人】發言順序調整（{ $why }），改由{ $speaker }發言。
debate-reason = { $reason ->
    [agenda-complete] 議程完成
    [stopped] 引導者中止
    [skipped] 引導者跳過
    [turn-cap] 已達發言上限 { $n } 次
   *[time-limit] 已達時間上限 { $n } 秒
}
