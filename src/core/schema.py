"""The JSON Schema of the report, generated from the model's dataclasses."""
from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal

from .model import SCHEMA_VERSION, Report

_SCALARS = {int: {"type": "integer"}, str: {"type": "string"}, float: {"type": "number"},
            bool: {"type": "boolean"}, type(None): {"type": "null"},
            Decimal: {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "description": "decimal, exact"}}


def json_schema() -> dict:
    defs: dict[str, dict] = {}
    root = _schema(Report, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://xxgk.invalid/schema/{SCHEMA_VERSION}.json",
        "title": "xxgk report",
        **root,
        "$defs": defs,
    }


def _schema(tp, defs: dict) -> dict:
    if tp in _SCALARS:
        return dict(_SCALARS[tp])
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema(arg, defs) for arg in typing.get_args(tp)]}
    if origin is list:
        return {"type": "array", "items": _schema(typing.get_args(tp)[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(typing.get_args(tp)[1], defs)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}   # placeholder against recursion
            hints = typing.get_type_hints(tp)
            fields = dataclasses.fields(tp)
            props = {f.name: _schema(hints[f.name], defs) for f in fields}
            if tp is Report:
                props["schema"] = {"const": SCHEMA_VERSION}
            required = [f.name for f in fields if f.default is dataclasses.MISSING
                        and f.default_factory is dataclasses.MISSING]
            if tp is Report:
                required.append("schema")
            defs[name] = {"type": "object", "description": (tp.__doc__ or "").strip().split("\n")[0],
                          "properties": props, "required": required, "additionalProperties": False}
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")
