"""Helpers of the tests of the rules reviewers apply: reports with prose of substance, one organ's
reports over the years that follow on (table 2's documents in force, table 3's carry-over), and a
batch of them converted, its findings by file."""
from __future__ import annotations

from pathlib import Path

import xxgk
from xxgk.templates.y2021 import APPLICANTS

from reportgen import consistent_values, report_text

ORGAN = "某某市人民政府办公室"
# prose a reviewer finds nothing wrong with: 五 says enough, 六 what the fee was
PROSE = {
    1: "（一）主动公开。本机关通过门户网站主动公开政府信息，及时发布政策文件和解读材料。全年围绕重点领域加大公开"
       "力度，确保信息发布准确及时。（二）依申请公开。本机关严格按照法定程序和时限办理政府信息公开申请，答复规范。",
    5: "{year}年存在的主要问题是政策解读的形式较为单一，信息发布的时效性有待提高。下一步将丰富解读形式，加强对信息"
       "发布工作的审核和督促。",
    6: "本年度未收取信息处理费。",
}
# the same organ's prose of another year, written anew
OTHER_PROSE = {
    1: "（一）主动公开。本年度新建了政策文件库，对现行有效的文件逐件标注效力状态。围绕民生领域开设专题栏目，"
       "发布权威信息。（二）依申请公开。本机关优化了申请登记和答复流程，推行答复文书模板，提高了答复质量。",
    5: "{year}年的不足在于基层政务公开的规范化程度不高，部分栏目更新不够及时。今后将开展专项检查，按月通报栏目"
       "更新情况，并组织业务培训。",
    6: "本年度未收取信息处理费。",
}


def prose(year: int, written: dict[int, str] | None = None) -> dict[int, str]:
    return {n: text.format(year=year) for n, text in (written or PROSE).items()}


def following(before: dict[str, object], seed: int) -> dict[str, object]:
    """Consistent values for the year after `before`'s: its documents in force and its applications
    carried over follow on from `before`'s."""
    values = consistent_values(seed, 9)
    for row in ("regulations", "normative_documents"):
        values[f"t2.{row}.repealed"] = 0
        values[f"t2.{row}.in_force"] = before[f"t2.{row}.in_force"] + values[f"t2.{row}.issued"]  # type: ignore
    for col in (c.key for c in APPLICANTS):
        over = before[f"t3.carried_forward.{col}"]
        new = values[f"t3.results_total.{col}"] + values[f"t3.carried_forward.{col}"] - over   # type: ignore
        if new < 0:   # more carried over than handled: handle more
            for row in ("disclosed", "results_total"):
                values[f"t3.{row}.{col}"] -= new   # type: ignore[operator]
            new = 0
        values[f"t3.new_received.{col}"], values[f"t3.carried_over.{col}"] = new, over
    for row in ("new_received", "carried_over", "disclosed", "results_total"):
        values[f"t3.{row}.total"] = sum(values[f"t3.{row}.{c.key}"] for c in APPLICANTS)   # type: ignore[misc]
    return values


def write_year(folder: Path, year: int, values: dict[str, object], organ: str = ORGAN,
               written: dict[int, str] | None = None, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{year}.txt")
    path.write_text(report_text(values, organ=organ, year=year, prose=prose(year, written)), encoding="utf-8")
    return path


def batch(folder: Path, out: Path, **settings: object) -> dict[str, list]:
    """The batch rules' findings of a batch over `folder`, by file name."""
    found: dict[str, list] = {}
    for source, finding in xxgk.convert_many([str(folder)], out, ["json"], settings=settings, time_limit=None).findings:
        found.setdefault(Path(source).name, []).append(finding)
    return found
