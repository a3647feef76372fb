"""Chart geometry for templates/partials/bar_chart.html: inline SVG, no JavaScript, so a chart
prints and works offline. Views hand over rows and how to read a rate from each; this module
does the arithmetic, the partial draws it."""


def percent(rate) -> str:
    """A rate in 0..1 as "87.5%", or "—" when there is nothing to divide by."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def bar_chart(items, value, strict=None, *, label=str, width=300, row_height=26, label_width=130) -> dict:
    """Horizontal bars, one per item that has a rate. `value(item)` is the bar's rate (0..1 or
    None to leave the item out); `strict(item)`, when given, draws a thinner bar inside it (the
    satisfaction rate without 基本满意, for instance)."""
    bars = []
    for item in items:
        rate = value(item)
        if rate is None:
            continue
        inner = strict(item) if strict else None
        bars.append({"label": label(item), "y": len(bars) * row_height, "width": round(rate * width, 1),
                     "strict_width": round(inner * width, 1) if inner is not None else None,
                     "text": percent(rate) + (f" / {percent(inner)}" if strict else "")})
    return {"bars": bars, "height": max(len(bars), 1) * row_height, "label_width": label_width,
            "bar_width": width, "total_width": label_width + width + 110, "row_height": row_height}
