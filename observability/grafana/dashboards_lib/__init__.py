"""The helpers of generate-dashboards.py, which holds the dashboards' definitions.

    panels       the panel kinds of Grafana's JSON model (timeseries, stat, gauge, table, text, row) and queries
    grid         laying panels out on Grafana's 24-column grid
    dashboard    the frame every dashboard shares: tag, time, links to each service's traces in Jaeger
    rules        the values the Prometheus rule files define (SLO objectives, burn-rate alerts, thresholds)
    yaml_subset  the strict reader of the YAML those rule files are written in (standard library only)
    durations    Prometheus durations ("5m", "1h")
    wording      numbers and durations as titles and descriptions write them
    output       writing the JSON files, or checking them (--check)
"""
