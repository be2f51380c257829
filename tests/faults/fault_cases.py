"""The fault catalogue (issue 9): hostile exports, arguments, databases, queries and inputs.

Each ``Case`` builds its own inputs under a fresh directory (every text is written here) and
returns a ``Plan``: presslens command lines to run in order, the exit codes each may end
with, how many articles the corpus must hold afterwards (good inputs stored, nothing lost,
nothing twice) and any further check. ``run_case`` runs a plan in this process (click's
CliRunner, under a time guard) or in subprocesses, and gives a ``Verdict``: ``ok``,
``crash`` (a traceback or an exit code outside the plan), ``hang``, ``lost`` or ``wrong``.
``tests/faults/test_faults_catalogue.py`` runs every case; ``bench/faults.py`` runs the same
cases in subprocesses and prints the table of outcomes.
"""

from __future__ import annotations

import gzip
import inspect
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
STEP_SECONDS = 120.0  # a step still running after this hangs

# -- inputs -------------------------------------------------------------------------------

_TOWNS = ["Alderbury", "Brinmoor", "Coldharbour", "Dunstable Vale", "Elmsworth", "Farrowfield"]
_PEOPLE = ["Nadia Kell", "Rupert Vance", "Ottilie Marsh", "Jonas Whitlock", "Priya Castell", "Bram Oduya"]


def news_html(n: int) -> str:
    """A short local news page with a quote, different for each ``n``."""
    town, person = _TOWNS[n % len(_TOWNS)], _PEOPLE[n % len(_PEOPLE)]
    paragraphs = [
        f"The district council in {town} approved a new cycle path along the canal, plan number {n}.",
        f"“This path will make the school run safer for hundreds of families,” said {person}, who chairs the transport board.",
        f"Work on the {n + 3} kilometre route is due to start in the spring and to last about a year.",
        f"{person} said the council had listened to residents who asked for better lighting on the towpath.",
        "Shop owners near the old lock told the meeting they hoped more visitors would stop in the village.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Canal path for {town} ({n})</title></head>"
        f"<body><article><h1>Canal path for {town}</h1>{body}</article></body></html>"
    )


def long_article_html(size: int, seed: int = 3) -> str:
    """A page whose article is about ``size`` characters of quote-heavy paragraphs: analysing
    it takes far longer than a normal page (the pathological page of a time budget test)."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    length = 0
    while length < size:
        person, town = rng.choice(_PEOPLE), rng.choice(_TOWNS)
        text = f"“We asked for {rng.randint(2, 90)} more buses in {town}, and we will keep asking,” {person} said on Monday."
        paragraphs.append(f"<p>{text}</p>")
        length += len(text)
    return f"<!doctype html><html><head><title>Bus petition</title></head><body><article><h1>Buses</h1>{''.join(paragraphs)}</article></body></html>"


def write_pages(directory: Path, count: int, start: int = 0) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        (directory / f"page-{n}.html").write_text(news_html(n), encoding="utf-8")


def warc_record(url: str, html: str) -> bytes:
    """One gzip member holding a WARC/1.0 response record (what WARC writers produce)."""
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode("utf-8")
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{abs(hash(url)) % 10**12:012d}>\r\n"
        "WARC-Date: 2024-03-01T10:00:00Z\r\n"
        f"WARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + payload + b"\r\n\r\n")


# -- plans and verdicts -------------------------------------------------------------------

Outputs = list[tuple[int, str, str]]  # (exit code, stdout, stderr) of each step


@dataclass(frozen=True)
class Step:
    args: tuple[str, ...]
    codes: frozenset[int]  # exit codes this step may end with
    before: Callable[[], None] | None = None  # set-up between steps (e.g. make a file read-only)


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    db: Path | None = None
    articles: int | None = None  # exactly this many articles in db afterwards
    check: Callable[[Outputs], str | None] | None = None  # a problem, or None
    parallel: bool = False  # run the steps at the same time (subprocesses)
    substitute: Callable[[str], str] | None = None  # rewrites arguments known only at run time


@dataclass(frozen=True)
class Web:
    """The local test server: files written under ``root`` are served at ``url``."""

    url: str
    root: Path


@dataclass(frozen=True)
class Case:
    name: str
    row: str  # the issue-9 row it covers, or "held" for what already held
    build: Callable[[Path, Web], Plan]  # (fresh directory, test server) -> Plan
    isolate: bool = False  # needs its own processes (signals, another user, concurrency)
    model: bool = False  # loads the analysis model


@dataclass(frozen=True)
class Verdict:
    case: str
    status: str  # ok | crash | hang | lost | wrong
    detail: str = ""
    missing: int = 0  # articles lost


def step(*args: str, codes: Sequence[int] = (0,), before: Callable[[], None] | None = None) -> Step:
    return Step(args=tuple(args), codes=frozenset(codes), before=before)


def count_articles(db: Path) -> int | None:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return None


def _invoke_in_process(args: Sequence[str], seconds: float) -> tuple[int, str, str, BaseException | None] | None:
    from click.testing import CliRunner

    from presslens.cli.main import cli

    split = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}
    runner = CliRunner(**split)
    box: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: box.setdefault("result", runner.invoke(cli, list(args))), daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        return None
    result = box["result"]
    error = None if result.exception is None or isinstance(result.exception, SystemExit) else result.exception
    return result.exit_code, result.stdout, result.stderr, error


def _command(args: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "presslens", *args]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PRESSLENS_DB"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _subprocess(args: Sequence[str], seconds: float, cwd: Path) -> tuple[int, str, str] | None:
    try:
        done = subprocess.run(_command(args), capture_output=True, timeout=seconds, env=_env(), cwd=cwd, check=False)
    except subprocess.TimeoutExpired:
        return None
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def _parallel(steps: Sequence[Step], seconds: float, cwd: Path) -> list[tuple[int, str, str] | None]:
    running = [
        subprocess.Popen(_command(s.args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(), cwd=cwd)
        for s in steps
    ]
    results: list[tuple[int, str, str] | None] = []
    deadline = time.monotonic() + seconds
    for process in running:
        try:
            out, err = process.communicate(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            results.append(None)
            continue
        results.append((process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")))
    return results


def run_plan(name: str, plan: Plan, *, in_process: bool, cwd: Path, seconds: float = STEP_SECONDS) -> Verdict:
    """Run ``plan``'s steps and judge them."""
    outputs: Outputs = []
    if plan.parallel:
        ran = _parallel(plan.steps, seconds, cwd)
    else:
        ran = []
        for s in plan.steps:
            if s.before is not None:
                s.before()
            args = tuple(map(plan.substitute, s.args)) if plan.substitute else s.args
            if in_process:
                got = _invoke_in_process(args, seconds)
                if got is not None and got[3] is not None:
                    error = got[3]
                    return Verdict(name, "crash", f"{' '.join(s.args[:2])}: {type(error).__name__}: {error}")
                ran.append(None if got is None else got[:3])
            else:
                ran.append(_subprocess(args, seconds, cwd))
            if ran[-1] is None:
                break
    for s, got in zip(plan.steps, ran, strict=False):
        shown = " ".join(s.args[:2])
        if got is None:
            return Verdict(name, "hang", f"{shown}: still running after {seconds:.0f}s")
        code, out, err = got
        if "Traceback (most recent call last)" in out + err:
            return Verdict(name, "crash", f"{shown}: traceback: {err.strip().splitlines()[-1:]}")
        if code not in s.codes:
            return Verdict(name, "crash", f"{shown}: exit {code}, expected {sorted(s.codes)}: {err.strip()[-300:]}")
        if code != 0 and not err.strip():
            return Verdict(name, "wrong", f"{shown}: exit {code} with no message")
        outputs.append(got)
    if plan.articles is not None and plan.db is not None:
        found = count_articles(plan.db)
        if found is None or found < plan.articles:
            lost = plan.articles - (found or 0)
            return Verdict(name, "lost", f"{found} articles, expected {plan.articles}", missing=lost)
        if found > plan.articles:
            return Verdict(name, "wrong", f"{found} articles, expected {plan.articles}: duplicated")
    if plan.check is not None:
        problem = plan.check(outputs)
        if problem:
            return Verdict(name, "wrong", problem)
    return Verdict(name, "ok")


def run_case(case: Case, directory: Path, web: Web, *, in_process: bool) -> Verdict:
    directory.mkdir(parents=True, exist_ok=True)
    plan = case.build(directory, web)
    return run_plan(case.name, plan, in_process=in_process and not case.isolate, cwd=directory)


# -- a local web server for feed cases ----------------------------------------------------


@contextmanager
def web_server(root: Path) -> Iterator[Web]:
    """Serve the files under ``root`` at http://127.0.0.1:PORT (404 for anything else)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            target = (root / self.path.lstrip("/").split("?")[0]).resolve()
            if not target.is_file() or root.resolve() not in target.parents:
                self.send_error(404)
                return
            body = target.read_bytes()
            self.send_response(200)
            kind = "application/rss+xml" if target.suffix == ".xml" else "text/html; charset=utf-8"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    root.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Web(url=f"http://127.0.0.1:{server.server_address[1]}", root=root)
    finally:
        server.shutdown()
        server.server_close()


# -- the cases ----------------------------------------------------------------------------


def _corpus(d: Path, pages: int = 2) -> tuple[Path, Step]:
    """A corpus path and the step that ingests ``pages`` good pages into it."""
    write_pages(d / "pages", pages)
    db = d / "c.db"
    return db, step("ingest", "--db", str(db), "--quiet", str(d / "pages"))


_TEMPLATE: dict[str, Path] = {}


def _two_page_corpus(d: Path) -> Path:
    """A copy of a corpus of two good pages, ingested once per process (a fresh ``presslens``
    process), so cases that abuse a corpus do not each load the model."""
    if "db" not in _TEMPLATE:
        home = Path(tempfile.mkdtemp(prefix="presslens-faults-template-"))
        db, ingest = _corpus(home)
        got = _subprocess(ingest.args, STEP_SECONDS, home)
        if got is None or got[0] != 0 or count_articles(db) != 2:
            raise RuntimeError(f"could not build the template corpus: {got}")
        _TEMPLATE["db"] = db
    target = d / "c.db"
    shutil.copyfile(_TEMPLATE["db"], target)
    return target


def _export_onto(target: Callable[[Path], str]) -> Callable[[Path, Web], Plan]:
    def build(d: Path, _: Web) -> Plan:
        db = _two_page_corpus(d)
        out = target(d)
        export = step("export", "--db", str(db), "--what", "articles", "-o", out, codes=(1,))
        # twice: the first refusal must leave a corpus the second can read
        return Plan((export, export, step("stats", "--db", str(db))), db=db, articles=2)

    return build


def _symlink_to_db(d: Path) -> str:
    (d / "link.jsonl").symlink_to(d / "c.db")
    return str(d / "link.jsonl")


def _no_file_left(d: Path, name: str) -> Callable[[Outputs], str | None]:
    def check(_: Outputs) -> str | None:
        left = [p.name for p in d.iterdir() if p.name.startswith((name, f".{name}"))]
        return f"left behind: {left}" if left else None

    return check


def _export_bad_target(target: str, codes: Sequence[int] = (1,)) -> Callable[[Path, Web], Plan]:
    def build(d: Path, _: Web) -> Plan:
        db = _two_page_corpus(d)
        return Plan((step("export", "--db", str(db), "-o", target.format(d=d), codes=codes),), db=db, articles=2)

    return build


def _query(*args: str, codes: Sequence[int] = (0, 1, 2)) -> Callable[[Path, Web], Plan]:
    def build(d: Path, _: Web) -> Plan:
        db = _two_page_corpus(d)
        return Plan((step(args[0], "--db", str(db), *args[1:], codes=codes),), db=db, articles=2)

    return build


def _read_only_corpus(d: Path, _: Web) -> Plan:
    """Ingest into a corpus that cannot be written: files of mode 0444 in a directory of mode
    0555. Root writes through modes, so as root the files and directory are made immutable
    (chattr +i) or, where that is not allowed, the corpus is opened read-only by SQLite URI."""
    db = _two_page_corpus(d)
    write_pages(d / "more", 2, start=5)
    target = [str(db)]
    frozen: list[Path] = []

    def freeze() -> None:
        files = [*sorted(d.glob("c.db*")), d]
        for path in files:
            path.chmod(0o444 if path.is_file() else 0o555)
        if os.geteuid() != 0:
            return
        if subprocess.run(["chattr", "+i", *map(str, files)], capture_output=True, check=False).returncode == 0:
            frozen.extend(files)
        else:
            target[0] = f"file:{db}?mode=ro"

    def unchanged(_: Outputs) -> str | None:
        if frozen:
            subprocess.run(["chattr", "-i", *map(str, frozen)], capture_output=True, check=False)
        d.chmod(0o755)
        count = count_articles(db)
        return None if count == 2 else f"the read-only corpus holds {count} articles, not 2"

    second = step("ingest", "--db", "@db", "--quiet", str(d / "more"), codes=(1,), before=freeze)
    return Plan((second,), check=unchanged, substitute=lambda arg: target[0] if arg == "@db" else arg)


def _ingest_mixed(bad: Callable[[Path], Sequence[str]], codes: Sequence[int] = (1,), good_inside: int = 0) -> Callable[[Path, Web], Plan]:
    """Two good pages plus a bad input (holding ``good_inside`` good records) in one ingest,
    run twice: every good record is stored, exactly once."""

    def build(d: Path, _: Web) -> Plan:
        write_pages(d / "pages", 2)
        db = d / "c.db"
        args = ("ingest", "--db", str(db), str(d / "pages"), *bad(d))
        return Plan((step(*args, codes=codes), step(*args, codes=(0, *codes))), db=db, articles=2 + good_inside)

    return build


def _corrupt_warc(d: Path) -> list[str]:
    (d / "junk.warc.gz").write_bytes(random.Random(1).randbytes(5000))
    return [str(d / "junk.warc.gz")]


def _truncated_warc(d: Path) -> list[str]:
    data = warc_record("https://news.example.org/a", news_html(40)) + warc_record("https://news.example.org/b", news_html(41))
    (d / "cut.warc.gz").write_bytes(data[: len(data) - 200])
    return [str(d / "cut.warc.gz")]


def _gzip_of_garbage(d: Path) -> list[str]:
    (d / "garbage.warc.gz").write_bytes(gzip.compress(b"not a warc at all\n" * 100))
    return [str(d / "garbage.warc.gz")]


def _corrupt_jsonl(d: Path) -> list[str]:
    lines = [
        json.dumps({"url": "https://news.example.org/j1", "html": news_html(50)}),
        '{"url": "https://news.example.org/broken", "html": "<p>unterminated',
        "[1, 2, 3]",
        json.dumps({"url": "https://news.example.org/nohtml"}),
        json.dumps({"url": "https://news.example.org/j2", "html": news_html(51)}),
    ]
    (d / "pages.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(d / "pages.jsonl")]


def _odd_database(content: Callable[[Path], None], *commands: tuple[str, ...]) -> Callable[[Path, Web], Plan]:
    """A file that is no usable corpus: every command fails with a clear error and the file
    is left exactly as it was."""

    def build(d: Path, _: Web) -> Plan:
        db = d / "odd.db"
        content(db)
        before = db.read_bytes()
        write_pages(d / "pages", 1)
        steps = tuple(step(c[0], "--db", str(db), *c[1:], codes=(1,)) for c in commands)

        def unchanged(_: Outputs) -> str | None:
            return None if db.read_bytes() == before else "the database file was changed"

        return Plan(steps, check=unchanged)

    return build


def _random_bytes(db: Path) -> None:
    db.write_bytes(random.Random(2).randbytes(8192))


def _text_file(db: Path) -> None:
    db.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")


def _future_schema(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE articles (id TEXT)")
        conn.execute("PRAGMA user_version = 999")
    conn.close()


def _corrupted_corpus(db: Path) -> None:
    """A presslens corpus whose schema pages were overwritten (a disk fault)."""
    from presslens.store.corpus import Corpus

    Corpus(db).close()
    data = bytearray(db.read_bytes())
    data[100:12288] = random.Random(3).randbytes(12188)
    db.write_bytes(bytes(data))


_ODD_COMMANDS = (("quotes",), ("search", "canal"), ("stats",), ("export", "-o", "-"), ("ingest", "--quiet", "pages"))

_XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<rss version="2.0"><channel><title>&secret;</title>
<item><title>&secret;</title><link>{url}/page-0.html</link></item>
</channel></rss>"""

_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>{url}/page-0.html</link></item></channel></rss>"""


def _hostile_feed(template: str) -> Callable[[Path, Web], Plan]:
    def build(d: Path, web: Web) -> Plan:
        name = f"{d.name}.xml"  # the server is shared by the run: each case its own feed
        write_pages(web.root, 1)
        (web.root / name).write_text(template.format(url=web.url), encoding="utf-8")
        db = d / "c.db"
        hostname = Path("/etc/hostname").read_text(encoding="utf-8").strip() if Path("/etc/hostname").exists() else ""

        def no_leak(_: Outputs) -> str | None:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                rows = conn.execute("SELECT coalesce(title, '') || text FROM articles").fetchall()
                rows += conn.execute("SELECT reason FROM errors").fetchall()
            if hostname and any(hostname in row[0] for row in rows):
                return "an external entity was resolved into the corpus"
            if any("lollollol" in row[0] for row in rows):
                return "entities were expanded into the corpus"
            return None

        args = ("ingest", "--db", str(db), "--quiet", "--delay", "0", "--retries", "0", f"{web.url}/{name}")
        return Plan((step(*args, codes=(0, 1)),), db=db, check=no_leak)

    return build


def _concurrent(d: Path, _: Web) -> Plan:
    write_pages(d / "pages", 24)
    db = d / "c.db"
    # the corpus exists before both start, as when a second ingest is run by mistake
    with sqlite3.connect(db):
        pass
    args = ("ingest", "--db", str(db), "--json", "--chunk-size", "2", str(d / "pages"))

    def once_each(outputs: Outputs) -> str | None:
        done = [json.loads(out.strip().splitlines()[-1]) for _, out, _ in outputs]
        analysed = sum(s["stored"] + s["duplicates"] for s in done)
        return None if analysed == 24 else f"{analysed} inputs analysed for 24 pages: {done}"

    return Plan((step(*args), step(*args)), db=db, articles=24, check=once_each, parallel=True)


def _too_slow(d: Path, _: Web) -> Plan:
    write_pages(d / "pages", 2)
    # sized to need many times the 2 s budget however fast analysis gets (120 KB once did, until it didn't)
    (d / "pages" / "huge.html").write_text(long_article_html(600_000), encoding="utf-8")
    db = d / "c.db"

    def recorded(_: Outputs) -> str | None:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            codes = [row[0] for row in conn.execute("SELECT code FROM errors WHERE source LIKE '%huge.html'")]
        return None if codes == ["too-slow"] else f"huge.html recorded as {codes}, not too-slow"

    args = ("ingest", "--db", str(db), "--max-seconds", "2", str(d / "pages"))
    return Plan((step(*args, codes=(1,)),), db=db, articles=2, check=recorded)


def _names_failures(d: Path, _: Web) -> Plan:
    write_pages(d / "pages", 2)
    (d / "pages" / "blank.html").write_text("<html><body></body></html>", encoding="utf-8")
    db = d / "c.db"

    def named(outputs: Outputs) -> str | None:
        err = outputs[0][2]
        missing = [n for n in ("blank.html", "gone-1.html", "gone-2.html") if n not in err]
        return f"summary does not name {missing}" if missing else None

    args = ("ingest", "--db", str(db), str(d / "pages"), str(d / "gone-1.html"), str(d / "gone-2.html"))
    return Plan((step(*args, codes=(1,)),), db=db, articles=2, check=named)


def _all_failed(d: Path, _: Web) -> Plan:
    db = d / "c.db"
    args = ("ingest", "--db", str(db), str(d / "gone.html"), str(d / "none-*.html"))
    listed = step("errors", "--db", str(db), "--json")

    def listed_both(outputs: Outputs) -> str | None:
        return None if len(outputs[1][1].strip().splitlines()) == 2 else f"errors lists {outputs[1][1]!r}"

    return Plan((step(*args, codes=(1,)), listed), db=db, articles=0, check=listed_both)


def _all_good(d: Path, _: Web) -> Plan:
    db, ingest = _corpus(d, 3)
    return Plan((ingest, ingest), db=db, articles=3)


def _extract_some_failed(d: Path, _: Web) -> Plan:
    write_pages(d / "pages", 2)
    (d / "pages" / "blank.html").write_text("<html><body></body></html>", encoding="utf-8")
    return Plan((step("extract", str(d / "pages"), codes=(1,)), step("extract", str(d / "pages" / "page-0.html"))))


def _analyze_exit_codes(d: Path, _: Web) -> Plan:
    write_pages(d, 1)
    (d / "blank.html").write_text("<html><body></body></html>", encoding="utf-8")
    return Plan(
        (
            step("analyze", str(d / "page-0.html")),
            step("analyze", str(d / "blank.html"), codes=(1,)),
            step("analyze", str(d / "missing.html"), codes=(1,)),
        )
    )


def _usage(*args: str, codes: Sequence[int] = (2,)) -> Callable[[Path, Web], Plan]:
    def build(d: Path, _: Web) -> Plan:
        return Plan((step(*[a.format(d=d) for a in args], codes=codes),))

    return build


def _invalid_utf8_export(d: Path, _: Web) -> Plan:
    db = _two_page_corpus(d)
    name = os.fsdecode(b"export-\xff.jsonl")

    def written(_: Outputs) -> str | None:
        return None if (d / name).exists() else "the export with a non-UTF-8 name was not written"

    return Plan((step("export", "--db", str(db), "-o", str(d / name)),), db=db, articles=2, check=written)


BAD_UTF8 = os.fsdecode(b"caf\xe9")  # Latin-1 bytes in an argument, as a shell passes them

CASES: tuple[Case, ...] = (
    # row 1: exports never destroy the corpus
    Case("export onto the database", "1", _export_onto(lambda d: str(d / "c.db")), model=True),
    Case("export onto the -wal file", "1", _export_onto(lambda d: str(d / "c.db-wal")), model=True),
    Case("export onto the -shm file", "1", _export_onto(lambda d: str(d / "c.db-shm")), model=True),
    Case("export onto a symlink to the database", "1", _export_onto(_symlink_to_db), model=True),
    # row 10: one-line errors, never tracebacks
    Case("export into a missing directory", "10", _export_bad_target("{d}/no/such/dir/out.jsonl"), model=True),
    Case("export onto a directory", "10", _export_bad_target("{d}"), model=True),
    Case("export onto /proc/version", "10", _export_bad_target("/proc/version"), model=True),
    Case("export to a name that is not UTF-8", "10", _invalid_utf8_export, model=True),
    Case("quotes --limit 2**63", "10", _query("quotes", "--limit", "9223372036854775808", codes=(1, 2)), model=True),
    Case("search --limit 2**63", "10", _query("search", "canal", "--limit", "9223372036854775808", codes=(1, 2)), model=True),
    Case("errors --limit 2**63", "10", _query("errors", "--limit", "9223372036854775808", codes=(1, 2)), model=True),
    Case("speakers --top 2**63", "10", _query("speakers", "--top", "9223372036854775808", codes=(1, 2)), model=True),
    Case("search for text that is not UTF-8", "10", _query("search", BAD_UTF8, codes=(0, 1)), model=True),
    Case("quotes --speaker that is not UTF-8", "10", _query("quotes", "--speaker", BAD_UTF8, codes=(0, 1)), model=True),
    Case("show an id that is not UTF-8", "10", _query("show", BAD_UTF8 + "1234", codes=(1,)), model=True),
    Case("ingest into a corpus under /proc", "10", _usage("ingest", "--db", "/proc/presslens-corpus.db", "{d}", codes=(1,))),
    Case("ingest into a read-only corpus", "10", _read_only_corpus, model=True),
    # row 12: nothing analysed twice
    Case("two ingests of the same pages at once", "12", _concurrent, isolate=True, model=True),
    # row 13: exit codes
    Case("ingest: every input failed", "13", _all_failed),
    Case("ingest: some failed, named in the summary", "13", _names_failures, model=True),
    Case("ingest: all good, twice", "13", _all_good, model=True),
    Case("extract: some failed", "13", _extract_some_failed),
    Case("analyze: exit codes", "13", _analyze_exit_codes, model=True),
    Case("ingest: usage error", "13", _usage("ingest", "--db", "{d}/c.db", "--chunk-size", "0", "{d}")),
    Case("extract: usage error", "13", _usage("extract")),
    Case("analyze: usage error", "13", _usage("analyze", "--format", "yaml", "{d}")),
    # time budget
    Case("a pathological page under --max-seconds", "budget", _too_slow, isolate=True, model=True),
    # what held in the hostile run, kept held
    Case("corrupt WARC beside good pages", "held", _ingest_mixed(_corrupt_warc), model=True),
    Case("truncated WARC beside good pages", "held", _ingest_mixed(_truncated_warc, good_inside=1), model=True),
    Case("gzip of garbage named .warc.gz", "held", _ingest_mixed(_gzip_of_garbage), model=True),
    Case("corrupt JSON Lines beside good pages", "held", _ingest_mixed(_corrupt_jsonl, good_inside=2), model=True),
    Case("database of random bytes", "held", _odd_database(_random_bytes, *_ODD_COMMANDS)),
    Case("database that is a text file", "held", _odd_database(_text_file, *_ODD_COMMANDS)),
    Case("database from a future schema", "held", _odd_database(_future_schema, *_ODD_COMMANDS)),
    Case("database with overwritten pages", "held", _odd_database(_corrupted_corpus, *_ODD_COMMANDS)),
    Case("feed with an external entity (XXE)", "held", _hostile_feed(_XXE), model=True),
    Case("feed with a billion laughs", "held", _hostile_feed(_LAUGHS), model=True),
    *(
        Case(f"search {query!r}", "held", _query("search", query, codes=(0, 1)), model=True)
        for query in ('"unbalanced', "NEAR(", "*", "title:canal", "nosuchcolumn:canal", "canal AND", "((((",
                      "'; DROP TABLE articles; --", "canal NOT", "^", '"" OR ""')
    ),
)
