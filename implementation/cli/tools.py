"""Commands for whoever runs the instance: the benchmark and the load test."""
from __future__ import annotations

from . import command, print_json


def _benchmark_arguments(p) -> None:
    p.add_argument("--scale", default="national",
                   help="small, national, of een aantal interventies (bijv. 600)")
    p.add_argument("--pages", action="store_true", help="meet ook de pagina's via AppTest")


@command("benchmark", "meet de dashboardqueries op landelijke schaal", _benchmark_arguments)
def benchmark_command(args) -> int:
    from ..benchmark import run
    print_json(run(args.scale, pages=args.pages))
    return 0


def _loadtest_arguments(p) -> None:
    p.add_argument("--users", type=int, default=5)
    p.add_argument("--seconds", type=int, default=60)
    p.add_argument("--url", default=None, help="een draaiend dashboard (anders start het er een)")


@command("loadtest", "veel gebruikers tegelijk tegen een draaiend dashboard",
         _loadtest_arguments)
def loadtest_command(args) -> int:
    from ..loadtest import run
    print_json(run(args.users, args.seconds, args.url))
    return 0
