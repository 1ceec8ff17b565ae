"""The published contract between a plant and the panel: state, alarms, events, commands.

Plain frozen data that imports nothing of the simulation, so a live plant link can publish
the same types. What only a simulation knows (the true air, a hole's size, the seed) is an
optional part, present only from a simulated source.
"""
