# The documents a run produces: transcript.md, `roleplay show`, the md/html exports, the
# score plot, `roleplay compare`, the human seats' record and the workshop summary.
doc-question = Question
doc-scenario = Scenario
doc-run = Run
doc-seed = Seed
doc-backends = Backends
doc-seat-backend = { $seat }: { $backend }
doc-every-seat = { $backend } (every seat)
doc-kind = { $kind ->
    [element] element
    [contradiction] contradiction
   *[path] path
}
doc-proposal-version = { $id } v{ $version }
doc-score-range = { $score } (0-4)
doc-plot-range = { $title } (0-24)
doc-turn-label = round { $round } · { $seat }
doc-round = Round { $n }
doc-proposal = Proposal
doc-withdrawn = withdrawn
doc-instrument = Instrument
doc-setting = Setting
doc-stances = Stances
doc-scorecard = Scorecard
doc-element = Element
doc-score = Score
doc-rationale = Rationale
doc-evidence = Evidence
doc-contradictions = Structural contradictions
doc-effect = Effect
doc-via = Via
doc-paths = Strategy paths
doc-consensus = Consensus
doc-satisfaction = Satisfaction
doc-persona = Persona
doc-status = Status
doc-none = none
doc-package = Package
doc-adopted = adopted
doc-not-adopted = not adopted
doc-offline-note = offline = built-in rule-based negotiator (not an LLM)
doc-eases = eases
doc-worsens = worsens
doc-mixed = mixed
doc-untouched = untouched
doc-support = support
doc-oppose = oppose
doc-amend = amend
doc-total = Total
doc-total-score = { $total }/24 ({ $scored }/6 scored)
doc-scored = { $scored }/6 scored
doc-deterministic = deterministic
doc-judge = judge
doc-interrupted = (interrupted run: finished part only)
doc-judge-unscored = LLM judge ({ $spec }): unscored; the deterministic scorecard stands
doc-judge-unscored-why = LLM judge ({ $spec }): unscored ({ $why }); the deterministic scorecard stands
doc-consensus-level = { $level ->
    [none] no consensus
    [weak] weak consensus
    [majority] majority
    [strong] strong consensus
    [unanimous] unanimous
   *[other] { $level }
}
doc-turn-status = { $status ->
    [failed] failed
    [skipped] skipped
    [incomplete] incomplete
   *[other] { $status }
}
# Separators between items of a list in running text, and between settings of a package.
doc-item-sep = { "; " }
doc-quote = “{ $quote }”
doc-label-value = { $label }: { $value }
# A remark after a title: " (withdrawn)".
doc-paren = { " " }({ $text })

## Exports (md, html) and the score plot
doc-debrief = Debrief questions
doc-passages = From the article
doc-section = Section
doc-plot = Scores by round
doc-transcript = Transcript
doc-compare = Comparison
doc-diff = Difference
doc-facilitator = Facilitator
doc-final = Final
doc-no-rounds = no scored rounds

## Comparison: where two runs part
doc-by-issue = Issue by issue
doc-by-instrument = Instrument by instrument
doc-issue = Issue
doc-open = left open
doc-absent = not in the package
doc-same = same
doc-differs = differs
doc-parted = Where the two runs parted
doc-parted-at = Turn { $n }: A is { $a }, B is { $b }.
doc-parted-why = What differed: { $what }.
doc-never = Every turn made the same decisions in both runs (speaker, package, stances, claims).
doc-ended = The same up to turn { $n }; then { $which } ended.
doc-what = { $what ->
    [speaker] who spoke
    [proposal] the package tabled or revised
    [stances] the stances taken
    [claims] the arguments used
   *[status] whether the turn completed
}

## What each human seat said and voted
doc-human-title = What each human seat said and voted (for grading)
doc-turn = Turn
doc-speech = Speech
doc-tabled = Package tabled
doc-passed = (passed this turn)
doc-package-items = { $title }: { $items }
doc-stance-line = { $proposal } { $position }: { $reason }

## Workshop summary (summary.md)
doc-ws-workshop = workshop
doc-ws-source = source
doc-ws-started = started
doc-ws-mode = mode
doc-ws-stages = stages
doc-ws-scenario = scenario
doc-ws-path = strategy path
doc-ws-folder = folder
doc-ws-status = status
doc-ws-progress = { $rounds }/{ $planned } rounds, { $turns ->
    [one] { $turns } turn
   *[other] { $turns } turns
}
doc-ws-package = package
doc-ws-total = total
doc-ws-scored = { $n }/6 elements scored
doc-ws-cut-short = ; cut short: { $reason }, scored as the debate stood
doc-ws-consensus = consensus
doc-ws-satisfaction = satisfaction
doc-ws-humans = human seats
doc-ws-interventions = Facilitator interventions
doc-ws-debrief = Debrief questions

# Default debrief questions of a workshop stage that names none (roleplay.formats.workshop)
doc-debrief-red-line = Whose red line shaped the final package most, and why?
doc-debrief-elements = Which of the six elements does the adopted package realise, and which is weakest?
doc-debrief-contradiction = Which structural contradiction does the package ease or worsen? Which passage of the article backs you?
doc-debrief-ecosystem = If the state should 'build the ecosystem, not run the business' (造生態而非做業態), which proposal came closest?
