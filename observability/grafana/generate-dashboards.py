#!/usr/bin/env python3
"""Writes the Grafana dashboards in observability/grafana/dashboards/ from the definitions below.

    python3 observability/grafana/generate-dashboards.py          # (re)write every dashboard JSON file
    python3 observability/grafana/generate-dashboards.py --check  # exit 1, naming each file that differs

Five dashboards share their datasource references, layout rules, units and trace links; written by hand they
drift apart. Here a dashboard is data: a list of panels, each one call (title, description, queries, size),
flowed left to right on Grafana's 24-column grid. Everything that is not a definition lives in dashboards_lib/
(panel kinds, layout, the dashboards' frame, reading the rule files, output). The JSON comes out the same on
every run, so the committed files can be checked against this script (system-tests GrafanaDashboardsTest runs
--check).

Queries read the recording rules of observability/prometheus/rules/red.yml and slo.yml where they exist, and
raw metrics with rate(...[$__rate_interval]) elsewhere. Every query returns data on a healthy system with
traffic: error ratios come from the rules, which are 0 (not absent) without errors.

What the alerts and SLOs define is read from their rule files (alerts.yml, slo.yml), not copied here: the SLO
objectives and the error budget's period, the burn-rate alerts' windows, factors, severities and `for`, the
HighErrorRate and HighLatency thresholds, and the `for` of every alert a description names. They set colour
steps and the numbers in titles and descriptions, so a changed rule changes the dashboards, and --check fails
until they are regenerated. Steps below an alert's threshold (warnings) are the dashboards' own choice.

This file is long because it holds the definitions of all five dashboards, the one place to read and edit
them; it has no logic beyond choosing panels. Python 3.11 standard library only. Unit tests of dashboards_lib:
python3 -m unittest discover -s observability/grafana/tests -t observability/grafana (GrafanaDashboardsTest runs
them too).
"""

import sys
from dataclasses import dataclass
from pathlib import Path

from dashboards_lib import output
from dashboards_lib.alerting import Alerting
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
from dashboards_lib.rules import RuleError
from dashboards_lib.wording import (
    a_duration,
    abbreviated,
    adjective,
    bare_duration,
    duration,
    number,
    percent,
)

HERE = Path(__file__).resolve().parent
DASHBOARDS_DIR = HERE / "dashboards"
RULES_DIR = HERE.parent / "prometheus" / "rules"

SERVICES = ("gateway-service", "user-service", "order-service")
UP_DOWN = {0: ("DOWN", "red"), 1: ("UP", "green")}
BUDGET_STEPS = [(None, "red"), (0.25, "orange"), (0.5, "green")]
# One colour per factor of slo.yml's burn-rate alerts, lowest first (the generator fails when their number differs).
BURN_RATE_COLORS = ("yellow", "orange", "red", "dark-red")
SEVERITY_MEANINGS = {"page": "page: act now", "ticket": "ticket: working hours"}


def error_ratio_steps(alerting):
    """Orange from 1% of requests failing, red where HighErrorRate fires."""
    return [(None, "green"), (0.01, "orange"), (alerting.errors.value, "red")]


def latency_steps(alerting):
    """Orange from a p95 of 0.5 s, red where HighLatency fires."""
    return [(None, "green"), (0.5, "orange"), (alerting.latency.value, "red")]


# --- The overview ----------------------------------------------------------------------------------------------

def overview(alerting):
    period = alerting.period
    fastest_alert, fastest = alerting.fastest_burn()
    return dashboard(
        "obsdemo-overview", "Observability demo: overview",
        "Every service at a glance: up and ready, RED (rate, errors, duration) per service and per route, the "
        "telemetry pipeline, and the SLOs' error budgets. The per-service dashboards go deeper; the links above "
        "search each service's traces.",
        SERVICES,
        [
            row("Services"),
            stat("Scrape target up", "Prometheus' `up` for each service's /q/metrics: UP when the last scrape "
                 f"succeeded. DOWN for {alerting.duration_of('ServiceDown')} fires ServiceDown.",
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
                       f"mistakes and not counted. 0 is normal; {alerting.high_error_rate()}.",
                       [query("service:http_server_requests_errors:ratio_rate5m", "{{service}}")],
                       unit="percentunit", steps=error_ratio_steps(alerting), threshold_lines=True),
            timeseries("p95 latency", "95% of requests are answered faster than this. Normal is well below "
                       f"100 ms; {alerting.high_latency()}.",
                       [query("service:http_server_requests_seconds:p95_5m", "{{service}}")],
                       unit="s", steps=latency_steps(alerting), threshold_lines=True),

            row("Routes"),
            timeseries("Top 10 routes by request rate", "The busiest routes (method and route template) of all "
                       "services.",
                       [query("topk(10, service_route:http_server_requests:rate5m)",
                              "{{service}} {{method}} {{uri}}")], unit="reqps"),
            timeseries("Error ratio per route (5xx)", "Which route fails: the share of its requests answered "
                       "with a 5xx. A route with no traffic in the last 5 minutes has no line.",
                       [query("service_route:http_server_requests_errors:ratio_rate5m",
                              "{{service}} {{method}} {{uri}}")],
                       unit="percentunit", steps=error_ratio_steps(alerting), threshold_lines=True),
            timeseries("p95 latency per route", "Which route is slow. Gaps are routes without traffic.",
                       [query("service_route:http_server_requests_seconds:p95_5m",
                              "{{service}} {{method}} {{uri}}")],
                       unit="s", steps=latency_steps(alerting), threshold_lines=True),
            table("All routes, last 5 minutes", "Every route of every service with its request rate, 5xx ratio "
                  "and p95 latency over the last 5 minutes, busiest first.",
                  [("req/s", "reqps", "service_route:http_server_requests:rate5m"),
                   ("5xx ratio", "percentunit", "service_route:http_server_requests_errors:ratio_rate5m"),
                   ("p95", "s", "service_route:http_server_requests_seconds:p95_5m")], h=9),

            *telemetry_pipeline(alerting),

            row("Service level objectives"),
            stat(f"Error budget remaining ({duration(period)})", "The share of each SLO's "
                 f"{adjective(period)} error budget not yet spent: 100% untouched, 0% spent, negative overspent. "
                 "The SLO dashboard has the details.",
                 [query("slo:error_budget_remaining:ratio", "{{slo}}")],
                 unit="percentunit", w=12, h=5, steps=BUDGET_STEPS, decimals=1),
            stat("Fast burn rate", "How fast each SLO spends its budget over the last "
                 f"{bare_duration(fastest.long_window)} and {bare_duration(fastest.short_window)} (1 = exactly the "
                 f"budget in {duration(period)}). {fastest_alert.name} {alerting.fires(fastest_alert.name)} when "
                 f"both are above {number(fastest.factor)}.",
                 [query(f"slo:burn_rate:{window}", f"{{{{slo}}}} {window}")
                  for window in (fastest.long_window, fastest.short_window)],
                 unit="none", w=12, h=5, steps=alerting.burn_rate_steps(BURN_RATE_COLORS), decimals=2),
        ],
    )


def telemetry_pipeline(alerting):
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
    losing_spans = "TracePipelineLosingSpans"
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
                   f"(its backend did not take them for 30 s, or its queue was full). {losing_spans} "
                   f"{alerting.fires(losing_spans)} when any of them stays above 0 for "
                   f"{alerting.duration_of(losing_spans)}.",
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

def service_dashboard(service, alerting, *, calls_out, has_database, business):
    """calls_out: the service has REST clients (http_client_requests_seconds); has_database: an Agroal pool;
    business: the panels of its own metrics."""
    sel = f'job="services", service="{service}"'
    own = f'service="{service}"'
    panels = [
        row("At a glance (5-minute windows)"),
        stat("Request rate", "Requests per second this service answers, every route and status.",
             [query(f"service:http_server_requests:rate5m{{{own}}}")], unit="reqps"),
        stat("Error ratio (5xx)", f"Share of requests answered with a 5xx. 0 is normal; {alerting.high_error_rate()}.",
             [query(f"service:http_server_requests_errors:ratio_rate5m{{{own}}}")],
             unit="percentunit", steps=error_ratio_steps(alerting)),
        stat("p95 latency", f"95% of requests are answered faster than this; {alerting.high_latency()}.",
             [query(f"service:http_server_requests_seconds:p95_5m{{{own}}}")], unit="s",
             steps=latency_steps(alerting)),
        stat("Scrape target up", "Prometheus' `up` for this service's /q/metrics: DOWN for "
             f"{alerting.duration_of('ServiceDown')} fires ServiceDown.",
             [query(f"up{{{sel}}}", "{{instance}}")], unit="none", mapping=UP_DOWN),
        stat("Readiness checks", "Each readiness check of /q/health/ready, run every 5 s. A check DOWN for "
             f"{alerting.duration_of('ReadinessFailing')} fires ReadinessFailing; `Redis (optional)` never makes "
             "the service unready.",
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
                   unit="percentunit", w=12, steps=error_ratio_steps(alerting), threshold_lines=True),
        timeseries("Latency per route, p95 (click a dot for its trace)", "p95 per route from the raw histogram "
                   "buckets. The dots are exemplars: single requests with their trace ID; click one to open "
                   "the trace in Jaeger.",
                   [query("histogram_quantile(0.95, sum by (method, uri, le) "
                          f"(rate(http_server_requests_seconds_bucket{{{sel}}}[$__rate_interval])))",
                          "{{method}} {{uri}}", exemplar=True)],
                   unit="s", w=12, steps=latency_steps(alerting), threshold_lines=True),
    ]
    if calls_out:
        panels += outgoing_calls(sel, own, alerting)
    panels += [
        row("Circuit breakers"),
        state_table("Circuit breaker state now", "Each method guarded by a circuit breaker (calls to another "
                    "service or to Redis) and its breaker's state: closed is normal; open fails calls fast for 5 s "
                    "once half of the recent calls failed; halfOpen lets trial calls through.",
                    f"max by (method, state) (ft_circuitbreaker_state_current{{{sel}}}) == 1",
                    state_label="state", colors={"closed": "green", "halfOpen": "orange", "open": "red"}),
        timeseries("Breakers open", "1 while a method's breaker is open. Open again and again for "
                   f"{alerting.duration_of('CircuitBreakerOpen')} fires CircuitBreakerOpen.",
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


def outgoing_calls(sel, own, alerting):
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
                   unit="percentunit", steps=error_ratio_steps(alerting), threshold_lines=True),
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

@dataclass(frozen=True)
class Slo:
    """How the dashboards speak of an SLO of slo.yml. name: short, for panel titles; promise: what it promises,
    with {objective} where the objective goes; budget_of: what its error budget is a share of."""

    name: str
    promise: str
    budget_of: str


# By slo label; the objectives are slo.yml's, and every SLO of slo.yml must be here.
SLOS = {
    "gateway-availability": Slo("Availability", "{objective} of the gateway's /api requests are answered without "
                                "a 5xx", "availability"),
    "gateway-orders-latency": Slo("Orders latency", "{objective} of POST /api/orders succeed within 300 ms (a 5xx "
                                  "counts as bad, however fast)", "the orders' latency"),
}
# The SLIs shown besides the one over the budget's period (slo.yml records an SLI for every burn-rate window).
SLI_WINDOWS = ("5m", "1h")


def how_slos_alert(alerting):
    """The SLO dashboard's introduction: error budget, burn rate, and the alerts' windows as a table."""
    period = alerting.period
    _, fastest = alerting.fastest_burn()
    budgets = ", ".join(f"{percent(1 - alerting.objectives[slo])} for {SLOS[slo].budget_of}" for slo in SLOS)
    return "\n".join([
        (f"Each SLO has a **{adjective(period)} error budget**: the share of requests allowed to miss it ({budgets}). "
         f"The **burn rate** is how fast that budget goes: 1 spends exactly the budget in {duration(period)}, "
         f"{number(fastest.factor)} spends {percent(fastest.budget_spent(period))} of it in "
         f"{a_duration(fastest.long_window)}."),
        "",
        ("Alerts need a long window (is it significant?) *and* a short one (is it still happening?) above the same "
         "threshold, so they fire fast and stop soon after the problem does "
         "(rules: `observability/prometheus/rules/slo.yml`; every alert links its runbook):"),
        "",
        "| Alert | Severity | Fires when both windows are above | Budget spent |",
        "|---|---|---|---|",
        *(burn_rate_alert_row(alert, period) for alert in alerting.burn_alerts),
        "",
        "The SLI is the share of good requests; it must stay at or above the objective.",
        "",
    ])


def burn_rate_alert_row(alert, period):
    """A line of the table: the alert, its severity, its window pairs, and the budget each pair has spent when
    it fires."""
    pairs = ", or ".join(f"{abbreviated(pair.long_window)} and {abbreviated(pair.short_window)} above "
                         f"**{number(pair.factor)}**" for pair in alert.conditions)
    spent = ", ".join(f"{percent(pair.budget_spent(period))} in {abbreviated(pair.long_window)}"
                      for pair in alert.conditions)
    severity = SEVERITY_MEANINGS[alert.severity]
    return f"| **{alert.name}** | {severity} | {pairs} (for {a_duration(alert.for_)}) | {spent} |"


def slo_panels(slo, alerting):
    name, objective, period = SLOS[slo].name, alerting.objectives[slo], alerting.period
    promise = SLOS[slo].promise.format(objective=percent(objective))
    this = f'slo="{slo}"'
    burn_rates = [query(f"slo:burn_rate:{window}{{{this}}}", window) for window in alerting.burn_rate_windows]
    burn_rate_steps = alerting.burn_rate_steps(BURN_RATE_COLORS)

    def sli(window):
        return stat(f"{name}: SLI, {duration(window)}", f"Share of good requests over the last {duration(window)}: "
                    f"{promise}. Red below the objective.",
                    [query(f"1 - slo:sli_error:ratio_rate{window}{{{this}}}")],
                    unit="percentunit", w=4, h=5, steps=[(None, "red"), (objective, "green")], decimals=2)

    return [
        row(f"{slo}: {promise}"),
        stat(f"{name}: objective", f"The target, from slo.yml: {promise}, over {duration(period)}.",
             [query(f"slo:objective:ratio{{{this}}}")], unit="percentunit", w=4, h=5, decimals=1),
        *(sli(window) for window in (*SLI_WINDOWS, period)),
        gauge(f"{name}: error budget remaining ({duration(period)})", f"The share of the {adjective(period)} error "
              "budget not yet spent: 100% untouched, 0% spent; below 0 the SLO is missed.",
              [query(f"slo:error_budget_remaining:ratio{{{this}}}")],
              unit="percentunit", steps=BUDGET_STEPS, min_value=-1, max_value=1),
        timeseries(f"{name}: burn rate per window", "The error budget's burn rate over each window the alerts "
                   f"read; the dashed lines are the thresholds ({alerting.burn_thresholds_by_severity()}).",
                   burn_rates, unit="none", w=16, h=9, steps=burn_rate_steps, threshold_lines=True),
        stat(f"{name}: burn rate now", "The latest burn rate per window, coloured by the alert thresholds.",
             burn_rates, unit="none", w=8, h=9, steps=burn_rate_steps, decimals=2),
    ]


def slo_dashboard(alerting):
    if set(alerting.objectives) != set(SLOS):
        raise RuleError(f"slo.yml has objectives for {sorted(alerting.objectives)}, the dashboards describe "
                        f"{sorted(SLOS)} (SLOS in {Path(__file__).name})")
    panels = [text("How these SLOs alert", how_slos_alert(alerting), h=9)]
    for slo in SLOS:
        panels += slo_panels(slo, alerting)
    return dashboard(
        "obsdemo-slo", "Observability demo: SLOs",
        "The gateway's service level objectives: objective, SLI, error budget and burn rates over every alert "
        "window.",
        ["gateway-service"], panels,
    )


# --- Output ----------------------------------------------------------------------------------------------------

def all_dashboards(alerting):
    """Each dashboard by its file name in DASHBOARDS_DIR."""
    return {
        "overview.json": overview(alerting),
        "gateway-service.json": service_dashboard("gateway-service", alerting, calls_out=True, has_database=False,
                                                  business=gateway_business),
        "user-service.json": service_dashboard("user-service", alerting, calls_out=False, has_database=True,
                                               business=user_business),
        "order-service.json": service_dashboard("order-service", alerting, calls_out=True, has_database=True,
                                                business=order_business),
        "slo.json": slo_dashboard(alerting),
    }


def main(argv):
    def build():
        try:
            return all_dashboards(Alerting.read(RULES_DIR / "alerts.yml", RULES_DIR / "slo.yml"))
        except RuleError as error:
            sys.exit(f"{Path(argv[0]).name}: {error}")

    return output.main(argv, build, DASHBOARDS_DIR)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
