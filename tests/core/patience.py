"""How long a test may wait on a condition (a window shown, a subprocess done) before it
fails. A wait ends as soon as its condition holds, so the bound only turns a hang into a
failure; it is generous because the suite must pass on a busy machine, where Qt, the
simulation and a fresh interpreter can all be many times slower than on a quiet one."""

PATIENCE_S = 300.0
PATIENCE_MS = int(PATIENCE_S * 1000)
