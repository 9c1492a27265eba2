"""The Chinese fonts the documents name, and what stands in for them when a PDF is printed here.

The DOCX and HTML writers name the fonts of the national format: 宋体 (and 方正小标宋简体 for the
title), 仿宋 for the body, 黑体 for headings, 楷体 for sub-headings. A Linux machine rarely has
them, and fontconfig then gives any CJK font (often a sans-serif for everything). For its own
printing, xxgk hands LibreOffice and Chromium a fontconfig file (`fontconfig_file`) that keeps the
machine's configuration and adds, for each of those names, the installed fonts that look most like
it: the Windows or Founder fonts themselves when installed, else the free ones Debian packages
(`ROLES`). `missing()` says which faces have no stand-in, with the package that gives one.
"""
from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

FC_LIST_TIMEOUT = 30   # seconds


@dataclass(frozen=True)
class Role:
    """A face the documents name: the names they give it (DOCX and CSS), the fonts that stand in
    for it, best first, and the Debian package of the first free one."""

    face: str
    names: tuple[str, ...]
    stand_ins: tuple[str, ...]
    package: str


ROLES = (
    Role("小标宋", ("方正小标宋简体", "FZXiaoBiaoSong-B05S"),
         ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "Noto Serif CJK SC", "AR PL UMing CN"), "fonts-noto-cjk"),
    Role("宋体", ("宋体", "SimSun"), ("SimSun", "Noto Serif CJK SC", "AR PL UMing CN"), "fonts-noto-cjk"),
    Role("仿宋", ("仿宋", "FangSong", "仿宋_GB2312", "FangSong_GB2312"),
         ("FangSong", "仿宋_GB2312", "FangSong_GB2312", "Noto Serif CJK SC", "AR PL UMing CN"), "fonts-noto-cjk"),
    Role("黑体", ("黑体", "SimHei"), ("SimHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei"), "fonts-noto-cjk"),
    Role("楷体", ("楷体", "KaiTi", "楷体_GB2312", "KaiTi_GB2312"), ("KaiTi", "楷体_GB2312", "AR PL UKai CN"),
         "fonts-arphic-ukai"),
)


def fontconfig_file(folder: Path) -> Path:
    """Write `folder`/fonts.conf: the machine's fontconfig configuration (or the one FONTCONFIG_FILE
    names) with the stand-ins of ROLES put first for each name; give it to a program as FONTCONFIG_FILE."""
    from xml.sax.saxutils import escape

    base = os.environ.get("FONTCONFIG_FILE") or "fonts.conf"   # a bare name: found where fontconfig keeps it
    aliases = "".join(
        f'  <alias binding="same"><family>{escape(name)}</family><prefer>'
        + "".join(f"<family>{escape(family)}</family>" for family in role.stand_ins)
        + "</prefer></alias>\n"
        for role in ROLES for name in role.names)
    path = folder / "xxgk-fonts.conf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                    f'<fontconfig>\n  <include ignore_missing="yes">{escape(base)}</include>\n{aliases}'
                    "</fontconfig>\n", encoding="utf-8")
    return path


@functools.cache
def installed() -> frozenset[str] | None:
    """The font families fontconfig knows on this machine (every name of each), None without
    fontconfig's `fc-list`."""
    import subprocess

    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        listed = subprocess.run([program, ":", "family"], capture_output=True, text=True, timeout=FC_LIST_TIMEOUT,
                                check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return frozenset(name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip())


def missing() -> list[str]:
    """One line for each face with no stand-in installed, naming the package that gives one."""
    families = installed()
    if families is None:
        return ["the Chinese fonts cannot be checked: fontconfig's fc-list is not installed"]
    return [f"{role.face}: none of {', '.join(role.stand_ins)} is installed (apt-get install {role.package})"
            for role in ROLES if not families & set(role.stand_ins)]
