"""pdfplumber's TableFinder with its cell search rewritten to run in near-linear time.

`intersections_to_cells` in pdfplumber rebuilds two sets of edge boxes for every pair of
points it compares and scans every later point for each point, which made it most of the cost
of finding a page's tables.  `cells` returns the same cells in the same order (the parity test
and tests/test_pdf_finder.py compare the two on every sample page and on random grids), with
each point's edge sets built once and its neighbours looked up by coordinate.  Everything else
(edges, intersections, grouping into tables, Table objects) is pdfplumber's own.
"""
from __future__ import annotations

from typing import Any

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils import obj_to_bbox

Point = tuple[float, float]
Box = tuple[float, float, float, float]


def cells(intersections: dict[Point, dict[str, list[dict[str, Any]]]]) -> list[Box]:
    """pdfplumber.table.intersections_to_cells(intersections), computed faster."""
    v = {p: set(map(obj_to_bbox, e["v"])) for p, e in intersections.items()}
    h = {p: set(map(obj_to_bbox, e["h"])) for p, e in intersections.items()}

    def connects(p1: Point, p2: Point) -> bool:
        return ((p1[0] == p2[0] and not v[p1].isdisjoint(v[p2]))
                or (p1[1] == p2[1] and not h[p1].isdisjoint(h[p2])))

    points = sorted(intersections)
    column: dict[float, list[Point]] = {}  # x → its points by ascending y (sorted order)
    row: dict[float, list[Point]] = {}  # y → its points by ascending x
    at: dict[Point, tuple[int, int]] = {}
    for p in points:
        col, line = column.setdefault(p[0], []), row.setdefault(p[1], [])
        at[p] = (len(col), len(line))
        col.append(p)
        line.append(p)
    out: list[Box] = []
    for pt in points[:-1]:
        i, j = at[pt]
        below, right = column[pt[0]][i + 1:], row[pt[1]][j + 1:]
        found = _smallest(pt, below, right, connects, intersections)
        if found is not None:
            out.append(found)
    return out


def _smallest(pt: Point, below: list[Point], right: list[Point], connects: Any,
              intersections: dict[Point, Any]) -> Box | None:
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


class Finder(TableFinder):
    """TableFinder(page, settings) with `cells` in place of intersections_to_cells."""

    def __init__(self, page: Any, settings: dict[str, Any] | None = None) -> None:  # noqa: D107
        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance)
        self.cells = cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]
