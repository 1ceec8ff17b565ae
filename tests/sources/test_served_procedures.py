"""The procedures a plant server publishes, read by the station: validated like local
files, and none (with the reason logged, naming the server's file and line) when bad."""

from __future__ import annotations

import json
import logging

from habitat_gui.core import resources
from habitat_gui.core.plant.habitat import load_habitat
from habitat_gui.sources.opcua import served_procedures

URL = "opc.tcp://127.0.0.1:4840"
HABITAT = load_habitat(resources.builtin("habitats")["ares"])
FILES = {path.name: path.read_text() for path in resources.builtin("procedures").values()}


def test_the_published_files_are_the_library():
    found = served_procedures(json.dumps(FILES), HABITAT, URL)
    assert set(found) == {name.removesuffix(".toml") for name in FILES}
    assert found["hab3-o2-generation-loss"].source == f"{URL}/hab3-o2-generation-loss.toml"


def test_a_bad_publication_offers_none_and_says_why(caplog):
    broken = dict(FILES)
    name = "hab3-o2-generation-loss.toml"
    broken[name] = broken[name].replace('title = "', 'title = 3 #', 1)
    for texts, said in ((json.dumps(broken), f"{URL}/{name}:"), ("[1, 2]", "JSON object"),
                        ("{not json", "Expecting property name")):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            assert served_procedures(texts, HABITAT, URL) == {}
        assert said in caplog.text
