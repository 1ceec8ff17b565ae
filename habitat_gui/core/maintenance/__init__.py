"""Maintenance: the offline audit of an aged fleet (``ageing``, ``inspection``, ``audit``,
``roster``, ``repair_plan``, ``cross_training``, ``audit_report``, ``export``, ``outlook``, on
the figures of ``data``, the records they share in ``records``) and live maintenance in the
running simulation (``live``, with ``live_state``, ``wear``, ``lockout`` and
``fault_clearing``)."""
