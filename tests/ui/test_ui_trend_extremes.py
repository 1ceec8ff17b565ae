"""The trends' extremes kept as samples arrive: equal to numpy's over any run of the ring,
a plot's min/max envelope faithful to every sample it stands for, a lone spike in 24 h drawn,
the table's 24 h extremes numpy's, and the views that skip work still showing the present."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habitat_gui.contract.commands import Command
from habitat_gui.contract.state import Snapshot
from habitat_gui.core.plant.generated import grid_colony
from habitat_gui.core.simulation import Simulation
from habitat_gui.sources.simulated import SimulatedSource
from habitat_gui.ui import actions
from habitat_gui.ui.extremes import Extremes
from habitat_gui.ui.history import QUANTITIES, TrendHistory
from habitat_gui.ui.marks import Marks
from habitat_gui.ui.trends import PLOTTED, TrendTableModel
from support import OFFSCREEN_NOISE, make_window

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)

FLOATS = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 70), st.lists(st.lists(FLOATS, min_size=2, max_size=2), min_size=1,
                                    max_size=300),
       st.booleans(), st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=1,
                               max_size=20))
def test_extremes_of_any_run_are_numpys(capacity, samples, at_once, runs):
    """Samples written one by one (or the last ``capacity`` at once): the extremes of any
    run of the samples held equal a brute-force numpy reduction of that run."""
    values = np.array(samples)
    raw = np.zeros((2 * capacity, 2))
    extremes = Extremes(raw, capacity)
    if at_once:
        values = values[-capacity:]
        raw[:len(values)] = values
        extremes.rebuild(len(values))
    else:
        for i, row in enumerate(values):
            raw[i % capacity] = raw[i % capacity + capacity] = row
            extremes.pushed(i)
    first = max(len(values) - capacity, 0)
    lo = np.array([first + int(a * (len(values) - first)) for a, _ in runs])
    lo = np.minimum(lo, len(values) - 1)
    hi = np.array([start + 1 + int(b * (len(values) - start - 1)) for start, (_, b)
                   in zip(lo, runs)])
    low, high = extremes.runs(lo, hi, np.array([1, 0]))
    for r, (a, b) in enumerate(zip(lo, hi)):
        assert np.array_equal(low[r], values[a:b, [1, 0]].min(axis=0))
        assert np.array_equal(high[r], values[a:b, [1, 0]].max(axis=0))


def _history(values_s: np.ndarray, interval_s: float = 1.0) -> TrendHistory:
    """A history of two modules holding ``values_s`` (samples x quantities x modules)."""
    history = TrendHistory(("a", "b"), span_s=interval_s * len(values_s), interval_s=interval_s)
    t_s = 10.0 + interval_s * np.arange(len(values_s))
    history.load(t_s, {q: values_s[:, k] for k, q in enumerate(QUANTITIES[:-1])},
                 np.zeros(2))
    return history


@settings(max_examples=60, deadline=None)
@given(st.integers(20, 3000), st.integers(1, 200), st.floats(-0.2, 1.0), st.floats(0.0, 1.2),
       st.integers(0, 2 ** 32 - 1))
def test_the_envelope_stands_for_every_sample(n, pixels, start, width, seed):
    """Each sample in view lies within the drawn extent of the column holding it, each
    column's extremes are those of the samples in its time span, and a curve has at most two
    points a column (with the samples either side of the view)."""
    rng = np.random.default_rng(seed)
    history = _history(rng.normal(size=(n, 4, 2)).cumsum(axis=0))
    times = history.times()
    t0 = times[0] + start * (times[-1] - times[0])
    t1 = t0 + max(width * (times[-1] - times[0]), 1.0)
    curves = [("co2_ppm", "b"), ("ppo2_kpa", "a")]
    x, y = history.envelope(t0, t1, pixels, curves)
    assert np.all(np.diff(x) >= 0) and y.shape == (2, len(x))
    assert len(x) <= 2 * (pixels + 3)
    inside = (times >= t0) & (times <= t1)
    start = max(int(np.searchsorted(times, t0)) - 1, 0)
    stop = min(int(np.searchsorted(times, t1, side="right")) + 1, n)
    for c, (q, mid) in enumerate(curves):
        series = history.series(q, mid)
        if stop - start <= 2 * pixels:  # few enough: the samples themselves
            assert np.array_equal(x, times[start:stop])
            assert np.array_equal(y[c], series[start:stop])
            continue
        pairs_x, pairs_y = x.reshape(-1, 2), y[c].reshape(-1, 2)
        column = np.searchsorted(pairs_x[:, 0], times[inside], side="right") - 1
        assert np.all(column >= 0) and np.all(times[inside] <= pairs_x[column, 1])
        assert np.all(series[inside] >= pairs_y.min(axis=1)[column])
        assert np.all(series[inside] <= pairs_y.max(axis=1)[column])
        for (a, b), ends in zip(pairs_x, pairs_y):
            held = series[(times >= a) & (times <= b)]
            assert held.min() == ends.min() and held.max() == ends.max()


def test_the_table_and_history_extremes_are_numpys_over_the_window():
    """After the ring has wrapped, the 24 h extremes are those of the samples held."""
    rng = np.random.default_rng(3)
    history = _history(rng.normal(size=(50, 4, 2)), interval_s=5.0)
    snap = _snapshot(("a", "b"))
    for k in range(73):          # wraps the 51-sample ring
        history.record(_moved(snap, 10.0 + 5.0 * (50 + k), float(rng.normal())))
    assert history.count == history.capacity
    for q in QUANTITIES:
        low, high = history.extremes(q)
        for m, mid in enumerate(history.module_ids):
            assert low[m] == history.series(q, mid).min()
            assert high[m] == history.series(q, mid).max()
    model = TrendTableModel(history.module_ids)
    model.refresh(snap, history, Marks(()))
    for m, mid in enumerate(history.module_ids):
        assert model.rows[m][6] == f"{history.series('ppo2_kpa', mid).min():.2f}"
        assert model.rows[m][7] == f"{history.series('co2_ppm', mid).max():.0f}"
        assert model.rows[m][8] == f"{history.series('pressure_kpa', mid).min():.2f}"


def _snapshot(ids: tuple[str, ...]) -> Snapshot:
    source = SimulatedSource(Simulation(grid_colony(len(ids)), seed=0), 1.0)
    snap = source.snapshot()
    return dataclasses.replace(snap, modules=tuple(
        dataclasses.replace(m, id=mid) for m, mid in zip(snap.modules, ids)))


def _moved(snap: Snapshot, t_s: float, offset: float) -> Snapshot:
    """``snap`` at ``t_s`` with every reading ``offset`` away from it."""
    def read(r):
        return dataclasses.replace(r, **{q: getattr(r, q) + offset for q in QUANTITIES})
    return dataclasses.replace(snap, t_s=t_s, modules=tuple(
        dataclasses.replace(m, reading=read(m.reading)) for m in snap.modules))


def test_a_single_sample_spike_in_24_hours_is_drawn(qtbot, tmp_path):
    """One sample's ppO2 dip and one's CO2 peak among 24 h of five-second samples: the
    plots draw both, with a few points a pixel column rather than every sample."""
    window = make_window(qtbot, tmp_path)
    trends = window.trends
    trends.tabs.setCurrentIndex(0)
    window.station.select_module("hab-3")
    history = trends.history
    snap = window.station.latest
    n = history.capacity - 1
    rng = np.random.default_rng(5)
    values = {q: np.array([getattr(m.reading, q) for m in snap.modules])
              * (1 + 0.002 * rng.normal(size=(n, len(snap.modules))))
              for q in QUANTITIES[:-1]}
    k = history.index["hab-3"]
    values["ppo2_kpa"][n - 7000, k], values["co2_ppm"][n - 9000, k] = 4.0, 40000.0
    history.load(snap.t_s - history.interval_s * np.arange(n)[::-1], values, np.zeros(6))
    trends.redraw()
    _, ppo2 = trends.curves[("ppo2_kpa", "hab-3")].getData()
    _, co2 = trends.curves[("co2_ppm", "hab-3")].getData()
    assert ppo2.min() == 4.0 and co2.max() == 40000.0
    width = trends.plots[PLOTTED[0]].getViewBox().width()
    assert history.count > 17000 and len(ppo2) <= 2 * (width + 3)
    assert trends.plots["co2_ppm"].getViewBox().viewRange()[1][1] >= 40000.0


def test_rooms_out_of_view_show_the_present_once_scrolled_to(qtbot, tmp_path):
    """A 50-module colony on a small window scrolls: a room out of sight holds the latest
    snapshot and writes it when it comes into view."""
    source = SimulatedSource(Simulation(grid_colony(50), seed=1), 1.0)
    window = make_window(qtbot, tmp_path, source=source)
    window.resize(1024, 700)
    view = window.schematic
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    room = next(r for r in view.rooms.values() if not r.sceneBoundingRect().intersects(seen))
    for _ in range(3):
        source.simulation.advance(600)
        window.station.publish()
    assert room.shown is not room.last      # not written while out of view
    view.ensureVisible(room.sceneBoundingRect())
    assert room.shown is room.last
    latest = window.station.latest.module(room.module_id).reading
    assert room.compact[0].label.text().startswith(f"ppO2 {latest.ppo2_kpa:.1f} kPa")


def test_the_evacuate_button_offers_what_the_plants_ranking_does(qtbot, tmp_path):
    """Offered exactly when the plant's ranking has an option it would accept, and when it
    has none, blocked with the ranking's reasons."""
    window = make_window(qtbot, tmp_path)
    station = window.station
    station.issue(Command.of("evacuate", module="hab-3", to="hab-2"))  # leaves nobody there
    blocked = 0
    for m in station.latest.modules:
        options = station.source.evacuation_options(m.id, station.operator)
        choice = actions.evacuate_choice(station, m.id)
        assert choice.offered == any(o.offered for o in options)
        if not choice.offered:
            blocked += 1
            assert choice.blocked == "; ".join(sorted({o.refused for o in options}))
    assert blocked == 1  # hab-3: nobody to evacuate
