"""The library of saved runs: a sqlite index over run folders, for ``roleplay list`` and
``roleplay search``.

The run folders stay the source of truth. The index (``<root>/.roleplay-index.sqlite``)
is a cache: every query first refreshes it (folders added, changed or gone, found by
``events.jsonl`` size and mtime), and it is rebuilt from scratch when it is missing,
corrupt, of another schema version, or on request. Paths are stored relative to the root,
so a copied or moved folder of runs keeps working.

Text search uses SQLite FTS5 with the ``trigram`` tokenizer when this SQLite has it
(substring search that works for Chinese, which has no spaces between words); queries
shorter than three characters, or a SQLite without FTS5, fall back to ``LIKE``.

One writer at a time (issue #10): a command holds ``<root>/.roleplay-index.lock``
(``filelock``) while it has the index open, so concurrent ``list --rebuild`` runs wait for
each other; the index uses sqlite's WAL journal and a busy timeout. When the folder or its
index cannot be written (a read-only folder or disk), the index is built in memory for the
one command and ``Library.read_only`` says why.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from filelock import FileLock, Timeout

from roleplay.debate.events import ModeratorSpoke
from roleplay.errors import InputError, RoleplayError
from roleplay.formats.text import Strict
from roleplay.i18n.lang import script_forms

INDEX_FILE = ".roleplay-index.sqlite"
LOCK_FILE = ".roleplay-index.lock"
LOCK_WAIT = 60.0
"""Seconds a command waits for another one updating the index (filelock)."""
SCHEMA = "2"  # 2: the lines load_run left out of each run ("dropped")
RUN_COLUMNS = (
    "path",
    "mtime_ns",
    "size",
    "run_id",
    "scenario",
    "title",
    "lang",
    "seed",
    "status",
    "started",
    "rounds",
    "turns",
    "total",
    "n_scored",
    "adopted",
    "package",
    "backends",
    "dropped",
)


class RunEntry(Strict):
    """One indexed run. ``status`` is finished / stopped / failed, or ``interrupted``;
    ``total`` (0..24) and ``n_scored`` are None/0 without a final scorecard; ``dropped``
    names the lines of its events.jsonl that could not be read ("" when none)."""

    path: str
    run_id: str
    scenario: str
    title: str
    lang: str
    seed: int
    status: str
    started: str
    rounds: int
    turns: int
    total: int | None
    n_scored: int
    adopted: bool
    package: str
    backends: str
    dropped: str = ""


class Hit(Strict):
    """A search hit: where (run folder, turn id or ``""``, speaker), a snippet of the text
    around the match, and ``match``: the words matched as the text writes them (in its own
    script and case; ``""`` when the match is not in the snippet)."""

    path: str
    run_id: str
    scenario: str
    turn: str
    speaker: str
    snippet: str
    match: str = ""


def _fts5_trigram(con: sqlite3.Connection) -> bool:
    """True when this SQLite can build an FTS5 trigram table."""
    try:
        con.execute("CREATE VIRTUAL TABLE temp._probe USING fts5(x, tokenize='trigram')")
        con.execute("DROP TABLE temp._probe")
        return True
    except sqlite3.OperationalError:
        return False


class Library:
    """The runs under ``root`` (any depth), through the index. Use as a context manager
    or call ``close()``. ``read_only`` is None, or the message saying that the index could
    not be written and was built in memory.

    Raises:
        InputError: ``root`` is not a folder, or another command held the index's lock for
            ``LOCK_WAIT`` seconds.
    """

    def __init__(self, root: Path, rebuild: bool = False):
        self.root = Path(root)
        if not self.root.is_dir():
            raise InputError("error-library-missing", path=self.root)
        self.path = self.root / INDEX_FILE
        self.skipped: list[str] = []
        self.read_only: str | None = None
        self._lock: FileLock | None = None
        try:
            # one writer of the index at a time (a rebuild replaces the file): held until close()
            lock = FileLock(str(self.root / LOCK_FILE), timeout=LOCK_WAIT)
            lock.acquire()
            self._lock = lock
        except Timeout as e:
            raise InputError("error-library-locked", path=self.root, seconds=f"{LOCK_WAIT:g}") from e
        except OSError as e:
            self._in_memory(e)
            return
        try:
            if rebuild:
                self.path.unlink(missing_ok=True)
            self.con = self._open()
        except (sqlite3.Error, OSError) as e:
            self._in_memory(e)

    def _in_memory(self, why: Exception) -> None:
        """Work read-only: index into a database in memory (not saved), as the folder or
        its index cannot be written; ``read_only`` says so, for the user."""
        if getattr(self, "con", None) is not None:
            self.con.close()
        reason = getattr(why, "strerror", None) or str(why)
        self.read_only = (
            f"{self.root}: the run index cannot be written here ({reason}); read-only, "
            f"so it was built in memory for this command and not saved"
        )
        self.con = self._create(sqlite3.connect(":memory:"))

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the index and release its lock."""
        self.con.close()
        if self._lock is not None:
            self._lock.release()

    def _open(self) -> sqlite3.Connection:
        """Open the index (WAL journal, busy timeout), recreating it if it is corrupt or of
        another schema."""
        try:
            con = sqlite3.connect(self.path, timeout=30)
            row = (
                con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                if self._has_meta(con)
                else None
            )
            if row and row[0] == SCHEMA:
                self.fts = con.execute("SELECT value FROM meta WHERE key='fts'").fetchone()[0] == "1"
                con.execute("PRAGMA journal_mode=WAL")
                return con
            con.close()
        except sqlite3.DatabaseError as e:
            if isinstance(e, sqlite3.OperationalError) and "unable to open" in str(e):
                raise
        self.path.unlink(missing_ok=True)
        con = sqlite3.connect(self.path, timeout=30)
        con.execute("PRAGMA journal_mode=WAL")
        return self._create(con)

    @staticmethod
    def _has_meta(con: sqlite3.Connection) -> bool:
        return con.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone() is not None

    def _create(self, con: sqlite3.Connection) -> sqlite3.Connection:
        """Create the tables in ``con``; returns it."""
        self.fts = _fts5_trigram(con)
        cols = ", ".join(RUN_COLUMNS[1:])
        con.execute(f"CREATE TABLE runs(path TEXT PRIMARY KEY, {cols})")
        if self.fts:
            con.execute(
                "CREATE VIRTUAL TABLE docs USING fts5(text, path UNINDEXED, turn UNINDEXED, "
                "speaker UNINDEXED, tokenize='trigram')"
            )
        else:
            con.execute("CREATE TABLE docs(text TEXT, path TEXT, turn TEXT, speaker TEXT)")
        con.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("schema", SCHEMA), ("fts", "1" if self.fts else "0")]
        )
        con.commit()
        return con

    # -- keeping the index in step with the folders ---------------------------------------------

    def refresh(self) -> tuple[int, int]:
        """Index new and changed run folders and drop vanished ones. Returns (indexed, removed).

        Folders that cannot be read back (no readable first event, no access) are skipped
        and listed in ``self.skipped`` as ``"<folder>: <why>"``, one per folder; a folder
        with some unreadable lines is indexed without them (``roleplay.runs.transcript.load_run``).
        """
        self.skipped = []  # unreadable folders never enter the index, so each refresh meets them again
        seen = {}
        for ev in sorted(self.root.rglob("events.jsonl")):
            rel = ev.parent.relative_to(self.root).as_posix()
            try:
                st = ev.stat()
            except OSError as e:
                self.skipped.append(f"{rel}: events.jsonl cannot be read ({e.strerror})")
                continue
            seen[rel] = (st.st_mtime_ns, st.st_size)
        try:
            return self._update(seen)
        except sqlite3.OperationalError as e:  # e.g. "attempt to write a readonly database"
            if self.read_only:
                raise
            self._in_memory(e)
            return self._update(seen)

    def _update(self, seen: dict[str, tuple[int, int]]) -> tuple[int, int]:
        """Bring the index in step with ``seen`` (folder -> (mtime_ns, size))."""
        known = {p: (m, s) for p, m, s in self.con.execute("SELECT path, mtime_ns, size FROM runs")}
        gone = [p for p in known if p not in seen]
        changed = [p for p, sig in seen.items() if known.get(p) != sig]
        with self.con:
            for p in gone + changed:
                self.con.execute("DELETE FROM runs WHERE path=?", (p,))
                self.con.execute("DELETE FROM docs WHERE path=?", (p,))
            for p in changed:
                self._index(p, *seen[p])
        return len(changed), len(gone)

    def _index(self, rel: str, mtime_ns: int, size: int) -> None:
        """Read one run folder and insert its row and its texts."""
        from roleplay.runs.transcript import load_run

        try:
            run = load_run(self.root / rel)
        except RoleplayError as e:  # name the folder once, not its whole path again
            self.skipped.append(f"{rel}: {str(e).replace(str(self.root / rel) + '/', '')}")
            return
        s, lang = run.started, run.started.lang
        card = run.ended.scorecard if run.ended else None
        row = (
            rel,
            mtime_ns,
            size,
            s.run_id,
            s.scenario.id,
            s.scenario.title.in_(lang),
            lang,
            s.seed,
            run.ended.status if run.ended else "interrupted",
            s.ts,
            run.ended.rounds if run.ended else 0,
            len(run.turns()),
            card.total() if card else None,
            card.n_scored if card else 0,
            bool(card and card.adopted),
            f"{card.package.id} {card.package.title}" if card and card.package else "",
            ", ".join(sorted(set(s.backends.values()))),
            "; ".join(run.skipped),
        )
        self.con.execute(f"INSERT INTO runs VALUES ({', '.join('?' * len(RUN_COLUMNS))})", row)
        docs = [
            (
                f"{s.scenario.title.zh} {s.scenario.title.en} {s.scenario.question.in_(lang)}",
                rel,
                "",
                "scenario",
            )
        ]
        for t in run.turns():
            if t.move:
                extra = [t.move.proposal.title] if t.move.proposal else []
                extra += [st.reason for st in t.move.stances]
                docs.append(("\n".join([t.move.speech, *extra]), rel, t.id, t.persona))
        for e in run.events:
            if isinstance(e, ModeratorSpoke):
                docs.append((e.note.text, rel, f"r{e.note.round}", e.note.kind))
        self.con.executemany("INSERT INTO docs(text, path, turn, speaker) VALUES (?, ?, ?, ?)", docs)

    # -- queries --------------------------------------------------------------------------------

    def runs(self, scenario: str | None = None) -> list[RunEntry]:
        """Indexed runs (after a refresh), newest first; optionally of one scenario."""
        self.refresh()
        sql = f"SELECT {', '.join(RUN_COLUMNS)} FROM runs"
        args: tuple = ()
        if scenario:
            sql, args = sql + " WHERE scenario=?", (scenario,)
        rows = self.con.execute(sql + " ORDER BY started DESC, path", args).fetchall()
        out = []
        for r in rows:
            d = dict(zip(RUN_COLUMNS, r, strict=True))
            d.pop("mtime_ns"), d.pop("size")
            d["adopted"] = bool(d["adopted"])
            out.append(RunEntry(**d))
        return out

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """Turns and notes whose text contains ``text`` (case-insensitive), newest run first.

        Raises:
            InputError: empty ``text``, or text with bytes the locale could not decode.
        """
        q = text.strip()
        if not q:
            raise InputError("error-search-empty")
        q = utf8_argument(q)
        forms = script_forms(q)
        self.refresh()
        args: list[object]
        if self.fts and len(q) >= 3:
            where = "docs MATCH ?"
            args = [" OR ".join('"' + f.replace('"', '""') + '"' for f in forms)]
        else:
            where = "(" + " OR ".join(["docs.text LIKE ? ESCAPE '\\'"] * len(forms)) + ")"
            args = [
                "%" + f.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for f in forms
            ]
        rows = self.con.execute(
            f"SELECT docs.text, docs.path, docs.turn, docs.speaker, runs.run_id, runs.scenario FROM docs "
            f"JOIN runs ON runs.path = docs.path WHERE {where} ORDER BY runs.started DESC, docs.rowid LIMIT ?",
            (*args, limit),
        ).fetchall()
        hits = []
        for body, p, turn, spk, rid, sc in rows:
            form = next((f for f in forms if f.lower() in " ".join(body.split()).lower()), q)
            cut = snippet(body, form)
            i = cut.lower().find(form.lower())
            match = cut[i : i + len(form)] if i >= 0 else ""
            hits.append(
                Hit(path=p, run_id=rid, scenario=sc, turn=turn, speaker=spk, snippet=cut, match=match)
            )
        return hits


def utf8_argument(text: str) -> str:
    """A command-line argument as text: when the locale could not decode it (``LC_ALL=C``
    with a UTF-8 terminal, say), its original bytes are read as UTF-8.

    Raises:
        InputError: the bytes are not UTF-8 either (the message shows them and the fix).
    """
    import os

    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        shown = raw.decode("utf-8", "backslashreplace")
        raise InputError("error-search-encoding", text=shown) from e


def snippet(body: str, q: str, width: int = 36) -> str:
    """The first case-insensitive match of ``q`` in ``body`` with up to ``width`` terminal
    cells of text either side (a Chinese character is 2 cells, so a zh snippet is as wide
    on screen as an English one), one line, ``…`` where it was cut. The match itself is
    never cut; without a match, the first ``2 * width`` cells."""
    from rich.cells import cell_len

    flat = " ".join(body.split())
    i = flat.lower().find(q.lower())
    if i < 0:
        b = _cells_forward(flat, 0, 2 * width)
        return flat[:b] + ("…" if b < len(flat) else "")
    a, used = i, 0
    while a > 0 and used + cell_len(flat[a - 1]) <= width:
        a -= 1
        used += cell_len(flat[a])
    b = _cells_forward(flat, i + len(q), width)
    return ("…" if a else "") + flat[a:b] + ("…" if b < len(flat) else "")


def _cells_forward(text: str, start: int, width: int) -> int:
    """The end offset of the longest run of ``text`` from ``start`` that fits ``width`` cells."""
    from rich.cells import cell_len

    end, used = start, 0
    while end < len(text) and used + cell_len(text[end]) <= width:
        used += cell_len(text[end])
        end += 1
    return end
