"""Command line: ``python -m implementation COMMAND``. Honours ``$MONITOR_DB``.

Every command is a small function registered with :func:`command`, with its own
arguments beside it. Commands that write take ``--as LOGIN`` (or
``$MONITOR_USER``) and obey the same rules as the dashboard; read commands run
without it (whoever can run the command line can read the database file) and,
with it, show what that user may see. No traceback is ever printed: a refusal is
one Dutch line and exit code 1; anything unexpected is logged with a reference
and gives exit code 2.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ImportRefused, Refused


@dataclass(frozen=True)
class Command:
    run: Callable[[argparse.Namespace], int]
    help: str
    arguments: Callable[[argparse.ArgumentParser], None] | None
    acting: bool      # takes --as LOGIN
    json: bool        # takes --json


COMMANDS: dict[str, Command] = {}


def command(name: str, help_text: str, arguments=None, acting: bool = False,
            json_output: bool = False):
    """Register ``function`` as command ``name``; ``arguments(parser)`` adds its options."""
    def register(function):
        COMMANDS[name] = Command(function, help_text, arguments, acting, json_output)
        return function
    return register


def open_database(args):
    """(the database, the same acting as ``--as``/``$MONITOR_USER``, or unscoped)."""
    from ..store import Database
    database = Database.open()
    login = getattr(args, "as_user", None) or os.environ.get("MONITOR_USER")
    if login:
        return database, database.acting_as(database.accounts.user(login))
    return database, database  # no actor: reads see everything, writes are refused


def print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise Refused(f"{path}: {error.strerror}") from None


def write_file(path: str, content: bytes) -> None:
    try:
        Path(path).write_bytes(content)
    except OSError as error:
        raise Refused(f"{path} kan niet worden geschreven ({error.strerror}); kies met -o "
                      "een bestandsnaam in een map waarin u mag schrijven") from None


def records(frame) -> list[dict]:
    """A frame's rows as dicts, missing values as None (for JSON)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def parser() -> argparse.ArgumentParser:
    from . import maintenance, reading, tools, writing  # noqa: F401 - they register commands
    main_parser = argparse.ArgumentParser(prog="python -m implementation",
                                          description="Implementatiemonitor: checklists en "
                                                      "metingen")
    subparsers = main_parser.add_subparsers(dest="command", required=True)
    for name, spec in COMMANDS.items():
        sub = subparsers.add_parser(name, help=spec.help, description=spec.help)
        if spec.acting:
            sub.add_argument("--as", dest="as_user", metavar="LOGIN",
                             help="de gebruiker namens wie (anders $MONITOR_USER)")
        if spec.json:
            sub.add_argument("--json", action="store_true", help="als JSON")
        if spec.arguments:
            spec.arguments(sub)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
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
    except BrokenPipeError:  # the reader went away (e.g. `| head`): nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:  # noqa: BLE001 - the one guard for the unexpected
        return _unexpected()


def _unexpected() -> int:
    """Log the traceback under a reference and say so in one line; never raises (a guard
    that fails would print the very traceback it hides)."""
    from .. import error_log
    try:
        reference = error_log.reference()
        problem = error_log.write(reference, traceback.format_exc(), " ".join(sys.argv))
        where = (f"De details staan in {error_log.path()}." if problem is None else
                 f"De details konden niet in het foutenlogboek {error_log.path()} worden "
                 f"geschreven ({problem}); zet MONITOR_ERROR_LOG op een bestand dat u mag "
                 "schrijven.")
        print(f"fout: er ging iets onverwachts mis (referentie {reference}); er is niets "
              f"opgeslagen. {where}", file=sys.stderr)
    except Exception:  # noqa: BLE001, S110 - nothing left to report with
        pass
    return 2
