"""The dashboard's Area bar chart: one bar per Area for one score, strongest first, with the national
(pooled) and mean-of-Areas lines, each with its mark in the legend."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from casereader.reports.model import ScoreRow


def percent(d: Decimal | None) -> str:
    return "–" if d is None else f"{d}%"


class AreaBarChart(QWidget):
    """Horizontal bars per Area for one score, strongest first, with the national (pooled) line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: ScoreRow | None = None
        self.setMinimumHeight(220)
        self.setAccessibleName(self.tr("Area bar chart"))

    def set_row(self, row: ScoreRow | None) -> None:
        self.row = row
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        row = self.row
        if row is None:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No figures for this selection"))
            p.end()
            return
        areas = sorted((a for a in row.areas if a.figure.exact is not None), key=lambda a: -(a.figure.exact or 0))
        fm = p.fontMetrics()
        label_w = min(200, max([fm.horizontalAdvance(a.area) for a in areas] + [60]) + 12)
        value_w = fm.horizontalAdvance("100.0%  n=00000") + 12
        top, line_h = fm.height() + 12, max(fm.height() + 4, 16)
        plot_w = max(40, self.width() - label_w - value_w - 12)
        p.setPen(self.palette().text().color())
        p.drawText(QRect(8, 4, self.width() - 16, fm.height()), Qt.AlignmentFlag.AlignLeft,
                   self.tr("{0} — national (pooled) {1}, mean of Areas {2}").format(
                       row.title, percent(row.pooled.published), percent(row.mean_of_areas)))
        bottom = top + len(areas) * line_h
        grid = QPen(QColor("#D9DEE3"), 1)
        for tick in range(0, 101, 20):
            x = label_w + int(plot_w * tick / 100)
            p.setPen(grid)
            p.drawLine(x, top - 2, x, bottom)
            p.setPen(self.palette().placeholderText().color())
            p.drawText(QRect(x - 30, bottom + 2, 60, fm.height()), Qt.AlignmentFlag.AlignHCenter, f"{tick}%")
        for i, a in enumerate(areas):
            y = top + i * line_h
            w = int(plot_w * float(a.figure.exact or 0) / 100)
            strong = a is row.strongest or a is row.weakest
            p.fillRect(label_w, y + 2, w, line_h - 5, QColor("#4C6A92") if strong else QColor("#B7C4D6"))
            p.setPen(self.palette().text().color())
            p.drawText(QRect(4, y, label_w - 8, line_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(a.area, Qt.TextElideMode.ElideRight, label_w - 8))
            p.drawText(QRect(label_w + plot_w + 6, y, value_w, line_h), Qt.AlignmentFlag.AlignVCenter,
                       self.tr("{0}  n={1}").format(percent(a.figure.published), a.figure.n))
        legend_y = bottom + fm.height() + 8
        for k, (colour, style, text) in enumerate((("#C0392B", Qt.PenStyle.SolidLine, self.tr("National (pooled)")),
                                                   ("#E08E0B", Qt.PenStyle.DashLine, self.tr("Mean of Areas")))):
            x = label_w + k * 180
            p.setPen(QPen(QColor(colour), 2, style))
            p.drawLine(x, legend_y + fm.height() // 2, x + 22, legend_y + fm.height() // 2)
            p.setPen(self.palette().text().color())
            p.drawText(QRect(x + 28, legend_y, 150, fm.height()), Qt.AlignmentFlag.AlignVCenter, text)
        for value, colour, style in ((row.pooled.exact, "#C0392B", Qt.PenStyle.SolidLine),
                                     (row.mean_of_areas_exact, "#E08E0B", Qt.PenStyle.DashLine)):
            if value is not None:
                x = label_w + int(plot_w * float(value) / 100)
                p.setPen(QPen(QColor(colour), 2, style))
                p.drawLine(x, top - 2, x, bottom)
        p.end()
