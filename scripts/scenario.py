#!/usr/bin/env python3
"""Runs a guided scenario of docs/scenarios/ against the running stack and prints its diagnosis.

    ./demo scenario list
    ./demo scenario <name> [--report FILE]

A scenario is its Markdown page, docs/scenarios/<name>.md, and nothing else: the runner does what the page
tells a person to do, so the page cannot drift from what is checked (system-tests' ScenariosTest runs the
runner on every page). From the page it takes
  - the front matter: which traces to search (service, operation), what to look for in them (the slowest
    trace, a failing one, or a broken one), the culprit the page promises, and the alert it promises if any;
  - the ```sh block under "## Switch it on": ./demo commands, run in order;
  - the ```sh block under "## Drive traffic": one ./demo traffic command, run to its end (and, before the
    fault is switched on, for a few seconds: the baseline, the healthy traces to compare with);
  - every ```promql block: evaluated in Prometheus, each result printed;
  - the ```sh block under "## Switch it off": run after the traffic, also when anything before it failed.

Then it searches Jaeger for the route's traces of the traffic's window and names the culprit:
  - slowest: the operation whose exclusive time on the critical path (the chain of spans that decided a
    trace's duration, as Jaeger's trace view computes it) grew most, per trace, since the baseline; N small
    queries under one parent add up, so an N+1 is found;
  - failing: in the slowest trace with an error span, the deepest error span none of whose children failed;
  - broken: in traces that lost a service the baseline's traces reach, the deepest span they still have on
    the healthy trace's way into it (the span that made the call that lost the context).
It prints an example trace's critical path, the culprit (service, operation, time or error, and app.fault
when the span carries it), the alerts pending or firing in Prometheus (checked against the page's alert),
the culprit service's JSON log lines of that trace, and the link that opens it in Zipkin (and its address
in Jaeger's API). It exits 0 when the culprit (and the alert) is what the page promises, 1 when not or when
no trace was found, 2 on a usage error or when the stack is not running.

Standard library only; talks to the stack on 127.0.0.1 (the ports of make demo and of the tests' instance).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "docs" / "scenarios"
GATEWAY = "http://127.0.0.1:8080"
JAEGER = "http://127.0.0.1:16686"
ZIPKIN = "http://127.0.0.1:9411"
PROMETHEUS = "http://127.0.0.1:9090"
LOOK_FOR = ("slowest", "failing", "broken")
FRONT_MATTER_KEYS = (
    "title",
    "look-for",
    "trace-service",
    "trace-operation",
    "culprit-service",
    "culprit-operation",
)
# Spans reach Jaeger in batches (the services' batch processor, then the collector's): wait this long after the
# traffic before searching, and search again for a while when nothing is there yet.
SPAN_DELAY_S = 6
SEARCH_PATIENCE_S = 30
# The healthy reference: the page's traffic for this long before the fault is switched on.
BASELINE_S = 5


class ScenarioError(Exception):
    """A scenario page or the stack is not as the runner needs it: the message says what, for a person."""


@dataclass
class Scenario:
    """One page of docs/scenarios/: its front matter and the blocks the runner acts on."""

    name: str
    meta: dict[str, str]
    switch_on: list[str]
    traffic: list[str]
    switch_off: list[str]
    promql: list[str]

    @property
    def culprit(self) -> tuple[str, str]:
        return self.meta["culprit-service"], self.meta["culprit-operation"]


def names() -> list[str]:
    """The scenarios, by page name (docs/scenarios/*.md but the index, README.md)."""
    return sorted(p.stem for p in SCENARIOS.glob("*.md") if p.name != "README.md")


def section_blocks(markdown: str, language: str) -> dict[str, list[list[str]]]:
    """The fenced blocks of a language, by the "## " heading they stand under: each block as its lines, with
    comment lines and blank lines left out."""
    blocks: dict[str, list[list[str]]] = {}
    heading = ""
    fence: list[str] | None = None
    for line in markdown.splitlines():
        if fence is None and line.startswith("## "):
            heading = line[3:].strip()
        elif fence is None and line.strip() == "```" + language:
            fence = []
        elif fence is not None and line.strip() == "```":
            blocks.setdefault(heading, []).append(fence)
            fence = None
        elif fence is not None and line.strip() and not line.lstrip().startswith("#"):
            fence.append(line.strip())
    return blocks


def load(name: str) -> Scenario:
    """Reads docs/scenarios/<name>.md; raises ScenarioError naming what the page lacks."""
    page = SCENARIOS / f"{name}.md"
    if not re.fullmatch(r"[a-z0-9-]+", name) or not page.is_file():
        raise ScenarioError(f"no scenario '{name}' (scenarios: {', '.join(names())})")
    text = page.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        raise ScenarioError(f"{page}: no front matter (--- ... --- at the top)")
    meta = {}
    for line in match.group(1).splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip().strip('"')
    missing = [k for k in FRONT_MATTER_KEYS if not meta.get(k)]
    if missing:
        raise ScenarioError(f"{page}: the front matter lacks {', '.join(missing)}")
    if meta["look-for"] not in LOOK_FOR:
        raise ScenarioError(f"{page}: look-for must be one of {', '.join(LOOK_FOR)}, not {meta['look-for']}")
    sh = section_blocks(text, "sh")

    def commands(heading: str, exactly_one: bool = False) -> list[str]:
        found = sh.get(heading)
        if not found or len(found) != 1 or not found[0]:
            raise ScenarioError(f'{page}: needs one ```sh block under "## {heading}"')
        for command in found[0]:
            if not command.startswith("./demo "):
                raise ScenarioError(f"{page}: under {heading}, only ./demo commands run, not: {command}")
        if exactly_one and len(found[0]) != 1:
            raise ScenarioError(f"{page}: under {heading}, one ./demo traffic command")
        return found[0]

    traffic = commands("Drive traffic", exactly_one=True)
    if not traffic[0].startswith("./demo traffic "):
        raise ScenarioError(f"{page}: the traffic is a ./demo traffic command, not: {traffic[0]}")
    promql = [" ".join(block) for blocks in section_blocks(text, "promql").values() for block in blocks]
    return Scenario(name, meta, commands("Switch it on"), traffic, commands("Switch it off"), promql)


def run_demo(command: str) -> None:
    """Runs one ./demo command of a page from the repository's root, its output indented under it."""
    print(f"  $ {command}", flush=True)
    result = subprocess.run(
        shlex.split(command), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
    )
    for line in result.stdout.splitlines():
        print(f"    {line}")
    if result.returncode != 0:
        raise ScenarioError(f"'{command}' failed (exit {result.returncode})")


def get_json(url: str, timeout: float = 10) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def require_stack() -> None:
    for what, url in (
        ("the gateway", GATEWAY + "/api/products"),
        ("Jaeger", JAEGER + "/api/services"),
        ("Prometheus", PROMETHEUS + "/-/ready"),
    ):
        try:
            with urllib.request.urlopen(url, timeout=5):
                pass
        except (OSError, urllib.error.URLError) as e:
            raise ScenarioError(f"{what} does not answer at {url} ({e}): start the stack with make demo") from None


# --- Traces ---------------------------------------------------------------------------------------------


@dataclass
class Span:
    """A span as Jaeger's query API returns it, times in microseconds since the epoch."""

    span_id: str
    parent_id: str | None
    service: str
    operation: str
    start: int
    duration: int
    tags: dict[str, object]
    events: list[dict[str, object]] = field(default_factory=list)
    children: list[Span] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.start + self.duration

    @property
    def error(self) -> bool:
        return self.tags.get("error") in (True, "true") or self.tags.get("otel.status_code") == "ERROR"

    @property
    def kind(self) -> str:
        return str(self.tags.get("span.kind", "internal"))

    def label(self) -> str:
        return f"{self.service} · {self.operation}"


@dataclass
class Trace:
    trace_id: str
    spans: list[Span]

    @property
    def root(self) -> Span:
        ids = {s.span_id for s in self.spans}
        roots = [s for s in self.spans if s.parent_id not in ids]
        return min(roots, key=lambda s: s.start)

    @property
    def duration(self) -> int:
        return self.root.duration


def parse_trace(data: dict) -> Trace:
    services = {pid: p["serviceName"] for pid, p in data["processes"].items()}
    spans = {}
    for raw in data["spans"]:
        parent = next((r["spanID"] for r in raw.get("references", []) if r.get("refType") == "CHILD_OF"), None)
        spans[raw["spanID"]] = Span(
            raw["spanID"],
            parent,
            services[raw["processID"]],
            raw["operationName"],
            raw["startTime"],
            raw["duration"],
            {t["key"]: t["value"] for t in raw.get("tags", [])},
            [{f["key"]: f["value"] for f in log.get("fields", [])} for log in raw.get("logs", [])],
        )
    for span in spans.values():
        if span.parent_id in spans:
            spans[span.parent_id].children.append(span)
    return Trace(data["traceID"], list(spans.values()))


def search(service: str, operation: str, start_us: int, end_us: int, error_only: bool) -> list[Trace]:
    """The traces of an operation that started in the window; with error_only, those with an error span.

    The error filter is ours: Jaeger v2 stores the span status as the bool tag error=true but does not match it
    in a tag search (tags={"error":"true"} finds nothing), as a person's search in its UI does not either; the
    page tells people the search that works in each UI."""
    query = {"service": service, "operation": operation, "start": start_us, "end": end_us, "limit": 1000}
    data = get_json(f"{JAEGER}/api/traces?{urllib.parse.urlencode(query)}", timeout=30).get("data") or []
    traces = [parse_trace(t) for t in data]
    return [t for t in traces if any(s.error for s in t.spans)] if error_only else traces


def critical_path(span: Span, bound: int | None = None) -> list[tuple[Span, int]]:
    """The critical path below a span, as (span, exclusive microseconds on the path), in order of time.

    The algorithm of Jaeger's trace view (jaeger-ui's criticalPath): from the span's end, walk back through its
    children by end time, latest first; a child that ends before the walk's position leaves a gap that is the
    span's own time; a child that overlaps the part already walked is cut to it or skipped."""
    cursor = min(span.end, bound) if bound is not None else span.end
    segments: list[tuple[Span, int]] = []
    own = 0
    for child in sorted(span.children, key=lambda c: c.end, reverse=True):
        if child.start >= cursor:
            continue
        child_end = min(child.end, cursor)
        own += cursor - child_end
        segments = critical_path(child, child_end) + segments
        cursor = child.start
    own += max(0, cursor - span.start)
    return [(span, own)] + segments


def time_by_operation(trace: Trace) -> dict[tuple[str, str], tuple[int, int]]:
    """Exclusive time on a trace's critical path per (service, operation), in µs, with how many spans: N queries
    of 1 ms add up to N ms of one operation, which is what an N+1 pattern is."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for span, own in critical_path(trace.root):
        total, count = out.get((span.service, span.operation), (0, 0))
        out[(span.service, span.operation)] = (total + own, count + 1)
    return out


def slowest_culprit(traces: list[Trace], healthy: list[Trace]) -> tuple[tuple[str, str], list[str]]:
    """The operation whose exclusive time on the critical path grew most, per trace on average, from the healthy
    traces to these, and a line for each of the three that grew most. Comparing with healthy traces of the same
    route, rather than reading one slow trace, keeps an outlier (a GC pause, a cold connection) from being
    named: the fault slows every trace it touches."""

    def mean(group: list[Trace]) -> dict[tuple[str, str], float]:
        sums: dict[tuple[str, str], float] = {}
        for trace in group:
            for key, (own, _) in time_by_operation(trace).items():
                sums[key] = sums.get(key, 0) + own
        return {key: total / len(group) for key, total in sums.items()} if group else {}

    now, before = mean(traces), mean(healthy)
    growth = sorted(((now[k] - before.get(k, 0), k) for k in now), reverse=True)
    lines = [
        f"{k[0]} · {k[1]}: {before.get(k, 0) / 1000:.1f} → {now[k] / 1000:.1f} ms per trace" for _, k in growth[:3]
    ]
    return growth[0][1], lines


def error_culprit(trace: Trace) -> Span | None:
    """The span where a trace's error starts: an error span none of whose children has an error, the deepest
    such (a 500 that started in a downstream service is an error in every span above it)."""

    def depth(span: Span) -> int:
        by_id = {s.span_id: s for s in trace.spans}
        d = 0
        while span.parent_id in by_id:
            span, d = by_id[span.parent_id], d + 1
        return d

    origins = [s for s in trace.spans if s.error and not any(c.error for c in s.children)]
    return max(origins, key=depth, default=None)


@dataclass
class Diagnosis:
    trace_id: str
    trace_duration_ms: float
    culprit_service: str
    culprit_operation: str
    culprit_ms: float
    culprit_count: int
    culprit_error: str
    culprit_fault_mark: str
    path: list[tuple[str, float]]
    traces_searched: int


def page_name(operation: str) -> str:
    """An operation as the pages name it. The tests' instance of the stack has its own databases (users_test,
    orders_test, scripts/lib.sh), and a JDBC span is named after its database (SELECT orders_test.orders): the
    suffix is dropped, so a page holds for both instances."""
    if os.environ.get("STACK_INSTANCE") == "test":
        return re.sub(r"\b(users|orders)_test\b", r"\1", operation)
    return operation


def error_reason(span: Span) -> str:
    """What a span says of its error: its status message, else its HTTP status and error.type."""
    parts = [str(span.tags[k]) for k in ("otel.status_description", "exception.message") if span.tags.get(k)]
    for event in span.events:
        if event.get("event") == "exception" and event.get("exception.type"):
            message = str(event.get("exception.message") or "")
            parts.append(f"{str(event['exception.type']).rsplit('.', 1)[-1]}: {message[:160]}".rstrip(": "))
            break
    if not parts and span.tags.get("http.response.status_code"):
        parts.append(f"HTTP {span.tags['http.response.status_code']}")
    if span.tags.get("error.type") and str(span.tags["error.type"]) not in " ".join(parts):
        parts.append(f"error.type {span.tags['error.type']}")
    return "; ".join(parts) or "status ERROR"


def signature(span: Span, by_id: dict[str, Span]) -> tuple[tuple[str, str], ...]:
    """A span's place in its trace: (service, operation) of every span from the root down to it."""
    path = []
    node: Span | None = span
    while node is not None:
        path.append((node.service, node.operation))
        node = by_id.get(node.parent_id or "")
    return tuple(reversed(path))


def broken_hop(trace: Trace, reference: Trace) -> tuple[Span, set[str]] | None:
    """Where a trace lost a service that a healthy trace of the same route reaches: the deepest span of the
    trace on the healthy trace's way into the lost service, with the services lost; None when none is lost."""
    lost = {s.service for s in reference.spans} - {s.service for s in trace.spans}
    if not lost:
        return None
    ref_by_id = {s.span_id: s for s in reference.spans}
    by_id = {s.span_id: s for s in trace.spans}
    present = {signature(s, by_id): s for s in trace.spans}
    entry = min((s for s in reference.spans if s.service in lost), key=lambda s: len(signature(s, ref_by_id)))
    way = signature(entry, ref_by_id)
    for depth in range(len(way) - 1, 0, -1):
        if way[:depth] in present:
            return present[way[:depth]], lost
    return None


def diagnose(s: Scenario, window: tuple[int, int], baseline: tuple[int, int]) -> Diagnosis | None:
    """Searches Jaeger for the scenario's traces of the window and names the culprit; None when none is found.
    The baseline window's traces (the same traffic before the fault) are the healthy reference."""
    look_for = s.meta["look-for"]
    service, operation = s.meta["trace-service"], s.meta["trace-operation"]
    deadline = time.time() + SEARCH_PATIENCE_S
    while True:
        traces = search(service, operation, *window, look_for == "failing")
        if traces or time.time() > deadline:
            break
        time.sleep(3)
    if not traces:
        return None
    healthy = search(service, operation, *baseline, False)
    print(
        f"  {operation} at {service}: median {median_ms(healthy)} before the fault ({len(healthy)} traces),"
        f" {median_ms(traces)} with it ({len(traces)} traces{', with an error' if look_for == 'failing' else ''})"
    )

    def diagnosis_of(trace: Trace, span: Span, own_ms: float, count: int, why: str) -> Diagnosis:
        # One line per operation, in the order of its first span on the path: an N+1 is one line "× N".
        grouped: dict[str, list[float]] = {}
        for sp, o in critical_path(trace.root):
            grouped.setdefault(sp.label(), []).append(o / 1000)
        path = [(label + (f" × {len(owns)}" if len(owns) > 1 else ""), sum(owns)) for label, owns in grouped.items()]
        marks = str(span.tags.get("app.fault") or "")
        return Diagnosis(
            trace.trace_id,
            trace.duration / 1000,
            span.service,
            span.operation,
            own_ms,
            count,
            why,
            marks,
            path,
            len(traces),
        )

    if look_for == "failing":
        # Failed requests as the client saw them (a 5xx at the root) first; a trace whose root succeeded but
        # holds an error span (a fallback hid it) when there is none. The culprit most traces agree on wins.
        failed = [t for t in traces if int(t.root.tags.get("http.response.status_code") or 0) >= 500]
        pairs = [(t, c) for t in (failed or traces) if (c := error_culprit(t)) is not None]
        if not pairs:
            return None
        votes = Counter((c.service, c.operation) for _, c in pairs)
        top = votes.most_common(1)[0][0]
        trace, culprit = max(
            ((t, c) for t, c in pairs if (c.service, c.operation) == top), key=lambda tc: tc[0].root.start
        )
        why = f"error: {error_reason(culprit)} ({votes[top]} of {len(pairs)} failing traces agree)"
        print("  where the errors start: " + ", ".join(f"{svc} · {op} ({n})" for (svc, op), n in votes.most_common(3)))
        return diagnosis_of(trace, culprit, culprit.duration / 1000, 1, why)
    if look_for == "broken":
        if not healthy:
            raise ScenarioError(f"no healthy trace of {operation} before the fault to compare with")
        reference = max(healthy, key=lambda t: (len({sp.service for sp in t.spans}), len(t.spans)))
        hops = [(t, h) for t in traces if (h := broken_hop(t, reference)) is not None]
        if not hops:
            return None
        votes = Counter((h[0].service, h[0].operation) for _, h in hops)
        (top, _) = votes.most_common(1)[0]
        trace, (span, lost) = max(
            ((t, h) for t, h in hops if (h[0].service, h[0].operation) == top), key=lambda th: th[0].root.start
        )
        why = (
            f"the trace stops here: {', '.join(sorted(lost))} missing, reached from this span in a healthy trace"
            f" ({len(hops)} of {len(traces)} traces broken, {votes[top]} of them here)"
        )
        return diagnosis_of(trace, span, span.duration / 1000, 1, why)
    culprit, lines = slowest_culprit(traces, healthy)
    print("  exclusive time on the critical path that grew most since the baseline:")
    for line in lines:
        print(f"    {line}")
    # The example: the trace where the culprit took the most time (for an N+1, the user with the most orders).
    trace = max(traces, key=lambda t: time_by_operation(t).get(culprit, (0, 0))[0])
    own, count = time_by_operation(trace)[culprit]
    span = next(sp for sp, _ in critical_path(trace.root) if (sp.service, sp.operation) == culprit)
    return diagnosis_of(trace, span, own / 1000, count, "")


def median_ms(traces: list[Trace]) -> str:
    if not traces:
        return "-"
    durations = sorted(t.duration for t in traces)
    return f"{durations[len(durations) // 2] / 1000:.1f} ms"


# --- Prometheus and logs ----------------------------------------------------------------------------------


def prometheus(query: str) -> list[str]:
    """An instant query's series, each as 'labels = value'; raises ScenarioError when Prometheus refuses it."""
    try:
        data = get_json(f"{PROMETHEUS}/api/v1/query?{urllib.parse.urlencode({'query': query})}")
    except urllib.error.HTTPError as e:
        raise ScenarioError(f"Prometheus refused the query {query}: {e.read().decode(errors='replace')}") from None
    out = []
    for series in data["data"]["result"]:
        labels = ", ".join(f"{k}={v}" for k, v in sorted(series["metric"].items()) if k != "__name__")
        out.append(f"{{{labels}}} = {float(series['value'][1]):.4g}")
    return out


def alerts() -> list[str]:
    found = get_json(f"{PROMETHEUS}/api/v1/alerts")["data"]["alerts"]

    def describe(alert: dict) -> str:
        labels = alert["labels"]
        # The labels that tell two alerts of one rule apart: the SLO, the guarded method.
        detail = ", ".join(f"{k}={labels[k]}" for k in ("slo", "method") if labels.get(k))
        return (
            f"{labels.get('alertname')} {alert['state']} for {labels.get('service', labels.get('job', '-'))}"
            + (f" ({detail})" if detail else "")
            + f" since {alert.get('activeAt', '?')[:19]}"
        )

    return sorted({describe(a) for a in found if a["state"] in ("pending", "firing")})


def log_lines(service: str, trace_id: str, limit: int = 5) -> list[str]:
    """The JSON log lines of a service that carry the trace ID (its log file of the running instance)."""
    run_dir = ROOT / ".run" / ("test" if os.environ.get("STACK_INSTANCE") == "test" else "")
    log = run_dir / "logs" / f"{service}.log"
    if not log.is_file():
        return []
    lines = [
        line.rstrip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if trace_id in line
    ]
    return lines[-limit:]


# --- The run ----------------------------------------------------------------------------------------------


def run(s: Scenario, report: Path | None) -> int:
    require_stack()
    print(f"Scenario {s.name}: {s.meta['title']}  (docs/scenarios/{s.name}.md)")
    result: dict = {
        "scenario": s.name,
        "expected": {"service": s.culprit[0], "operation": s.culprit[1], "alert": s.meta.get("alert")},
    }
    try:
        print("\nBaseline: the same traffic for a few seconds without the fault")
        baseline_start = int(time.time() * 1_000_000)
        run_demo(re.sub(r"--seconds \S+", f"--seconds {BASELINE_S}", s.traffic[0]))
        baseline = (baseline_start, int(time.time() * 1_000_000))
        print("\nSwitching it on")
        for command in s.switch_on:
            run_demo(command)
        print("\nDriving traffic")
        start_us = int(time.time() * 1_000_000)
        run_demo(s.traffic[0])
        end_us = int(time.time() * 1_000_000)
    finally:
        print("\nSwitching it off")
        for command in s.switch_off:
            try:
                run_demo(command)
            except ScenarioError as e:
                print(f"    {e}")
    time.sleep(SPAN_DELAY_S)

    print(f"\nPrometheus ({PROMETHEUS})")
    result["promql"] = {}
    for query in s.promql:
        values = prometheus(query)
        result["promql"][query] = values
        print(f"  {query}")
        for value in values or ["(no series)"]:
            print(f"    {value}")
    firing = alerts()
    result["alerts"] = firing
    print("  alerts pending or firing: " + ("; ".join(firing) if firing else "none"))

    print(f"\nTraces in Jaeger ({JAEGER}), {s.meta['look-for']} of the traffic's window")
    found = diagnose(s, (start_us, end_us + SPAN_DELAY_S * 1_000_000), baseline)
    if found is None:
        print("  no trace found: did the traffic reach the gateway? (make status; the logs in .run/logs/)")
        result["diagnosis"] = None
        write(report, result)
        return 1
    print(f"  {found.traces_searched} traces searched; picked {found.trace_id} ({found.trace_duration_ms:.1f} ms)")
    print("  critical path (exclusive time on the path):")
    for label, own in found.path:
        print(f"    {own:9.1f} ms  {label}")
    times = f" × {found.culprit_count}" if found.culprit_count > 1 else ""
    what = found.culprit_error or f"{found.culprit_ms:.1f} ms of the trace's {found.trace_duration_ms:.1f} ms"
    print(f"\nCulprit: {found.culprit_service} · {found.culprit_operation}{times}: {what}")
    if found.culprit_fault_mark:
        print(f"  (the span is marked app.fault={found.culprit_fault_mark}: the injected fault acted here)")
    logs = log_lines(found.culprit_service, found.trace_id)
    print(f"Logs of {found.culprit_service} for this trace ({len(logs)} lines):")
    for line in logs:
        print(f"  {line[:300]}")
    print(f"Open it: {ZIPKIN}/zipkin/traces/{found.trace_id}")
    # make demo's Jaeger is built without its web UI (README): its API has the trace; compose and kind have the UI.
    print(f"         {JAEGER}/api/traces/{found.trace_id} (Jaeger's API; in its UI with compose: /trace/<id>)")
    matches = (found.culprit_service, page_name(found.culprit_operation)) == s.culprit
    expected_alert = s.meta.get("alert")
    if expected_alert:
        seen = any(a.startswith(expected_alert + " ") for a in firing)
        state = "pending or firing, as the page says" if seen else "NOT pending, as the page says it would be"
        print(f"Alert {expected_alert}: {state}")
        matches = matches and seen
    print(
        "\nAs the page says: the culprit is " + " · ".join(s.culprit)
        if matches
        else f"\nNOT what the page says: it expects {' · '.join(s.culprit)}"
    )
    result["diagnosis"] = {
        "traceId": found.trace_id,
        "traceMs": found.trace_duration_ms,
        "service": found.culprit_service,
        "operation": page_name(found.culprit_operation),
        "operationAsRecorded": found.culprit_operation,
        "ms": found.culprit_ms,
        "count": found.culprit_count,
        "error": found.culprit_error,
        "faultMark": found.culprit_fault_mark,
        "criticalPath": [{"span": label, "ms": own} for label, own in found.path],
        "tracesSearched": found.traces_searched,
        "logLines": len(logs),
    }
    result["matches"] = matches
    write(report, result)
    return 0 if matches else 1


def write(report: Path | None, result: dict) -> None:
    if report:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="a scenario (docs/scenarios/<name>.md), or list")
    parser.add_argument("--report", type=Path, help="also write the diagnosis as JSON to this file")
    args = parser.parse_args()
    try:
        if args.name == "list":
            for name in names():
                print(f"{name:24} {load(name).meta['title']}")
            return 0
        return run(load(args.name), args.report)
    except ScenarioError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
