"""Chart geometry for templates/partials/bar_chart.html: inline SVG, no JavaScript, so a chart
prints and works offline. Views hand over rows and how to read a rate from each; this module
does the arithmetic, the partial draws it."""


def percent(rate) -> str:
    """A rate in 0..1 as "87.5%", or "—" when there is nothing to divide by."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


LABEL_LINE = 11  # CJK characters per label line: two lines fit a long unit name (区住房和城乡建设委员会)


def label_lines(text: str, per_line: int = LABEL_LINE) -> list[str]:
    """A label in at most two lines; a longer one ends in "…" (the full name is the bar's <title>)."""
    text = str(text)
    if len(text) <= per_line:
        return [text]
    rest = text[per_line:]
    return [text[:per_line], rest if len(rest) <= per_line else rest[:per_line - 1] + "…"]


def bar_chart(items, value, strict=None, *, label=str, width=300, row_height=26, label_width=170) -> dict:
    """Horizontal bars, one per item that has a rate. `value(item)` is the bar's rate (0..1 or
    None to leave the item out); `strict(item)`, when given, draws a thinner bar inside it (the
    satisfaction rate without 基本满意, for instance). Long labels take two lines and the value
    area is wide enough for "100.0% / 100.0%" (issue 7: names and values were cut off); the SVG
    scales down to its container through its viewBox."""
    bars = []
    labels = [(item, label(item)) for item in items]
    two_lines = any(len(str(text)) > LABEL_LINE for _item, text in labels)
    row_height = max(row_height, 38) if two_lines else row_height
    for item, text in labels:
        rate = value(item)
        if rate is None:
            continue
        inner = strict(item) if strict else None
        bars.append({"label": text, "lines": label_lines(text), "y": len(bars) * row_height,
                     "width": round(rate * width, 1),
                     "strict_width": round(inner * width, 1) if inner is not None else None,
                     "text": percent(rate) + (f" / {percent(inner)}" if strict else "")})
    value_width = 130 if strict else 64
    return {"bars": bars, "height": max(len(bars), 1) * row_height, "label_width": label_width,
            "bar_width": width, "total_width": label_width + width + value_width, "row_height": row_height,
            "bar_y": (row_height - 16) // 2, "text_y": (row_height - 16) // 2 + 12}
