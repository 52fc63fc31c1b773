"""Horizontal bar charts drawn on the server as SVG geometry (no JavaScript): the
template draws the bars; a data table beside each chart carries the same numbers
for screen readers."""

from dataclasses import dataclass

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH = 22, 8, 190, 260


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 6


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def width(self):
        return LABEL_WIDTH + BAR_WIDTH + 50

    @property
    def value_x_offset(self):
        return LABEL_WIDTH + 6


def bar_chart(title: str, rows: list[tuple[str, int]]) -> Chart:
    """Rows (label, value) as bars scaled to the largest value."""
    largest = max((value for _label, value in rows), default=0)
    bars = []
    for index, (label, value) in enumerate(rows):
        width = round(BAR_WIDTH * value / largest) if largest else 0
        bars.append(Bar(label, value, index * (BAR_HEIGHT + GAP), width))
    return Chart(title, bars, max(len(rows) * (BAR_HEIGHT + GAP), BAR_HEIGHT))
