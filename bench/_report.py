"""results.md (tables, methods, charts) and results.json (every sample) from the run's results."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._model import Result, Target


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if math.isnan(value):
        return "n/a"
    if value == 0 or abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _target_cell(target: Target) -> str:
    unit = "" if target.unit == "ratio" else f" {target.unit}"
    return f"{target.op} {_number(target.threshold)}{unit}"


def _measured_cell(target: Target) -> str:
    unit = "" if target.unit == "ratio" or target.measured is None else f" {target.unit}"
    return _number(target.measured) + unit


def _status_cell(target: Target) -> str:
    return {"pass": "pass", "FAIL": "**FAIL**", "pending": "pending"}[target.status] + (
        f" ({target.note})" if target.note else ""
    )


def _summary(results: Sequence[Result]) -> list[str]:
    lines = ["| benchmark | target | measured | required | status |", "|---|---|---|---|---|"]
    for result in results:
        title = result.title.split(". ", 1)[-1]
        if not result.targets:
            shown = ", ".join(f"{f.name}: {_number(f.median)} {f.unit}" for f in result.figures)
            lines.append(f"| {title} | (reported, no target) | {shown} | — | — |")
        for target in result.targets:
            lines.append(
                f"| {title} | {target.label} | {_measured_cell(target)} | {_target_cell(target)} "
                f"| {_status_cell(target)} |"
            )
    return lines


def _section(result: Result, chart: str | None, profile: str | None) -> list[str]:
    lines = [f"## {result.title}", "", result.method, ""]
    lines += ["| figure | median | unit | runs |", "|---|---|---|---|"]
    for figure in result.figures:
        runs = ", ".join(_number(x) for x in figure.samples)
        lines.append(f"| {figure.name} | {_number(figure.median)} | {figure.unit} | {runs} |")
    lines.append("")
    if result.targets:
        lines += ["| target | measured | required | status |", "|---|---|---|---|"]
        for target in result.targets:
            lines.append(
                f"| {target.label} | {_measured_cell(target)} | {_target_cell(target)} | {_status_cell(target)} |"
            )
        lines.append("")
    lines += [f"- {note}" for note in result.notes]
    if result.notes:
        lines.append("")
    if chart:
        lines += [f"![{result.title}]({chart})", ""]
    for plot in result.plots:
        lines += [f"![{plot.title.replace(chr(10), ': ')}]({plot.name}.png)", ""]
    if profile:
        lines += [
            "<details><summary>pyinstrument profile of ours in this loop</summary>",
            "",
            "```",
            profile.rstrip(),
            "```",
            "</details>",
            "",
        ]
    return lines


def _clean(value: Any) -> Any:
    """NaN becomes null, so that results.json is strict JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def write_reports(
    out: Path,
    results: Sequence[Result],
    machine: dict[str, Any],
    *,
    started: str,
    seconds: float,
    smoke: bool,
    charts: dict[str, str],
    profiles: dict[str, str],
) -> None:
    packages = ", ".join(f"{name} {version}" for name, version in machine["packages"].items())
    source = machine["source"]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `python -m bench{' --smoke' if smoke else ''}` (`make bench`) on {started}, "
        f"{seconds:.0f} s. Do not edit: rerun it.",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, {machine['os']}, "
        f"{machine['python']}. Load average at start {machine['load_average_at_start']}, at end "
        f"{machine['load_average_at_end']} (other work shares this machine: every figure is a median of "
        "repeated runs, and every comparison ran side by side in the same run).",
        "",
        f"Packages: {packages}.",
        "",
        f"Source: the working tree at commit {source['commit']}"
        + (f", with uncommitted changes to {', '.join(source['modified'])}." if source["modified"] else "."),
        "",
        "## Summary",
        "",
        *_summary(results),
        "",
    ]
    for result in results:
        lines += _section(result, charts.get(result.key), profiles.get(result.key))
    (out / "results.md").write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    document = {
        "started": started,
        "seconds": seconds,
        "smoke": smoke,
        "machine": machine,
        "results": [result.to_json() for result in results],
        "charts": charts,
    }
    (out / "results.json").write_text(
        json.dumps(_clean(document), indent=2, allow_nan=False) + "\n", encoding="utf-8"
    )
