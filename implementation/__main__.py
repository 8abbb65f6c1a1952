"""Command line: ``python -m implementation COMMAND``. Honours ``$MONITOR_DB``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .checklists import load_checklists
from .indicators import IndicatorError
from .measurement_files import import_measurements
from .store import NotFoundError, Store, StoreError, database_path
from .templates import ImportRefused, import_answers, write_template


def catalog(checklists) -> list[dict]:
    return [{
        "id": c.id, "version": c.version, "title": c.title,
        "items": [{"id": i.id, "step": i.step,
                   "perspective": i.perspective.value if i.perspective else None,
                   "parent": i.parent, "text": i.text, "motivating": i.motivating}
                  for i in c.items],
    } for c in checklists.values()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m implementation",
                                     description="Implementatiemonitor: checklists en metingen")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("catalog", help="alle geladen checklists")
    p.add_argument("--json", action="store_true", help="als JSON")
    p = commands.add_parser("export-template", help="leeg sjabloon om offline in te vullen")
    p.add_argument("checklist")
    p.add_argument("--format", choices=["csv", "xlsx"], default=None)
    p.add_argument("-o", "--output", required=True)
    p = commands.add_parser("import-answers", help="ingevuld sjabloon inlezen als beoordeling")
    p.add_argument("file")
    p.add_argument("--checklist", required=True)
    p.add_argument("--intervention", required=True, help="naam of id")
    p.add_argument("--organisation", help="naam of id (voor één implementatie)")
    p.add_argument("--date", required=True, help="JJJJ-MM-DD")
    p.add_argument("--respondent", default="import")
    p.add_argument("--draft", action="store_true", help="als concept, niet definitief")
    p = commands.add_parser("import-measurements", help="metingen (CSV/XLSX) inlezen")
    p.add_argument("file")
    p.add_argument("--intervention", required=True, help="naam of id")
    p.add_argument("--by", default="import", help="wie de metingen aanlevert")
    p.add_argument("--replace", action="store_true",
                   help="bestaande metingen voor dezelfde periode vervangen")
    p = commands.add_parser("import-indicators", help="indicatoren uit een YAML-bestand")
    p.add_argument("file")
    p = commands.add_parser("interventions", help="interventies in de database")
    p.add_argument("--json", action="store_true")
    commands.add_parser("demo", help="vul een lege database met demodata")
    p = commands.add_parser("benchmark", help="meet de dashboardqueries op landelijke schaal")
    p.add_argument("--scale", choices=["small", "national"], default="national")
    p.add_argument("--pages", action="store_true", help="meet ook de pagina's via AppTest")
    args = parser.parse_args(argv)

    if args.command == "benchmark":
        from .benchmark import run
        print(json.dumps(run(args.scale, pages=args.pages), indent=2))
        return 0

    loaded = load_checklists()
    for error in loaded.errors:
        print(f"waarschuwing: {error}", file=sys.stderr)

    if args.command == "catalog":
        data = catalog(loaded.checklists)
        if args.json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            for c in data:
                print(f"{c['id']} (versie {c['version']}): {c['title']} — {len(c['items'])} items")
        return 0
    if args.command == "export-template":
        if args.checklist not in loaded.checklists:
            print(f"fout: onbekende checklist '{args.checklist}'", file=sys.stderr)
            return 2
        fmt = args.format or Path(args.output).suffix.lstrip(".").lower()
        if fmt not in ("csv", "xlsx"):
            print("fout: kies --format csv of xlsx, of een bestandsnaam op .csv of .xlsx",
                  file=sys.stderr)
            return 2
        print(write_template(loaded.checklists[args.checklist], Path(args.output), fmt))
        return 0

    try:
        store = Store.open(database_path(), loaded.checklists)
    except StoreError as error:
        print(f"fout: {error}", file=sys.stderr)
        return 1
    try:
        if args.command == "interventions":
            frame = store.interventions()
            rows = [{"id": int(r["id"]), "name": r["name"],
                     "profile": {k: r[k] for k in frame.columns if k not in ("id", "name")}}
                    for r in frame.astype(object).where(frame.notna(), None).to_dict("records")]
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for row in rows:
                    print(f"{row['id']:>4}  {row['name']}")
            return 0
        if args.command == "demo":
            from .demo import is_empty, load_demo
            if not is_empty(store):
                print("de database bevat al interventies; demodata niet geladen", file=sys.stderr)
                return 1
            load_demo(store)
            print(f"demodata geladen in {store.path}: {store.count('interventions')} "
                  f"interventies, {store.count('assessments')} beoordelingen, "
                  f"{store.count('answers')} antwoorden")
            return 0
        if args.command == "import-indicators":
            try:
                added = store.add_indicator_file(args.file)
            except (IndicatorError, OSError) as error:
                print(f"fout: {error}", file=sys.stderr)
                return 1
            print(f"{added} indicatoren toegevoegd")
            return 0
        if args.command in ("import-answers", "import-measurements"):
            path = Path(args.file)
            try:
                content = path.read_bytes()
            except OSError as error:
                print(f"fout: {path}: {error.strerror}", file=sys.stderr)
                return 2
            try:
                if args.command == "import-answers":
                    assessment_id = import_answers(
                        store, content, path.name, args.checklist, args.intervention,
                        args.date, organisation=args.organisation,
                        respondent=args.respondent, final=not args.draft)
                    print(f"beoordeling {assessment_id} ingelezen")
                else:
                    written = import_measurements(store, content, path.name,
                                                  args.intervention, args.by, args.replace)
                    print(f"{written} metingen ingelezen")
            except ImportRefused as refused:
                count = len(refused.problems)
                print(f"niets ingelezen; {count} {'probleem' if count == 1 else 'problemen'}:",
                      file=sys.stderr)
                for problem in refused.problems:
                    print(f"  {problem}", file=sys.stderr)
                return 1
            return 0
    except (NotFoundError, StoreError) as error:
        print(f"fout: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 2


if __name__ == "__main__":
    sys.exit(main())
