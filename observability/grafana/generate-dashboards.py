#!/usr/bin/env python3
"""Writes the Grafana dashboards in observability/grafana/dashboards/ from the definitions below.

    python3 observability/grafana/generate-dashboards.py          # (re)write every dashboard JSON file
    python3 observability/grafana/generate-dashboards.py --check  # exit 1, naming each file that differs

Five dashboards share their datasource references, layout rules, units and trace links; written by hand they
drift apart. Here a dashboard is data: a list of panels, each one call (title, description, queries, size),
flowed left to right on Grafana's 24-column grid. Everything that is not a definition lives in dashboards_lib/
(panel kinds, layout, the dashboards' frame, output). The JSON comes out the same on every run, so the committed
files can be checked against this script (system-tests GrafanaDashboardsTest runs --check).

Queries read the recording rules of observability/prometheus/rules/red.yml and slo.yml where they exist, and
raw metrics with rate(...[$__rate_interval]) elsewhere. Every query returns data on a healthy system with
traffic: error ratios come from the rules, which are 0 (not absent) without errors.

This file is long because it holds the definitions of all five dashboards, the one place to read and edit
them; it has no logic beyond choosing panels. Python 3.11 standard library only. Unit tests of dashboards_lib:
python3 -m unittest discover -s observability/grafana/tests -t observability/grafana (GrafanaDashboardsTest runs
them too).
"""

import sys
from pathlib import Path

from dashboards_lib import output
from dashboards_lib.dashboard import dashboard
from dashboards_lib.panels import (
    gauge,
    query,
    row,
    stat,
    state_table,
    table,
    text,
    timeseries,
)

HERE = Path(__file__).resolve().parent
DASHBOARDS_DIR = HERE / "dashboards"

SERVICES = ("gateway-service", "user-service", "order-service")
UP_DOWN = {0: ("DOWN", "red"), 1: ("UP", "green")}
BUDGET_STEPS = [(None, "red"), (0.25, "orange"), (0.5, "green")]
# HighErrorRate pages above 5% of requests failing with a 5xx (rules/alerts.yml).
ERROR_RATIO_STEPS = [(None, "green"), (0.01, "orange"), (0.05, "red")]
# HighLatency pages above a p95 of 1 s (rules/alerts.yml).
LATENCY_STEPS = [(None, "green"), (0.5, "orange"), (1, "red")]
# Burn rates at which slo.yml alerts: 1 and 3 open a ticket, 6 and 14.4 page (with their paired windows).
BURN_RATE_STEPS = [(None, "green"), (1, "yellow"), (3, "orange"), (6, "red"), (14.4, "dark-red")]


# --- The overview ----------------------------------------------------------------------------------------------

def overview():
    return dashboard(
        "obsdemo-overview", "Observability demo: overview",
        "Every service at a glance: up and ready, RED (rate, errors, duration) per service and per route, the "
        "telemetry pipeline, and the SLOs' error budgets. The per-service dashboards go deeper; the links above "
        "search each service's traces.",
        SERVICES,
        [
            row("Services"),
            stat("Scrape target up", "Prometheus' `up` for each service's /q/metrics: UP when the last scrape "
                 "succeeded. DOWN for a minute fires ServiceDown.",
                 [query('up{job="services"}', "{{service}}")], unit="none", w=12, mapping=UP_DOWN),
            stat("Ready", "The service's readiness checks (its own PostgreSQL where it has one, disk space, and "
                 "Redis for order-service): UP only when all of them are. Kubernetes sends a service that is not "
                 "ready no traffic.",
                 [query('min by (service) (health_check_up{job="services", probe="readiness"})', "{{service}}")],
                 unit="none", w=12, mapping=UP_DOWN),

            row("RED per service (5-minute windows)"),
            timeseries("Request rate", "Requests per second each service answers, every route and status. "
                       "The gateway's rate is the traffic from clients; the others see the gateway's calls and "
                       "order-service's calls to user-service.",
                       [query("service:http_server_requests:rate5m", "{{service}}")], unit="reqps"),
            timeseries("Error ratio (5xx)", "Share of requests answered with a 5xx. 4xx are the client's "
                       "mistakes and not counted. 0 is normal; HighErrorRate pages above 5% for 5 minutes.",
                       [query("service:http_server_requests_errors:ratio_rate5m", "{{service}}")],
                       unit="percentunit", steps=ERROR_RATIO_STEPS, threshold_lines=True),
            timeseries("p95 latency", "95% of requests are answered faster than this. Normal is well below "
                       "100 ms; HighLatency pages above 1 s for 5 minutes.",
                       [query("service:http_server_requests_seconds:p95_5m", "{{service}}")],
                       unit="s", steps=LATENCY_STEPS, threshold_lines=True),

            row("Routes"),
            timeseries("Top 10 routes by request rate", "The busiest routes (method and route template) of all "
                       "services.",
                       [query("topk(10, service_route:http_server_requests:rate5m)",
                              "{{service}} {{method}} {{uri}}")], unit="reqps"),
            timeseries("Error ratio per route (5xx)", "Which route fails: the share of its requests answered "
                       "with a 5xx. A route with no traffic in the last 5 minutes has no line.",
                       [query("service_route:http_server_requests_errors:ratio_rate5m",
                              "{{service}} {{method}} {{uri}}")],
                       unit="percentunit", steps=ERROR_RATIO_STEPS, threshold_lines=True),
            timeseries("p95 latency per route", "Which route is slow. Gaps are routes without traffic.",
                       [query("service_route:http_server_requests_seconds:p95_5m",
                              "{{service}} {{method}} {{uri}}")],
                       unit="s", steps=LATENCY_STEPS, threshold_lines=True),
            table("All routes, last 5 minutes", "Every route of every service with its request rate, 5xx ratio "
                  "and p95 latency over the last 5 minutes, busiest first.",
                  [("req/s", "reqps", "service_route:http_server_requests:rate5m"),
                   ("5xx ratio", "percentunit", "service_route:http_server_requests_errors:ratio_rate5m"),
                   ("p95", "s", "service_route:http_server_requests_seconds:p95_5m")], h=9),

            *telemetry_pipeline(),

            row("Service level objectives"),
            stat("Error budget remaining (30 days)", "The share of each SLO's "
                 "30-day error budget not yet spent: 100% untouched, 0% spent, negative overspent. "
                 "The SLO dashboard has the details.",
                 [query("slo:error_budget_remaining:ratio", "{{slo}}")],
                 unit="percentunit", w=12, h=5, steps=BUDGET_STEPS, decimals=1),
            stat("Fast burn rate", "How fast each SLO spends its budget over the last hour and 5 minutes "
                 "(1 = exactly the budget in 30 days). ErrorBudgetBurnFast pages when both are above 14.4.",
                 [query("slo:burn_rate:1h", "{{slo}} 1h"), query("slo:burn_rate:5m", "{{slo}} 5m")],
                 unit="none", w=12, h=5, steps=BURN_RATE_STEPS, decimals=2),
        ],
    )


def telemetry_pipeline():
    """The spans' way from the services through the collector to Jaeger and Zipkin, and where they are lost.
    Loss series exist only after a first loss, so each falls back to the matching healthy series times 0: a
    flat 0 line, not an empty panel. Jaeger v2 is built on the collector and reports the same otelcol_* metrics
    for its own pipeline (job jaeger): the flow counts the collector's alone, the losses count both."""
    rate = "rate({}[$__rate_interval])"
    lost_in_services = (
        "sum by (service) (" + rate.format('otel_sdk_exporter_span_exported_total{job="services", error_type!=""}')
        + ") or sum by (service) (" + rate.format('otel_sdk_exporter_span_exported_total{job="services"}') + ") * 0")
    by_exporter = "sum by (service, exporter) ({})"
    sent_times_0 = by_exporter.format(rate.format("otelcol_exporter_sent_spans_total")) + " * 0"
    failed_exports = (
        by_exporter.format(rate.format("otelcol_exporter_send_failed_spans_total"))
        + " + (" + by_exporter.format(rate.format("otelcol_exporter_enqueue_failed_spans_total"))
        + " or " + sent_times_0 + ")"
        + " or " + sent_times_0)
    return [
        row("Telemetry pipeline"),
        timeseries("Spans per second", "Sampled spans that ended in the services, the spans the OpenTelemetry "
                   "Collector accepted, and what it sent to each backend. With nothing lost the lines lie on top "
                   "of each other.",
                   [query("sum(" + rate.format('otel_sdk_span_ended_total{job="services"}') + ")",
                          "ended in the services"),
                    query("sum(" + rate.format('otelcol_receiver_accepted_spans_total{job="otel-collector"}') + ")",
                          "accepted by the collector"),
                    query("sum by (exporter) ("
                          + rate.format('otelcol_exporter_sent_spans_total{job="otel-collector"}') + ")",
                          "sent by {{exporter}}")],
                   unit="ops"),
        timeseries("Spans lost per second", "Spans the services could not hand to the collector (it is down or "
                   "refuses), spans the collector's receiver refused (memory limit), and spans an exporter dropped "
                   "(its backend did not take them for 30 s, or its queue was full). TracePipelineLosingSpans "
                   "opens a ticket when any of them stays above 0 for 5 minutes.",
                   [query(lost_in_services, "{{service}} to the collector"),
                    query("sum by (service) (" + rate.format("otelcol_receiver_refused_spans_total") + ")",
                          "refused by {{service}}"),
                    query(failed_exports, "dropped by {{service}} {{exporter}}")],
                   unit="ops", steps=[(None, "green"), (0.001, "red")]),
        timeseries("Exporter queue fill", "How full each of the collector's exporter queues is (200 batches). "
                   "A queue that fills means its backend is slow or down; at 100% new spans are dropped.",
                   [query("max by (exporter) (otelcol_exporter_queue_size / otelcol_exporter_queue_capacity)",
                          "{{exporter}}")],
                   unit="percentunit", max_value=1, steps=[(None, "green"), (0.5, "orange"), (0.9, "red")],
                   threshold_lines=True),
    ]


# --- One dashboard per service ---------------------------------------------------------------------------------

def service_dashboard(service, *, calls_out, has_database, business):
    """calls_out: the service has REST clients (http_client_requests_seconds); has_database: an Agroal pool;
    business: the panels of its own metrics."""
    sel = f'job="services", service="{service}"'
    own = f'service="{service}"'
    panels = [
        row("At a glance (5-minute windows)"),
        stat("Request rate", "Requests per second this service answers, every route and status.",
             [query(f"service:http_server_requests:rate5m{{{own}}}")], unit="reqps"),
        stat("Error ratio (5xx)", "Share of requests answered with a 5xx. 0 is normal; HighErrorRate pages above "
             "5% for 5 minutes.",
             [query(f"service:http_server_requests_errors:ratio_rate5m{{{own}}}")],
             unit="percentunit", steps=ERROR_RATIO_STEPS),
        stat("p95 latency", "95% of requests are answered faster than this; HighLatency pages above 1 s for "
             "5 minutes.",
             [query(f"service:http_server_requests_seconds:p95_5m{{{own}}}")], unit="s",
             steps=LATENCY_STEPS),
        stat("Scrape target up", "Prometheus' `up` for this service's /q/metrics: DOWN for a minute fires "
             "ServiceDown.",
             [query(f"up{{{sel}}}", "{{instance}}")], unit="none", mapping=UP_DOWN),
        stat("Readiness checks", "Each readiness check of /q/health/ready, run every 5 s. A check DOWN for "
             "2 minutes fires ReadinessFailing; `Redis (optional)` never makes the service unready.",
             [query(f'max by (check) (health_check_up{{{sel}, probe="readiness"}})', "{{check}}")],
             unit="none", w=24, mapping=UP_DOWN),

        row("Routes"),
        table("Routes, last 5 minutes", "Each route (method and route template) with its request rate, 5xx "
              "ratio and latency percentiles over the last 5 minutes, busiest first.",
              [("req/s", "reqps", f"service_route:http_server_requests:rate5m{{{own}}}"),
               ("5xx ratio", "percentunit", f"service_route:http_server_requests_errors:ratio_rate5m{{{own}}}"),
               ("p50", "s", f"service_route:http_server_requests_seconds:p50_5m{{{own}}}"),
               ("p95", "s", f"service_route:http_server_requests_seconds:p95_5m{{{own}}}"),
               ("p99", "s", f"service_route:http_server_requests_seconds:p99_5m{{{own}}}")],
              hidden=("service",)),
        timeseries("Request rate per route", "Requests per second by route over 5-minute windows.",
                   [query(f"service_route:http_server_requests:rate5m{{{own}}}", "{{method}} {{uri}}")],
                   unit="reqps", w=12),
        timeseries("Responses by status", "Responses per second by HTTP status, every route. 4xx are answers "
                   "to wrong requests (validation, unknown IDs, rate limit) and normal in small numbers.",
                   [query(f"sum by (status) (rate(http_server_requests_seconds_count{{{sel}}}[$__rate_interval]))",
                          "{{status}}")], unit="reqps", w=12, stacked=True),
        timeseries("Error ratio per route (5xx)", "The share of each route's requests answered with a 5xx; 0 is "
                   "normal. A route without traffic in the last 5 minutes has no line.",
                   [query(f"service_route:http_server_requests_errors:ratio_rate5m{{{own}}}",
                          "{{method}} {{uri}}")],
                   unit="percentunit", w=12, steps=ERROR_RATIO_STEPS, threshold_lines=True),
        timeseries("Latency per route, p95 (click a dot for its trace)", "p95 per route from the raw histogram "
                   "buckets. The dots are exemplars: single requests with their trace ID; click one to open "
                   "the trace in Jaeger.",
                   [query("histogram_quantile(0.95, sum by (method, uri, le) "
                          f"(rate(http_server_requests_seconds_bucket{{{sel}}}[$__rate_interval])))",
                          "{{method}} {{uri}}", exemplar=True)],
                   unit="s", w=12, steps=LATENCY_STEPS, threshold_lines=True),
    ]
    if calls_out:
        panels += outgoing_calls(sel, own)
    panels += [
        row("Circuit breakers"),
        state_table("Circuit breaker state now", "Each method guarded by a circuit breaker (calls to another "
                    "service or to Redis) and its breaker's state: closed is normal; open fails calls fast for 5 s "
                    "once half of the recent calls failed; halfOpen lets trial calls through.",
                    f"max by (method, state) (ft_circuitbreaker_state_current{{{sel}}}) == 1",
                    state_label="state", colors={"closed": "green", "halfOpen": "orange", "open": "red"}),
        timeseries("Breakers open", "1 while a method's breaker is open. Open again and again for 2 minutes "
                   "fires CircuitBreakerOpen.",
                   [query(f'sum by (method) (ft_circuitbreaker_state_current{{{sel}, state="open"}})',
                          "{{method}}")], unit="none", max_value=1),
        timeseries("Breaker openings", "How many times each breaker opened per interval; 0 is normal.",
                   [query("sum by (method) "
                          f"(increase(ft_circuitbreaker_opened_total{{{sel}}}[$__rate_interval]))",
                          "{{method}}")], unit="none"),
    ]
    panels += business(sel)
    if has_database:
        panels += connection_pool(sel)
    panels += redis_client(sel) + jvm(sel)
    return dashboard(
        f"obsdemo-{service}", f"Observability demo: {service}",
        f"{service} in depth: its routes, the calls it makes, its circuit breakers, dependencies and JVM. "
        "Latency panels show exemplars: click a dot to open that request's trace.",
        [service], panels,
    )


def outgoing_calls(sel, own):
    return [
        row("Calls to other services"),
        table("Calls, last 5 minutes", "Each REST client (clientName: the service called) and route with "
              "its call rate, failure ratio and p95 over the last 5 minutes. A failed call is a 5xx or no "
              "response at all (refused, timed out).",
              [("calls/s", "reqps", f"service_client:http_client_requests:rate5m{{{own}}}"),
               ("failure ratio", "percentunit",
                f"service_client:http_client_requests_errors:ratio_rate5m{{{own}}}"),
               ("p95", "s", f"service_client:http_client_requests_seconds:p95_5m{{{own}}}")],
              hidden=("service",), h=7),
        timeseries("Call rate", "Calls per second to each service and route.",
                   [query(f"service_client:http_client_requests:rate5m{{{own}}}",
                          "{{clientName}} {{method}} {{uri}}")], unit="reqps"),
        timeseries("Call failure ratio", "The share of calls that failed (5xx, refused, timed out). "
                   "Failures here and a 5xx ratio above are the same incident seen from both sides.",
                   [query(f"service_client:http_client_requests_errors:ratio_rate5m{{{own}}}",
                          "{{clientName}} {{method}} {{uri}}")],
                   unit="percentunit", steps=ERROR_RATIO_STEPS, threshold_lines=True),
        timeseries("Call latency, p95 (click a dot for its trace)", "p95 per called route from the raw "
                   "histogram buckets, with exemplars linking to traces. The timeouts are 2 s (3 s to place "
                   "an order): a p95 near them means calls are being cut.",
                   [query("histogram_quantile(0.95, sum by (clientName, method, uri, le) "
                          f"(rate(http_client_requests_seconds_bucket{{{sel}}}[$__rate_interval])))",
                          "{{clientName}} {{method}} {{uri}}", exemplar=True)], unit="s"),
    ]


def connection_pool(sel):
    return [
        row("PostgreSQL connection pool (Agroal)"),
        timeseries("Pool connections", "Connections in use (active), idle in the pool (available) and the "
                   "most ever in use at once (max used).",
                   [query(f"sum(agroal_active_count{{{sel}}})", "active"),
                    query(f"sum(agroal_available_count{{{sel}}})", "available"),
                    query(f"max(agroal_max_used_count{{{sel}}})", "max used")], unit="none", w=12),
        timeseries("Threads waiting for a connection", "Requests blocked until a connection frees up; 0 is "
                   "normal. Above 0 for long: the pool is too small or queries are slow.",
                   [query(f"sum(agroal_awaiting_count{{{sel}}})", "awaiting")], unit="none", w=12),
    ]


def redis_client(sel):
    return [
        row("Redis client"),
        timeseries("Redis commands", "Commands per second sent to Redis and how many failed. Failures mean Redis "
                   "is down or slow; the service keeps answering without it.",
                   [query(f"sum(rate(redis_commands_count_total{{{sel}}}[$__rate_interval]))", "commands"),
                    query(f"sum(rate(redis_commands_failure_total{{{sel}}}[$__rate_interval]))", "failures")],
                   unit="ops", w=12),
        timeseries("Redis command latency, p95 (click a dot for its trace)", "p95 of Redis command durations "
                   "from the raw histogram buckets, with exemplars. Normal is around a millisecond on loopback.",
                   [query("histogram_quantile(0.95, sum by (le) "
                          f"(rate(redis_commands_duration_seconds_bucket{{{sel}}}[$__rate_interval])))",
                          "p95", exemplar=True)], unit="s", w=12),
    ]


def jvm(sel):
    return [
        row("JVM"),
        timeseries("Heap", "Heap in use and committed (reserved from the OS). Used rising to committed and "
                   "staying there after collections is a leak or a heap too small.",
                   [query(f'sum(jvm_memory_used_bytes{{{sel}, area="heap"}})', "used"),
                    query(f'sum(jvm_memory_committed_bytes{{{sel}, area="heap"}})', "committed")],
                   unit="bytes", w=6),
        timeseries("GC pause time", "Share of wall time the JVM spent paused in garbage collection, per "
                   "collector; below 1% is normal.",
                   [query(f"sum by (gc) (rate(jvm_gc_pause_seconds_sum{{{sel}}}[$__rate_interval]))", "{{gc}}")],
                   unit="percentunit", w=6),
        timeseries("Threads by state", "Live JVM threads by state, stacked. Many blocked threads point to lock "
                   "contention.",
                   [query(f"sum by (state) (jvm_threads_states_threads{{{sel}}})", "{{state}}")],
                   unit="none", w=6, stacked=True),
        timeseries("CPU", "CPU used by this JVM and by the whole machine, as a share of all cores.",
                   [query(f"process_cpu_usage{{{sel}}}", "process"),
                    query(f"system_cpu_usage{{{sel}}}", "machine")],
                   unit="percentunit", w=6, max_value=1),
    ]


def gateway_business(sel):
    return [
        row("Rate limiting"),
        timeseries("Rate limiter decisions", "Per second: requests allowed, rejected with a 429 (over "
                   "RATE_LIMIT_REQUESTS per window and client), and let through unchecked because Redis could not "
                   "be asked (failed_open).",
                   [query(f"sum by (result) (rate(rate_limit_requests_total{{{sel}}}[$__rate_interval]))",
                          "{{result}}")], unit="reqps", w=24, stacked=True),
    ]


def user_business(sel):
    return [
        row("Users and the user cache"),
        timeseries("Cache lookups by result", "Per second: users found in Redis (hit), read from PostgreSQL "
                   "(miss) and lookups that failed because Redis did (error, served from PostgreSQL).",
                   [query(f"sum by (result) (rate(cache_requests_total{{{sel}}}[$__rate_interval]))",
                          "{{result}}")], unit="ops", w=8, stacked=True),
        timeseries("Cache hit ratio", "Share of lookups answered from Redis. It drops after restarts and "
                   "for users read for the first time.",
                   [query(f'sum(rate(cache_requests_total{{{sel}, result="hit"}}[$__rate_interval])) '
                          f"/ sum(rate(cache_requests_total{{{sel}}}[$__rate_interval]))", "hit ratio")],
                   unit="percentunit", w=8, max_value=1),
        timeseries("Users created", "Users created per second.",
                   [query(f"sum(rate(users_created_total{{{sel}}}[$__rate_interval]))", "created")],
                   unit="ops", w=8),
    ]


def order_business(sel):
    return [
        row("Orders"),
        timeseries("Orders created and replayed", "Orders created per second, and retries answered with the "
                   "order an Idempotency-Key already created (replays: a client retried, nothing was created "
                   "twice).",
                   [query(f"sum(rate(orders_created_total{{{sel}}}[$__rate_interval]))", "created"),
                    query(f"sum(rate(orders_idempotent_replays_total{{{sel}}}[$__rate_interval]))",
                          "idempotent replays")], unit="ops", w=12),
        timeseries("Order value (click a dot for its trace)", "Median and p95 of the orders' totals in cents, "
                   "from the histogram of order_value_cents, with exemplars linking to the order's trace.",
                   [query("histogram_quantile(0.5, sum by (le) "
                          f"(rate(order_value_cents_bucket{{{sel}}}[$__rate_interval])))", "median", exemplar=True),
                    query("histogram_quantile(0.95, sum by (le) "
                          f"(rate(order_value_cents_bucket{{{sel}}}[$__rate_interval])))", "p95", exemplar=True)],
                   unit="none", w=12),
    ]


# --- SLOs ------------------------------------------------------------------------------------------------------

# slo label: (short name for panel titles, what it promises, objective as in slo.yml)
SLOS = {
    "gateway-availability": ("Availability", "99.5% of the gateway's /api requests are answered without a 5xx",
                             0.995),
    "gateway-orders-latency": ("Orders latency", ("95% of POST /api/orders succeed within 300 ms (a 5xx "
                                                  "counts as bad, however fast)"), 0.95),
}
BURN_RATE_WINDOWS = ("5m", "30m", "1h", "2h", "6h", "1d", "3d")

ALERTS_EXPLAINED = """\
Each SLO has a **30-day error budget**: the share of requests allowed to miss it (0.5% for availability, 5% \
for the orders' latency). The **burn rate** is how fast that budget goes: 1 spends exactly the budget in \
30 days, 14.4 spends 2% of it in an hour.

Alerts need a long window (is it significant?) *and* a short one (is it still happening?) above the same \
threshold, so they fire fast and stop soon after the problem does \
(rules: `observability/prometheus/rules/slo.yml`; every alert links its runbook):

| Alert | Severity | Fires when both windows are above | Budget spent |
|---|---|---|---|
| **ErrorBudgetBurnFast** | page: act now | 1 h and 5 m above **14.4**, or 6 h and 30 m above **6** (for 2 minutes) \
| 2% in 1 h, 5% in 6 h |
| **ErrorBudgetBurnSlow** | ticket: working hours | 1 d and 2 h above **3**, or 3 d and 6 h above **1** \
(for 15 minutes) | 10% in 1 d, 10% in 3 d |

The SLI is the share of good requests; it must stay at or above the objective.
"""


def slo_panels(slo):
    name, description, objective = SLOS[slo]
    this = f'slo="{slo}"'
    sli_steps = [(None, "red"), (objective, "green")]

    def sli(window, duration):
        return stat(f"{name}: SLI, {duration}", f"Share of good requests over the last {duration}: {description}. "
                    "Red below the objective.",
                    [query(f"1 - slo:sli_error:ratio_rate{window}{{{this}}}")],
                    unit="percentunit", w=4, h=5, steps=sli_steps, decimals=2)

    return [
        row(f"{slo}: {description}"),
        stat(f"{name}: objective", f"The target, from slo.yml: {description}, over 30 days.",
             [query(f"slo:objective:ratio{{{this}}}")], unit="percentunit", w=4, h=5, decimals=1),
        sli("5m", "5 minutes"),
        sli("1h", "1 hour"),
        sli("30d", "30 days"),
        gauge(f"{name}: error budget remaining (30 days)", "The share of the 30-day error budget not yet spent: "
              "100% untouched, 0% spent; below 0 the SLO is missed.",
              [query(f"slo:error_budget_remaining:ratio{{{this}}}")],
              unit="percentunit", steps=BUDGET_STEPS, min_value=-1, max_value=1),
        timeseries(f"{name}: burn rate per window", "The error budget's burn rate over each window the alerts "
                   "read; the dashed lines are the thresholds (1 and 3: ticket, 6 and 14.4: page).",
                   [query(f"slo:burn_rate:{window}{{{this}}}", window) for window in BURN_RATE_WINDOWS],
                   unit="none", w=16, h=9, steps=BURN_RATE_STEPS, threshold_lines=True),
        stat(f"{name}: burn rate now", "The latest burn rate per window, coloured by the alert thresholds.",
             [query(f"slo:burn_rate:{window}{{{this}}}", window) for window in BURN_RATE_WINDOWS],
             unit="none", w=8, h=9, steps=BURN_RATE_STEPS, decimals=2),
    ]


def slo_dashboard():
    panels = [text("How these SLOs alert", ALERTS_EXPLAINED, h=9)]
    for slo in SLOS:
        panels += slo_panels(slo)
    return dashboard(
        "obsdemo-slo", "Observability demo: SLOs",
        "The gateway's service level objectives: objective, SLI, error budget and burn rates over every alert "
        "window.",
        ["gateway-service"], panels,
    )


# --- Output ----------------------------------------------------------------------------------------------------

def all_dashboards():
    """Each dashboard by its file name in DASHBOARDS_DIR."""
    return {
        "overview.json": overview(),
        "gateway-service.json": service_dashboard("gateway-service", calls_out=True, has_database=False,
                                                  business=gateway_business),
        "user-service.json": service_dashboard("user-service", calls_out=False, has_database=True,
                                               business=user_business),
        "order-service.json": service_dashboard("order-service", calls_out=True, has_database=True,
                                                business=order_business),
        "slo.json": slo_dashboard(),
    }


def main(argv):
    return output.main(argv, all_dashboards, DASHBOARDS_DIR)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
