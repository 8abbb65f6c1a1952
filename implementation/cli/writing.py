"""Commands that write: each acts as ``--as LOGIN`` (or ``$MONITOR_USER``) under the
dashboard's rules; without a user a write is refused (``demo`` on an empty database
excepted: it creates the demo accounts)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import Refused
from ..vocabulary import Role
from . import command, open_database, print_json, read_file, records


@command("demo", "vul een lege database met demodata en demo-accounts", acting=True)
def demo_command(args) -> int:
    from ..demo import is_empty, load_demo
    root, _ = open_database(args)
    if not is_empty(root):
        raise Refused("de database bevat al interventies of gebruikers; demodata niet geladen")
    load_demo(root)
    print(f"demodata geladen in {root.path}: {root.count('interventions')} interventies, "
          f"{root.count('assessments')} beoordelingen, {root.count('answers')} antwoorden, "
          f"{root.count('users')} demo-accounts (wachtwoord 'demo')")
    root.close()
    return 0


def _import_answers_arguments(p) -> None:
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


@command("import-answers", "ingevuld sjabloon inlezen als beoordeling (concept, tenzij --final)",
         _import_answers_arguments, acting=True)
def import_answers_command(args) -> int:
    from ..templates import import_answers, import_respondent_answers
    root, db = open_database(args)
    content = read_file(args.file)
    if args.assessment is not None:
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


def _import_measurements_arguments(p) -> None:
    p.add_argument("file")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--intervention", help="naam of id")
    group.add_argument("--organisation", help="naam of id (eigen indicatoren)")
    p.add_argument("--replace", action="store_true",
                   help="bestaande metingen voor dezelfde periode vervangen")


@command("import-measurements", "metingen (CSV/XLSX) inlezen, alles of niets",
         _import_measurements_arguments, acting=True)
def import_measurements_command(args) -> int:
    from ..measurement_files import import_measurements
    root, db = open_database(args)
    written = import_measurements(db, read_file(args.file), Path(args.file).name,
                                  args.intervention, args.organisation, args.replace)
    print(f"{written} metingen ingelezen")
    root.close()
    return 0


@command("import-indicators", "indicatoren uit een YAML-bestand, alles of niets",
         lambda p: p.add_argument("file"), acting=True)
def import_indicators_command(args) -> int:
    root, db = open_database(args)
    added = db.monitoring.add_indicator_file(args.file)
    print(f"{added} indicatoren toegevoegd")
    root.close()
    return 0


def _users_arguments(p) -> None:
    p.add_argument("action", choices=["add", "grant", "revoke", "deactivate", "activate", "list"])
    p.add_argument("login", nargs="?")
    p.add_argument("--name")
    p.add_argument("--email")
    p.add_argument("--role", choices=Role.keys())
    p.add_argument("--intervention", help="naam of id (bij eigenaar)")
    p.add_argument("--organisation", help="naam of id (bij organisatie of bestuur)")
    p.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord van stdin")


@command("users", "gebruikers beheren: add, grant, revoke, deactivate, activate, list",
         _users_arguments, acting=True, json_output=True)
def users_command(args) -> int:
    root, db = open_database(args)
    if args.action == "list":
        rows = [{"login": r["login"], "name": r["name"], "email": r["email"],
                 "active": bool(r["active"]),
                 "roles": [] if r["roles"] is None else [str(x) for x in r["roles"]]}
                for r in records(db.accounts.users())]
        if args.json:
            print_json(rows)
        else:
            for row in rows:
                print(row["login"], ", ".join(row["roles"]))
        root.close()
        return 0
    if not args.login:
        raise Refused("geef de gebruikersnaam (LOGIN)")
    subject = _subject_ids(db, args)
    if args.action == "add":
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
        # the first account of an instance without accounts: its administrator, made by
        # whoever can run the command line (as on the dashboard's first visit)
        first = db.actor is None and not db.accounts.any_users() \
            and args.role == Role.BEHEERDER.value
        db.accounts.add(args.login, args.name or args.login, password, args.email, args.role,
                        first_admin=first, **subject)
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
