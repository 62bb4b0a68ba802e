"""The helpers of generate-dashboards.py, which holds the dashboards' definitions.

    panels       the panel kinds of Grafana's JSON model (timeseries, stat, gauge, table, text, row) and queries
    grid         laying panels out on Grafana's 24-column grid
    dashboard    the frame every dashboard shares: tag, time, links to each service's traces in Jaeger
    output       writing the JSON files, or checking them (--check)
"""
