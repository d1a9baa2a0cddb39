# The TUI's words (roleplay/tui): panel headings, run states, toasts, dialogs, the human
# seat's form, key labels and their help. Persona, rubric and scenario words come from the
# data (Text.in_); speeches stay as spoken.

## Side panel and run state
tui-roster = Roster
tui-elements = Six elements
tui-contradictions = Contradictions
tui-round = Round { $n }/{ $total }
tui-round-none = not started
tui-phase-opening = opening
tui-phase-proposal = proposal
tui-phase-negotiation = negotiation
tui-phase-vote = vote
tui-paused = paused
tui-pausing = pausing after turn
tui-running = running
tui-finished = finished
tui-stopped = stopped
tui-failed = failed
tui-replay = replay { $i }/{ $n }
tui-tokens = tokens { $p }+{ $c }
tui-model-time = model { $s }
tui-speaking = { $name } is speaking…
tui-waiting-human = waiting for { $name }…
tui-score-total = { $score }/{ $max }
# A leading word every element name shares, dropped in the narrow panel ("National").
tui-element-prefix = National

## Transcript
tui-facilitator = Facilitator
tui-earlier = … { $n } earlier items (Home goes to the start)
tui-status-failed = turn failed
tui-status-skipped = skipped
tui-status-incomplete = incomplete
tui-status-line = ({ $status })
tui-status-line-why = ({ $status }: { $why })
tui-turn-round = Round { $n }
tui-instrument = Instrument
tui-setting = Setting
tui-persona = Persona
tui-position = { $position ->
    [support] support
    [oppose] oppose
   *[amend] amend
}
tui-package = Package
tui-adopted = adopted
tui-not-adopted = not adopted
tui-consensus = Consensus { $level ->
    [none] none
    [weak] weak
    [majority] majority
    [strong] strong
   *[unanimous] unanimous
} ({ $pct })

## Dialogs and toasts
tui-inject-title = Facilitator message (every persona sees it next turn)
tui-inject-placeholder = e.g. a new fact or a question
tui-pick-skip = Skip whose next turn?
tui-pick-card = Open whose card?
tui-pick-item = { $n }. { $name } ({ $other })
tui-export-title = Export Markdown to
tui-ok = OK
tui-cancel = Cancel
tui-saved = saved: { $path }
tui-exported = exported: { $path }
tui-injected = queued: every persona sees it next turn
tui-ended-already = The debate has ended; nothing more to do.
tui-cut-short = { $name }'s turn was cut short
tui-need-votes = In the vote, choose support or oppose for every proposal: { $ids }
tui-will-skip = { $name }'s next turn will be skipped
tui-ending = ending and scoring…
tui-ended = { $status }: { $folder }
tui-mode-replay = replay
tui-no-run = nothing to save yet
tui-lang-now = interface language: English
tui-speed = speed ×{ $x }
tui-error-title = error

## Persona card
tui-card-goals = Goals
tui-card-red-lines = Red lines
tui-card-stances = Stances on the instruments
tui-card-role = Role

## The human seat's form
tui-human-title = { $name } · round { $n } · { $phase }
tui-human-speech = Speech
tui-human-proposal = Table or revise a proposal (optional)
tui-human-proposal-title = Proposal title
tui-human-revise = revise
tui-human-new = new proposal
tui-human-stances = Stances on the table
tui-human-no-stance = no stance
tui-human-reason = reason
tui-human-submit = Submit ^S
tui-human-pass = Pass
tui-human-hide = Hide Esc
tui-human-need-speech = Write a speech first.
tui-human-need-items = A proposal needs a title and at least one instrument.
tui-human-no-reason = (no reason given)
tui-human-table-empty = Nothing on the table yet.
tui-human-table = On the table
tui-human-supporters = Supported by: { $names }
tui-human-open-issues = Issues still open
tui-human-no-open = Every issue is settled by some proposal.
tui-human-since = Since your last turn
tui-human-nothing-new = (nothing said since)
tui-human-hidden = Form hidden; the others still wait for you. Press h to bring it back.
tui-human-no-form = No form is waiting for input.

## Key labels (footer) and their help (command palette). The ids end in the action's name.
tui-key-switch-lang = 中文
    .help = Switch the interface between 中文 and English
tui-key-save = Save
    .help = Write transcript.md and scorecard.json
tui-key-export = Export
    .help = Export the transcript as Markdown
tui-key-toggle-theme = Theme
    .help = Switch between the light and dark theme
tui-key-quit = Quit
    .help = Cancel generation and quit
tui-key-toggle-pause = Pause
    .help = Pause before the next turn, or resume
tui-key-step = Step
    .help = While paused, let one turn (or one sealed round) run
tui-key-faster = Faster
    .help = Speak faster (streaming rate and minimum turn time)
tui-key-slower = Slower
    .help = Speak slower (streaming rate and minimum turn time)
tui-key-inject = Inject
    .help = Add a facilitator message that every persona sees next turn
tui-key-recall-form = Form
    .help = Show the hidden human-seat form again
tui-key-skip = Skip
    .help = Skip a persona's next turn (or cut the current one short)
tui-key-end-now = End
    .help = Stop generating now and score the debate as it stands
tui-key-card = Card
    .help = Open a persona's card
tui-key-forward = Next
    .help = Show the next item
tui-key-back = Back
    .help = Go back one item
tui-key-to-start = Start
    .help = Go to the start
tui-key-to-end = End
    .help = Go to the end
tui-key-submit = Submit
    .help = Send the human seat's turn
tui-key-hide = Hide
    .help = Hide the form; the seat keeps waiting
tui-key-command-palette = Commands
    .help = Open the command palette
tui-command-title = { $label }  [{ $key }]
