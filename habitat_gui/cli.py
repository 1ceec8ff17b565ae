"""``habitat-sim``: the simulation from the command line, no Qt."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

from . import __version__, folders, retention
from .arguments import (DAYS, HORIZON, MAX_SAMPLES, SECONDS, SECONDS_FROM_0, SEED, Parser)
from .core.maintenance import (ageing, audit_report, data as maintenance_data,
                               export as audit_export, outlook as wear_outlook)
from .contract.timefmt import mission_time
from .core.recording import branching, rerun, summary as recording_summary
from .core.recording.reader import Recording
from .core.recording.recorder import Recorder
from .core.operations import report, report_file
from .core import resources
from .core.operations.alarm_definitions import parse_alarms
from .core.operations.command_base import Command, Rejected
from .core.operations.command_bus import parse
from .core.training.debrief import DebriefTracker
from .core.operations.forecast import forecast
from .core.operations.forecast_results import forecast_table
from .core.plant.habitat import Habitat, load_habitat
from .core.operations.scenario import load_scenario, resolve
from .core.simulation import Simulation
from .core.specfile import SpecError, TomlDocument
from .core.procedures import check as procedure_check, loader as procedure_loader
from .link import cli as link_cli

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="habitat-sim", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("list", help="built-in habitats and scenarios")
    validate = sub.add_parser("validate", help="check habitat, scenario and alarm files")
    validate.add_argument("files", nargs="+", type=Path)
    run = sub.add_parser("run", help="run a scenario headless and report")
    run.add_argument("scenario", help="built-in scenario name or scenario file")
    run.add_argument("--habitat", type=Path, help="habitat file replacing the scenario's own")
    run.add_argument("--until", type=SECONDS, metavar="S",
                     help=SECONDS.help("simulated seconds (default: the scenario's)"))
    run.add_argument("--seed", type=SEED, help=SEED.help("random seed (default: the "
                                                         "scenario's)"))
    run.add_argument("--sample-every", type=SECONDS, default=60.0, metavar="S",
                     help=SECONDS.help(f"seconds between report samples (default 60; at most "
                                       f"{MAX_SAMPLES:,} samples)"))
    run.add_argument("--json", type=Path, metavar="PATH", help="write the full report as JSON")
    run.add_argument("--command", action="append", default=[], metavar="'[+S] NAME k=v'",
                     help="a trainee command, sent S seconds after the start (default 0)")
    run.add_argument("--debrief", action="store_true",
                     help="print the training debrief (objectives, acknowledgement, "
                          "exposure, score) and add it to the JSON report")
    run.add_argument("--record", type=Path, metavar="PATH",
                     help="record the run to a new SQLite file (the panel records every run "
                          "to its recordings folder, e.g. ~/.local/share/habitat-panel/"
                          "recordings/ on Linux)")
    ahead = sub.add_parser("forecast", help="times to danger, with and without commands")
    ahead.add_argument("scenario", help="built-in scenario name or scenario file")
    ahead.add_argument("--habitat", type=Path, help="habitat file replacing the scenario's own")
    ahead.add_argument("--at", type=SECONDS_FROM_0, default=0.0, metavar="S",
                       help=SECONDS_FROM_0.help("simulated seconds to run the scenario before "
                                                "forecasting"))
    ahead.add_argument("--horizon", type=HORIZON, default=6 * 3600.0, metavar="S",
                       help=HORIZON.help("seconds to look ahead (default 6 h)"))
    ahead.add_argument("--command", action="append", default=[], metavar="'[+S] NAME k=v'",
                       help="a proposed command, e.g. 'evacuate module=hab-3 to=hab-2'; "
                            "'+600 seal interconnect=hab-2/hab-3' sends it 600 s later")
    ahead.add_argument("--seed", type=SEED, help=SEED.help("random seed (default: the "
                                                           "scenario's)"))
    ahead.add_argument("--json", type=Path, metavar="PATH", help="write the result as JSON")
    check = sub.add_parser("audit", help="maintenance audit, repair backlog and cross-training")
    check.add_argument("--habitat", type=Path, help="habitat file (default: the built-in ares)")
    check.add_argument("--days", type=DAYS,
                       help=DAYS.help("days of service (default: the habitat's service_days, "
                                      f"else {ageing.DEFAULT_DAYS})"))
    check.add_argument("--seed", type=SEED, default=0, help=SEED.help("random seed (default "
                                                                      "0)"))
    check.add_argument("--json", type=Path, metavar="PATH", help="write the audit as JSON")
    check.add_argument("--csv", type=Path, metavar="PATH",
                       help="write the audit as CSV, one row per component")
    check.add_argument("--html", type=Path, metavar="PATH",
                       help="write the audit as a printable HTML report")
    again = sub.add_parser("replay", help="show, verify or branch a recording")
    again.add_argument("file", type=Path, help="a recording (.sqlite)")
    again.add_argument("--verify", action="store_true",
                       help="re-run it and compare bit for bit (exit 0 equal, 1 different)")
    again.add_argument("--branch-at", type=SECONDS_FROM_0, metavar="S",
                       help=SECONDS_FROM_0.help("re-run to S simulated seconds, then act with "
                                                "--command"))
    again.add_argument("--command", action="append", default=[], metavar="'[+S] NAME k=v'",
                       help="a command for the branch, '+S' seconds after --branch-at")
    again.add_argument("--until", type=SECONDS_FROM_0, metavar="S",
                       help=SECONDS_FROM_0.help("where the branch ends (default: where the "
                                                "recording ends)"))
    again.add_argument("--record", type=Path, metavar="PATH",
                       help="record the branch to a new file (it names its parent)")
    again.add_argument("--debrief", action="store_true",
                       help="re-run it (or the branch) and print the training debrief")
    again.add_argument("--json", type=Path, metavar="PATH",
                       help="write what is shown (or the branch's report) as JSON")
    kept = sub.add_parser("recordings", help="the panel's recordings folder: files, size, "
                                             "retention")
    kept.add_argument("--prune", action="store_true",
                      help="remove what the retention policy does not keep")
    kept.add_argument("--keep-days", metavar="N",
                      help=f"keep recordings written in the last N days (default: "
                           f"${retention.DAYS_ENV}, else {retention.KEEP_DAYS:g})")
    kept.add_argument("--keep-mb", metavar="MB",
                      help=f"keep at most MB megabytes, the newest (default: "
                           f"${retention.MB_ENV}, else {retention.KEEP_MB:g})")
    _procedure_parser(sub)
    link_cli.add_parsers(sub)  # serve, nodeset, users: the plant server
    return parser


def _procedure_parser(sub: argparse._SubParsersAction) -> None:
    steps = sub.add_parser("procedure", help="electronic procedures: list, check")
    which = steps.add_subparsers(dest="procedure_action", required=True)
    which.add_parser("list", help="the built-in procedures and what they apply to")
    run = which.add_parser("check", help="run a procedure automatically against a scenario "
                                         "(exit 1 when a check fails or the crew is left in "
                                         "danger)")
    run.add_argument("procedure", help="built-in procedure id or procedure file")
    run.add_argument("--scenario", help="built-in scenario name or scenario file (default: "
                                        "the first the procedure is written for)")
    run.add_argument("--at", type=SECONDS_FROM_0, metavar="S",
                     help=SECONDS_FROM_0.help(
                         "start at S simulated seconds (default: when it first applies)"))
    run.add_argument("--horizon", type=HORIZON, default=procedure_check.HORIZON_S,
                     metavar="S", help=HORIZON.help(
                         "seconds after the end the crew must stay out of danger "
                         f"(default {procedure_check.HORIZON_S:g})"))
    run.add_argument("--user", default=procedure_check.CHECKER,
                     help="the name the steps are signed with")
    run.add_argument("--json", type=Path, metavar="PATH", help="write the result as JSON")


def _procedure(args: argparse.Namespace) -> int:
    if args.procedure_action == "list":
        for procedure in procedure_loader.builtin_procedures().values():
            print(f"  {procedure.id:<36} {procedure.title}  (applies: "
                  f"{', '.join(procedure.alarms) or 'on its condition'})")
        return 0
    procedure, library = procedure_loader.resolve(args.procedure)
    if args.scenario is None and not procedure.scenarios:
        print(f"habitat-sim: {procedure.id} names no scenario; give --scenario",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    scenario = resolve(args.scenario or procedure.scenarios[0])
    try:
        result = procedure_check.check(procedure, library, Simulation.from_scenario(scenario),
                                       args.at, args.user, args.horizon)
    except procedure_check.NeverApplies as exc:
        print(f"habitat-sim: {exc}", file=sys.stderr)
        return 1
    print(result.text())
    if args.json:
        args.json.write_text(json.dumps(result.as_dict(), indent=1) + "\n", encoding="utf-8")
    return 0 if result.ok else 1


def _recordings(args: argparse.Namespace) -> int:
    rule = retention.policy(args.keep_days, args.keep_mb)
    folder = folders.recordings_dir()
    removed = retention.prune(folder, rule) if args.prune else []
    for entry in removed:
        print(f"removed {entry.path.name} ({entry.size_bytes / retention.MB:.1f} MB)")
    listed = retention.entries(folder)
    for entry in listed:
        print(f"  {entry.path.name:<32} {entry.size_bytes / retention.MB:>9.1f} MB  "
              f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(entry.modified))}")
    print(f"{folder}: {len(listed)} recordings, "
          f"{retention.folder_bytes(folder) / retention.MB:.1f} MB; policy: {rule.text()}")
    return 0


def _replay(args: argparse.Namespace) -> int:
    try:
        planned = [_timed_command(text) for text in args.command]
    except Rejected as exc:
        print(f"habitat-sim: --command: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.branch_at is None and (planned or args.until is not None or args.record):
        print("habitat-sim: --command, --until and --record need --branch-at", file=sys.stderr)
        return EXIT_BAD_INPUT
    with Recording.open(args.file) as rec:
        if args.branch_at is not None:
            return _branch(args, rec, planned)
        print(recording_summary.summary(rec))
        result = recording_summary.as_json(rec)
        code = 0
        simulation = rec.simulation() if args.debrief or args.verify else None
        tracker = DebriefTracker(simulation) if args.debrief else None
        if args.verify:  # one re-run serves both
            differences = rerun.verify(rec, simulation)
        elif tracker is not None:
            rerun.rerun(rec, simulation=simulation)
        if tracker is not None:
            _debrief(tracker, result)
        if args.verify:
            print("\nre-run: " + ("equal, bit for bit" if not differences else "DIFFERENT"))
            for line in differences:
                print(f"  {line}")
            result["verify"] = {"equal": not differences, "differences": differences}
            code = 1 if differences else 0
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return code


def _debrief(tracker: DebriefTracker, result: dict) -> None:
    """Print the debrief of what ``tracker`` watched and add it to the JSON ``result``."""
    debrief = tracker.debrief()
    result["debrief"] = debrief.as_dict()
    print("\n" + debrief.text())


def _branch(args: argparse.Namespace, rec: Recording,
            planned: list[tuple[float, Command]]) -> int:
    until = rec.end_t_s if args.until is None else args.until
    if not rec.start_t_s <= args.branch_at <= rec.end_t_s or not until >= args.branch_at:
        print(f"habitat-sim: --branch-at must be within {rec.start_t_s:g}..{rec.end_t_s:g} s "
              f"and --until not before it", file=sys.stderr)
        return EXIT_BAD_INPUT
    _check_within(args.command, planned, until - args.branch_at,
                  "--until" if args.until is not None else "the recording's end")
    simulation = rec.simulation()
    tracker = DebriefTracker(simulation) if args.debrief else None
    if args.record:
        simulation, recorder = branching.branch(rec, args.branch_at, args.record, simulation)
    else:
        simulation, recorder = rerun.rerun(rec, args.branch_at, simulation), None
    actions = [(args.branch_at + offset, command) for offset, command in planned]
    print(f"branch of {rec.name} at {mission_time(args.branch_at)}"
          + (f", recorded to {args.record}" if args.record else ""))
    return _report(args, simulation, until, recorder, tracker, actions=actions, who="trainer")


def _report(args: argparse.Namespace, simulation: Simulation, until_s: float,
            recorder: Recorder | None, tracker: DebriefTracker | None,
            **run: Any) -> int:
    """Run to ``until_s`` (``run``: :func:`report.run`'s options), close the recording,
    print the summary and debrief, write the JSON (its samples streamed to disk as the run
    goes: :mod:`~.core.operations.report_file`)."""
    samples = report_file.SampleFile(args.json.parent) if args.json else report_file.Dropped()
    try:
        result = report.run(simulation, until_s, samples=samples, **run)
        if recorder is not None:
            recorder.close()
        print(report.summary(result))
        if tracker is not None:
            _debrief(tracker, result)
        if args.json:
            report_file.write(args.json, result)
    finally:
        if isinstance(samples, report_file.SampleFile):
            samples.close()
    return 0


def _audit(args: argparse.Namespace) -> int:
    maintenance_data.builtin()  # a bad data file is one line, before anything else
    habitat = load_habitat(args.habitat or resources.builtin("habitats")["ares"])
    days = args.days if args.days is not None else (habitat.service_days
                                                    or ageing.DEFAULT_DAYS)
    fleet = ageing.age(habitat, days, args.seed)  # once, for the audit and the exports
    result, crew, plan = audit_report.assess(fleet)
    print(audit_report.summary(habitat, result, plan))
    if args.json:
        data = audit_report.as_json(habitat, result, crew, plan)
        args.json.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if args.csv or args.html:
        life = wear_outlook.life(result, fleet.components)
    if args.csv:
        args.csv.write_text(audit_export.to_csv(result, life), encoding="utf-8", newline="")
    if args.html:
        title = f"{habitat.name}: maintenance audit"
        args.html.write_text(audit_export.to_html(title, result, crew, plan,
                                                  maintenance_data.spares(habitat), life),
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
            elif "steps" in doc.data:
                procedure, _ = procedure_loader.resolve(str(path))
                print(f"{path}: ok: procedure {procedure.title!r}, "
                      f"{len(procedure.steps)} steps")
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
    if until / args.sample_every > MAX_SAMPLES:
        print(f"habitat-sim: --sample-every {args.sample_every:g} over {until:g} s is "
              f"{until / args.sample_every:,.0f} samples; expected at most {MAX_SAMPLES:,}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        actions = [_timed_command(text) for text in args.command]
    except Rejected as exc:
        print(f"habitat-sim: --command: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if until < scenario.start_s:
        print(f"habitat-sim: --until {until:g} is before the scenario's start, "
              f"{scenario.start_s:g} s ({mission_time(scenario.start_s)})", file=sys.stderr)
        return EXIT_BAD_INPUT
    _check_within(args.command, actions, until - scenario.start_s, "--until")
    simulation = Simulation.from_scenario(scenario, args.seed)
    tracker = DebriefTracker(simulation) if args.debrief else None
    recorder = Recorder(simulation, args.record) if args.record else None
    return _report(args, simulation, until, recorder, tracker,
                   sample_every_s=args.sample_every,
                   actions=[(simulation.t_s + offset, command) for offset, command in actions])


def _timed_command(text: str) -> tuple[float, Command]:
    """``'+600 seal interconnect=x'`` -> (600.0, Seal('x')); no prefix means now. The
    offset must be a finite number of seconds, not negative."""
    first, _, rest = text.strip().partition(" ")
    if first.startswith("+"):
        try:
            offset_s = float(first[1:])
        except ValueError:
            offset_s = math.nan
        if not 0.0 <= offset_s < math.inf:
            raise Rejected(f"{first!r} must be +SECONDS, a number not negative")
        return offset_s, parse(rest)
    return 0.0, parse(text)


def _check_within(texts: list[str], planned: list[tuple[float, Command]], span_s: float,
                  option: str) -> None:
    """ValueError naming the first command planned after ``span_s`` seconds, the end that
    ``option`` sets (one exactly at the end is sent then)."""
    for text, (offset_s, _) in zip(texts, planned):
        if offset_s > span_s + report.SAME_TIME_S:
            raise ValueError(f"--command {text!r}: +{offset_s:g} s is after the end set by "
                             f"{option} ({span_s:g} s)")


def _forecast(args: argparse.Namespace) -> int:
    habitat: Habitat | None = load_habitat(args.habitat) if args.habitat else None
    try:
        proposed = [_timed_command(text) for text in args.command]
    except Rejected as exc:
        print(f"habitat-sim: --command: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    _check_within(args.command, proposed, args.horizon, "--horizon")
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
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already stated in one line
        return int(exc.code or 0)
    try:
        if args.action == "list":
            return _list()
        if args.action == "validate":
            return _validate(args.files)
        if args.action == "forecast":
            return _forecast(args)
        if args.action == "audit":
            return _audit(args)
        if args.action == "replay":
            return _replay(args)
        if args.action == "recordings":
            return _recordings(args)
        if args.action == "procedure":
            return _procedure(args)
        if args.action in link_cli.ACTIONS:
            return link_cli.run(args)
        return _run(args)
    except SpecError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OSError, ValueError) as exc:
        print(f"habitat-sim: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
