"""Places panels on Grafana's grid: 24 columns across, panels flowing left to right like words in lines."""

GRID_COLUMNS = 24


def lay_out(panels, links):
    """The panels with their gridPos and ids, in order. A panel starts a new line when it does not fit in the
    24 columns or is a row; a line is as tall as its tallest panel, so panels never overlap. Ids count from 1;
    every query panel (one with targets) gets links, e.g. trace searches. panels are dicts with w and h (grid
    units), which become gridPos; the dicts passed in are not changed."""
    laid_out, x, y, line_height = [], 0, 0, 0
    for panel_id, spec in enumerate(panels, start=1):
        item = dict(spec)
        w, h = item.pop("w"), item.pop("h")
        if x + w > GRID_COLUMNS or item["type"] == "row":
            x, y, line_height = 0, y + line_height, 0
        item["gridPos"] = {"h": h, "w": w, "x": x, "y": y}
        item["id"] = panel_id
        if "targets" in item:
            item["links"] = links
        x, line_height = x + w, max(line_height, h)
        if item["type"] == "row":
            x, y, line_height = 0, y + h, 0
        laid_out.append(item)
    return laid_out
