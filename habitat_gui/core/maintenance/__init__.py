"""Maintenance: the offline audit of an aged fleet (``audit``, ``export``, ``outlook``) and
live wear, inspections and repairs in the running simulation (``live``)."""
