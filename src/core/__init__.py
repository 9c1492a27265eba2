"""xxgk: government information-disclosure annual reports (政府信息公开工作年度报告) into clean,
checked, official-format documents.

    import xxgk
    report = xxgk.read("report.txt")
    for finding in xxgk.validate(report):
        print(finding.rule, finding.message)
    xxgk.write(report, "json", "report.json")
    frame = xxgk.to_dataframe(["report.txt", "other.pdf"])    # pandas, with the pandas extra
"""
from __future__ import annotations

from .hookspecs import hookimpl

__version__ = "0.1.0"
__all__ = ["__version__", "convert_many", "hookimpl", "read", "read_dataset", "read_source", "to_dataframe",
           "validate", "write"]


def __getattr__(name: str):
    """The API is imported on first use, so that `xxgk --version` and plugin imports stay fast."""
    if name in ("read", "read_source", "validate", "write"):
        from . import api
        return getattr(api, name)
    if name in ("to_dataframe", "read_dataset"):
        from . import frames
        return getattr(frames, name)
    if name == "convert_many":
        from .batch import convert_many
        return convert_many
    raise AttributeError(f"module 'xxgk' has no attribute {name!r}")
