"""The control panel's Qt layer: views over a :class:`habitat_gui.sources.simulated.DataSource`.

Nothing here adds physics: views read published snapshots and every operator action
goes through ``source.submit()``.
"""
