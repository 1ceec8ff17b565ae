"""The information model in the server's address space: the types of :mod:`.schema`, and
one object per module, interconnect, unit, relay and person of the habitat (alarms are
added as they first appear). Every node of ours has a string NodeId in our namespace:
``Modules.hab-3``, ``Modules.hab-3.PressureKpa``, ``Types.ModuleType``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from asyncua import Node, Server, ua
from asyncua.common.instantiate_util import instantiate
from asyncua.common.structures104 import new_enum

from ..contract.state import Snapshot
from ..core.plant.habitat import Habitat
from ..core.procedures.definition import Procedure
from ..sources.link.schema import (CHECK, CLOCK_METHODS, CONTROL_METHODS,
                                   CONTROL_VARIABLES, CREW_MEMBER, DEBRIEF, DRILL_METHODS,
                                   DRILL_VARIABLES, ENUMS, EQUIPMENT, EVENTS_SINCE, HAZARD,
                                   INTERCONNECT, MODULE, NAMESPACE, PLANT_METHODS, RELAY,
                                   TRAINING_VARIABLES, TYPES, UNIT_TYPES, UNITS, Field,
                                   Method, ObjectType)

UNECE = "http://www.opcfoundation.org/UA/units/un/cefact"
_VARIANT = {"Double": ua.VariantType.Double, "Int32": ua.VariantType.Int32,
            "UInt32": ua.VariantType.UInt32, "Boolean": ua.VariantType.Boolean,
            "String": ua.VariantType.String}
_DEFAULT = {"Double": float("nan"), "Int32": 0, "UInt32": 0, "Boolean": False, "String": ""}
FOLDERS = ("Modules", "Interconnects", "Equipment", "Relays", "Crew", "Alarms")


def unit_id(code: str) -> int:
    """The UnitId of a UNECE common code (OPC UA Part 8, 5.6.3)."""
    value = 0
    for char in code:
        value = (value << 8) | ord(char)
    return value


def engineering_units(code: str) -> ua.EUInformation:
    return ua.EUInformation(NamespaceUri=UNECE, UnitId=unit_id(code),
                            DisplayName=ua.LocalizedText(UNITS[code]),
                            Description=ua.LocalizedText(UNITS[code]))


def standard(ident: int) -> ua.NodeId:
    """A node of the OPC UA namespace (0) by its numeric id (``ua.ObjectIds``)."""
    return ua.NodeId(ua.Int32(ident))


def variant(kind: str, value: object) -> ua.Variant:
    return ua.Variant(value, _VARIANT.get(kind, ua.VariantType.Int32))


@dataclass
class Model:
    """Where things are: our namespace index, the type nodes, and per object node id what
    it stands for (its kind and the plant's id)."""

    server: Server
    idx: int
    types: dict[str, Node] = field(default_factory=dict)
    enums: dict[str, ua.NodeId] = field(default_factory=dict)
    objects: dict[str, tuple[ObjectType, str]] = field(default_factory=dict)  # node -> id
    methods: dict[str, list[Node]] = field(default_factory=dict)  # Type.Method -> nodes

    def node_id(self, name: str) -> ua.NodeId:
        return ua.NodeId(ua.String(name), ua.Int16(self.idx))

    def node(self, name: str) -> Node:
        return self.server.get_node(self.node_id(name))

    async def add_object(self, folder: str, ident: str, otype: ObjectType) -> str:
        """An instance of ``otype`` named ``ident`` in ``folder``; its node id string."""
        name = f"{folder}.{ident}"
        await self.node(folder).add_object(self.node_id(name), ua.QualifiedName(ident, self.idx),
                                           self.types[otype.name].nodeid)
        self.objects[name] = (otype, ident)
        for method in otype.all_methods():
            self.methods.setdefault(method.name, []).append(self.node(f"{name}.{method.name}"))
        return name


async def _add_field(model: Model, parent: Node, owner: str, f: Field) -> None:
    nodeid, qname = model.node_id(f"{owner}.{f.name}"), ua.QualifiedName(f.name, model.idx)
    server = model.server
    if f.unit:
        analog = server.get_node(ua.ObjectIds.AnalogItemType)
        var = (await instantiate(parent, analog, nodeid=nodeid, bname=qname,
                                 instantiate_optional=False))[0]
        await var.write_attribute(ua.AttributeIds.DataType, ua.DataValue(ua.Variant(
            standard(ua.ObjectIds.Double), ua.VariantType.NodeId)))
        await var.write_value(ua.Variant(float("nan"), ua.VariantType.Double))
        eu_range = await var.get_child("0:EURange")
        await eu_range.write_value(ua.Range(f.low, f.high))
        units = await var.add_property(model.node_id(f"{owner}.{f.name}.EngineeringUnits"),
                                       ua.QualifiedName("EngineeringUnits", 0),
                                       engineering_units(f.unit),
                                       datatype=ua.ObjectIds.EUInformation)
        for child in (eu_range, units):
            await child.set_modelling_rule(True)
    elif f.kind in ENUMS:
        var = await parent.add_variable(nodeid, qname, ua.Variant(0, ua.VariantType.Int32),
                                        datatype=model.enums[f.kind])
    else:
        var = await parent.add_variable(nodeid, qname, variant(f.kind, _DEFAULT[f.kind]))
    await var.set_modelling_rule(True)


def _argument(name: str, description: str, kind: ua.NodeId) -> ua.Argument:
    return ua.Argument(Name=name, DataType=kind, ValueRank=-1,
                       Description=ua.LocalizedText(description))


def _outputs(method: Method) -> list[ua.Argument]:
    return [_argument("Accepted", "whether the plant accepted the call",
                      standard(ua.ObjectIds.Boolean)),
            _argument(method.result, "what was done, or why it was refused"
                      if method.result == "Reason" else "the answer, or why there is none",
                      standard(ua.ObjectIds.String))]


async def add_method(model: Model, parent: Node, owner: str, method: Method,
                     mandatory: bool) -> Node:
    inputs = [_argument(name, arg, standard(ua.ObjectIds.String))
              for name, arg in method.inputs]
    node = await parent.add_method(model.node_id(f"{owner}.{method.name}"),
                                   ua.QualifiedName(method.name, model.idx), None, inputs,
                                   _outputs(method))
    await node.write_attribute(ua.AttributeIds.Description, ua.DataValue(ua.Variant(
        ua.LocalizedText(method.description or method.command), ua.VariantType.LocalizedText)))
    if mandatory:
        await node.set_modelling_rule(True)
        for prop in await node.get_properties():
            await prop.set_modelling_rule(True)
    return node


async def _add_type(model: Model, otype: ObjectType) -> None:
    base = model.types[otype.base.name] if otype.base else \
        model.server.get_node(ua.ObjectIds.BaseObjectType)
    owner = f"Types.{otype.name}"
    node = await base.add_object_type(model.node_id(owner),
                                      ua.QualifiedName(otype.name, model.idx))
    if otype.abstract:
        await node.write_attribute(ua.AttributeIds.IsAbstract, ua.DataValue(ua.Variant(
            True, ua.VariantType.Boolean)))
    model.types[otype.name] = node
    for f in otype.fields:
        await _add_field(model, node, owner, f)
    for method in otype.methods:
        model.methods.setdefault(method.name, []).append(
            await add_method(model, node, owner, method, mandatory=True))


async def build_model(server: Server, habitat: Habitat, snapshot: Snapshot,
                      clock: bool, procedures: Iterable[Procedure] = (), drill: bool = False,
                      training: bool = False) -> Model:
    """The types, the Plant object and one object per module and interconnect of
    ``habitat`` and per unit, relay and person of ``snapshot``; the clock's methods when
    the server drives the plant's ``clock``; the files of its ``procedures`` (JSON: file
    name to text) for stations to read; the instructor's ``drill`` and the ``training``
    run's variables and methods when the plant offers them."""
    idx = await server.register_namespace(NAMESPACE)
    model = Model(server, idx)
    for name, values in ENUMS.items():
        enum = await new_enum(server, model.node_id(f"Types.{name}"),
                              ua.QualifiedName(name, idx), list(values))
        model.enums[name] = enum.nodeid
    for otype in TYPES:
        await _add_type(model, otype)
    plant = await server.nodes.objects.add_object(model.node_id("Plant"),
                                                  ua.QualifiedName("Plant", idx))
    for name, kind, value in (
            ("HabitatName", "String", habitat.name),
            ("HabitatDescription", "String", habitat.text),
            ("Procedures", "String", json.dumps({Path(p.source).name: p.text
                                                 for p in procedures})),
            ("SimulationTimeS", "Double", 0.0), ("EventCount", "Int32", 0),
            ("Simulated", "Boolean", False), ("Seed", "Int32", 0), ("Scenario", "String", ""),
            ("AlarmHealth", "String", "{}"), ("AlarmLimits", "String", "[]"),
            *((name, "String", "") for name in CONTROL_VARIABLES),
            *((("Speed", "Double", 1.0), ("Paused", "Boolean", False)) if clock else ()),
            *((name, kind, _DEFAULT[kind]) for name, kind in
              (*(DRILL_VARIABLES if drill else ()), *(TRAINING_VARIABLES if training else ())))):
        await plant.add_variable(model.node_id(f"Plant.{name}"), ua.QualifiedName(name, idx),
                                 variant(kind, value))
    for method in (*PLANT_METHODS, CHECK, HAZARD, EVENTS_SINCE, *CONTROL_METHODS,
                   *(CLOCK_METHODS if clock else ()), *(DRILL_METHODS if drill else ()),
                   *((DEBRIEF,) if training else ())):
        model.methods.setdefault(method.name, []).append(
            await add_method(model, plant, "Plant", method, mandatory=False))
    for folder in FOLDERS:
        await plant.add_folder(model.node_id(folder), ua.QualifiedName(folder, idx))
    for spec in habitat.modules:
        await model.add_object("Modules", spec.id, MODULE)
        layout = await model.node(f"Modules.{spec.id}").add_folder(
            model.node_id(f"Modules.{spec.id}.Layout"), ua.QualifiedName("Layout", idx))
        x, y = spec.position if spec.position is not None else (float("nan"), float("nan"))
        for axis, value in (("X", x), ("Y", y)):
            await layout.add_variable(model.node_id(f"Modules.{spec.id}.Layout.{axis}"),
                                      ua.QualifiedName(axis, idx), float(value))
    for link in habitat.interconnects:
        await model.add_object("Interconnects", link.id, INTERCONNECT)
    for unit in snapshot.units:
        await model.add_object("Equipment", unit.id, UNIT_TYPES.get(unit.kind, EQUIPMENT))
    for relay in snapshot.relays:
        await model.add_object("Relays", relay.id, RELAY)
    for person in snapshot.crew:
        await model.add_object("Crew", person.name, CREW_MEMBER)
    return model


async def export_nodeset(model: Model, path: str) -> None:
    """Our namespace as an OPC UA NodeSet2 XML file (types, objects and their values)."""
    await model.server.export_xml_by_ns(path, [model.idx], export_values=True)
