"""Commands for whoever runs the instance: the benchmark and the load test."""
from __future__ import annotations

import os

from . import command, print_json


def _benchmark_arguments(p) -> None:
    p.add_argument("--scale", default="national",
                   help="small, national, of een aantal interventies (bijv. 600)")
    p.add_argument("--pages", action="store_true",
                   help="meet ook de pagina's (koud en warm) en de eerste start")
    p.add_argument("--data", metavar="BESTAND", default=os.environ.get("MONITOR_BENCH_DATA"),
                   help="bouw de gegevens in dit bestand, of gebruik ze opnieuw als het ze al "
                        "bevat (anders $MONITOR_BENCH_DATA, anders een tijdelijk bestand)")
    p.add_argument("--repeats", type=int, default=15, help="metingen per query (na opwarmen)")


@command("benchmark", "meet de dashboardqueries op landelijke schaal", _benchmark_arguments)
def benchmark_command(args) -> int:
    from ..benchmark import run
    print_json(run(args.scale, pages=args.pages, data=args.data, repeats=args.repeats))
    return 0


def _loadtest_arguments(p) -> None:
    p.add_argument("--users", default="5",
                   help="aantal gelijktijdige gebruikers, of een reeks (bijv. 1,5,10,20,40)")
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--url", default=None,
                   help="een draaiend dashboard op localhost (anders start het er zelf een)")
    p.add_argument("--db", metavar="BESTAND", default=None,
                   help="de database voor het dashboard dat de test zelf start (een kopie per "
                        "aantal gebruikers; anders een nieuwe met demodata)")


@command("loadtest", "veel gebruikers tegelijk tegen een draaiend dashboard",
         _loadtest_arguments)
def loadtest_command(args) -> int:
    from ..loadtest import run
    print_json(run(args.users, args.seconds, args.url, args.db))
    return 0
