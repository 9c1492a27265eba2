"""The written page's style sheet: a government document on screen, on a phone and on paper.

On paper (A4, GB/T 9704's type area): body 3号 仿宋 on a 28 pt line, tables 5号 宋体 as wide as the type
area in fixed columns, every border inside the page; the header rows of tables 3 and 4 (in <thead>)
repeat on each page, table 2 stays on one page, no row is split and a heading stays with what
follows it; page numbers as GB/T 9704 sets them ("— 1 —", 4号 宋体, 7 mm below the type area, odd
pages at the right, even at the left, one character in), in page-margin boxes (Chromium 131 and
later; other browsers leave them out), which also keep the browser's own header and footer (the
date, the file's path) off the page.
"""
from __future__ import annotations

SERIF = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", serif'
FANGSONG = '"仿宋", "FangSong", "仿宋_GB2312", "FangSong_GB2312", "STFangsong", "Noto Serif CJK SC", serif'
HEI = '"黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif'
SONG = '"宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", serif'
PAGE_NUMBER = (f'content: "— " counter(page) " —"; font-family: {SONG}; font-size: 14pt; '
               "vertical-align: top; padding-top: 7mm;")
CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; @top-center {{ content: ""; }} }}
@page :right {{ @bottom-right {{ {PAGE_NUMBER} padding-right: 14pt; }} }}
@page :left {{ @bottom-left {{ {PAGE_NUMBER} padding-left: 14pt; }} }}
body {{ font-family: {FANGSONG}; font-size: 18px; line-height: 1.8; color: #000; background: #fff;
       max-width: 48em; margin: 0 auto; padding: 1.5em 1em; }}
h1 {{ font-family: {SERIF}; font-size: 28px; text-align: center; font-weight: normal; line-height: 1.5; }}
h2 {{ font-family: {HEI}; font-size: 20px; font-weight: normal; margin: 1.2em 0 .4em; break-after: avoid; }}
p {{ text-indent: 2em; margin: 0; }}
p.meta {{ text-indent: 0; text-align: right; color: #555; font-size: 14px; }}
.table-box {{ overflow-x: auto; margin: .5em 0 1em; }}
table {{ border-collapse: collapse; margin: 0 auto; font-family: {SONG}; font-size: 14px; line-height: 1.4; }}
td, th {{ border: 1px solid #000; padding: 3px 5px; text-align: center; vertical-align: middle; font-weight: normal; }}
td.v {{ min-width: 2.6em; }}
table.t3 {{ min-width: 42em; }}
table.t4 {{ min-width: 40em; }}
table.t3 .group, table.t3 .results {{ width: 1.2em; }}
td.v, td.l, th {{ break-inside: avoid; }}   /* rows whole; a page may break between the rows a label spans */
.flag.error {{ background: #fbd5d5; }}
.flag.warning {{ background: #fdf1c7; }}
section.findings p {{ text-indent: 0; }}
section.findings li.error {{ color: #a00; }}
section.findings a {{ color: inherit; }}
@media print {{
  body {{ max-width: none; padding: 0; font-size: 16pt; line-height: 28pt; }}
  h1 {{ font-size: 22pt; }} h2 {{ font-size: 16pt; }}
  p.meta {{ font-size: 10.5pt; }}
  .table-box {{ overflow: visible; break-inside: auto; }}
  table {{ font-size: 10.5pt; width: 100%; table-layout: fixed; }}
  table.t2 {{ break-inside: avoid; }}
  table.t3, table.t4 {{ min-width: 0; }}
  td, th {{ padding: 2px 1px; overflow-wrap: anywhere; }}
  td.v {{ min-width: 0; }}
  .flag {{ print-color-adjust: exact; -webkit-print-color-adjust: exact; }}
  section.findings {{ break-before: page; }}
  section.findings a {{ text-decoration: none; }}
}}
"""
