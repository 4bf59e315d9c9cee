"""One PNG per benchmark: the median of each figure as a bar, every sample as a dot (matplotlib, Agg)."""

from __future__ import annotations

from pathlib import Path

from ._model import Plot, Result


def write_chart(result: Result, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    unit = result.chart_unit or (result.figures[0].unit if result.figures else "")
    figures = [f for f in result.figures if f.unit == unit]
    height = 1.2 + 0.55 * len(figures)
    fig, ax = plt.subplots(figsize=(9, height), dpi=100)
    names = [f.name for f in figures][::-1]
    medians = [f.median for f in figures][::-1]
    positions = list(range(len(figures)))
    ax.barh(positions, medians, color="#4C78A8", alpha=0.75, height=0.6)
    for position, figure in zip(positions, figures[::-1], strict=True):
        ax.scatter(figure.samples, [position] * len(figure.samples), color="#222222", s=10, zorder=3)
        ax.annotate(
            f" {figure.median:.4g}",
            (figure.median, position),
            va="center",
            fontsize=8,
            xytext=(4, 0),
            textcoords="offset points",
        )
    for index, (label, value) in enumerate(result.chart_lines.items()):
        color = ("#E45756", "#54A24B", "#B279A2")[index % 3]
        ax.axvline(value, color=color, linestyle="--", linewidth=1, label=f"{label}: {value:g} {unit}")
    if result.chart_lines:
        ax.legend(fontsize=7, loc="lower right")
    ax.set_yticks(positions, names, fontsize=8)
    ax.set_xlabel(f"{unit} (bar: median; dots: runs)")
    ax.set_title(result.title, fontsize=10)
    ax.set_xlim(0, max((max(f.samples, default=0.0) for f in figures), default=1.0) * 1.25 or 1.0)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_plot(plot: Plot, path: Path) -> None:
    """Line charts, one panel per quantity, side by side."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(plot.panels), figsize=(5.5 * len(plot.panels), 4), dpi=100, squeeze=False)
    for ax, panel in zip(axes[0], plot.panels, strict=True):
        for label, (xs, ys) in panel.series.items():
            if panel.steps:
                ax.step(xs, ys, where="post", label=label, linewidth=1.2)
            else:
                ax.plot(xs, ys, marker="o", label=label, linewidth=1.2, markersize=4)
        for index, (label, value) in enumerate(panel.hlines.items()):
            color = ("#E45756", "#54A24B", "#B279A2")[index % 3]
            ax.axhline(value, color=color, linestyle="--", linewidth=1, label=f"{label}: {value:g}")
        if plot.xlog:
            ax.set_xscale("log")
        ax.set_xlabel(plot.xlabel)
        ax.set_ylabel(panel.ylabel)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle(plot.title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
