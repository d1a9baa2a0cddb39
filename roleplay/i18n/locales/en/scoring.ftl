# The scorer's words: element rationales (roleplay/scoring/rationale.py), consensus levels,
# the yes/no options of instrument issues (roleplay/formats/issues.py).
# $pts is a signed number in parentheses, "(+2)".

score-decide = { $issue }: settled as '{ $option }' { $pts }
score-verdict = the article { $verdict ->
    [recommended] recommends it
    [neutral] is neutral on it
   *[discouraged] argues against it
} { $pts }
score-instrument = { $instrument } (in '{ $option }') also serves this element { $pts }
score-budget = cost { $pct }% over budget, against 避免重複投資浪費 { $pts }
score-conflict = { $instrument } worsens '{ $contradiction }', which { $eased_by } eases { $pts }
score-open = left open: { $issues }; the question is not answered, 0 on every element.
score-no-deal = no package passed the vote (no deal), 0 on every element.
score-nothing = no issue or instrument of the package realises this element
score-floor = every issue settled, so at least { $n }
score-cap = capped at { $n }
score-min = no lower than { $n }
score-score = score { $n }
score-sep = {"; "}
score-list = {", "}
score-sentence = { $text }.
score-consensus = { $consensus ->
    [none] none
    [weak] weak
    [majority] majority
    [strong] strong
   *[unanimous] unanimous
}
score-adopt = Adopt it
score-leave-out = Leave it out
