"""Commands that only read: they run without ``--as`` (everything) or with it (what that
user may see)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import Refused
from . import command, open_database, print_json, records, write_file


@command("catalog", "alle geladen checklists met hun items", acting=True, json_output=True)
def catalog_command(args) -> int:
    from ..catalog import catalog
    from ..checklists import load_checklists
    loaded = load_checklists()
    for error in loaded.errors:
        print(f"waarschuwing: {error}", file=sys.stderr)
    data = catalog(loaded.checklists)
    if args.json:
        print_json(data)
    else:
        for c in data:
            print(f"{c['id']} (versie {c['version']}): {c['title']} — {len(c['items'])} items")
    return 0


@command("interventions", "interventies in de database, met profiel", acting=True,
         json_output=True)
def interventions_command(args) -> int:
    root, db = open_database(args)
    frame = db.registry.interventions()
    rows = [{"id": int(r["id"]), "name": r["name"],
             "profile": {k: r[k] for k in frame.columns if k not in ("id", "name")}}
            for r in records(frame)]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(f"{row['id']:>4}  {row['name']}")
    root.close()
    return 0


def _readiness_arguments(p) -> None:
    p.add_argument("--intervention", help="naam of id")
    p.add_argument("--organisation", help="naam of id")
    p.add_argument("--checklist", default=None)
    p.add_argument("--date", help="JJJJ-MM-DD: de laatste beoordeling op of voor die dag")


@command("readiness", "gereedheid van de laatste definitieve beoordeling, als JSON",
         _readiness_arguments, acting=True, json_output=True)
def readiness_command(args) -> int:
    from ..catalog import readiness_summary
    root, db = open_database(args)
    print_json(readiness_summary(db, args.intervention, args.organisation, args.checklist,
                                 args.date))
    root.close()
    return 0


def _audit_arguments(p) -> None:
    p.add_argument("--since", help="JJJJ-MM-DD")
    p.add_argument("--user", help="alleen deze gebruiker")


@command("audit", "het logboek", _audit_arguments, acting=True, json_output=True)
def audit_command(args) -> int:
    from .. import dates
    root, db = open_database(args)
    since = None
    if args.since:
        since, reason = dates.read(args.since)
        if reason:
            raise Refused(f"--since: {reason}")
    rows = records(db.audit.entries(since=since, login=args.user))
    for row in rows:
        for key in ("old_values", "new_values"):
            row[key] = json.loads(row[key]) if row[key] else None
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(f"{row['at']:%Y-%m-%d %H:%M:%S}  {row['login']:<12} {row['action']}")
    root.close()
    return 0


def _template_arguments(p) -> None:
    p.add_argument("checklist")
    p.add_argument("--format", choices=["csv", "xlsx"], default=None)
    p.add_argument("-o", "--output", required=True)


@command("export-template", "leeg sjabloon om offline in te vullen", _template_arguments,
         acting=True)
def export_template_command(args) -> int:
    from ..checklists import load_checklists
    from ..templates import template_bytes
    checklists = load_checklists().checklists
    if args.checklist not in checklists:
        raise Refused(f"onbekende checklist '{args.checklist}'")
    fmt = args.format or Path(args.output).suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx"):
        raise Refused("kies --format csv of xlsx, of een bestandsnaam op .csv of .xlsx")
    write_file(args.output, template_bytes(checklists[args.checklist], fmt))
    print(args.output)
    return 0


def _report_arguments(p) -> None:
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--intervention", help="naam of id")
    group.add_argument("--organisation", help="naam of id")
    p.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
    p.add_argument("-o", "--output", required=True)


@command("report", "rapport (PDF of XLSX) van een interventie of organisatie",
         _report_arguments, acting=True)
def report_command(args) -> int:
    from ..reports import make_report
    root, db = open_database(args)
    content = make_report(db, args.format, intervention=args.intervention,
                          organisation=args.organisation)
    write_file(args.output, content)
    print(args.output)
    root.close()
    return 0
