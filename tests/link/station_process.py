"""A station as a process of its own, for the tests that kill one: ``python station_process.py
URL USER PASSWORD PKI``. It connects (the panel's OpcUaSource), takes control and says
``ready``; then each line it reads is a command's text (``seal interconnect=hab-3/hab-4``),
sent under the command id that follows it on the line, after saying ``sending``; it prints
the outcome and reason."""

from __future__ import annotations

import sys
from pathlib import Path

from habitat_gui.contract.commands import Command, parse
from habitat_gui.sources.opcua import connect
from habitat_gui.sources.protocol import Operator


def main(url: str, user: str, password: str, pki: str) -> None:
    source = connect(url, user, password, Path(pki), station="killed")
    operator = Operator(user)
    record = source.submit(Command.of("request_control", station="killed"), operator)
    print("ready" if record.outcome == "accepted" else f"refused: {record.reason}", flush=True)
    for line in sys.stdin:
        text, command_id = line.rsplit(" ", 1)
        print("sending", flush=True)
        record = source.submit(parse(text), operator, command_id=command_id.strip())
        print(record.outcome, record.reason, flush=True)
    source.close()


if __name__ == "__main__":
    main(*sys.argv[1:5])
