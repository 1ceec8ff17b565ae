"""``habitat-sim serve``, ``habitat-sim nodeset`` and ``habitat-sim users``: the plant
server's subcommands, added to the ``habitat-sim`` parser by :func:`add_parsers`."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import ipaddress
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .. import folders
from ..arguments import SEED, SERVED_SPEED
from ..core import resources
from ..core.plant.habitat import load_habitat
from ..core.simulation import Simulation
from ..sources.live import build_source
from ..sources.protocol import Recording
from ..sources.simulated import SimulatedSource
from ..sources.link.schema import host_and_port
from .users import ROLES, load_users, make_user, save_users

if TYPE_CHECKING:
    from .server import PlantServer

DEFAULT_ENDPOINT = "opc.tcp://127.0.0.1:4840"
ACTIONS = ("serve", "nodeset", "users")


def users_file() -> Path:
    return folders.config_dir() / "users.toml"


def pki_dir() -> Path:
    return folders.data_dir() / "pki"


def add_parsers(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="serve the simulated plant over OPC UA")
    serve.add_argument("scenario", nargs="?", help="built-in scenario name or scenario file "
                                                   "(default: the colony on a normal day)")
    serve.add_argument("--habitat", type=Path, help="habitat file (default: the built-in "
                                                    "ares, or the scenario's)")
    serve.add_argument("--endpoint", default=DEFAULT_ENDPOINT,
                       help=f"opc.tcp://HOST:PORT to listen on (default {DEFAULT_ENDPOINT})")
    serve.add_argument("--speed", type=SERVED_SPEED, default=1.0, help=SERVED_SPEED.help(
        "simulated seconds per wall second (default 1)"))
    serve.add_argument("--seed", type=SEED, help=SEED.help(
        "random seed (default: the scenario's, else 0)"))
    serve.add_argument("--users", type=Path, help=f"users file (default {users_file()})")
    serve.add_argument("--pki", type=Path, help=f"certificates folder (default {pki_dir()})")
    record = serve.add_mutually_exclusive_group()
    record.add_argument("--record", type=Path, metavar="PATH",
                        help="record the run to this new SQLite file (default: a new file "
                             f"in {folders.recordings_dir()}, as the panel's)")
    record.add_argument("--no-record", action="store_true", help="do not record the run")
    serve.add_argument("--allow-anonymous", action="store_true",
                       help="also let anonymous clients in, as observers (loopback only)")
    nodeset = sub.add_parser("nodeset", help="write the server's information model as an "
                                             "OPC UA NodeSet2 XML file")
    nodeset.add_argument("file", type=Path)
    nodeset.add_argument("--habitat", type=Path, help="habitat file (default: the built-in "
                                                      "ares)")
    users = sub.add_parser("users", help="the plant server's users file")
    users.add_argument("--users", type=Path, help=f"users file (default {users_file()})")
    what = users.add_subparsers(dest="users_action", required=True)
    add = what.add_parser("add", help="add a user or replace one (password from the "
                                      "terminal, or one line of standard input)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    what.add_parser("list", help="the users and their roles")
    remove = what.add_parser("remove", help="remove a user")
    remove.add_argument("name")


def run(args: argparse.Namespace) -> int:
    """Run one of :data:`ACTIONS`; ValueError, OSError or SpecError for bad input."""
    if args.action == "users":
        return _users(args)
    if args.action == "nodeset":
        return asyncio.run(_nodeset(args))
    return _serve(args)


def _users(args: argparse.Namespace) -> int:
    path = args.users or users_file()
    users = load_users(path)
    if args.users_action == "list":
        for user in users.values():
            print(f"  {user.name:<24} {user.role}")
        if not users:
            print(f"no users in {path}")
        return 0
    if args.users_action == "remove":
        if args.name not in users:
            raise ValueError(f"no user {args.name!r} in {path}")
        del users[args.name]
    else:
        if sys.stdin.isatty():
            password = getpass.getpass(f"password for {args.name}: ")
            if getpass.getpass("again: ") != password:
                raise ValueError("the passwords differ")
        else:
            password = sys.stdin.readline().rstrip("\n")
        users[args.name] = make_user(args.name, args.role, password)
    save_users(path, users)
    print(f"{'removed' if args.users_action == 'remove' else 'added'} {args.name} ({path})")
    return 0


def check_endpoint(endpoint: str, allow_anonymous: bool) -> None:
    """ValueError unless ``endpoint`` is opc.tcp://HOST:PORT, and anonymous access is asked
    for only on a loopback host."""
    try:
        host, _ = host_and_port(endpoint)
    except ValueError as exc:
        raise ValueError(f"--endpoint {exc}") from None
    if allow_anonymous and not _loopback(host):
        raise ValueError(f"--allow-anonymous only on a loopback endpoint (127.0.0.1, ::1, "
                         f"localhost), not {host}")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _source(args: argparse.Namespace) -> SimulatedSource:
    record = False if args.no_record else args.record or True
    return build_source(args.habitat, args.scenario, args.seed, args.speed, record,
                        program="habitat-sim serve")


def _serve(args: argparse.Namespace) -> int:
    from .security import LinkSecurityError  # asyncua loads only for the server
    from .server import PlantServer, ServerConfig

    check_endpoint(args.endpoint, args.allow_anonymous)
    path = args.users or users_file()
    users = load_users(path)
    if not users and not args.allow_anonymous:
        raise ValueError(f"no users in {path}: add one with 'habitat-sim users add NAME "
                         "--role operator'")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    for noisy in ("asyncua", "asyncua.common.instantiate_util"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    config = ServerConfig(args.endpoint, args.pki or pki_dir(), users, args.allow_anonymous)
    plant = PlantServer(_source(args), config)
    try:
        return asyncio.run(_serve_until_signal(plant))
    except LinkSecurityError as exc:
        print(f"habitat-sim: serve: {exc}", file=sys.stderr)
        return 1


async def _serve_until_signal(plant: PlantServer) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await plant.start()
    source = plant.source
    path = source.recording_path() if isinstance(source, Recording) else None
    print(f"serving on {plant.config.endpoint} (Basic256Sha256 SignAndEncrypt); "
          f"{f'recording to {path}' if path else 'not recorded'}; Ctrl+C stops", flush=True)
    try:
        await plant.run(stop)
    finally:
        await plant.stop()
    print("stopped", flush=True)
    return 0


async def _nodeset(args: argparse.Namespace) -> int:
    from asyncua import Server

    from .model import build_model, export_nodeset

    habitat = load_habitat(args.habitat) if args.habitat else \
        load_habitat(resources.builtin("habitats")["ares"])
    logging.getLogger("asyncua").setLevel(logging.ERROR)
    server = Server()
    await server.init()
    simulation = Simulation(habitat)
    model = await build_model(server, habitat, simulation.snapshot(), clock=True, drill=True,
                              training=True)
    await export_nodeset(model, str(args.file))
    print(f"wrote {args.file}")
    return 0
