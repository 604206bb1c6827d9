"""Inline SVG bar charts (no script, no library): one horizontal bar per document.

Each bar is labelled in two lines — department, year and kind, then the source file in grey —
so documents of one department and year stay apart; the full text is in the bar's tooltip.
"""
from __future__ import annotations

from typing import NamedTuple

from pipeline.analysis.query import width
from pipeline.analysis.report.html import esc

WIDTH, LABEL_W, BAR_W, ROW_H = 1000, 520, 360, 38
LABEL_COLS = 84  # terminal-style columns (a CJK character is two) that fit LABEL_W at 12px


class Bar(NamedTuple):
    label: str  # department year kind
    source: str  # source file name
    value: float  # yuan
    href: str | None = None


def _cut(text: str, limit: int = LABEL_COLS) -> str:
    if width(text) <= limit:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > limit - 1:
            break
        out += ch
    return out + "…"


def bar_chart(title: str, bars: list[Bar]) -> str:
    """An SVG chart of `bars`, values shown in 万元.

    Bars scale to the largest absolute value; a negative value is drawn as a bar in another
    colour from the same origin.  No bars: an empty string.
    """
    if not bars:
        return ""
    top = max(abs(b.value) for b in bars) or 1.0
    height = ROW_H * len(bars) + 34
    parts = [f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="0" y="16" font-weight="bold">{esc(title)}（万元）</text>']
    for i, b in enumerate(bars):
        y = 28 + i * ROW_H
        w = max(1.0, abs(b.value) / top * BAR_W)
        colour = "#4f81bd" if b.value >= 0 else "#c0504d"
        row = (f'<title>{esc(b.label)} · {esc(b.source)}: {b.value / 10000:,.2f} 万元</title>'
               f'<text x="{LABEL_W - 6}" y="{y + 14}" text-anchor="end">{esc(_cut(b.label))}</text>'
               f'<text class="src" x="{LABEL_W - 6}" y="{y + 29}" text-anchor="end" fill="#666" '
               f'font-size="11">{esc(_cut(b.source, LABEL_COLS + 8))}</text>'
               f'<rect x="{LABEL_W}" y="{y + 6}" width="{w:.1f}" height="{ROW_H - 14}" fill="{colour}"/>'
               f'<text x="{LABEL_W + w + 6:.1f}" y="{y + 22}">{b.value / 10000:,.2f}</text>')
        parts.append(f'<a href="{esc(b.href)}">{row}</a>' if b.href else f"<g>{row}</g>")
    parts.append("</svg>")
    return "\n".join(parts)
