"""Recording a run to SQLite, reading it back, re-running and branching it."""
