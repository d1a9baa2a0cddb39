# What the debate says: the moderator (roleplay/debate/moderator.py) and the offline negotiator's
# connecting words (roleplay/offline/speech.py). Parameters named $list/$ids/$names are
# lists already joined with list-sep (common.ftl).

## Separators and small layout

debate-sentences = { $a } { $b }
debate-clause-sep = {"; "}
debate-and = { $a } and { $b }
debate-quoted = “{ $text }”
debate-silence = …
debate-settle-item = { $issue }: { $option }
debate-change-item = { $issue }: { $old }→{ $new }{ $why ->
    [conceded] {" "}(conceded to { $who })
    [asked] {" "}(as { $who } asked)
    [budget] {" "}(to cut the cost)
   *[none] {""}
}
debate-change-none = —
debate-cost-over = { $amount }, over the budget of { $budget }
debate-plan-title = { $who } plan

## Phases and rules

debate-phase = { $phase ->
    [opening] Opening statements
    [proposal] Tabling proposals
    [negotiation] Negotiation and rebuttal
   *[vote] Final vote
}
# How many voters the pass rule needs, read as "the support of <rule> (of the) voters".
debate-rule = { $rule ->
    [majority] more than half
    [two_thirds] at least two thirds
   *[unanimous] all
}
debate-tie-rule = If several packages pass, the one with most supporters wins; if they are level, the one leaving fewer issues open; then the one tabled first. If no package reaches the threshold, there is no deal.
debate-policy = { $policy ->
    [challenged] This round the moderator gives the floor to the party whose position was most challenged and not yet answered, each once (ties in the order { $speakers }).
    [simultaneous] This round everyone speaks at once, sealed, seeing the table as it stands now; moves are read out in the order { $speakers }.
   *[fixed] Speaking order: { $speakers }.
}

## Round announcement

debate-announce-head = [Moderator] Round { $round } of { $rounds }: { $title }.
debate-announce-issues = We must decide { $n ->
    [one] { $n } issue
   *[other] { $n } issues
}: { $list }
debate-announce-issue = ({ $index }) { $title }: { $question }
# Round 1's agenda as an LLM seat reads it (its instructions list each issue and its options).
debate-announce-issues-ids = We must decide { $n ->
    [one] { $n } issue
   *[other] { $n } issues
}, as listed in your instructions: { $list }
debate-announce-opening-brief = Each party states its position and its red lines; no proposals yet.
debate-announce-opening = Today's question: { $question } Each party states its position and its red lines; no proposals yet.
debate-announce-proposal = Please table packages that choose an option on each issue, or say which issue you leave open.
debate-announce-table-item = { $id } "{ $title }"
debate-announce-negotiation = { $n ->
    [one] { $n } proposal
   *[other] { $n } proposals
} on the table ({ $list }). Take a stance on each: support, oppose or amend, and answer the other side's arguments.
debate-announce-negotiation-empty = { $n } proposals on the table. Take a stance on each: support, oppose or amend, and answer the other side's arguments.
debate-announce-vote = We move to the final vote. The voters are { $voters }. Each votes for or against every package on the table; a package passes with the support of { $rule } of the voters. { $tie }

## Round summary

debate-summary-head = [Moderator's summary, round { $round }]
debate-turn-status = { $status ->
    [failed] failed
    [skipped] skipped
    [incomplete] incomplete
   *[other] { $status }
}
debate-turn-silent = { $name } did not speak ({ $status })
debate-turn-quiet = { $name } { $voter ->
    [no] spoke; does not vote
   *[yes] stated its position
}
debate-turn-stated-many = { $names } stated their positions
debate-turn-acts = { $name } { $acts }
debate-act-tabled = tabled { $id }
debate-act-revised = revised { $id } to v{ $version }
debate-act-withdrew = withdrew { $id }
debate-act-answered = { $how ->
    [rebut] rebutted { $name }
    [concede] conceded to { $name }
    [trade] offered a trade to { $name }
   *[hold] answered { $name }
}
debate-act-supports = supports { $ids }
debate-act-amends = wants to amend { $ids }
debate-act-opposes = opposes { $ids }
debate-act-walkout = threatens to walk out
debate-summary-turns = { $turns }.
debate-summary-issue = • { $title }: { $options }
debate-summary-issue-open = • { $title }: no package settles it yet (open)
debate-summary-option = { $label } ({ $who })
debate-summary-backed = { $ids }: { $names }
debate-summary-option-sep = {" / "}
debate-summary-standing = { $id } { $yes }/{ $voters } voters
debate-summary-standing-sep = {", "}
debate-summary-leading = { $list }. By the vote rule (support of { $rule } of the voters), { $leading } would pass now.
debate-summary-nothing = { $list }. By the vote rule (support of { $rule } of the voters), nothing would pass now; { $best } ranks first.
debate-summary-empty = No proposal is on the table yet.

## Vote result

debate-result-head = [Moderator announces the result]
debate-result-unvoted = No final vote was held; the scorecard below rates the package as it stands.
debate-result-unvoted-leading = No final vote was held; the scorecard below rates the package as it stands. By the vote rule, on the latest stances { $leading } would pass.
debate-result-unvoted-best = No final vote was held; the scorecard below rates the package as it stands. On the latest stances nothing would pass; { $best } ranks first.
debate-result-tally = { $id } "{ $title }": { $yes } for, { $no } against ({ $voters } voters){ $passes ->
    [yes] , reaches the threshold
   *[no] {""}
}.
debate-result-tied = { $ids } are level on supporters; by the rule announced before the vote, the one { $by ->
    [open] leaving fewer issues open
   *[order] tabled first
} wins.
debate-result-adopted = { $id } "{ $title }" has the support of { $rule } of the voters and is adopted.
debate-result-no-deal = No package has the support of { $rule } of the voters: no deal.
debate-result-no-deal-best = No package has the support of { $rule } of the voters: no deal. The closest was { $best }.
debate-result-total = Consensus: { $consensus }; six-element total { $total }/24.

## Notices

debate-fallback = [Moderator] Speaking order corrected ({ $why }); { $speaker } takes the floor.
debate-reason = { $reason ->
    [agenda-complete] agenda complete
    [stopped] stopped by the facilitator
    [skipped] skipped by the facilitator
    [turn-cap] turn cap of { $n } reached
   *[time-limit] time limit of { $n } s reached
}
