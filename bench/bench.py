#!/usr/bin/env python3
"""What full telemetry costs: the gateway's hot routes with telemetry on and off, alternated in one run.

Run it through bench/run.sh (`make bench`), which takes the machine-wide stack lock. Per configuration and round
it restarts the three services (scripts/stack.sh) with that configuration's environment, warms each route up
until its throughput stops rising (the JIT has compiled the hot path), then measures per route:

- the maximum throughput: wrk, closed loop, 16 connections (2xx answers per second);
- latency at a fixed rate: an open-model generator (below): requests start on a fixed schedule whatever the
  answers do, and each latency counts from the scheduled start, so a stall is not hidden (no coordinated
  omission, as wrk2 does);
- the services' CPU per request: user + system time of the three JVMs (/proc/PID/stat) over each window,
  divided by the requests answered in it;
- with telemetry on: spans ended and exported per second and spans dropped (the services' own counters
  otel_sdk_span_ended_total and otel_sdk_exporter_span_exported_total, at the fixed rate), and spans the
  collector lost on the way to Jaeger and Zipkin (its otelcol_receiver_refused_spans and exporters' failed spans).

Then start-up (process start to readiness UP, each service restarted alone) and RSS. Writes the results as JSON
(bench/results/) and the table between the markers of docs/performance.md. Configurations:

- on: what the stack runs: 100% sampling through the collector, Prometheus scraping every 5 s, JSON logs;
- off: QUARKUS_OTEL_SDK_DISABLED=true, Prometheus stopped, QUARKUS_LOG_LEVEL=WARN.

Both lift the gateway's rate limit (RATE_LIMIT_REQUESTS) and run without the demo's background load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# BENCH_STACK: another stack script, e.g. a copy of an older stack.sh to measure a baseline with its JVM flags.
STACK = os.environ.get("BENCH_STACK", str(ROOT / "scripts" / "stack.sh"))
RUN_DIR = ROOT / ".run"
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"
HOST, PORT = "127.0.0.1", 8080
SERVICES = {"user-service": 9001, "order-service": 9002, "gateway-service": 9000}
TICK = os.sysconf("SC_CLK_TCK")
# The services' JVM flags in scripts/stack.sh (service_jvm_flags; OwnRunner starts them with these).
JVM_FLAGS = ["-Xmx96m", "-XX:+UseSerialGC"]


def jvm_flags(service: str) -> list[str]:
    archive = ROOT / service / "target" / "quarkus-app" / "app-cds.jsa"
    return JVM_FLAGS + ([f"-XX:SharedArchiveFile={archive}", "-Xshare:auto"] if archive.exists() else [])


# What scripts/stack.sh runs, in stop order (Redis and PostgreSQL are the machine's: never stopped here).
ALL_COMPONENTS = [
    "load-background",
    "prometheus",
    "alertmanager",
    "alert-sink",
    "gateway-service",
    "order-service",
    "user-service",
    "toxiproxy",
    "otel-collector",
    "zipkin",
    "jaeger",
]

COMMON_ENV = {
    "LOAD_BACKGROUND": "0",
    "RATE_LIMIT_REQUESTS": "100000000",
    # No 5 s of draining on each restart: nobody routes to these instances.
    "QUARKUS_SHUTDOWN_DELAY": "0s",
}
CONFIGS = {
    "on": {},
    "off": {"QUARKUS_OTEL_SDK_DISABLED": "true", "QUARKUS_LOG_LEVEL": "WARN"},
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --- processes ---------------------------------------------------------------------------------------------


def pid_of(name: str) -> int | None:
    try:
        return int((RUN_DIR / f"{name}.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)


def start_epoch(pid: int) -> float:
    """Wall-clock time the process started (kernel start time in ticks since boot, plus boot time)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    btime = next(
        int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines() if line.startswith("btime")
    )
    return btime + int(fields[19]) / TICK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def services_cpu() -> float:
    """CPU seconds used so far by the three services together."""
    return sum(cpu_ticks(RUNNER.pid(s)) for s in SERVICES) / TICK


def stack(*args: str, env: dict | None = None) -> None:
    full = dict(os.environ, **COMMON_ENV, **(env or {}))
    out = subprocess.run([STACK, *args], check=False, env=full, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        raise RuntimeError(f"scripts/stack.sh {' '.join(args)} failed")


class StackRunner:
    """The demo instance of the local stack (scripts/stack.sh), as a new user runs it: fixed ports, so only
    under the machine-wide stack lock (bench/run.sh takes it)."""

    description = "the demo instance of the local stack (scripts/stack.sh)"
    collector_metrics = "http://127.0.0.1:8888/metrics"

    def up(self) -> None:
        stack("up")

    def start_config(self, name: str) -> None:
        stack("stop", "gateway-service", "order-service", "user-service")
        stack("up", env=CONFIGS[name])
        if name == "off":
            stack("stop", "prometheus")

    def restart(self, service: str) -> None:
        stack("stop", service)
        threading.Thread(target=stack, args=("up",), daemon=True).start()

    def pid(self, service: str) -> int:
        return pid_of(service)

    def log_files(self) -> list[Path]:
        """The services' JSON log files, rotated ones included (profile local: .run/logs/<service>.log*)."""
        return sorted(p for s in SERVICES for p in (RUN_DIR / "logs").glob(f"{s}.log*"))

    def down(self) -> None:
        stack("stop", *ALL_COMPONENTS)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class OwnRunner:
    """The three services and an OpenTelemetry Collector started here on free ports (as LoadRunTest does), with
    the command line and environment scripts/stack.sh gives them: no fixed port, so no stack lock. The
    collector prints what it receives (debug exporter) instead of forwarding it to Jaeger and Zipkin, which
    costs the services nothing more or less; a thread here scrapes /q/metrics every 5 s as Prometheus does
    (with its Accept header, so in OpenMetrics with exemplars). PostgreSQL's demo databases, Redis database 5."""

    description = "the services and a collector on free ports (bench/bench.py --free-ports)"
    REDIS_DB = 5

    def __init__(self) -> None:
        global PORT
        self.dir = Path(tempfile.mkdtemp(prefix="obsdemo-bench-"))
        self.ports = {s: (free_port(), free_port()) for s in SERVICES}
        PORT = self.ports["gateway-service"][0]
        for s in SERVICES:
            SERVICES[s] = self.ports[s][1]
        self.otlp_http = free_port()
        self.collector_metrics = f"http://{HOST}:{free_port()}/metrics"
        self.procs: dict[str, subprocess.Popen] = {}
        self.env: dict[str, str] = {}
        self.scraping = threading.Event()
        threading.Thread(target=self._scrape, daemon=True).start()

    def _launch(self, name: str, cmd: list[str], env: dict[str, str]) -> None:
        out = open(self.dir / f"{name}.out", "ab")  # noqa: SIM115 (the process keeps it)
        self.procs[name] = subprocess.Popen(cmd, env=dict(os.environ, **env), stdout=out, stderr=subprocess.STDOUT)

    def _collector(self) -> None:
        config = (ROOT / "observability" / "collector" / "otelcol.yaml").read_text()
        config = config.replace("port: 8888", f"port: {self.collector_metrics.rsplit(':', 1)[1].split('/')[0]}")
        (self.dir / "otelcol.yaml").write_text(config)
        env = {
            "GOMEMLIMIT": "52MiB",
            "OTELCOL_HEALTH_ENDPOINT": f"{HOST}:{free_port()}",
            "OTELCOL_OTLP_GRPC_ENDPOINT": f"{HOST}:{free_port()}",
            "OTELCOL_OTLP_HTTP_ENDPOINT": f"{HOST}:{self.otlp_http}",
            "OTELCOL_TRACE_EXPORTERS": "[debug]",
        }
        self._launch(
            "otel-collector",
            [str(ROOT / ".tools" / "bin" / "otelcol"), "--config", str(self.dir / "otelcol.yaml")],
            env,
        )

    def _service(self, name: str) -> None:
        http_port, mgmt_port = self.ports[name]
        env = {
            "QUARKUS_REDIS_HOSTS": f"redis://127.0.0.1:6379/{self.REDIS_DB}",
            "QUARKUS_PROFILE": "prod,local",
            "LOG_DIR": str(self.dir / "logs"),
            "QUARKUS_HTTP_HOST": HOST,
            "QUARKUS_HTTP_PORT": str(http_port),
            "QUARKUS_MANAGEMENT_HOST": HOST,
            "QUARKUS_MANAGEMENT_PORT": str(mgmt_port),
            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://{HOST}:{self.otlp_http}",
            "MALLOC_ARENA_MAX": "2",
            **COMMON_ENV,
            **self.env,
        }
        users = f"http://{HOST}:{self.ports['user-service'][0]}"
        if name == "user-service":
            env.update(DB_NAME="users", DB_USER="users", DB_PASSWORD="users")
        elif name == "order-service":
            env.update(DB_NAME="orders", DB_USER="orders", DB_PASSWORD="orders", USER_SERVICE_URL=users)
        else:
            env.update(USER_SERVICE_URL=users, ORDER_SERVICE_URL=f"http://{HOST}:{self.ports['order-service'][0]}")
        jar = ROOT / name / "target" / "quarkus-app" / "quarkus-run.jar"
        self._launch(name, ["java", *jvm_flags(name), "-jar", str(jar)], env)

    def _await(self, name: str) -> None:
        deadline = time.time() + 90
        while not ready(SERVICES[name]):
            if self.procs[name].poll() is not None or time.time() > deadline:
                raise RuntimeError(f"{name} did not start; log: {self.dir / (name + '.out')}")
            time.sleep(0.1)

    def _stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def _scrape(self) -> None:
        accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        while True:
            time.sleep(5)
            if not self.scraping.is_set():
                continue
            for port in list(SERVICES.values()):
                try:
                    req = urllib.request.Request(f"http://{HOST}:{port}/q/metrics", headers={"Accept": accept})
                    with urllib.request.urlopen(req, timeout=4) as resp:
                        resp.read()
                except OSError:
                    pass

    def up(self) -> None:
        subprocess.run([str(ROOT / "scripts" / "infra-up.sh")], check=True, capture_output=True)
        self._collector()
        self.start_config("on")

    def start_config(self, name: str) -> None:
        for s in reversed(list(SERVICES)):
            self._stop(s)
        self.env = CONFIGS[name]
        for s in SERVICES:
            self._service(s)
        for s in SERVICES:
            self._await(s)
        if name == "on":
            self.scraping.set()
        else:
            self.scraping.clear()

    def restart(self, service: str) -> None:
        self._stop(service)
        self._service(service)

    def pid(self, service: str) -> int:
        return self.procs[service].pid

    def log_files(self) -> list[Path]:
        """The services' console output (their JSON log lines)."""
        return sorted(self.dir / f"{s}.out" for s in SERVICES)

    def down(self) -> None:
        self.scraping.clear()
        for name in ["gateway-service", "order-service", "user-service", "otel-collector"]:
            self._stop(name)
        shutil.rmtree(self.dir, ignore_errors=True)


def ready(mgmt_port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{mgmt_port}/q/health/ready", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


RUNNER: StackRunner | OwnRunner = StackRunner()


def http(method: str, path: str, body: dict | None = None, port: int | None = None) -> tuple[int, bytes]:
    port = port or PORT
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://{HOST}:{port}{path}", data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def span_counters() -> tuple[float, float]:
    """(spans ended, spans the collector accepted), summed over the three services."""
    totals = [span_totals(http("GET", "/q/metrics", port=port)[1].decode()) for port in SERVICES.values()]
    return sum(t[0] for t in totals), sum(t[1] for t in totals)


# The collector's own counters of spans it lost: refused at its receiver (memory_limiter), dropped at an
# exporter's full queue, or dropped after the exporter's retries; summed over every exporter.
COLLECTOR_LOSSES = (
    "otelcol_receiver_refused_spans",
    "otelcol_exporter_enqueue_failed_spans",
    "otelcol_exporter_send_failed_spans",
)


def collector_lost() -> float:
    """Spans the collector has lost since it started (COLLECTOR_LOSSES, all exporters: Jaeger and Zipkin)."""
    with urllib.request.urlopen(RUNNER.collector_metrics, timeout=5) as r:
        text = r.read().decode()
    return sum(
        float(line.split(" # ", 1)[0].split()[-1]) for line in text.splitlines() if line.startswith(COLLECTOR_LOSSES)
    )


def span_totals(metrics: str) -> tuple[float, float]:
    """(otel_sdk_span_ended_total, otel_sdk_exporter_span_exported_total without error) of one /q/metrics page."""
    ended = exported = 0.0
    for line in metrics.splitlines():
        # OpenMetrics: `name{labels} value [# {exemplar labels} value timestamp]`: the sample's value is the last
        # field before the exemplar.
        sample = line.split(" # ", 1)[0]
        if sample.startswith("otel_sdk_span_ended_total"):
            ended += float(sample.split()[-1])
        elif sample.startswith("otel_sdk_exporter_span_exported_total") and 'error_type=""' in sample:
            exported += float(sample.split()[-1])
    return ended, exported


def warnings_since(start: float, limit: int = 20) -> list[str]:
    """The services' WARN and ERROR log lines since `start` (epoch seconds), counted by logger and message:
    what a window with answers other than 2xx leaves as evidence, before the logs rotate it away."""
    since = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(start))
    counts: dict[str, int] = {}
    for path in RUNNER.log_files():
        try:
            lines = path.read_text(errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            if '"level":"WARN"' not in line and '"level":"ERROR"' not in line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("timestamp", "") >= since:
                key = f"{path.name.split('.')[0]} {record.get('level')} {record.get('loggerName')}: "
                key += str(record.get("message", ""))[:240]
                counts[key] = counts.get(key, 0) + 1
    return [f"{n}x {k}" for k, n in sorted(counts.items(), key=lambda kv: -kv[1])[:limit]]


# --- load --------------------------------------------------------------------------------------------------


def wrk(route: dict, seconds: float, connections: int = 16) -> dict:
    """Closed loop at full speed; returns 2xx answers per second and CPU per answered request."""
    script = f"""
wrk.method = "{route["method"]}"
{"wrk.body = " + json.dumps(json.dumps(route["body"])) if route.get("body") else ""}
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d\\n", summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        cpu0 = services_cpu()
        out = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", f.name, f"http://{HOST}:{PORT}{route['path']}"],
            capture_output=True,
            text=True,
            check=True,
        )
        cpu = services_cpu() - cpu0
    finally:
        os.unlink(f.name)
    m = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+)", out.stdout)
    if not m:
        raise RuntimeError(f"wrk printed no result: {out.stdout} {out.stderr}")
    # requests: answers received; status: those with a 4xx or 5xx; socket errors (timeouts, resets) are requests
    # that got no answer, counted apart by wrk, so they are errors but not in `requests`.
    requests, micros, status_errors, socket_errors = (int(x) for x in m.groups())
    ok = requests - status_errors
    errors = status_errors + socket_errors
    # Per answered request: a fast error (a 503 of an open breaker) costs little and would flatter the figure.
    return {"rps": ok / (micros / 1e6), "errors": errors, "cpu_ms_per_req": 1000 * cpu / max(ok, 1)}


async def _fixed_rate(route: dict, rate: float, seconds: float, connections: int) -> dict:
    body = json.dumps(route["body"]).encode() if route.get("body") else b""
    head = (
        f"{route['method']} {route['path']} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    request = head + body
    queue: asyncio.Queue[float | None] = asyncio.Queue()
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length, chunked, close = 0, False, False
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            while True:
                size = int((await reader.readline()).split(b";")[0], 16)
                await reader.readexactly(size + 2)
                if size == 0:
                    break
        elif length:
            await reader.readexactly(length)
        return status, close

    async def worker() -> None:
        reader = writer = None
        while True:
            scheduled = await queue.get()
            if scheduled is None:
                break
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(HOST, PORT)
                writer.write(request)
                status, close = await read_response(reader)
                if close:
                    writer.close()
                    writer = None
            except (OSError, ConnectionError, ValueError, asyncio.IncompleteReadError):
                status = 0
                writer = None
            latencies.append(time.perf_counter() - scheduled)
            statuses[status] = statuses.get(status, 0) + 1
        if writer is not None:
            writer.close()

    workers = [asyncio.create_task(worker()) for _ in range(connections)]
    start = time.perf_counter()
    total = int(rate * seconds)
    for i in range(total):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait(due)
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    ok = sum(n for s, n in statuses.items() if 200 <= s < 300)
    return {
        "sent": total,
        "ok": ok,
        "statuses": {str(k): v for k, v in statuses.items()},
        "achieved_rps": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
    }


def fixed_rate(route: dict, rate: float, seconds: float, connections: int = 64) -> dict:
    cpu0 = services_cpu()
    result = asyncio.run(_fixed_rate(route, rate, seconds, connections))
    result["cpu_ms_per_req"] = 1000 * (services_cpu() - cpu0) / max(result["sent"], 1)
    return result


# --- phases ------------------------------------------------------------------------------------------------


def setup_routes() -> dict:
    """A user read from the cache, a user with a few orders for the summary, a user that receives the orders."""
    stamp = f"{int(time.time())}-{os.getpid()}"
    ids = []
    for who in ("read", "summary", "orders"):
        status, body = http("POST", "/api/users", {"name": f"Bench {who}", "email": f"bench-{who}-{stamp}@example.com"})
        if status != 201:
            raise RuntimeError(f"could not create a user: {status} {body[:200]!r}")
        ids.append(json.loads(body)["id"])
    for _ in range(3):
        http("POST", "/api/orders", {"userId": ids[1], "items": [{"sku": "BOOK-001", "quantity": 1}]})
    return {
        "user": {"method": "GET", "path": f"/api/users/{ids[0]}", "label": "`GET /api/users/{id}` (cache hit)"},
        "summary": {"method": "GET", "path": f"/api/users/{ids[1]}/summary", "label": "`GET /api/users/{id}/summary`"},
        "order": {
            "method": "POST",
            "path": "/api/orders",
            "label": "`POST /api/orders`",
            "body": {"userId": ids[2], "items": [{"sku": "BOOK-001", "quantity": 1}]},
        },
    }


def warm_up(routes: dict, p: argparse.Namespace) -> dict:
    """wrk windows per route until a window's throughput is within 10% of the previous one (the JIT is done
    when the same work stops getting faster), at least p.warm_min and at most p.warm_max windows."""
    trace = {}
    for key, route in routes.items():
        rates = []
        for _ in range(p.warm_max):
            rates.append(wrk(route, p.warm_window)["rps"])
            if len(rates) >= p.warm_min and abs(rates[-1] - rates[-2]) <= 0.10 * rates[-2]:
                break
        trace[key] = [round(r) for r in rates]
    return trace


def measure_config(name: str, routes: dict, p: argparse.Namespace) -> dict:
    log(f"config {name}: restarting the services (load {loadavg()})")
    RUNNER.start_config(name)
    result: dict = {"config": name, "loadavg_start": loadavg(), "routes": {}}
    result["warmup_rps"] = warm_up(routes, p)
    log(f"  warm-up windows (req/s): {result['warmup_rps']}")
    # The fixed rates first, each after a pause: full speed leaves a backlog of spans in the collector and the
    # trace backends, which would be counted against the default load (the collector refuses spans while its
    # queues are full).
    for key, route in routes.items():
        time.sleep(p.drain_seconds)
        spans0 = span_counters() if name == "on" else None
        lost0 = collector_lost() if name == "on" else 0.0
        started = time.time()
        fixed = fixed_rate(route, p.rates[key], p.fixed_seconds)
        if fixed["ok"] < fixed["sent"]:
            fixed["warnings"] = warnings_since(started - 1)
            log(f"  {key}: {fixed['sent'] - fixed['ok']} answers other than 2xx; the services logged:")
            for line in fixed["warnings"] or ["(no WARN or ERROR line)"]:
                log(f"    {line}")
        if spans0:
            time.sleep(3)  # the batch span processor exports every second, the collector's batches every 200 ms
            ended, exported = (b - a for a, b in zip(spans0, span_counters(), strict=True))
            fixed["spans_per_s"] = ended / p.fixed_seconds
            fixed["spans_dropped"] = ended - exported
            fixed["spans_lost_collector"] = collector_lost() - lost0
        result["routes"][key] = {"fixed": fixed}
    for key, route in routes.items():
        result["routes"][key]["max"] = wrk(route, p.max_seconds)
        fixed = result["routes"][key]["fixed"]
        log(
            f"  {key}: max {result['routes'][key]['max']['rps']:.0f} req/s, "
            f"{result['routes'][key]['max']['cpu_ms_per_req']:.2f} ms CPU/req; at {p.rates[key]}/s p50/p95/p99 "
            f"{fixed['p50']:.1f}/{fixed['p95']:.1f}/{fixed['p99']:.1f} ms, {fixed['cpu_ms_per_req']:.2f} ms CPU/req"
            + (
                f", {fixed['spans_per_s']:.0f} spans/s, {fixed['spans_dropped']:.0f} not exported, "
                f"{fixed['spans_lost_collector']:.0f} lost in the collector"
                if name == "on"
                else ""
            )
        )
    result["rss_after_load_mb"] = {s: round(rss_mb(RUNNER.pid(s))) for s in SERVICES}
    result["loadavg_end"] = loadavg()
    return result


def measure_startup(p: argparse.Namespace) -> dict:
    """Each service restarted alone (the others up), process start to the first readiness UP, polled every
    20 ms; RSS 2 s after ready."""
    out = {}
    for service, mport in SERVICES.items():
        times, rss = [], []
        for _ in range(p.startup_runs):
            RUNNER.restart(service)
            time.sleep(0.5)  # the stopped instance's port is closed; the new one is starting
            while not ready(mport):
                time.sleep(0.02)
            ready_at = time.time()
            pid = RUNNER.pid(service)
            times.append(ready_at - start_epoch(pid))
            time.sleep(2)
            rss.append(rss_mb(pid))
        out[service] = {"seconds": [round(x, 2) for x in times], "rss_mb": [round(x) for x in rss]}
        log(f"  start-up {service}: {out[service]}")
    return out


# --- report ------------------------------------------------------------------------------------------------


def span(values: list[float], fmt: str) -> str:
    """median (min-max)"""
    if len(values) == 1:
        return format(values[0], fmt)
    return f"{format(statistics.median(values), fmt)} ({format(min(values), fmt)}-{format(max(values), fmt)})"


def table(results: dict) -> str:
    runs = results["runs"]
    routes = results["routes"]
    rounds = sorted({r["round"] for r in runs})
    by = {(r["round"], r["config"]): r for r in runs}
    lines = [
        (
            f"Measured {results['date']} on {results['machine']}, commit `{results['commit']}`, "
            f"{len(rounds)} round(s) per configuration, alternated ({', '.join(r['config'] for r in runs)}); "
            f"load average (1 min) during the rounds {results['loadavg_range']}. Figures are median (min-max) over "
            "the rounds; a ratio is on/off within each round."
        ),
        "",
        (
            "| route (via gateway) | max throughput on / off (req/s) | ratio | service CPU per request on / off (ms) "
            "| ratio | fixed rate | p50 / p95 / p99 on (ms) | p50 / p95 / p99 off (ms) | p99 ratio "
            "| spans/s; dropped: services, collector |"
        ),
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, route in routes.items():

        def vals(cfg, phase, field, key=key):
            return [by[(r, cfg)]["routes"][key][phase][field] for r in rounds]

        def ratio(phase, field, key=key):
            return [
                by[(r, "on")]["routes"][key][phase][field] / by[(r, "off")]["routes"][key][phase][field] for r in rounds
            ]

        lat = {
            c: " / ".join(format(statistics.median(vals(c, "fixed", q)), ".1f") for q in ("p50", "p95", "p99"))
            for c in ("on", "off")
        }
        spans_s = vals("on", "fixed", "spans_per_s")
        dropped = vals("on", "fixed", "spans_dropped")
        # Results written before the collector's counters were read have none.
        lost = [by[(r, "on")]["routes"][key]["fixed"].get("spans_lost_collector") for r in rounds]
        collector = "-" if None in lost else str(int(sum(lost)))
        lines.append(
            f"| {route['label']} | {span(vals('on', 'max', 'rps'), '.0f')} / {span(vals('off', 'max', 'rps'), '.0f')} "
            f"| {span(ratio('max', 'rps'), '.2f')} "
            f"| {span(vals('on', 'max', 'cpu_ms_per_req'), '.2f')} "
            f"/ {span(vals('off', 'max', 'cpu_ms_per_req'), '.2f')} "
            f"| {span(ratio('max', 'cpu_ms_per_req'), '.2f')} | {results['rates'][key]}/s "
            f"| {lat['on']} | {lat['off']} | {span(ratio('fixed', 'p99'), '.2f')} "
            f"| {statistics.median(spans_s):.0f}; {int(sum(dropped))}, {collector} |"
        )
    lines += [
        "",
        "CPU per request at the fixed rate, on / off (ms): "
        + "; ".join(
            f"{key} {span([by[(r, 'on')]['routes'][key]['fixed']['cpu_ms_per_req'] for r in rounds], '.2f')} / "
            f"{span([by[(r, 'off')]['routes'][key]['fixed']['cpu_ms_per_req'] for r in rounds], '.2f')}"
            for key in routes
        ),
    ]
    failed = [
        f"{r['config']} r{r['round']} {key}: {sum(n for st, n in f['statuses'].items() if not st.startswith('2'))} "
        f"of {f['sent']}"
        for r in runs
        for key, f in ((k, v["fixed"]) for k, v in r["routes"].items())
        if f["ok"] < f["sent"]
    ]
    lines += ["", "Answers other than 2xx at the fixed rate: " + ("; ".join(failed) if failed else "none") + "."]
    lines += [
        "",
        "Warm-up, req/s per window until two consecutive windows are within 10%: "
        + "; ".join(
            f"{r['config']} r{r['round']} " + ", ".join(f"{k} {v}" for k, v in r["warmup_rps"].items()) for r in runs
        ),
    ]
    if results.get("startup"):
        lines += [
            "",
            (
                "| service | start-up to readiness UP (s), median (runs) | RSS after start (MB) "
                "| RSS after load, on / off (MB) |"
            ),
            "|---|---|---|---|",
        ]
        for s, st in results["startup"].items():
            after_on = [by[(r, "on")]["rss_after_load_mb"][s] for r in rounds]
            after_off = [by[(r, "off")]["rss_after_load_mb"][s] for r in rounds]
            lines.append(
                f"| {s} | {statistics.median(st['seconds']):.2f} ({', '.join(str(x) for x in st['seconds'])}) "
                f"| {span(st['rss_mb'], '.0f')} | {span(after_on, '.0f')} / {span(after_off, '.0f')} |"
            )
    lines += ["", f"JVM flags: `{results['jvm_flags']}`. Raw figures: `{results['json']}`."]
    return "\n".join(lines)


def write_doc(text: str) -> None:
    doc = DOC.read_text() if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    if BEGIN not in doc:
        doc += f"\n{BEGIN}\n{END}\n"
    head, rest = doc.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}")


def profile(p: argparse.Namespace) -> None:
    """JFR (settings=profile) on the three services while wrk drives one route at full speed, after a warm-up;
    prints bench/jfr_breakdown.py's view of each recording."""
    out_dir = ROOT / "bench" / "results" / f"jfr-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{p.profile}-{p.config}"
    out_dir.mkdir(parents=True)
    try:
        RUNNER.up()
        routes = setup_routes()
        RUNNER.start_config(p.config)
        route = routes[p.profile]
        warm = [round(wrk(route, 5)["rps"]) for _ in range(6)]
        log(f"warm-up (req/s per 5 s): {warm}; load {loadavg()}")
        for s in SERVICES:
            subprocess.run(
                ["jcmd", str(RUNNER.pid(s)), "JFR.start", "name=bench", "settings=profile"],
                check=True,
                capture_output=True,
            )
        res = wrk(route, p.max_seconds)
        log(
            f"profiled {p.profile}/{p.config}: {res['rps']:.0f} req/s, {res['cpu_ms_per_req']:.2f} ms CPU/req; "
            f"load {loadavg()}"
        )
        for s in SERVICES:
            subprocess.run(
                ["jcmd", str(RUNNER.pid(s)), "JFR.dump", "name=bench", f"filename={out_dir / (s + '.jfr')}"],
                check=True,
                capture_output=True,
            )
    finally:
        RUNNER.down()
    for s in SERVICES:
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "jfr_breakdown.py"), str(out_dir / f"{s}.jfr")], check=False
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--short",
        action="store_true",
        help="one round, short windows, one start-up run (a few minutes); prints its table, keeps the doc's",
    )
    ap.add_argument("--rounds", type=int, default=3, help="rounds per configuration (default 3)")
    ap.add_argument("--rate-user", type=float, default=200, help="fixed rate of the cache hit, req/s (default 200)")
    ap.add_argument("--rate-summary", type=float, default=100, help="fixed rate of the summary, req/s (default 100)")
    ap.add_argument("--rate-order", type=float, default=50, help="fixed rate of the orders, req/s (default 50)")
    ap.add_argument("--no-doc", action="store_true", help="do not rewrite docs/performance.md")
    ap.add_argument(
        "--profile",
        choices=["user", "summary", "order"],
        help="instead of the benchmark: record JFR on the services while this route runs at full speed",
    )
    ap.add_argument("--config", choices=list(CONFIGS), default="on", help="the configuration --profile runs")
    ap.add_argument(
        "--free-ports",
        action="store_true",
        help="start the services and a collector on free ports instead of the local stack (no stack lock needed)",
    )
    p = ap.parse_args()
    # SIGTERM (and SIGINT, which a background job ignores) end the run through the finally blocks: stack stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    global RUNNER
    if p.free_ports:
        RUNNER = OwnRunner()
    p.rates = {"user": p.rate_user, "summary": p.rate_summary, "order": p.rate_order}
    if p.short:
        p.rounds, p.warm_window, p.warm_min, p.warm_max, p.max_seconds, p.fixed_seconds, p.startup_runs = (
            1,
            3,
            2,
            4,
            5,
            8,
            1,
        )
    else:
        p.warm_window, p.warm_min, p.warm_max, p.max_seconds, p.fixed_seconds, p.startup_runs = 4, 3, 8, 8, 15, 3
    p.drain_seconds = 3 if p.short else 10
    if p.profile:
        p.max_seconds = 30
        profile(p)
        return

    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=False, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        check=False,
        capture_output=True,
        text=True,
    ).stdout.strip()
    cpu_model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    memory_gib = round(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30)
    results = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit + ("+changes" if dirty else ""),
        "machine": f"{os.cpu_count()} cores ({cpu_model}), {memory_gib} GiB",
        "rates": p.rates,
        "jvm_flags": " ".join(jvm_flags("user-service")).replace(str(ROOT / "user-service"), "<service>")
        + " (scripts/stack.sh), MALLOC_ARENA_MAX=2",
        "runner": RUNNER.description,
        "runs": [],
    }
    loads = []
    try:
        log(f"starting {RUNNER.description} (load {loadavg()})")
        RUNNER.up()
        routes = setup_routes()
        results["routes"] = {
            k: {"label": v["label"], "method": v["method"], "path": v["path"]} for k, v in routes.items()
        }
        for rnd in range(1, p.rounds + 1):
            order = ["on", "off"] if rnd % 2 else ["off", "on"]
            for cfg in order:
                res = measure_config(cfg, routes, p)
                res["round"] = rnd
                loads += [float(res["loadavg_start"].split()[0]), float(res["loadavg_end"].split()[0])]
                results["runs"].append(res)
        log("start-up, telemetry on")
        RUNNER.start_config("on")
        results["startup"] = measure_startup(p)
    finally:
        log("stopping")
        RUNNER.down()
    results["loadavg_range"] = f"{min(loads):.1f}-{max(loads):.1f}" if loads else "?"
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}{'-short' if p.short else ''}.json"
    results["json"] = str(out.relative_to(ROOT))
    out.write_text(json.dumps(results, indent=1))
    text = table(results)
    print(text)
    # A short run's figures are not comparable with the full run's, which docs/performance.md quotes: printed only.
    if not p.short and not p.no_doc:
        write_doc(text)
        log(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
