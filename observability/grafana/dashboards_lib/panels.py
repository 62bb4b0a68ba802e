"""Grafana panels of the dashboards' JSON model (schema version 39), one function per panel kind.

A panel function returns the panel without its place: w and h (in grid units: 24 columns across, rows of 30 px)
ride along until grid.lay_out turns them into gridPos and numbers the panel. Every query panel reads the
provisioned Prometheus datasource (uid prometheus, observability/grafana/provisioning/datasources).

Thresholds are lists of (value, color) pairs, lowest first; the first value is None, Grafana's base colour
below every step.
"""

from .grid import GRID_COLUMNS

PROMETHEUS = {"type": "prometheus", "uid": "prometheus"}
NEUTRAL = [(None, "green")]


def query(expr, legend="", *, table=False, exemplar=False):
    """One PromQL target. table: an instant query shown as one table row per series (its latest value).
    exemplar: also fetch the exemplars (trace IDs) of the histogram buckets the query reads."""
    return {
        "datasource": PROMETHEUS,
        "editorMode": "code",
        "exemplar": exemplar,
        "expr": expr,
        "format": "table" if table else "time_series",
        "instant": table,
        "legendFormat": legend,
        "range": not table,
    }


def thresholds(steps):
    """Grafana's absolute thresholds from (value, color) steps."""
    return {"mode": "absolute", "steps": [{"color": color, "value": value} for value, color in steps]}


def value_mappings(mapping):
    """Grafana value mappings from {value: (text, color)}, in the mapping's order."""
    options = {str(value): {"color": color, "index": index, "text": text}
               for index, (value, (text, color)) in enumerate(mapping.items())}
    return [{"type": "value", "options": options}]


def panel(kind, title, description, targets, *, w, h, defaults, options, overrides=(), transformations=()):
    """The parts every query panel has; the targets get refIds A, B, C... in their order."""
    result = {
        "type": kind,
        "title": title,
        "description": description,
        "datasource": PROMETHEUS,
        "fieldConfig": {"defaults": defaults, "overrides": list(overrides)},
        "options": options,
        "targets": [dict(target, refId=_ref_id(index)) for index, target in enumerate(targets)],
        "w": w,
        "h": h,
    }
    if transformations:
        result["transformations"] = list(transformations)
    return result


def timeseries(title, description, targets, *, unit, w=8, h=8, steps=NEUTRAL, threshold_lines=False,
               stacked=False, max_value=None):
    """A graph from 0 up. unit: a Grafana unit id ("reqps", "s", "percentunit"); threshold_lines: draw the
    steps as dashed lines; stacked: stack the series; max_value: fix the top of the axis."""
    defaults = {
        "unit": unit,
        "min": 0,
        "thresholds": thresholds(steps),
        "color": {"mode": "palette-classic"},
        "custom": {
            "fillOpacity": 20 if stacked else 5,
            "showPoints": "never",
            "stacking": {"group": "A", "mode": "normal" if stacked else "none"},
            "thresholdsStyle": {"mode": "dashed" if threshold_lines else "off"},
        },
    }
    if max_value is not None:
        defaults["max"] = max_value
    options = {
        "legend": {"calcs": [], "displayMode": "list", "placement": "bottom", "showLegend": True},
        "tooltip": {"mode": "multi", "sort": "desc"},
    }
    return panel("timeseries", title, description, targets, w=w, h=h, defaults=defaults, options=options)


def stat(title, description, targets, *, unit, w=6, h=4, steps=NEUTRAL, mapping=None, decimals=None):
    """The latest value of each series, coloured by the steps. mapping: {value: (text, color)} shows text
    on a coloured background instead of the number (UP/DOWN)."""
    defaults = {"unit": unit, "thresholds": thresholds(steps), "color": {"mode": "thresholds"}}
    if mapping:
        defaults["mappings"] = value_mappings(mapping)
    if decimals is not None:
        defaults["decimals"] = decimals
    options = {
        "colorMode": "background" if mapping else "value",
        "graphMode": "none" if mapping else "area",
        "justifyMode": "auto",
        "orientation": "auto",
        "reduceOptions": _last_value(),
        "showPercentChange": False,
        "textMode": "auto",
        "wideLayout": True,
    }
    return panel("stat", title, description, targets, w=w, h=h, defaults=defaults, options=options)


def gauge(title, description, targets, *, unit, steps, min_value, max_value, w=8, h=5):
    """The latest value on a dial from min_value to max_value, coloured by the steps."""
    defaults = {"unit": unit, "min": min_value, "max": max_value, "thresholds": thresholds(steps),
                "color": {"mode": "thresholds"}}
    options = {"orientation": "auto", "reduceOptions": _last_value(), "showThresholdLabels": False,
               "showThresholdMarkers": True}
    return panel("gauge", title, description, targets, w=w, h=h, defaults=defaults, options=options)


def table(title, description, columns, *, hidden=(), w=24, h=8):
    """A table of instant queries, one column per query: columns are (header, unit, expr) and rows are
    joined on their labels (Grafana's merge transformation), sorted by the first column, highest first.
    Grafana names a query's value column "Value #<refId>" when a panel has several queries; the overrides give
    those columns their headers and units. hidden: labels not worth a column."""
    targets = [query(expr, table=True) for _, _, expr in columns]
    overrides = [
        {"matcher": {"id": "byName", "options": f"Value #{_ref_id(index)}"},
         "properties": [{"id": "displayName", "value": header}, {"id": "unit", "value": unit}]}
        for index, (header, unit, _) in enumerate(columns)
    ]
    transformations = [
        {"id": "merge", "options": {}},
        {"id": "organize", "options": {"excludeByName": dict.fromkeys(("Time", *hidden), True)}},
    ]
    options = {"cellHeight": "sm", "showHeader": True,
               "sortBy": [{"desc": True, "displayName": columns[0][0]}]}
    return panel("table", title, description, targets, w=w, h=h,
                 defaults={"thresholds": thresholds(NEUTRAL)}, options=options,
                 overrides=overrides, transformations=transformations)


def state_table(title, description, expr, *, state_label, colors, w=8, h=8):
    """A table of one instant query whose rows name a state in a label, coloured by that state:
    colors is {state: color}."""
    options = {"cellHeight": "sm", "showHeader": True}
    mapping = {state: (state, color) for state, color in colors.items()}
    overrides = [
        {"matcher": {"id": "byName", "options": state_label},
         "properties": [{"id": "mappings", "value": value_mappings(mapping)},
                        {"id": "custom.cellOptions", "value": {"type": "color-background"}}]},
    ]
    transformations = [{"id": "organize", "options": {"excludeByName": {"Time": True, "Value": True}}}]
    return panel("table", title, description, [query(expr, table=True)], w=w, h=h,
                 defaults={"thresholds": thresholds(NEUTRAL)}, options=options,
                 overrides=overrides, transformations=transformations)


def text(title, markdown, *, w=24, h=8):
    """A panel of Markdown, no query."""
    return {"type": "text", "title": title, "options": {"mode": "markdown", "content": markdown}, "w": w, "h": h}


def row(title):
    """A row header across the grid; the panels after it, up to the next row, are its section."""
    return {"type": "row", "title": title, "collapsed": False, "panels": [], "w": GRID_COLUMNS, "h": 1}


def _ref_id(index):
    return chr(ord("A") + index)


def _last_value():
    return {"calcs": ["lastNotNull"], "fields": "", "values": False}
