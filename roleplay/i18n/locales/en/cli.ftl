# The command line: help texts (in the ui language) and command output.
# A debate's console output is in the debate's language; other commands' words in the ui language.

## Help: the program and its commands

cli-app = Multi-agent role-play debates on AI innovation policy (新型舉國體制).
cli-cmd-run = Run a whole debate and save it as a transcript folder (or resume one with --resume).
cli-cmd-validate = Check persona and scenario files; print one line per file.
cli-cmd-personas = List the bundled personas.
cli-cmd-scenarios = List the bundled scenarios.
cli-cmd-show = Print a saved run's transcript (Markdown) to the terminal.
cli-cmd-score = Re-score a saved run with the deterministic scorer and print the scorecard.
cli-cmd-schema = Print a JSON Schema so editors can validate files.
cli-cmd-kit = Write a teaching kit: learning objectives, role cards, 45/90-minute run sheets, debrief.
cli-cmd-new = Write a commented starter file: ./NAME.yaml (scenario, workshop) or ./personas/NAME.yaml.
cli-cmd-tui = Watch and steer a debate in the terminal UI, or replay a saved run.
cli-cmd-workshop = Scripted workshop exercises: staged debates with interventions and debriefs.
cli-cmd-workshop-run = Run every stage of a workshop, one run folder per stage, plus a workshop summary (or continue one with --resume).
cli-cmd-workshop-validate = Check a workshop file against its scenarios, personas and the rubric.
cli-cmd-batch = Run one scenario over many seeds; resumable; writes report.json and report.md. Exits 1 when any seed failed (a backend failure, no turn succeeded, a crash): such runs are listed apart and left out of every figure.
cli-cmd-export = Export a run for teaching: styled transcript, scorecard, score plot, debrief, article passages.
cli-cmd-compare = Compare two runs side by side: scores, packages, satisfaction, plots and transcripts.
cli-cmd-list = List saved runs (newest first) through the library index.
cli-cmd-search = Find speeches and moderator notes containing TEXT in saved runs (in either Chinese script).

## Help: options and arguments

cli-opt-lang = zh-Hant, zh-Hans or en (zh = zh-Hant; default: the scenario's)
cli-opt-lang-kit = zh-Hant, zh-Hans or en (zh = zh-Hant; default: zh-Hant and en)
cli-opt-lang-tui = zh-Hant, zh-Hans or en (zh = zh-Hant; default: the scenario's, or the run's)
cli-opt-rounds = number of rounds (the vote stays last)
cli-opt-scenario = bundled scenario id (see `roleplay scenarios`) or a YAML path
cli-opt-scenario-kit = a scenario id or YAML path
cli-opt-seed = random seed (default: the scenario's)
cli-opt-out = folder for run folders
cli-opt-quiet = print only the scorecard and the folder
cli-opt-model = backend for every persona: offline, openai:MODEL, deepseek:MODEL, ollama:MODEL or openai-compatible:MODEL
cli-opt-base-url = server of the ollama and openai-compatible seats that name none, e.g. http://127.0.0.1:8000/v1 (a seat's own MODEL@URL wins; openai and deepseek seats always call their own hosts)
cli-opt-base-url-short = server URL of the LLM seats, e.g. http://127.0.0.1:8000/v1 (needed by openai-compatible)
cli-opt-context-tokens = context window of every LLM seat in tokens (default: what the server reports, else 8192 for openai-compatible and 4096 for ollama; env ROLEPLAY_CONTEXT_TOKENS)
cli-opt-call-timeout = seconds to wait for a reply's first byte and between its chunks (default 45; env ROLEPLAY_CALL_TIMEOUT_S)
cli-opt-connect-timeout = seconds to open a connection (default 5; env ROLEPLAY_CONNECT_TIMEOUT_S)
cli-opt-turn-deadline = seconds for one whole turn, retries and repair included (default 120; env ROLEPLAY_TURN_DEADLINE_S)
cli-opt-max-tokens = reply cap per call in tokens (default 900; env ROLEPLAY_MAX_TOKENS)
cli-opt-retries = retries allowed over the whole debate (default 30; env ROLEPLAY_RETRY_BUDGET)
cli-opt-cache = sqlite file of model replies; a rerun with the same seed makes no calls
cli-opt-dry-run = print every prompt of the first round and an estimate of each LLM seat's tokens for the whole debate, then exit (no model is called, no key is needed)
cli-opt-price = with --dry-run: price per million prompt tokens, to estimate each seat's cost
cli-opt-price-out = with --dry-run: price per million completion tokens (default: --price)
cli-opt-moderator-model = an LLM judge that scores the debate beside the deterministic scorer (default: the scenario's moderator_backend; offline = no judge)
cli-opt-resume = continue this interrupted run folder from its last finished turn (with the options it was started with)
cli-opt-validate-paths = persona or scenario YAML files
cli-opt-run-dir = a run folder
cli-opt-write = rewrite scorecard.json and transcript.md
cli-opt-schema-kind = persona | scenario | workshop | event | scorecard
cli-opt-kit-run = a run folder of this scenario: fill in the debrief answers
cli-opt-kit-out = folder for the kit files (default: ./kit-SCENARIO)
cli-opt-kit-format = md or html (default: both)
cli-opt-force-kit = replace kit files that already exist
cli-opt-new-kind = scenario, persona or workshop
cli-opt-new-name = the new file's id (also its file name)
cli-opt-new-from = copy a bundled scenario, persona or workshop
cli-opt-force-file = replace a file that already exists
cli-opt-tui-target = a scenario id or YAML path (live), or a run folder (replay)
cli-opt-tui-base-url = server URL (needed by openai-compatible)
cli-opt-tui-cache = sqlite file of model replies
cli-opt-human = persona id played by a person at the keyboard (repeat for several seats, in turn)
cli-opt-pace = live: each turn lasts at least SECONDS (speed keys + and - scale it)
cli-opt-start-paused = live: announce round 1, then wait for space or n
cli-opt-instant = live: show speech at once instead of streaming it at a readable rate
cli-opt-theme = dark or light
cli-opt-end = replay: open at the end of the run
cli-opt-workshop-file = a workshop YAML, or a bundled workshop id (article-paths)
cli-opt-workshop-tui = run the stages in the terminal UI (human seats played live)
cli-opt-workshop-model = backend for every non-human seat (e.g. offline)
cli-opt-workshop-quiet = print only each stage's result
cli-opt-workshop-resume = continue this interrupted (headless) workshop folder from its last finished turn
cli-opt-batch-seeds = seeds to run, e.g. 1-50 or 1,3,10-12
cli-opt-batch-model = backend spec for every seat (default: the scenario's)
cli-opt-concurrency = debates at once (offline: processes, or CPUs of a local Ray instance; LLM seats: tasks on one event loop, or on Ray actors)
cli-opt-executor = process (a local process pool) or ray (Ray tasks or actors; pip install 'roleplay[ray]')
cli-opt-address = with --executor ray: a Ray cluster to join (e.g. ray://head:10001); default: a local instance
cli-opt-batch-out = batch folder (default: transcripts/batch-<scenario>-<model>); rerun with the same folder to resume
cli-opt-per-server = LLM seats: at most this many turns in flight on one server, each server of a pool included (default 4)
cli-opt-batch-judge = an LLM judge that scores each debate beside the deterministic scorer (default: the scenario's moderator_backend; offline = no judge)
cli-opt-batch-force = replace seed folders (and a folder) roleplay did not make; never follows a link
cli-opt-export-format = md or html
cli-opt-compare-format = html or md
cli-opt-export-out = file to write, or a folder to write <run folder>.<format> into (default: RUN_DIR/export.<format>)
cli-opt-compare-out = file to write, or a folder to write it into (default: compare-<A>-<B>.<format>)
cli-opt-force-output = replace the output file if it exists
cli-opt-run-a = first run folder
cli-opt-run-b = second run folder
cli-opt-library = the folder of runs (as given to --out)
cli-opt-list-scenario = only runs of this scenario id
cli-opt-rebuild = rebuild the index from the run folders first
cli-opt-search-text = a word or phrase, in Chinese (either script) or English
cli-opt-limit = at most this many hits

## Help: the words typer and click put around the help texts (roleplay/cli/help.py)

cli-help-usage = Usage:{" "}
cli-help-usage-options = [OPTIONS]
cli-help-usage-command = COMMAND [ARGS]...
cli-help-heading = { $name }:
cli-help-arguments = Arguments
cli-help-options = Options
cli-help-commands = Commands
cli-help-default = default: { $default }
cli-help-required = required
cli-help-envvar = env var: { $var }
cli-help-dynamic = (dynamic)
# Between two notes of one option ("default: 2; required").
cli-help-note-sep = {"; "}
# An option's help text followed by its notes, or its notes alone.
cli-help-with-notes = { $help }  [{ $notes }]
cli-help-notes = [{ $notes }]
cli-help-help = Show this message and exit.

## A debate on the console (in the debate's language)

cli-backends = backends: { $labels }
cli-offline-note = (offline = built-in rule-based negotiator, not an LLM)
cli-turn-failed = ({ $status }: { $error })
cli-proposal-title = { $id } v{ $version } — { $title }
cli-col-instrument = Instrument
cli-col-setting = Setting
cli-stance = { $position ->
    [support] support
    [oppose] oppose
   *[amend] amend
}
cli-status = { $status ->
    [finished] finished
    [stopped] stopped
   *[failed] failed
}
cli-status-line = status: { $status } ({ $reason }); { $counts }
cli-counts = { $rounds ->
    [one] { $rounds } round
   *[other] { $rounds } rounds
}, { $turns ->
    [one] { $turns } turn
   *[other] { $turns } turns
}
cli-saved = saved: { $path }
cli-scorecard-title = Scorecard ({ $scorer ->
    [deterministic] deterministic
   *[other] { $scorer }
})
cli-scorecard-package = { $title } — { $id } { $name } · { $adopted ->
    [yes] adopted
   *[no] not adopted
}
cli-col-element = Element
cli-col-score = Score
cli-col-rationale = Rationale
cli-col-evidence = Evidence
cli-col-contradiction = Contradiction
cli-col-effect = Effect
cli-col-via = Via
cli-total-line = Total: { $total }/24 ({ $scored }/6) · { $consensus } ({ $share }% of voters)
cli-paths-line = Strategic paths: { $paths }
cli-satisfaction-line = Satisfaction: { $items }
cli-satisfaction-item = { $name } { $pct }%
cli-none = none
cli-usage = LLM: { $calls ->
    [one] { $calls } call
   *[other] { $calls } calls
}, { $prompt } prompt{ $cached ->
    [0] {""}
   *[other] {" "}({ $cached } read from the server's prefix cache)
} + { $completion } completion tokens, { $latency } s model time ({ $per_turn } prompt tokens per turn{ $judged })
cli-usage-judge = ; the judge: { $calls ->
    [one] { $calls } call
   *[other] { $calls } calls
}, { $latency } s
cli-judge-head = judge vs deterministic: judge scored { $n }/6 elements
cli-judge-mean = , mean { $mean }
cli-judge-agrees = {"  "}no disagreement on the elements both scored
cli-judge-diff = {"  "}{ $name }: deterministic { $deterministic }, judge { $judge } ({ $delta })

## Commands' own words (in the ui language, or the run's)

cli-interrupted-run = interrupted; every finished turn is kept in { $folder }; continue it with `roleplay run --resume { $folder }`
cli-events-kept = the events so far are kept in { $folder }
cli-resuming = resuming { $folder } after { $n ->
    [one] { $n } finished turn
   *[other] { $n } finished turns
}
cli-ok = ok  { $path } ({ $kind })
cli-col-id = id
cli-col-name-zh = 中文
cli-col-name-en = English
cli-col-role = role
cli-col-lang = lang
cli-col-rounds = rounds
cli-col-title = title
cli-left-out = {" "}… [{ $n } more characters left out here; see transcript.md]
cli-rewritten = rewritten: { $scorecard }, { $transcript }
cli-kept-edited = your edited transcript.md was kept as { $path }
cli-run-folder = run folder: { $path }
cli-interrupted-workshop = interrupted; finished stages and turns are kept under { $folder }; continue with `roleplay workshop run --resume <its folder>`
cli-stage-line = { $n }. { $id }: { $status }; { $size }; { $total } → { $folder }
cli-stage-status-cut = { $status }: { $reason }
cli-stage-size = { $rounds }/{ $planned ->
    [one] { $planned } round
   *[other] { $planned } rounds
}, { $turns ->
    [one] { $turns } turn
   *[other] { $turns } turns
}
cli-stage-unscored = unscored
cli-stage-total = total { $total }/24 ({ $scored }/6 elements scored){ $cut ->
    [yes] , scored as it stood
   *[no] {""}
}
cli-workshop-ok = ok  { $path } (workshop '{ $id }', { $n ->
    [one] { $n } stage
   *[other] { $n } stages
})
cli-interrupted-batch = interrupted; finished seeds are kept. Rerun the same command to resume ({ $folder }).
cli-batch-summary = scored { $scored }/{ $total ->
    [one] { $total } run
   *[other] { $total } runs
}; mean total { $mean }/24 (n = { $n }/{ $n_total }); adopted a package in { $adopted }/{ $scored }{ $judged }
cli-batch-judged = ; judged { $n }/{ $total ->
    [one] { $total } run
   *[other] { $total } runs
}
cli-batch-report = report: { $md } and { $json }
cli-batch-failed = { $n ->
    [one] { $n } run failed or was unfinished, left out of every figure:
   *[other] { $n } runs failed or unfinished, left out of every figure:
}
cli-batch-failed-seed = {"  "}seed { $seed } ({ $folder }): { $reason }
cli-batch-failed-more = {"  "}… and { $n } more (see report.md)
cli-batch-resumed = { $id } (resumed: { $n } done before)
cli-batch-n-failed = {" "}({ $n } failed)
cli-batch-eta = eta
cli-batch-lost = seeds { $seeds } were lost with their Ray worker ({ $why }); rerun the same command to resume them
cli-warn-unreadable = warning: { $path }: { $n ->
    [one] { $n } unreadable line
   *[other] { $n } unreadable lines
} left out: { $lines }
cli-warning = warning: { $path }: { $problem }
cli-warn-dropped = warning: { $path }: lines left out: { $lines }
cli-note = note: { $text }
cli-skipped = skipped { $n ->
    [one] { $n } unreadable run folder
   *[other] { $n } unreadable run folders
}:
cli-list-caption = total: final score /24 (✔ package adopted)
cli-col-started = started UTC
cli-col-scenario = scenario
cli-col-seed = seed
cli-col-status = status
cli-col-total = total
cli-col-folder = folder
cli-col-turn = turn
cli-col-speaker = speaker
cli-col-text = text
cli-runs-under = { $n ->
    [one] { $n } run
   *[other] { $n } runs
} under { $folder }
cli-hits = { $n ->
    [one] { $n } hit
   *[other] { $n } hits
}{ $capped ->
    [yes] {" "}(first { $limit })
   *[no] {""}
}
