"""The plugin manager: builtin and third-party plugins alike come from the `xxgk` entry points
(`xxgk.entrypoints`: scanned once, then cached until a distribution is installed or removed).

Entry points are loaded one by one, so a plugin that fails to import, misspells a hook or raises
while registering is reported (see `PluginInfo.error`) and the others still load.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import FunctionType, MethodType, ModuleType

import pluggy

from . import entrypoints, hookspecs
from .registry import Registry

GROUP = "xxgk"
HOOKS = ("xxgk_register_templates", "xxgk_register_readers",
         "xxgk_register_validators", "xxgk_register_writers")


@dataclass
class PluginInfo:
    name: str
    version: str | None = None
    module: str | None = None
    hooks: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class Plugins:
    """A plugin manager with the registry its plugins filled."""

    manager: pluggy.PluginManager
    registry: Registry
    info: dict[str, PluginInfo]

    @property
    def broken(self) -> list[PluginInfo]:
        return [p for p in self.info.values() if p.error]


class _Manager(pluggy.PluginManager):
    """pluggy's manager, reading a plugin module's names faster: pluggy looks each name of a plugin
    up with `inspect.getattr_static`, slow and, for a module, no different from its __dict__ (a
    module's names are plain values); a name whose value is no function, method, staticmethod or
    classmethod cannot be a hook implementation, and is skipped without that look-up."""

    def parse_hookimpl_opts(self, plugin, name):
        if isinstance(plugin, ModuleType) and name in plugin.__dict__ and not isinstance(
                plugin.__dict__[name], (FunctionType, MethodType, staticmethod, classmethod)):
            return None
        return super().parse_hookimpl_opts(plugin, name)


def new_manager() -> pluggy.PluginManager:
    pm = _Manager(GROUP)
    pm.add_hookspecs(hookspecs)
    return pm


def load(extra: dict[str, object] | None = None, use_entry_points: bool = True) -> Plugins:
    """Load the entry-point plugins (unless told not to) and `extra` {name: plugin}, then fill a
    fresh registry by calling every plugin's hooks."""
    pm = new_manager()
    info: dict[str, PluginInfo] = {}
    if use_entry_points:
        for name, value, version in entrypoints.installed(GROUP):
            item = info.setdefault(name, PluginInfo(name, version, value))
            try:
                _register(pm, entrypoints.load(value), name)
            except Exception as exc:  # a broken plugin must not stop the others
                item.error = f"{type(exc).__name__}: {exc}"
    for name, plugin in (extra or {}).items():
        item = info.setdefault(name, PluginInfo(name, module=getattr(plugin, "__name__", repr(plugin))))
        try:
            _register(pm, plugin, name)
        except Exception as exc:
            item.error = f"{type(exc).__name__}: {exc}"
    registry = Registry()
    for hook in HOOKS:
        for impl in getattr(pm.hook, hook).get_hookimpls():
            item = info[impl.plugin_name]
            registry.plugin = impl.plugin_name
            saved = registry.snapshot()
            try:
                impl.function(registry=registry)
                item.hooks.append(hook)
            except Exception as exc:
                registry.restore(saved)
                item.error = f"{hook}: {type(exc).__name__}: {exc}"
    registry.plugin = ""
    return Plugins(pm, registry, info)


def _register(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    pm.register(plugin, name=name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError:
        pm.unregister(plugin)
        raise


_default: Plugins | None = None


def default() -> Plugins:
    """The installed plugins, loaded once per process."""
    global _default
    if _default is None:
        _default = load()
    return _default
