"""Generated colonies: written as a habitat file, read back the same."""

from __future__ import annotations

import dataclasses

import pytest

from habitat_gui.core.plant.generated import grid_colony, grid_colony_text
from habitat_gui.core.plant.habitat import load_habitat


@pytest.mark.parametrize("count", [1, 7, 50])
def test_the_grid_colonys_file_reads_back_as_the_grid_colony(tmp_path, count):
    path = tmp_path / "grid.toml"
    path.write_text(grid_colony_text(count), encoding="utf-8")
    loaded = load_habitat(path)
    assert loaded.source == str(path)
    assert dataclasses.replace(loaded, source="<memory>") == grid_colony(count)
    assert loaded.text == path.read_text(encoding="utf-8")  # what a server publishes
