"""HTML building blocks of the report: escaping, the page shell with its inline CSS, small formatters.

Every page is self-contained: CSS inline, no script, no font or file fetched from anywhere but
the site folder (page images), so it opens from disk and from `juesuan serve` alike.
"""
from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

CSS = """
:root { --err: #c62828; --warn: #ef6c00; --line: #ccc; --muted: #666; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 0 auto; padding: 1rem 1.5rem 4rem; max-width: 1800px; color: #222; font-size: 14px; }
h1 { font-size: 1.5rem; margin: .5rem 0; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
a { color: #0b57d0; } nav a { margin-right: 1rem; }
.muted { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; margin: .5rem 0; }
dl.facts dt { color: var(--muted); }
table.list { border-collapse: collapse; margin: .5rem 0; }
table.list th, table.list td { border-bottom: 1px solid var(--line); padding: .25rem .5rem; text-align: left;
                               vertical-align: top; }
table.list td.n { text-align: right; font-variant-numeric: tabular-nums; }
.stats { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; min-width: 9rem; }
.stat b { display: block; font-size: 1.4rem; }
.pair { display: flex; gap: 1.5rem; align-items: flex-start; }
.pair > .grid-wrap { flex: 0 1 auto; max-width: 62%; overflow-x: auto; }
.pair > .page-images { flex: 1 1 38%; min-width: 360px; max-width: 860px; position: sticky; top: 0;
                       max-height: 100vh; overflow-y: auto; }
.pair.wide { flex-direction: column; }
.pair.wide > .grid-wrap { max-width: 100%; }
.pair.wide > .page-images { position: static; max-height: none; width: 100%; max-width: none; overflow: visible; }
.page-images figure, .gallery figure { margin: 0 0 1rem; }
.page-images img, .gallery img { width: 100%; height: auto; border: 1px solid var(--line); display: block; }
.pair.wide .page-images img { width: auto; max-width: 100%; min-width: min(100%, 900px); }
.pimg { position: relative; display: inline-block; max-width: 100%; width: 100%; }
.pair.wide .pimg { width: auto; }
.pimg a.box { position: absolute; display: block; }
.pimg a.box:target { outline: 3px solid var(--err); background: rgba(255, 235, 59, .4); }
figcaption { color: var(--muted); font-size: .85rem; }
table.grid { border-collapse: collapse; font-size: 13px; }
table.grid td { border: 1px solid #999; padding: 2px 5px; vertical-align: middle; }
table.grid td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.grid td.num a { color: inherit; text-decoration: none; border-bottom: 1px dotted #0b57d0; }
table.grid td.flagged { outline: 2px solid var(--err); outline-offset: -2px; }
table.grid td.flag-error { background: #ffd7d7; }
table.grid td.flag-warning { background: #ffe9c7; outline-color: var(--warn); }
table.grid td.flag-info { background: #e8f0fe; outline-color: #0b57d0; }
.sev-error { color: var(--err); font-weight: bold; } .sev-warning { color: var(--warn); font-weight: bold; }
.status-failed { color: var(--err); } .status-partial { color: var(--warn); }
.has-errors { color: var(--err); } .gap { color: var(--err); } .sev-info { color: #0b57d0; }
details.rounding summary { cursor: pointer; color: var(--muted); margin: .5rem 0; }
.note { color: var(--muted); font-size: .85rem; margin: .3rem 0; }
svg.chart text { font-size: 12px; }
:target { scroll-margin-top: 1rem; }
figure:target img { outline: 3px solid #0b57d0; }
"""


def esc(value: Any) -> str:
    """HTML-escaped text of a value ('' for None)."""
    return "" if value is None else escape(str(value), quote=True)


def page(title: str, body: str, depth: int = 0) -> str:
    """A complete HTML document; `depth` is how many folders below the site root it lives."""
    home = "../" * depth + "index.html"
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<link rel="icon" href="data:,">\n'
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f'<nav><a href="{home}">总览 Overview</a></nav>\n{body}\n</body>\n</html>\n')


def yuan(value: Any) -> str:
    """Money in yuan as 万元 with two decimals ('' for None)."""
    if value is None:
        return ""
    return f"{Decimal(str(value)) / 10000:,.2f} 万元"


def table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None, cls: str = "list") -> str:
    """A simple table; cells are HTML already (escape before); columns in `numeric` right-aligned."""
    numeric = numeric or set()
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>\n" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>'
