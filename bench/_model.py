"""What a benchmark reports: figures (repeated samples, quoted by their median) and targets (pass/fail)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any, Literal

Comparison = Literal["<=", ">=", "<"]


@dataclass
class Figure:
    """One measured quantity: every sample, quoted by the median."""

    name: str
    unit: str
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "unit": self.unit, "median": self.median, "samples": self.samples}


@dataclass
class Target:
    """`measured op threshold`, e.g. an import-time ratio <= 0.25. `measured` None means pending."""

    label: str
    measured: float | None
    op: Comparison
    threshold: float
    unit: str = "ratio"
    note: str = ""

    @property
    def status(self) -> str:
        if self.measured is None:
            return "pending"
        if self.op == "<=":
            ok = self.measured <= self.threshold
        elif self.op == "<":
            ok = self.measured < self.threshold
        else:
            ok = self.measured >= self.threshold
        return "pass" if ok else "FAIL"

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "measured": self.measured,
            "op": self.op,
            "threshold": self.threshold,
            "unit": self.unit,
            "status": self.status,
            "note": self.note,
        }


@dataclass
class Result:
    key: str
    title: str
    method: str
    figures: list[Figure] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chart_unit: str = ""
    """Only figures in this unit go on the chart (empty: the unit of the first figure)."""
    chart_lines: dict[str, float] = field(default_factory=dict)
    """Reference values drawn as labelled vertical lines, e.g. a rate-limit bound."""
    plots: list[Plot] = field(default_factory=list)

    def figure(self, name: str) -> Figure:
        return next(f for f in self.figures if f.name == name)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "method": self.method,
            "figures": [f.to_json() for f in self.figures],
            "targets": [t.to_json() for t in self.targets],
            "notes": self.notes,
            "plots": [plot.name for plot in self.plots],
        }


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("nan")


@dataclass
class Panel:
    """One chart panel: lines of (x, y) points, and labelled horizontal reference lines."""

    ylabel: str
    series: dict[str, tuple[list[float], list[float]]]
    hlines: dict[str, float] = field(default_factory=dict)
    steps: bool = False


@dataclass
class Plot:
    """A line chart beside a benchmark's bar chart (e.g. time against size, or a rate over time)."""

    name: str
    title: str
    xlabel: str
    panels: list[Panel]
    xlog: bool = False


def physical_limit(requests: int, per_second: float, burst: int, latency: float) -> float:
    """The fastest a client can do `requests` rate-limited requests: the bucket's burst at once, the rest at
    the limit, plus one round trip for the last answer."""
    return max(requests - burst, 0) / per_second + latency
