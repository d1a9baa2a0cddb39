# Error messages (roleplay/errors.py): each names the file, field or line, and the fix.
# Parameters are text unless named n/count (numbers, for plurals).
error-file-invalid = { $path }: invalid file
error-bad-lang = { $what } must be zh-Hant, zh-Hans or en (zh = zh-Hant), not '{ $value }'

## roleplay/formats/yamlfile.py: reading data files
error-file-too-big = the file is { $size } bytes; data files are limited to { $limit } bytes (roleplay.formats.yamlfile.MAX_BYTES); shorten it or split it
error-file-not-found = file not found; check the path
error-file-is-folder = is a folder; give a .yaml file
error-file-permission = cannot be read (permission denied); check its permissions
error-file-over-limit = the file is over { $limit } bytes (the limit); shorten it
error-file-nul = line { $line }: holds a NUL byte (\0); this is not a text file, or it is damaged
error-file-not-utf8 = line { $line }: byte { $byte } is not UTF-8; save the file as UTF-8
error-yaml-too-many-values = line { $line }: through its aliases (*name) this holds over { $limit } values (the limit, roleplay.formats.yamlfile.MAX_NODES); write the values out instead
error-yaml-alias-loop = line { $line }: an alias (*name) here refers to itself; remove it
error-yaml-too-deep = lists or mappings are nested too deeply to read; flatten the file
error-yaml-broken-at = line { $line }, column { $column }: broken YAML ({ $problem }); { $fix }
error-yaml-broken = broken YAML ({ $problem }); { $fix }
error-yaml-fix-tab = the line is indented with a tab; YAML indents with spaces only: replace the tab with spaces
error-yaml-fix-quote = fix the syntax there; a text holding a comma or a colon must be quoted: zh: "…", en: "…"
error-yaml-fix-syntax = fix the syntax there
error-yaml-duplicate-key = line { $line }: key '{ $key }' appears twice in the same mapping; keep one
error-yaml-not-mapping = line { $line }: the file { $what ->
    [empty] is empty (or only comments)
    [list] holds a list at the top
   *[value] holds a single value at the top
}; it must be a YAML mapping (key: value lines)
error-field-at-line = line { $line }, field '{ $field }': { $problem }
error-field = field '{ $field }': { $problem }
error-unknown-key-split = unknown key '{ $key }': this looks like the rest of a text cut at a comma or colon inside { $flow }; put the whole text in quotes, e.g. `zh: "甲,乙"`
error-unknown-key = unknown key '{ $key }'; { $hint }
error-field-missing = required field is missing; add it
error-hint-did-you-mean = did you mean '{ $name }'?
error-hint-allowed-keys = allowed keys: { $names }

## roleplay/templating.py: Jinja2 templates
error-template-star = '*' would make { $n } characters or items; the limit is { $limit }
error-template-power = '**' with an exponent of { $exponent } is too large; the limit is { $limit }
error-template-too-long = template '{ $name }': its output passed { $limit } characters (roleplay.templating.MAX_OUTPUT_CHARS); make it shorter
error-template-too-slow = template '{ $name }': took over { $seconds } s to render (roleplay.templating.MAX_SECONDS); look for a loop that never ends or grows as it runs
error-template-sandbox = template '{ $name }': refused by the sandbox: { $detail }; remove that from the template
error-template-overflow = template '{ $name }': a number is too large ({ $detail }); use smaller numbers
error-template-recursion = template '{ $name }': recursion too deep (a macro or include that calls itself without end)
error-template-memory = template '{ $name }': ran out of memory; make it smaller
error-template-not-found = template '{ $name }' not found in { $folder }; check the name
error-template-syntax = template '{ $name }' line { $line }: { $detail }; fix the syntax
error-template-undefined = template '{ $name }': { $detail }; pass that variable or remove it from the template

## roleplay/llm/spec.py: backend specs (PROVIDER:MODEL@URL#KNOBS) and keys; never a key in a message
error-url-fix = write it as http://HOST:PORT/v1 (e.g. http://127.0.0.1:8000/v1)
error-url-broken = backend '{ $spec }': server URL '{ $url }' is broken ({ $detail }); { $fix }
error-url-no-host = backend '{ $spec }': server URL '{ $url }' names no host; { $fix }
error-spec-knob = backend '{ $spec }': '{ $part }' after '#' is not a limit; write #NAME=VALUE joined by '&', NAME one of { $names }
error-spec-form = backend '{ $spec }': write PROVIDER:MODEL, e.g. openai:gpt-4o-mini or ollama:qwen2.5:7b (providers: { $providers }), or 'offline'
error-hint-use-one-of = use one of { $names }
error-spec-provider = backend '{ $spec }': unknown provider '{ $provider }'; { $hint }
error-spec-fixed-host = backend '{ $spec }': a { $provider } seat always calls { $provider }'s own server (its key goes nowhere else); for another server write openai-compatible:{ $model }@URL
error-spec-at = backend '{ $spec }': '{ $given }' after '@' is not a server URL; write { $provider }:{ $model }@http://HOST:PORT/v1 (http:// or https://)
error-spec-no-server = backend '{ $spec }': openai-compatible needs a server; pass --base-url http://HOST:PORT/v1 or write openai-compatible:{ $model }@http://HOST:PORT/v1
error-spec-invalid = backend '{ $spec }': { $problems }
error-keys-file = { $path }: cannot read the keys file ({ $kind }); fix it or remove it
error-key-source-server = the server's own key settings
error-key-source = { $var } or the [keys] entry '{ $name }' in { $path }
error-key-missing = backend '{ $spec }' needs an API key: set { $var } in the environment, or put it in the keys file { $path }, a TOML file with a table [keys] that holds one line per provider, here: { $provider } = "YOUR-KEY"

## roleplay/formats/catalog.py: rubric, claims, personas and scenarios checked against each other
error-hint-known = known: { $names }
error-id-repeated = id '{ $id }' is used more than once; ids must be unique
error-unknown-id = field '{ $field }': '{ $id }' is not a known id; use one of { $known }
error-claim-id-repeated = claim id '{ $id }' is used more than once; ids must be unique
error-not-instrument = field '{ $field }': '{ $id }' is not an instrument; { $hint }
error-no-claim = field '{ $field }': no claim '{ $id }'; { $hint }
error-claim-figure = field '{ $field }': '{ $figure }' is missing from { $where }; a figure must appear exactly in the quote and in both texts
error-weight-not-element = field '{ $field }': not an element; { $hint }
error-weight-missing = field 'weights': missing element '{ $id }'; give it a weight from 0 to 1
error-stance-not-instrument = field '{ $field }': not an instrument; { $hint }
error-unknown-scenario = scenario '{ $name }' is neither a file nor a bundled scenario; { $hint } (see `roleplay scenarios`)
error-unknown-persona = field '{ $field }': unknown persona '{ $id }'; { $hint }
error-unknown-persona-searched = field '{ $field }': unknown persona '{ $id }'; { $hint }; looked for <id>.yaml in: { $folders }
error-unknown-instrument = field '{ $field }': unknown instrument '{ $id }'; { $hint }
error-not-element = field '{ $field }': '{ $id }' is not an element; { $hint }
error-not-contradiction = field '{ $field }': '{ $id }' is not a contradiction id of rubric/article.yaml; { $hint }
error-no-persona = field '{ $field }': no persona '{ $id }'; { $hint }
error-persona-id-file = field 'id': is '{ $id }' but the file is named '{ $stem }.yaml'; make them the same

## roleplay/formats/workshop.py, validation.py
error-none = none
error-stage-id-repeated = stage id { $ids } is used more than once; give each stage its own id
error-unknown-workshop = workshop '{ $name }' is neither a file nor a bundled workshop (bundled: { $bundled })
error-stage-seat = field '{ $field }': not seated in scenario '{ $scenario }' (seated: { $seated })
error-stage-path = field '{ $field }': '{ $path }' is not a strategy path; use one of { $paths }
error-stage-round = field '{ $field }': round { $round } never runs (the stage has { $last } rounds)
error-unknown-schema = unknown schema '{ $kind }'; use one of { $kinds }

## roleplay/formats/*: checks inside the models (pydantic shows them after "field '...'")
error-default-range = default { $default } is outside [{ $min }, { $max }]
error-stake-range = stakes.{ $id } is { $value }; use a number from -1 to 1
error-option-repeated = options list { $ids } more than once; give each option its own id
error-weight-range = weight for { $id } is { $value }; use a number from 0 to 1
error-persona-repeated = personas lists { $ids } more than once; list each once
error-only-in-order = only in speaker_order: { $ids }
error-only-in-personas = only in personas: { $ids }
error-speaker-order = speaker_order must list exactly the personas in 'personas', once each
error-speaker-order-diff = speaker_order must list exactly the personas in 'personas', once each ({ $diff })
error-voters-empty = voters is an empty list; list who votes, or remove the key to let every seated persona vote
error-not-seated = { $key } names { $ids }, not seated in 'personas'
error-no-issues = no issues: list the decisions under 'issues' (see the README), or at least two instrument ids under 'focus_instruments'
error-issue-repeated = issues lists { $ids } more than once; give each issue its own id
error-vote-not-last = agenda round { $round } is a vote before the last round; put the vote last (one final vote per debate)
error-vote-without-proposal = the agenda ends in a vote but has no proposal round; add { $fix } before it
error-speakers-not-seated = agenda round { $round } speakers name { $ids }, not seated in 'personas'

## roleplay/cli/app.py: how the CLI shows an error
error-prefix = error:{" "}
error-locale = some text is not valid in this terminal's encoding ({ $encoding }, file names: { $fs }): { $text }; run under a UTF-8 locale, e.g. LC_ALL=C.UTF-8, or type the text again

## roleplay/runs/outdir.py, writer.py: output paths that are never overwritten
error-refusal = { $path }: { $why }; nothing was changed. To go on, { $fix }
error-path-why = { $path }: { $why }
error-fix-force = rerun with --force to replace it, or choose another --out
error-fix-file-path = give a file path with --out
error-fix-other-out = choose another --out, e.g. a file ending in .html or .md
error-fix-other-out-or-force = choose another --out (or --force)
error-fix-resume = resume it with --resume, or choose another --out
error-why-symlink-out = is a symlink; roleplay never writes through a link out of its output folder
error-why-symlink = is a symlink; roleplay never writes through a link
error-why-file-not-run = is a file, not a run folder
error-why-foreign-files = holds files roleplay did not write ({ $shown })
error-and-more = { $shown } and { $count } more
error-why-exists = already exists (it may hold your edits)
error-why-folder = is a folder
error-why-run-record = is a run folder's own record, which --force does not replace (the run could not be shown, scored or resumed again)
error-why-foreign-folder = is a folder roleplay did not make (it holds { $shown })
error-why-holds-run = already holds a run
error-out-file-unwritable = --out { $path }: cannot write the file there ({ $detail }); give a file path in a folder you can write to
error-out-batch-is-file = --out { $path }: is a file; give a folder for the batch (it is created if missing)

## roleplay/runs/batch*.py: batches of seeds
error-batch-foreign-folders = the batch would have to replace folders it did not make: { $problems }{ $more ->
    [0] {""}
   *[other] {" "}(and { $more } more)
}. Nothing was changed. To go on, rerun with --force to replace them, or choose another --out
error-option-changed = { $name } was { $old }, now { $new }
error-scenario-default = the scenario's default
error-content-changed = { $kind ->
    [scenario] scenario field '{ $name }'
   *[persona] persona '{ $name }'
} { $change ->
    [new] is new
    [gone] is gone
   *[changed] has changed
}
error-not-manifest = { $path } is not a batch manifest ({ $detail }); use another --out
error-other-batch = { $path } holds another batch: { $options }. Use another --out, or rerun with the batch's own scenario and options to resume it
error-batch-files-changed = { $path }: the scenario or persona files have changed since this batch began ({ $changes }). Resuming would mix runs of both versions; use another --out for the edited files, or restore them to resume
error-out-is-run-folder = --out { $path }: is a run folder (it holds events.jsonl); give the batch a folder of its own, or leave --out out (default: transcripts/batch-<scenario>-<model>)
error-out-batch-unwritable = --out { $path }: cannot write the batch there ({ $detail }); choose another folder
error-seeds-too-many = --seeds: { $text } is { $count } seeds; a batch runs at most { $limit }, so split it into several batches (e.g. 1-{ $max })
error-concurrency = --concurrency must be at least 1 (got { $value })
error-seeds-negative = --seeds: '{ $part }' is negative; seeds are 0 or more, e.g. 0-49
error-seeds-form = --seeds: '{ $part }' is not a seed or a range; write e.g. 1-50 or 1,3,10-12
error-seeds-backwards = --seeds: range { $part } runs backwards; write { $hi }-{ $lo }
error-ray-missing = Ray is not installed: pip install 'roleplay[ray]' (or pip install ray), or drop --executor ray
error-ray-address = --address { $address }: not HOST:PORT or ray://HOST:PORT; e.g. ray://10.0.0.5:10001
error-ray-address-detail = --address { $address }: not HOST:PORT or ray://HOST:PORT ({ $detail })
error-ray-offline-only = --executor ray runs offline batches only for now (LLM seats and judges on Ray are not built yet); drop --executor ray to use the process pool
error-ray-outside = a Ray worker sent a file outside its run folder: { $name }
error-ray-no-head = --address { $address }: no Ray head answers at { $host }:{ $port } ({ $detail }); check the head is running (`ray status` on it) and the address and port, or drop --address to run on a local Ray instance
error-ray-local = a local instance
error-ray-start = could not start or join Ray at { $address }: { $detail }

## roleplay/runs/workshop_run.py: workshops
error-out-workshop-is-file = --out { $path }: is a file; give a folder for the workshop's run folders
error-no-workshop-json = { $path }: no { $name } here; give a folder made by `roleplay workshop run`
error-workshop-tui-resume = { $path }: a workshop run in the TUI cannot be resumed; run it again
error-workshop-finished = { $path }: every stage of this workshop is finished; there is nothing to resume
error-out-workshop-unwritable = --out { $path }: cannot create the workshop folder there ({ $detail }); choose another folder
error-not-workshop-summary = { $path }: not a workshop summary ({ $detail }); it was edited or damaged
error-workshop-no-tui = the TUI is not available in this build ({ $detail }); run the workshop without --tui
error-stage-tui-failed = stage '{ $stage }' failed in the TUI: { $detail }
error-workshop-stage = { $path }: stage '{ $stage }': { $problem }

## roleplay/runs/transcript.py, resume.py, locks.py: run folders read back
error-events-first = { $path } does not start with a debate_started event
error-no-events = { $path }: no { $name } here; give a run folder made by `roleplay run`
error-events-unreadable = { $path }: cannot be read ({ $detail })
error-skip-not-utf8 = line { $line }: byte { $byte } is not UTF-8; line skipped
error-skip-cut-short = line { $line }: cut short (the run was stopped while writing it); line left out
error-skip-invalid-event = line { $line }: not a valid event ({ $detail }); line skipped
error-events-first-type = { $path }: line 1 is a { $type } event, but the first line must be a debate_started event; this file was not written by `roleplay run` or was edited
error-events-first-detail = { $path }: the first line must be a debate_started event ({ $detail }); this file was not written by `roleplay run` or was edited
error-events-first-missing = { $path }: the first line must be a debate_started event; this file was not written by `roleplay run` or was edited
error-replay-diverged = { $path }: replaying the recorded turns reached { $got } where the recording has { $want }; this run cannot be resumed (nothing was added); start it again
error-replay-end = the end of the debate
error-replay-no-turn = no further turn
error-run-finished = this run is finished (its last event is debate_ended); there is nothing to resume
error-run-symlink = { $path }: is a symlink; give the run folder itself
error-options-file = { $path }: not a valid options file ({ $detail }); restore it or delete it
error-path-problem = { $path }: { $problem }
error-lock-held = { $path }: another roleplay { $what } is writing to this folder now (it holds { $lock }); wait for it to finish, or choose another --out
error-lock-failed = { $path }: cannot take the writer's lock ({ $detail }); the folder must be writable for a { $what }; choose another --out

## roleplay/runs/starter.py, kit.py, export.py, library.py
error-from-unknown = --from { $source }: no bundled { $kind } of that id; choose one of { $ids }
error-from-no-id = --from { $source }: the bundled file has no top-level id line
error-new-kind = roleplay new { $kind }: choose scenario, persona or workshop
error-new-id = roleplay new { $kind } { $name }: not a valid id; use lower-case letters, digits{ $kind ->
    [persona] {" "}and _, starting with a letter
   *[other] , - and _, starting with a letter or digit
}
error-new-exists = { $path }: already exists; choose another name, or add --force to replace it
error-format-md-html = --format { $fmt }: choose md or html
error-kit-other-run = --run { $run }: a run of '{ $found }', not of '{ $scenario }'; give a run folder of this scenario
error-kit-exists = { $path }: already exists; choose another --out folder or add --force to replace the kit
error-export-format = --format must be md or html, not '{ $fmt }'
error-library-missing = { $path }: no such folder of runs; give the folder you passed to --out (default: transcripts)
error-search-empty = search text is empty; give a word or phrase, e.g. 耐心資本 or sandbox
error-search-encoding = search text '{ $text }' is not valid text in this terminal's encoding; run under a UTF-8 locale (e.g. LC_ALL=C.UTF-8) or type it again
error-library-locked = { $path }: another roleplay command has been updating the run index for { $seconds } s; try again when it has finished

## roleplay/cli/*, debate/*, tui/*: options and arguments
error-run-scenario-and-resume = give either a scenario or --resume RUN_DIR, not both
error-run-no-scenario = give a scenario (see `roleplay scenarios`), or --resume RUN_DIR to continue a run
error-price-needs-dry-run = { $flag } only prices a --dry-run estimate (no debate is run then); add --dry-run, or drop { $flag } to run the debate
error-run-folder-exists = { $path }: already exists; run again (a new run id is drawn)
error-resume-symlink = { $path }: is a symlink; give the run folder itself (roleplay never writes through a link)
error-workshop-file-or-resume = give a workshop file or id, or --resume WORKSHOP_DIR (one of the two)
error-workshop-resume-tui = --resume continues a headless workshop; leave out --tui
error-per-server-offline = --per-server bounds calls to model servers, and this batch has none (every seat is offline); drop --per-server, or give LLM seats with --model
error-executor = --executor must be process or ray (got { $value })
error-address-needs-ray = --address needs --executor ray
error-out-run-is-file = --out { $path }: is a file; give a folder for the run folders
error-out-unwritable = --out { $path }: cannot write there ({ $detail }); choose another folder
error-not-run-folder = --run { $run }: not a run folder (no events.jsonl); give a folder written by roleplay run
error-tui-folder = { $path }: a folder without { $name }; give a run folder, or a scenario id or YAML file
error-pace = --pace { $pace }: give 0 or more seconds per turn
error-rounds = --rounds must be at least 1 (got { $value })
error-rounds-one = --rounds 1 leaves no room for proposals before the vote; use --rounds 2 or more
error-backend-unavailable = backend '{ $spec }' is not available in this build; use 'offline'
error-theme = --theme must be dark or light, not '{ $theme }'
error-human-twice = --human names a persona twice ({ $ids }); name each seat once
error-human-not-seated = --human { $id }: not seated in scenario '{ $scenario }'; choose one of { $seated }
error-event-invalid = { $path }: line { $line } is not a valid event ({ $detail })

## roleplay/llm/faults.py, backend.py: model calls that fail (never a key in a message)
error-fit-figures = : { $prompt } prompt tokens, window { $window }
error-http-quota = { $label }: quota exhausted (HTTP { $status } { $code }); add credit to the account or choose another backend
error-http-key = { $label }: the key was rejected (HTTP { $http }); check it ({ $source }){ $forbidden ->
    [True] ; it may also lack access to this model
   *[other] {""}
}
error-http-not-found = { $label }: model or route not found (HTTP 404); check the model name and base URL (Ollama: `ollama pull MODEL`)
error-http-transient = { $label }: { $what ->
    [rate] rate limited
    [server] server error
   *[timeout] request timeout
} (HTTP { $status })
error-http-rejected = { $label }: the server rejected the request (HTTP { $status }): { $detail }
error-context-overflow = { $label }: the prompt does not fit the server's context window (HTTP 400{ $figures }); set the window with --context-tokens N (or #context_tokens=N on the seat) so that history is trimmed, or start the server with a larger one
error-mid-reply = { $label }: the server reported an error mid-reply: { $detail }
error-stream-cut = { $label }: the reply stopped before the server ended it (no finish_reason, no [DONE]): the link dropped
error-no-reply = { $label }: no reply in time ({ $kind }){ $limit }
error-connection = { $label }: connection failed or dropped ({ $kind }){ $limit }
error-prompt-too-long = { $label }: the fixed prompt alone (no history) needs about { $tokens } tokens plus { $reply } for the reply, more than the { $window }-token context window ({ $source }); use a model or server with a larger window, set the real window with { $context_option } N (or #context_tokens=N on the seat), or lower { $max_option }
error-server-unreachable = { $error }; the server at { $host } has not answered once, so the debate stops (check the server, --base-url or the seat's @URL; limits: { $limits })
error-cache = { $path }: cannot use as a response cache ({ $detail }); give another --cache path or delete the file
error-retry-budget = ROLEPLAY_RETRY_BUDGET='{ $value }': give a whole number of retries, e.g. 30
error-limit-timeouts = ; the limits are { $connect }s to connect ({ $connect_option }) and { $call }s for the first byte and between chunks ({ $call_option })
error-limit-server = ; is the server at { $host } running?
error-window-set = set by you
error-window-default = { $provider }'s default
error-window-set-reported = set by you (the server reports { $reported })
error-window-reported = reported by the server
error-window-reported-error = reported by the server in its error
error-acts-missing = field 'acts': missing act(s) { $acts }; add them

## roleplay/cli/main.py: the last line of defence for a file-system problem
error-os-path = { $path }: { $detail }; check the path and its permissions
error-os = { $detail }; check the path and its permissions
error-pool-out = server { $server } taken out of rotation ({ $why }); the call goes to another server of the pool
error-pool-exhausted = { $label }: every server of the pool is out of rotation ({ $reasons }); check the servers and the seat's URL list, then rerun to resume
error-pool-warning = warning: model server { $server } taken out of rotation ({ $why }); its calls go to the other servers of the pool
error-pool-twice = backend '{ $spec }': the pool names a server twice; list each HOST:PORT once, joined by commas (e.g. { $provider }:{ $model }@http://gpu1:8000/v1,http://gpu2:8000/v1)
