"""pdf.finder.cells finds exactly the cells pdfplumber's intersections_to_cells finds, in order."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import TableSettings, edges_to_intersections, intersections_to_cells

from extractors.pdf.finder import Finder, cells
from extractors.pdf.reader import open_pdf
from extractors.pdf.tables import TABLE_SETTINGS, _visible
from tests.conftest import SAMPLES

COORD = st.integers(0, 12).map(float)


def _h(y: float, x0: float, x1: float) -> dict:
    x0, x1 = sorted((x0, x1))
    return {"x0": x0, "x1": x1 + 1, "top": y, "bottom": y, "width": x1 + 1 - x0, "height": 0.0, "orientation": "h"}


def _v(x: float, t0: float, t1: float) -> dict:
    t0, t1 = sorted((t0, t1))
    return {"x0": x, "x1": x, "top": t0, "bottom": t1 + 1, "width": 0.0, "height": t1 + 1 - t0, "orientation": "v"}


EDGES = st.lists(st.builds(_h, COORD, COORD, COORD) | st.builds(_v, COORD, COORD, COORD), max_size=24)


@settings(max_examples=300)
@given(EDGES)
def test_random_rulings_give_pdfplumbers_cells(edges):
    points = edges_to_intersections(edges, 1, 1)
    assert cells(points) == intersections_to_cells(points)


def test_a_ruled_grid_with_a_merged_cell():
    edges = [_h(y, 0, 9) for y in (0, 5, 10)] + [_v(x, 0, 9) for x in (0, 10)] + [_v(5, 5, 9)]
    points = edges_to_intersections(edges, 1, 1)
    assert cells(points) == intersections_to_cells(points) == [(0.0, 0.0, 10.0, 5.0), (0.0, 5.0, 5.0, 10.0),
                                                               (5.0, 5.0, 10.0, 10.0)]


@pytest.mark.parametrize("pdf", sorted(SAMPLES.glob("*.pdf")), ids=lambda p: p.name[:12])
def test_every_sample_page_gives_pdfplumbers_cells(pdf):
    compared = 0
    with open_pdf(pdf.read_bytes()) as doc:
        for page in doc.pages:
            ruling = [o for o in (*page.lines, *page.rects, *page.curves) if _visible(o)]
            if len(ruling) < 2:
                continue
            finder = Finder(page, {**TABLE_SETTINGS, "explicit_vertical_lines": ruling,
                                   "explicit_horizontal_lines": ruling})
            s = TableSettings.resolve(finder.settings)
            assert finder.cells == intersections_to_cells(
                edges_to_intersections(finder.edges, s.intersection_x_tolerance, s.intersection_y_tolerance))
            compared += len(finder.cells)
    assert compared > 0
