"""Command line: ``python -m implementation COMMAND``. Honours ``$MONITOR_DB``.

Every command is a small function registered with argparse. Commands that write
take ``--as LOGIN`` (or ``$MONITOR_USER``) and obey the same rules as the
dashboard; read commands run without it (whoever can run the command line can read
the database file) and, with it, show what that user may see. No traceback is ever
printed: a refusal is one Dutch line and exit code 1; anything unexpected is
logged with a reference and gives exit code 2.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
import uuid
from pathlib import Path

from .errors import ImportRefused, Refused

COMMANDS: dict[str, tuple] = {}


def command(name: str, help_text: str):
    def register(function):
        COMMANDS[name] = (function, help_text)
        return function
    return register


def _database(args):
    from .store import Database
    database = Database.open()
    login = getattr(args, "as_user", None) or os.environ.get("MONITOR_USER")
    if login:
        return database, database.acting_as(database.accounts.user(login))
    return database, database  # no actor: reads see everything, writes are refused


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# -- reading -----------------------------------------------------------------------------

@command("catalog", "alle geladen checklists met hun items")
def catalog_command(args) -> int:
    from .catalog import catalog
    from .checklists import load_checklists
    loaded = load_checklists()
    for error in loaded.errors:
        print(f"waarschuwing: {error}", file=sys.stderr)
    data = catalog(loaded.checklists)
    if args.json:
        _print_json(data)
    else:
        for c in data:
            print(f"{c['id']} (versie {c['version']}): {c['title']} — {len(c['items'])} items")
    return 0


@command("interventions", "interventies in de database, met profiel")
def interventions_command(args) -> int:
    root, db = _database(args)
    frame = db.registry.interventions()
    rows = [{"id": int(r["id"]), "name": r["name"],
             "profile": {k: r[k] for k in frame.columns if k not in ("id", "name")}}
            for r in frame.astype(object).where(frame.notna(), None).to_dict("records")]
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            print(f"{row['id']:>4}  {row['name']}")
    root.close()
    return 0


@command("readiness", "gereedheid van de laatste definitieve beoordeling, als JSON")
def readiness_command(args) -> int:
    from .catalog import readiness_summary
    root, db = _database(args)
    _print_json(readiness_summary(db, args.intervention, args.organisation, args.checklist,
                                  args.date))
    root.close()
    return 0


@command("audit", "het logboek")
def audit_command(args) -> int:
    from . import dates
    root, db = _database(args)
    since = None
    if args.since:
        since, reason = dates.read(args.since)
        if reason:
            raise Refused(f"--since: {reason}")
    frame = db.audit.entries(since=since, login=args.user)
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        for key in ("old_values", "new_values"):
            row[key] = json.loads(row[key]) if row[key] else None
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            print(f"{row['at']:%Y-%m-%d %H:%M:%S}  {row['login']:<12} {row['action']}")
    root.close()
    return 0


@command("export-template", "leeg sjabloon om offline in te vullen")
def export_template_command(args) -> int:
    from .checklists import load_checklists
    from .templates import template_bytes
    checklists = load_checklists().checklists
    if args.checklist not in checklists:
        raise Refused(f"onbekende checklist '{args.checklist}'")
    fmt = args.format or Path(args.output).suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx"):
        raise Refused("kies --format csv of xlsx, of een bestandsnaam op .csv of .xlsx")
    Path(args.output).write_bytes(template_bytes(checklists[args.checklist], fmt))
    print(args.output)
    return 0


# -- writing -----------------------------------------------------------------------------

@command("demo", "vul een lege database met demodata en demo-accounts")
def demo_command(args) -> int:
    from .demo import is_empty, load_demo
    root, _ = _database(args)
    if not is_empty(root):
        raise Refused("de database bevat al interventies; demodata niet geladen")
    load_demo(root)
    print(f"demodata geladen in {root.path}: {root.count('interventions')} interventies, "
          f"{root.count('assessments')} beoordelingen, {root.count('answers')} antwoorden, "
          f"{root.count('users')} demo-accounts (wachtwoord 'demo')")
    root.close()
    return 0


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise Refused(f"{path}: {error.strerror}") from None


@command("import-answers", "ingevuld sjabloon inlezen als beoordeling (concept, tenzij --final)")
def import_answers_command(args) -> int:
    from .templates import import_answers
    root, db = _database(args)
    content = _read(args.file)
    if args.assessment is not None:
        from .templates import import_respondent_answers
        written = import_respondent_answers(db, content, Path(args.file).name, args.assessment,
                                            args.respondent)
        print(f"{written} antwoorden van {args.respondent} ingelezen in beoordeling "
              f"{args.assessment}")
        root.close()
        return 0
    result = import_answers(db, content, Path(args.file).name, args.checklist,
                            args.intervention, args.date, args.organisation, final=args.final,
                            again=args.again)
    answered = sum(result.answered_per_step.values())
    empty = sum(result.empty_per_step.values())
    print(f"ingelezen als {'definitieve' if result.final else 'concept'}beoordeling "
          f"{result.assessment_id} van {result.subject} ({result.assessed_on:%d-%m-%Y}): "
          f"{answered} items beantwoord, {empty} leeg")
    root.close()
    return 0


@command("import-measurements", "metingen (CSV/XLSX) inlezen, alles of niets")
def import_measurements_command(args) -> int:
    from .measurement_files import import_measurements
    root, db = _database(args)
    written = import_measurements(db, _read(args.file), Path(args.file).name,
                                  args.intervention, args.organisation, args.replace)
    print(f"{written} metingen ingelezen")
    root.close()
    return 0


@command("import-indicators", "indicatoren uit een YAML-bestand, alles of niets")
def import_indicators_command(args) -> int:
    root, db = _database(args)
    added = db.monitoring.add_indicator_file(args.file)
    print(f"{added} indicatoren toegevoegd")
    root.close()
    return 0


@command("users", "gebruikers beheren: add, grant, revoke, deactivate, activate, list")
def users_command(args) -> int:
    root, db = _database(args)
    if args.action == "list":
        frame = db.accounts.users()
        rows = [{"login": r["login"], "name": r["name"], "email": r["email"],
                 "active": bool(r["active"]),
                 "roles": [] if r["roles"] is None else [str(x) for x in r["roles"]]}
                for r in frame.astype(object).where(frame.notna(), None).to_dict("records")]
        _print_json(rows) if args.json else [print(r["login"], r["roles"]) for r in rows]
        root.close()
        return 0
    if not args.login:
        raise Refused("geef de gebruikersnaam (LOGIN)")
    subject = _subject_ids(db, args)
    if args.action == "add":
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
        db.accounts.add(args.login, args.name or args.login, password, args.email, args.role,
                        **subject)
        print(f"gebruiker {args.login} toegevoegd")
    elif args.action == "grant":
        db.accounts.grant(args.login, args.role, **subject)
        print(f"{args.login}: recht {args.role} gegeven")
    elif args.action == "revoke":
        db.accounts.revoke(args.login, args.role, **subject)
        print(f"{args.login}: recht {args.role} ingetrokken")
    else:
        db.accounts.set_active(args.login, args.action == "activate")
        print(f"{args.login}: {'weer actief' if args.action == 'activate' else 'gedeactiveerd'}")
    root.close()
    return 0


def _subject_ids(db, args) -> dict:
    ids = {"intervention_id": None, "organisation_id": None}
    if getattr(args, "intervention", None):
        ids["intervention_id"] = int(db.registry.intervention(args.intervention)["id"])
    if getattr(args, "organisation", None):
        ids["organisation_id"] = int(db.registry.organisation(args.organisation)["id"])
    return ids


@command("report", "rapport (PDF of XLSX) van een interventie of organisatie")
def report_command(args) -> int:
    from .reports import make_report
    root, db = _database(args)
    content = make_report(db, args.format, intervention=args.intervention,
                          organisation=args.organisation)
    Path(args.output).write_bytes(content)
    print(args.output)
    root.close()
    return 0


@command("benchmark", "meet de dashboardqueries op landelijke schaal")
def benchmark_command(args) -> int:
    from .benchmark import run
    _print_json(run(args.scale, pages=args.pages))
    return 0


@command("loadtest", "veel gebruikers tegelijk tegen een draaiend dashboard")
def loadtest_command(args) -> int:
    from .loadtest import run
    _print_json(run(args.users, args.seconds, args.url))
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m implementation",
                                          description="Implementatiemonitor: checklists en "
                                                      "metingen")
    commands = main_parser.add_subparsers(dest="command", required=True)
    subs = {name: commands.add_parser(name, help=text) for name, (_, text) in COMMANDS.items()}
    for name in ("interventions", "readiness", "audit", "import-answers", "import-measurements",
                 "import-indicators", "users", "report", "demo"):
        subs[name].add_argument("--as", dest="as_user", metavar="LOGIN",
                                help="de gebruiker namens wie (anders $MONITOR_USER)")
    for name in ("catalog", "interventions", "readiness", "audit"):
        subs[name].add_argument("--json", action="store_true", help="als JSON")
    p = subs["readiness"]
    p.add_argument("--intervention", help="naam of id")
    p.add_argument("--organisation", help="naam of id")
    p.add_argument("--checklist", default=None)
    p.add_argument("--date", help="JJJJ-MM-DD: de laatste beoordeling op of voor die dag")
    p = subs["audit"]
    p.add_argument("--since", help="JJJJ-MM-DD")
    p.add_argument("--user", help="alleen deze gebruiker")
    p = subs["export-template"]
    p.add_argument("checklist")
    p.add_argument("--format", choices=["csv", "xlsx"], default=None)
    p.add_argument("-o", "--output", required=True)
    p = subs["import-answers"]
    p.add_argument("file")
    p.add_argument("--checklist")
    p.add_argument("--intervention", help="naam of id")
    p.add_argument("--organisation", help="naam of id (een implementatie, of een organisatie)")
    p.add_argument("--date", help="JJJJ-MM-DD")
    p.add_argument("--final", action="store_true", help="meteen definitief maken")
    p.add_argument("--again", action="store_true", help="ook als dit bestand al is ingelezen")
    p.add_argument("--assessment", type=int, help="de antwoorden van één teamlid in deze "
                                                  "bestaande conceptbeoordeling")
    p.add_argument("--respondent", help="het teamlid (gebruikersnaam), bij --assessment")
    p = subs["import-measurements"]
    p.add_argument("file")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--intervention", help="naam of id")
    group.add_argument("--organisation", help="naam of id (eigen indicatoren)")
    p.add_argument("--replace", action="store_true",
                   help="bestaande metingen voor dezelfde periode vervangen")
    subs["import-indicators"].add_argument("file")
    p = subs["users"]
    p.add_argument("action", choices=["add", "grant", "revoke", "deactivate", "activate", "list"])
    p.add_argument("login", nargs="?")
    p.add_argument("--name")
    p.add_argument("--email")
    p.add_argument("--role", choices=["beheerder", "eigenaar", "organisatie", "bestuur",
                                      "adviseur"])
    p.add_argument("--intervention", help="naam of id (bij eigenaar)")
    p.add_argument("--organisation", help="naam of id (bij organisatie of bestuur)")
    p.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord van stdin")
    p.add_argument("--json", action="store_true")
    p = subs["report"]
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--intervention", help="naam of id")
    group.add_argument("--organisation", help="naam of id")
    p.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
    p.add_argument("-o", "--output", required=True)
    p = subs["benchmark"]
    p.add_argument("--scale", default="national",
                   help="small, national, of een aantal interventies (bijv. 600)")
    p.add_argument("--pages", action="store_true", help="meet ook de pagina's via AppTest")
    p = subs["loadtest"]
    p.add_argument("--users", type=int, default=5)
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--url", default=None, help="een draaiend dashboard (anders start het er een)")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    function, _ = COMMANDS[args.command]
    try:
        return function(args)
    except ImportRefused as refused:
        count = len(refused.problems)
        print(f"niets ingelezen; {count} {'probleem' if count == 1 else 'problemen'}:",
              file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except Refused as refusal:
        print(f"fout: {refusal}", file=sys.stderr)
        return 1
    except Exception:  # noqa: BLE001 - the one guard for the unexpected
        reference = uuid.uuid4().hex[:8].upper()
        log = Path(os.environ.get("MONITOR_ERROR_LOG", Path(__file__).resolve().parent.parent
                                  / "data" / "fouten.log"))
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {reference} {' '.join(sys.argv)}\n{traceback.format_exc()}\n")
        print(f"fout: er ging iets onverwachts mis (referentie {reference}); er is niets "
              f"opgeslagen. De details staan in {log}.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
