"""The colony as a physical system: habitat description, gas, equipment, crew, faults."""
