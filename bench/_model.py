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
        }


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("nan")
