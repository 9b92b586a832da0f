"""Small SVG bar charts rendered from the tables (plain text, so byte-for-byte deterministic)."""

from __future__ import annotations

from collections import Counter
from html import escape

WIDTH, HEIGHT, MARGIN = 760, 260, 48
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#ff7f0e"]


def _frame(title: str, body: list[str], legend: list[tuple[str, str]]) -> str:
    keys = [f'<rect x="{MARGIN + i * 190}" y="{HEIGHT - 16}" width="10" height="10" fill="{color}"/>'
            f'<text x="{MARGIN + 14 + i * 190}" y="{HEIGHT - 7}">{escape(name)}</text>'
            for i, (name, color) in enumerate(legend)]
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{MARGIN}" y="18" font-size="13" font-weight="bold">{escape(title)}</text>',
        *body, *keys, "</svg>", ""])


def stacked_bars(title: str, x_label: str, y_label: str, columns: list[list[float]],
                 series: list[str]) -> str:
    """One bar per column, stacked by series; axis labels and a legend."""
    plot_w, plot_h, top = WIDTH - 2 * MARGIN, HEIGHT - 90, 32
    peak = max((sum(c) for c in columns), default=0) or 1
    step = plot_w / max(len(columns), 1)
    body = [f'<line x1="{MARGIN}" y1="{top + plot_h}" x2="{MARGIN + plot_w}" y2="{top + plot_h}" stroke="black"/>',
            f'<text x="{MARGIN - 6}" y="{top + 8}" text-anchor="end">{_number(peak)}</text>',
            f'<text x="{MARGIN - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
            f'<text x="{MARGIN + plot_w / 2:.1f}" y="{top + plot_h + 30}" text-anchor="middle">{escape(x_label)}</text>',
            f'<text x="12" y="{top + plot_h / 2:.1f}" transform="rotate(-90 12 {top + plot_h / 2:.1f})" '
            f'text-anchor="middle">{escape(y_label)}</text>']
    for i, column in enumerate(columns):
        base = top + plot_h
        for k, value in enumerate(column):
            height = plot_h * value / peak
            if height > 0:
                body.append(f'<rect x="{MARGIN + i * step + 1:.1f}" y="{base - height:.1f}" '
                            f'width="{max(step - 2, 1):.1f}" height="{height:.1f}" fill="{_color(k)}"/>')
            base -= height
        if len(columns) <= 60 and i % 5 == 0:
            body.append(f'<text x="{MARGIN + (i + 0.5) * step:.1f}" y="{top + plot_h + 14}" '
                        f'text-anchor="middle">{i}</text>')
    return _frame(title, body, [(name, _color(k)) for k, name in enumerate(series)])


def _color(series: int) -> str:
    """The palette, repeated for more series than it has colours (a news conference's many speakers)."""
    return PALETTE[series % len(PALETTE)]


def _number(value: float) -> str:
    return f"{value:g}"


def render_figures(inputs) -> dict[str, str]:
    """File name -> SVG text, for one interview (``stats.FigureInputs``; the release shows its first)."""
    speakers = inputs.speakers
    words = [[n_words if speaker_id == s else 0 for s in speakers] for _, speaker_id, n_words in inputs.turns]
    figures = {"turn_lengths.svg": stacked_bars(
        f"Words per turn, {inputs.interview_id}", "turn index", "words", words, speakers)}
    if inputs.claims:
        worthy = Counter(turn_id for turn_id, checkworthy in inputs.claims if checkworthy)
        other = Counter(turn_id for turn_id, checkworthy in inputs.claims if not checkworthy)
        columns = [[worthy[turn_id], other[turn_id]] for turn_id, _, _ in inputs.turns]
        figures["claims_per_turn.svg"] = stacked_bars(
            "Claims per turn", "turn index", "claims", columns, ["check-worthy", "not check-worthy"])
    return figures
