"""Many users at once: ``python -m implementation loadtest --users N --seconds S [--url URL]``.

N sessions (browser tabs, through Streamlit's own websocket protocol, see
:mod:`.loadtest_client`) use one dashboard at the same time, on localhost only. All
open the login page in the same second; each logs in, 2-8 s later (typing), as one of
the demo accounts (beheer, eigenaar, school, bestuur, adviseur in turn; password
``demo``) and then, until S seconds have passed, walks a journey as a person does,
waiting 2-8 s (at random) between clicks: it opens a page, changes the
intervention in the sidebar, or (the accounts that may) saves answers on the
checklist page (starting a draft of its own first, then changing one to three answers
and pressing "Opslaan als concept").

Per N it reports the time from a request to the end of its last script run (median,
95th percentile, maximum), the errors the pages showed, and whether every saved
answer arrived: each saved (assessment, item, answer) must be in the answers table
afterwards (only when this command started the server itself: it then owns the
database file; with ``--url`` the confirmations on the page are counted instead).

Without ``--url`` it starts ``streamlit run dashboard.py`` itself, for each N on a
fresh copy of ``--db`` (default: a new database with the demo data).
"""
from __future__ import annotations

import asyncio
import os
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

from .loadtest_client import Run, Tab

ROOT = Path(__file__).resolve().parent.parent
ACCOUNTS = ("beheer", "eigenaar", "school", "bestuur", "adviseur")
WRITERS = {"beheer", "eigenaar", "school"}
PAGES = ("", "voortgang", "monitoring", "verbeterpunten", "vergelijken", "checklist",
         "organisatie")
ANSWER_KEY = re.compile(r"^answer_(\d+)_(.+)$")


class Journey:
    """One person: a tab, what it measured, what it saved."""

    def __init__(self, url: str, account: str, rng: random.Random):
        self.tab, self.account, self.rng = Tab(url), account, rng
        self.times: list[float] = []
        self.errors: list[str] = []
        self.saved: list[tuple[int, str, str]] = []
        self.confirmed = 0

    async def request(self, **kwargs) -> Run:
        run = await self.tab.run(**kwargs)
        self.times.append(run.seconds)
        self.errors += run.errors
        return run

    async def walk(self, until: float) -> None:
        await self.tab.connect()
        try:
            run = await self.request()
            await asyncio.sleep(self.rng.uniform(2, 8))   # typing the name and password
            run = await self.request(values={run.widget(key="login_name"): self.account,
                                             run.widget(key="login_password"): "demo"},
                                     press=run.widget(label="Inloggen", kind="button"))
            while time.monotonic() < until:
                await asyncio.sleep(self.rng.uniform(2, 8))
                if time.monotonic() >= until:
                    break
                action = self.rng.choices(("page", "sidebar", "save"), (5, 2, 2))[0]
                if action == "save" and self.account in WRITERS:
                    await self.save()
                elif action == "sidebar" and (choice := self.tab.last.widget(
                        key="intervention") or self.tab.last.widget(key="organisation")):
                    await self.request(values={choice: self.rng.choice(choice.options)})
                else:
                    pages = [p for p in PAGES if p in self.tab.last.pages]
                    await self.request(page=self.rng.choice(pages))
        finally:
            await self.tab.close()

    async def save(self) -> None:
        run = self.tab.last
        if "checklist" not in run.pages:
            return
        if run.page != run.pages["checklist"]:
            run = await self.request(page="checklist")
        radios = [w for w in run.widgets if w.kind == "radio" and ANSWER_KEY.match(w.key)]
        if not radios:
            start = run.widget(key="start_assessment")
            if start is None:
                return
            await asyncio.sleep(self.rng.uniform(2, 8))
            run = await self.request(press=start)
            radios = [w for w in run.widgets if w.kind == "radio" and ANSWER_KEY.match(w.key)]
            if not radios:
                return
            await asyncio.sleep(self.rng.uniform(2, 8))
        changed = {}
        for radio in self.rng.sample(radios, k=min(len(radios), self.rng.randint(1, 3))):
            choices = [o for o in radio.options if o in ("ja", "nee")]
            if choices:
                changed[radio] = self.rng.choice(choices)
        save = run.widget(key="save_step")
        if not changed or save is None:
            return
        run = await self.request(values=changed, press=save)
        if any(kind == "success" and "opgeslagen" in text for kind, text in run.alerts):
            self.confirmed += 1
            for radio, value in changed.items():
                assessment, item = ANSWER_KEY.match(radio.key).groups()
                self.saved.append((int(assessment), item, value))


async def _many(url: str, users: int, seconds: float, seed: int) -> list[Journey]:
    journeys = [Journey(url, ACCOUNTS[n % len(ACCOUNTS)], random.Random(seed + n))
                for n in range(users)]
    until = time.monotonic() + seconds
    results = await asyncio.gather(*(j.walk(until) for j in journeys), return_exceptions=True)
    for journey, result in zip(journeys, results, strict=True):
        if isinstance(result, BaseException):
            journey.errors.append(f"{type(result).__name__}: {result}")
    return journeys


def _summary(journeys: list[Journey], users: int, seconds: float) -> dict:
    times = [t for j in journeys for t in j.times]
    return {"users": users, "seconds": seconds, "requests": len(times),
            "median_s": round(float(np.median(times)), 3) if times else None,
            "p95_s": round(float(np.percentile(times, 95)), 3) if times else None,
            "max_s": round(max(times), 3) if times else None,
            "errors": sum(len(j.errors) for j in journeys),
            "error_examples": sorted({e[:200] for j in journeys for e in j.errors})[:5],
            "saves_confirmed": sum(j.confirmed for j in journeys),
            "answers_saved": sum(len(j.saved) for j in journeys)}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database: str, port: int) -> subprocess.Popen:
    """``streamlit run dashboard.py`` on ``database``; returns once it answers."""
    environment = dict(os.environ, MONITOR_DB=database)
    environment.setdefault("MONITOR_SECRET", "belastingtest")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("het dashboard startte niet") from None
            time.sleep(0.05)
    server.terminate()
    raise RuntimeError("het dashboard antwoordde niet binnen twee minuten")


def _cpu_seconds(server: subprocess.Popen | None) -> float:
    """User and system CPU seconds of the server process so far (Linux /proc)."""
    if server is None:
        return 0.0
    with open(f"/proc/{server.pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _arrived(database: str, saved: list[tuple[int, str, str]]) -> int:
    """How many saved answers have a row in the answers table (rows are never removed)."""
    import duckdb
    if not saved:
        return 0
    connection = duckdb.connect(database, read_only=True)
    try:
        rows = set(connection.execute(
            "SELECT DISTINCT assessment_id, item_id, answer FROM answers "
            "WHERE assessment_id IN (SELECT unnest(?::INTEGER[]))",
            [sorted({s[0] for s in saved})]).fetchall())
    finally:
        connection.close()
    return sum(1 for s in set(saved) if s in rows)


def _demo_database(folder: str) -> str:
    from .demo import load_demo
    from .store import Database
    path = os.path.join(folder, "demo.duckdb")
    database = Database.open(path)
    load_demo(database)
    database.close()
    return path


def run(users: int | str, seconds: int, url: str | None = None, db: str | None = None,
        seed: int = 11) -> dict:
    """The load test for one N, or several (``users``: 20 or "1,5,10,20,40")."""
    counts = [int(n) for n in str(users).split(",")]
    report = {"date": time.strftime("%Y-%m-%d"), "url": url, "runs": []}
    own = url is None
    folder = tempfile.mkdtemp(prefix="monitor-load-")
    try:
        source = (db or _demo_database(folder)) if own else None
        for count in counts:
            server, copy = None, None
            if own:
                copy = os.path.join(folder, "load.duckdb")
                shutil.copy(source, copy)
                port = _free_port()
                server = start_server(copy, port)
                target = f"http://localhost:{port}"
            else:
                target = url
            before = resource.getrusage(resource.RUSAGE_SELF)
            server_before = _cpu_seconds(server)
            journeys = asyncio.run(_many(target, count, seconds, seed))
            after = resource.getrusage(resource.RUSAGE_SELF)
            result = _summary(journeys, count, seconds)
            result["client_cpu_s"] = round(after.ru_utime + after.ru_stime
                                           - before.ru_utime - before.ru_stime, 1)
            if server is not None:
                used = _cpu_seconds(server) - server_before
                result["server_cpu_s"] = round(used, 1)
                result["server_cpu_s_per_request"] = (round(used / result["requests"], 3)
                                                      if result["requests"] else None)
            if own:
                stop_server(server)
                saved = [s for j in journeys for s in j.saved]
                result["answers_arrived"] = _arrived(copy, saved)
                result["lost_writes"] = len(set(saved)) - result["answers_arrived"]
            report["runs"].append(result)
        return report
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def cold_start(database: str) -> float:
    """Milliseconds from ``streamlit run`` on an empty database to the first page (the
    login page, after the demo data was loaded) at the first visitor."""
    for stale in (database, database + ".wal"):
        if os.path.exists(stale):
            os.remove(stale)
    port = _free_port()
    started = time.perf_counter()
    server = start_server(database, port)
    try:
        async def first_page() -> None:
            tab = Tab(f"http://localhost:{port}")
            await tab.connect()
            run = await tab.run()
            await tab.close()
            if run.widget(key="login_name") is None:
                raise RuntimeError(f"de eerste pagina is niet de inlogpagina: {run.errors}")
        asyncio.run(first_page())
        return round((time.perf_counter() - started) * 1000, 1)
    finally:
        stop_server(server)
