"""The one error hierarchy of xxgk. The CLI turns these into one-line messages."""
from __future__ import annotations


class XxgkError(Exception):
    """Base class of every error xxgk raises on purpose."""

    exit_code = 2


class ReadError(XxgkError):
    """An input that cannot be read: missing, empty, undecodable, corrupt, of an unknown format."""


class NotAReportError(ReadError):
    """An input that was read but holds no annual report (no section headings, no tables)."""


class PluginError(XxgkError):
    """A plugin that failed to load or to register."""


class WriteError(XxgkError):
    """An output that could not be written, or a format no writer provides."""
