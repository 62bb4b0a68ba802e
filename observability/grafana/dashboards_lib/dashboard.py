"""The frame every dashboard of the project shares: tag, time range, refresh, the menu of the other dashboards,
and links to a Jaeger search of each service the dashboard is about (on the dashboard and on every query panel).
"""

import json
import urllib.parse

from .grid import lay_out

JAEGER = {"type": "jaeger", "uid": "jaeger"}
# The dashboards find each other by this tag (the "Observability demo" menu at the top of each).
TAG = "obsdemo"


def jaeger_search_url(service):
    """Grafana Explore searching Jaeger for the service's traces of the last hour.

    Explore's URL (schema version 1) holds its panes as URL-encoded JSON keyed by a pane ID of three
    characters; each pane names its datasource by uid and carries the datasource's own queries."""
    pane = {
        "datasource": JAEGER["uid"],
        "queries": [{"refId": "A", "datasource": JAEGER, "queryType": "search", "service": service}],
        "range": {"from": "now-1h", "to": "now"},
    }
    panes = json.dumps({"trc": pane}, separators=(",", ":"))
    return "/explore?schemaVersion=1&orgId=1&panes=" + urllib.parse.quote(panes, safe="")


def trace_links(services):
    """A panel link per service to its Jaeger search, opening in a new tab."""
    return [{"title": f"Traces of {service} (Jaeger)", "url": jaeger_search_url(service), "targetBlank": True}
            for service in services]


def dashboard(uid, title, description, services, panels):
    """A whole dashboard: panels (from panels.py) laid out on the grid, linked to the traces of services."""
    links = trace_links(services)
    dashboard_links = [
        {"asDropdown": True, "icon": "external link", "includeVars": False, "keepTime": True, "tags": [TAG],
         "targetBlank": False, "title": "Observability demo", "tooltip": "", "type": "dashboards", "url": ""},
    ] + [
        {"asDropdown": False, "icon": "external link", "includeVars": False, "keepTime": False, "tags": [],
         "targetBlank": True, "title": link["title"], "tooltip": "Search this service's traces in Jaeger",
         "type": "link", "url": link["url"]}
        for link in links
    ]
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": [TAG],
        "editable": True,
        "fiscalYearStartMonth": 0,
        "graphTooltip": 1,
        "links": dashboard_links,
        "liveNow": False,
        "panels": lay_out(panels, links),
        "refresh": "10s",
        "schemaVersion": 39,
        "annotations": {"list": []},
        "templating": {"list": []},
        "time": {"from": "now-1h", "to": "now"},
        "timepicker": {},
        "timezone": "browser",
        "version": 1,
        "weekStart": "",
    }
