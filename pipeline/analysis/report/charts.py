"""Inline SVG bar charts (no script, no library): one horizontal bar per document."""
from __future__ import annotations

from pipeline.analysis.report.html import esc

WIDTH, LABEL_W, BAR_W, ROW_H = 760, 300, 330, 24


def _label(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(title: str, bars: list[tuple[str, float, str | None]]) -> str:
    """An SVG chart of `bars` (label, value in yuan, link or None), values shown in 万元.

    Bars scale to the largest absolute value; a negative value is drawn as a bar in another
    colour from the same origin.  No bars: an empty string.
    """
    if not bars:
        return ""
    top = max(abs(v) for _, v, _ in bars) or 1.0
    height = ROW_H * len(bars) + 34
    parts = [f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">',
             f'<text x="0" y="16" font-weight="bold">{esc(title)}（万元）</text>']
    for i, (label, value, href) in enumerate(bars):
        y = 28 + i * ROW_H
        w = max(1.0, abs(value) / top * BAR_W)
        colour = "#4f81bd" if value >= 0 else "#c0504d"
        row = (f'<title>{esc(label)}: {value / 10000:,.2f} 万元</title>'
               f'<text x="{LABEL_W - 6}" y="{y + 15}" text-anchor="end">{esc(_label(label))}</text>'
               f'<rect x="{LABEL_W}" y="{y + 3}" width="{w:.1f}" height="{ROW_H - 8}" fill="{colour}"/>'
               f'<text x="{LABEL_W + w + 6:.1f}" y="{y + 15}">{value / 10000:,.2f}</text>')
        parts.append(f'<a href="{esc(href)}">{row}</a>' if href else f"<g>{row}</g>")
    parts.append("</svg>")
    return "\n".join(parts)
