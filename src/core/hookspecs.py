"""The hooks xxgk plugins implement. Each hands the plugin the registry to add what it provides.

A plugin is a module (or object) with functions marked `@xxgk.hookimpl`, announced in the
`xxgk` entry-point group of its package. Every hook takes `registry` (an `xxgk.registry.Registry`)
and returns nothing.
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("xxgk")
hookimpl = pluggy.HookimplMarker("xxgk")


@hookspec
def xxgk_register_templates(registry):
    """Add report formats: `registry.add_template(template)` with an `xxgk.template.Template`."""


@hookspec
def xxgk_register_readers(registry):
    """Add input formats: `registry.add_reader(Reader(...))`; a reader turns bytes into a Document."""


@hookspec
def xxgk_register_validators(registry):
    """Add rules: `registry.add_validator(Validator(...))`; a validator returns findings for a Report."""


@hookspec
def xxgk_register_writers(registry):
    """Add output formats: `registry.add_writer(Writer(...))`, chosen by `--to NAME`."""
