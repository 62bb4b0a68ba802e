"""bench.py without the stack (a few seconds): the open-model generator against a local server that stalls, and
the results table written between the markers of a copy of docs/performance.md."""

import asyncio
import calendar
import sys
import tempfile
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench


class Stalling(BaseHTTPRequestHandler):
    """Answers 200 at once, except for one request in the middle of the run, which waits 300 ms."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    count = 0
    lock = threading.Lock()

    def do_GET(self):
        with Stalling.lock:
            Stalling.count += 1
            n = Stalling.count
        if n == 50:
            time.sleep(0.3)
        body = b'{"ok":true}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class FixedRateTest(unittest.TestCase):
    def test_schedule_is_kept_and_a_stall_counts_from_the_scheduled_start(self):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Stalling)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        old = bench.PORT
        bench.PORT = server.server_address[1]
        try:
            # One connection: the stalled request holds up the ones scheduled behind it, as a saturated
            # service would; their latency must include that wait, not only their own service time.
            result = asyncio.run(bench._fixed_rate({"method": "GET", "path": "/x"}, 100, 1.0, connections=1))
        finally:
            bench.PORT = old
            server.shutdown()
        self.assertEqual(result["sent"], 100)
        self.assertEqual(result["ok"], 100)
        # Measured from the send instead, only the stalled request would be slow and p95 would stay small.
        self.assertGreater(result["p95"], 100)
        self.assertLess(result["p50"], 50)
        self.assertGreater(result["achieved_rps"], 70)


class SpanTotalsTest(unittest.TestCase):
    def test_values_not_exemplars(self):
        page = (
            "# TYPE otel_sdk_span_ended counter\n"
            'otel_sdk_span_ended_total{service="u"} 120.0 # {span_id="ab",trace_id="cd"} 1.0 1764540000.123\n'
            'otel_sdk_span_ended_created{service="u"} 1.7645E9\n'
            'otel_sdk_exporter_span_exported_total{error_type="",otel_component_type="x"} 100.0\n'
            'otel_sdk_exporter_span_exported_total{error_type="ConnectException",otel_component_type="x"} 20.0\n'
        )
        self.assertEqual(bench.span_totals(page), (120.0, 100.0))


class StopListTest(unittest.TestCase):
    def test_the_benchmark_stops_every_component_the_stack_starts(self):
        # scripts/stack.sh's COMPONENTS table: a component missing here is left running after the lock is released.
        text = (bench.ROOT / "scripts" / "stack.sh").read_text()
        table = text.split("COMPONENTS=(", 1)[1].split("\n)", 1)[0]
        started = {line.strip().strip('"').split()[0] for line in table.splitlines() if line.strip()}
        self.assertEqual(set(bench.ALL_COMPONENTS), started)


class WarningsSinceTest(unittest.TestCase):
    def test_counts_the_warn_and_error_lines_of_the_window_only(self):
        with tempfile.TemporaryDirectory() as d:
            log = Path(d) / "gateway-service.log.1"
            log.write_text(
                '{"timestamp":"2026-12-01T00:59:59.9Z","level":"WARN","loggerName":"a","message":"before"}\n'
                + '{"timestamp":"2026-12-01T01:00:01.0Z","level":"WARN","loggerName":"a","message":"breaker open"}\n'
                * 3
                + '{"timestamp":"2026-12-01T01:00:02.0Z","level":"INFO","loggerName":"access","message":"200"}\n'
                + '{"timestamp":"2026-12-01T01:00:03.0Z","level":"ERROR","loggerName":"b","message":"pool"}\n'
                + "not json\n"
            )

            class Runner:
                def log_files(self):
                    return [log]

            old = bench.RUNNER
            bench.RUNNER = Runner()
            try:
                start = calendar.timegm(time.strptime("2026-12-01T01:00:00", "%Y-%m-%dT%H:%M:%S"))
                lines = bench.warnings_since(start)
            finally:
                bench.RUNNER = old
        self.assertEqual(lines, ["3x gateway-service WARN a: breaker open", "1x gateway-service ERROR b: pool"])


def run(config, rnd, rps, cpu, p99):
    route = {
        "max": {"rps": rps, "cpu_ms_per_req": cpu},
        "fixed": {
            "p50": 1.0,
            "p95": 2.0,
            "p99": p99,
            "cpu_ms_per_req": cpu,
            "spans_per_s": 100.0,
            "spans_dropped": 0.0,
            "spans_lost_collector": 0.0,
            "sent": 10,
            "ok": 10 if config == "on" else 9,
            "statuses": {"200": 10} if config == "on" else {"200": 9, "503": 1},
        },
    }
    return {
        "config": config,
        "round": rnd,
        "routes": {"user": route},
        "warmup_rps": {"user": [100, 200, 210]},
        "rss_after_load_mb": {"user-service": 210},
        "loadavg_start": "1.0 1.0 1.0",
        "loadavg_end": "2.0 1.0 1.0",
    }


class TableTest(unittest.TestCase):
    def test_ratios_are_paired_per_round_and_the_doc_keeps_its_text(self):
        results = {
            "date": "d",
            "machine": "m",
            "commit": "c",
            "loadavg_range": "1.0-2.0",
            "rates": {"user": 200},
            "routes": {"user": {"label": "`GET /api/users/{id}`"}},
            "jvm_flags": "f",
            "json": "j",
            "startup": {"user-service": {"seconds": [2.0, 3.0, 2.5], "rss_mb": [200, 210, 220]}},
            "runs": [
                run("on", 1, 500, 2.0, 10),
                run("off", 1, 1000, 1.0, 5),
                run("off", 2, 800, 1.0, 5),
                run("on", 2, 400, 3.0, 5),
            ],
        }
        text = bench.table(results)
        self.assertIn(
            "| `GET /api/users/{id}` | 450 (400-500) / 900 (800-1000) | 0.50 (0.50-0.50) "
            "| 2.50 (2.00-3.00) / 1.00 (1.00-1.00) | 2.50 (2.00-3.00) | 200/s",
            text,
        )
        self.assertIn("| 100; 0, 0 |", text)
        self.assertIn("| user-service | 2.50 (2.0, 3.0, 2.5) |", text)
        self.assertIn("Answers other than 2xx at the fixed rate: off r1 user: 1 of 10; off r2 user: 1 of 10.", text)
        with tempfile.TemporaryDirectory() as d:
            doc = Path(d) / "performance.md"
            doc.write_text(f"# P\n\nbefore\n\n{bench.BEGIN}\nold table\n{bench.END}\n\nafter\n")
            old = bench.DOC
            bench.DOC = doc
            try:
                bench.write_doc(text)
                bench.write_doc(text)
            finally:
                bench.DOC = old
            written = doc.read_text()
        self.assertNotIn("old table", written)
        self.assertEqual(written.count(bench.BEGIN), 1)
        self.assertTrue(written.startswith("# P\n\nbefore\n") and written.endswith("\n\nafter\n"))


if __name__ == "__main__":
    unittest.main()
