"""The written HTML in a real browser: table 3's merged cells render where the template puts them."""
from __future__ import annotations

import io
import json
import re
import subprocess

import xxgk
from xxgk import manager
from xxgk.layout import official_layout, placed

from conftest import CHROMIUM_FLAGS, SAMPLES

# Appended to a copy of the page (the page itself has no script): every table-3 cell's rendered
# start and end as indexes into the distinct row tops and column lefts.
PROBE = """<script>
const cells = [...document.querySelectorAll("table.t3 td, table.t3 th")].map(td => [td, td.getBoundingClientRect()]);
const lines = (values) => values.sort((a, b) => a - b).filter((v, i, all) => i === 0 || v - all[i - 1] > 2);
const xs = lines(cells.map(([, r]) => r.left)), ys = lines(cells.map(([, r]) => r.top));
const at = (lines, v) => lines.findIndex(l => Math.abs(l - v) <= 2);
const end = (lines, v) => { const i = lines.findIndex(l => l >= v - 2); return i < 0 ? lines.length : i; };
const out = cells.map(([td, r]) =>
  [td.textContent, at(ys, r.top), at(xs, r.left), end(ys, r.bottom), end(xs, r.right)]);
const pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def test_table3_cells_render_where_the_template_puts_them(chromium, tmp_path):
    report = xxgk.read(SAMPLES / "hongze-2023.pdf")
    out = io.BytesIO()
    xxgk.write(report, "html", out)
    page = out.getvalue().decode("utf-8")
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    (tmp_path / "probe.html").write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    profile = tmp_path / "profile"
    run = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,2400"]
    dom = subprocess.run(run + ["--dump-dom", (tmp_path / "probe.html").as_uri()], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    rendered = json.loads(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S).group(1).replace("&amp;", "&"))

    tpl = next(t for t in manager.default().registry.report_tables(report) if t.table == "t3")
    expected = []
    for r, c, cell in placed(official_layout(tpl)):
        value = report.value(cell.key) if cell.key else None
        text = (cell.text or "") if cell.key is None else ("" if value is None else str(value))
        expected.append([text, r, c, r + cell.rowspan, c + cell.colspan])
    assert rendered == expected

    shot = tmp_path / "report.png"
    subprocess.run(run + [f"--screenshot={shot}", (tmp_path / "report.html").as_uri()], capture_output=True,
                   timeout=120, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
