"""Unit tests of dashboards_lib, one module per module tested. From the repository's root:

    python3 -m unittest discover -s observability/grafana/tests -t observability/grafana

system-tests GrafanaDashboardsTest runs them too.
"""
