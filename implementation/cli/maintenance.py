"""Commands for the administrator of an instance: reading the error log."""
from __future__ import annotations

from . import command, print_json


def _errors_arguments(p) -> None:
    p.add_argument("reference", nargs="?", help="de referentie die een gebruiker kreeg: "
                                                 "toont die ene fout volledig")
    p.add_argument("--limit", type=int, default=20, help="hoeveel van de nieuwste fouten")


@command("errors", "de nieuwste onverwachte fouten uit het foutenlogboek "
                   "($MONITOR_ERROR_LOG), of één fout volledig", _errors_arguments,
         json_output=True)
def errors_command(args) -> int:
    from .. import error_log
    from ..errors import Refused
    if args.reference:
        wanted = args.reference.strip().upper()
        found = [e for e in error_log.entries(10_000) if e.reference == wanted]
        if not found:
            raise Refused(f"referentie {wanted} staat niet in {error_log.path()}")
        entries = found[:1]
    else:
        entries = error_log.entries(max(args.limit, 1))
    if args.json:
        print_json([{"referentie": e.reference, "tijdstip": e.moment, "waar": e.context,
                     "fout": e.summary, "details": e.details} for e in entries])
        return 0
    if not entries:
        print(f"geen fouten in {error_log.path()}")
    for entry in entries:
        print(f"{entry.reference}  {entry.moment or '-':19}  {entry.context}\n    {entry.summary}")
        if args.reference:
            print("\n" + entry.details)
    return 0
