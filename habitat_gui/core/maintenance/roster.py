"""The crew's maintenance skills and hours: those of ``skill_weights`` with levels 0-3, and
hours a day for maintenance beside their own work, as the habitat file gives them
(``skills``, ``maintenance_hours_per_day`` of each ``[[crew]]``); where it does not, they are
drawn from the seed (:func:`crew_skills`): a main skill (weights ``skill_weights``) at level
1-3 (``main_level_weights``), sometimes a second one at level 1, and hours from
``maintenance_hours_choices`` (figures of the maintenance data file)."""

from __future__ import annotations

import numpy as np

from ..plant.habitat import Habitat
from .data import builtin as data
from .records import Crewmember

CREW_SALT = 0xC4E3


def crew_skills(habitat: Habitat, seed: int = 0) -> tuple[Crewmember, ...]:
    """Skills and maintenance hours of each person, drawn from the seed (see module doc)."""
    rng = np.random.default_rng([seed, CREW_SALT])
    d = data()
    out = []
    for person in habitat.crew:
        main = d.skills[int(rng.choice(len(d.skills), p=d.skill_weights))]
        skills = {main: int(rng.choice((1, 2, 3), p=d.main_level_weights))}
        second = d.skills[int(rng.choice(len(d.skills), p=d.skill_weights))]
        if rng.random() < d.second_skill_chance and second != main:
            skills[second] = 1
        choices = d.maintenance_hours_choices
        hours = float(choices[int(rng.integers(len(choices)))])
        out.append(Crewmember(person.name, person.module, hours, skills))
    return tuple(out)


def roster(habitat: Habitat, seed: int = 0) -> tuple[Crewmember, ...]:
    """The crew's skills and maintenance hours: the habitat file's where it gives them, else
    drawn from the seed (:func:`crew_skills`)."""
    out = []
    for spec, drawn in zip(habitat.crew, crew_skills(habitat, seed)):
        skills = dict(spec.skills) if spec.skills is not None else drawn.skills
        hours = (spec.maintenance_hours_per_day if spec.maintenance_hours_per_day is not None
                 else drawn.hours_per_day)
        out.append(Crewmember(spec.name, spec.module, hours,
                              {s: n for s, n in skills.items() if n > 0}))
    return tuple(out)
