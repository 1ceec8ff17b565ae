"""The maintenance view (L4): the audit as a screen, and what to fix first with whom.

Components by module and class in a sortable, filterable table; the selected component's
condition over past and projected service days with its remaining life, what it would cause,
its parts and skill; the backlog; the plan of work by person and day; the cross-training
proposal; spare parts on hand against what the backlog needs; repairs under way. "Inspect"
and "Schedule repair…" are commands through :meth:`Station.issue`; exports write the audit
as CSV or as a printable HTML report.

The view reads the published :class:`~habitat_gui.core.maintenance.audit.MaintenanceReport`
(``source.maintenance()``) only when shown, when asked, after a command and when the
event log reports a fault or a maintenance event, never on every tick.
"""
