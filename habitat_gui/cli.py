"""``habitat-sim``: the simulation from the command line, no Qt."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .core import (audit_export, maintenance, maintenance_data, report, resources,
                   wear_outlook)
from .core.alarms import parse_alarms
from .core.commands import Command, Rejected, parse
from .core.forecast import forecast, forecast_table
from .core.habitat import Habitat, load_habitat
from .core.scenario import load_scenario, resolve
from .core.simulation import Simulation
from .core.specfile import SpecError, TomlDocument

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="habitat-sim", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("list", help="built-in habitats and scenarios")
    validate = sub.add_parser("validate", help="check habitat, scenario and alarm files")
    validate.add_argument("files", nargs="+", type=Path)
    run = sub.add_parser("run", help="run a scenario headless and report")
    run.add_argument("scenario", help="built-in scenario name or scenario file")
    run.add_argument("--habitat", type=Path, help="habitat file replacing the scenario's own")
    run.add_argument("--until", type=float, help="simulated seconds (default: the scenario's)")
    run.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    run.add_argument("--sample-every", type=float, default=60.0, metavar="S",
                     help="seconds between report samples (default 60)")
    run.add_argument("--json", type=Path, metavar="PATH", help="write the full report as JSON")
    ahead = sub.add_parser("forecast", help="times to danger, with and without commands")
    ahead.add_argument("scenario", help="built-in scenario name or scenario file")
    ahead.add_argument("--habitat", type=Path, help="habitat file replacing the scenario's own")
    ahead.add_argument("--at", type=float, default=0.0, metavar="S",
                       help="simulated seconds to run the scenario before forecasting")
    ahead.add_argument("--horizon", type=float, default=6 * 3600.0, metavar="S",
                       help="seconds to look ahead (default 6 h)")
    ahead.add_argument("--command", action="append", default=[], metavar="'[+S] NAME k=v'",
                       help="a proposed command, e.g. 'evacuate module=hab-3 to=hab-2'; "
                            "'+600 seal interconnect=hab-2/hab-3' sends it 600 s later")
    ahead.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    ahead.add_argument("--json", type=Path, metavar="PATH", help="write the result as JSON")
    check = sub.add_parser("audit", help="maintenance audit, repair backlog and cross-training")
    check.add_argument("--habitat", type=Path, help="habitat file (default: the built-in ares)")
    check.add_argument("--days", type=float,
                       help="days of service (default: the habitat's service_days, else "
                            f"{maintenance.DEFAULT_DAYS})")
    check.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    check.add_argument("--json", type=Path, metavar="PATH", help="write the audit as JSON")
    check.add_argument("--csv", type=Path, metavar="PATH",
                       help="write the audit as CSV, one row per component")
    check.add_argument("--html", type=Path, metavar="PATH",
                       help="write the audit as a printable HTML report")
    return parser


def _audit(args: argparse.Namespace) -> int:
    if args.days is not None and args.days < 0:
        print("habitat-sim: --days must not be negative", file=sys.stderr)
        return EXIT_BAD_INPUT
    maintenance_data.builtin()  # a bad data file is one line, before anything else
    habitat = load_habitat(args.habitat or resources.builtin("habitats")["ares"])
    days = args.days if args.days is not None else (habitat.service_days
                                                    or maintenance.DEFAULT_DAYS)
    result, crew, plan = maintenance.report(habitat, days, args.seed)
    print(maintenance.summary(habitat, result, plan))
    if args.json:
        data = maintenance.as_json(habitat, result, crew, plan)
        args.json.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if args.csv or args.html:
        life = wear_outlook.life(result, maintenance.age(habitat, days, args.seed).components)
    if args.csv:
        args.csv.write_text(audit_export.to_csv(result, life), encoding="utf-8", newline="")
    if args.html:
        title = f"{habitat.name}: maintenance audit"
        spares = {**maintenance.data().spares, **habitat.spares}  # what a new run starts with
        args.html.write_text(audit_export.to_html(title, result, crew, plan, spares, life),
                             encoding="utf-8")
    return 0


def _list() -> int:
    for kind in ("habitats", "scenarios"):
        print(f"{kind}:")
        for name, path in resources.builtin(kind).items():
            title = TomlDocument.read(path).data.get("name", "")
            print(f"  {name:<32} {title}")
    return 0


def _validate(files: list[Path]) -> int:
    failed = 0
    for path in files:
        try:
            doc = TomlDocument.read(path)
            if "alarms" in doc.data:
                definitions = parse_alarms(doc)
                print(f"{path}: ok: {len(definitions)} alarm definitions")
            elif "kinds" in doc.data:
                rules = maintenance_data.parse(doc)
                print(f"{path}: ok: maintenance data, {len(rules.kinds)} component kinds, "
                      f"{len(rules.spares)} spare parts")
            elif "modules" in doc.data:
                habitat = load_habitat(path)
                print(f"{path}: ok: habitat {habitat.name!r}, {len(habitat.modules)} modules, "
                      f"{len(habitat.crew)} crew")
            else:
                scenario = load_scenario(path)
                print(f"{path}: ok: scenario {scenario.name!r}, {len(scenario.events)} events")
        except SpecError as exc:
            print(exc, file=sys.stderr)
            failed += 1
    return EXIT_BAD_INPUT if failed else 0


def _run(args: argparse.Namespace) -> int:
    habitat: Habitat | None = load_habitat(args.habitat) if args.habitat else None
    scenario = resolve(args.scenario, habitat)
    until = args.until if args.until is not None else scenario.duration_s
    if until <= 0 or args.sample_every <= 0:
        print("habitat-sim: --until and --sample-every must be positive", file=sys.stderr)
        return EXIT_BAD_INPUT
    simulation = Simulation.from_scenario(scenario, args.seed)
    result = report.run(simulation, until, args.sample_every)
    print(report.summary(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


def _timed_command(text: str) -> tuple[float, Command]:
    """``'+600 seal interconnect=x'`` -> (600.0, Seal('x')); no prefix means now."""
    first, _, rest = text.strip().partition(" ")
    if first.startswith("+"):
        try:
            return float(first[1:]), parse(rest)
        except ValueError:
            raise Rejected(f"{first!r} must be +SECONDS") from None
    return 0.0, parse(text)


def _forecast(args: argparse.Namespace) -> int:
    habitat: Habitat | None = load_habitat(args.habitat) if args.habitat else None
    try:
        proposed = [_timed_command(text) for text in args.command]
    except Rejected as exc:
        print(f"habitat-sim: --command: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.horizon <= 0 or args.at < 0:
        print("habitat-sim: --horizon must be positive and --at not negative", file=sys.stderr)
        return EXIT_BAD_INPUT
    simulation = Simulation.from_scenario(resolve(args.scenario, habitat), args.seed)
    simulation.run_until(args.at)
    baseline = forecast(simulation, args.horizon)
    proposed_result = forecast(simulation, args.horizon, proposed) if proposed else None
    print(forecast_table(baseline, proposed_result, simulation.snapshot()))
    if args.json:
        result = {"at_s": args.at, "horizon_s": args.horizon, "baseline": baseline.result(),
                  "with_commands": proposed_result.result() if proposed_result else None}
        if proposed_result and proposed_result.rejected:
            result["rejected"] = list(proposed_result.rejected)
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.action == "list":
            return _list()
        if args.action == "validate":
            return _validate(args.files)
        if args.action == "forecast":
            return _forecast(args)
        if args.action == "audit":
            return _audit(args)
        return _run(args)
    except SpecError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"habitat-sim: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
