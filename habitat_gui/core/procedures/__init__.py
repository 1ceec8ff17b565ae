"""Electronic procedures: steps tied to live readings, run by hand in the panel or
automatically against a scenario (``habitat-sim procedure check``)."""
