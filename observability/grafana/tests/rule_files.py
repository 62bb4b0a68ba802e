"""Rule files written for a test, in a temporary directory that the test removes."""

import tempfile
import unittest
from pathlib import Path

# A slo.yml and alerts.yml in miniature: the shapes the dashboards read, with the project's numbers.
SLO_RULES = """\
groups:
  - name: slo
    rules:
      - record: slo:objective:ratio
        expr: vector(0.995)
        labels: { slo: availability, service: gateway-service }
      - record: slo:objective:ratio
        expr: vector(0.95)
        labels: { slo: latency, service: gateway-service }
      - record: slo:burn_rate:1h
        expr: slo:sli_error:ratio_rate1h / (1 - slo:objective:ratio)
      - record: slo:burn_rate:5m
        expr: slo:sli_error:ratio_rate5m / (1 - slo:objective:ratio)
      - record: slo:burn_rate:30m
        expr: slo:sli_error:ratio_rate30m / (1 - slo:objective:ratio)
      - record: slo:burn_rate:6h
        expr: slo:sli_error:ratio_rate6h / (1 - slo:objective:ratio)
      - record: slo:burn_rate:3d
        expr: slo:sli_error:ratio_rate3d / (1 - slo:objective:ratio)
      - record: slo:burn_rate:2h
        expr: slo:sli_error:ratio_rate2h / (1 - slo:objective:ratio)
      - record: slo:burn_rate:1d
        expr: slo:sli_error:ratio_rate1d / (1 - slo:objective:ratio)
      - record: slo:error_budget_remaining:ratio
        expr: 1 - slo:sli_error:ratio_rate30d / (1 - slo:objective:ratio)
      - alert: ErrorBudgetBurnFast
        expr: |
          (slo:burn_rate:1h > 14.4 and slo:burn_rate:5m > 14.4)
          or
          (slo:burn_rate:6h > 6 and slo:burn_rate:30m > 6)
        for: 2m
        labels:
          severity: page
      - alert: ErrorBudgetBurnSlow
        expr: |
          (slo:burn_rate:1d > 3 and slo:burn_rate:2h > 3)
          or
          (slo:burn_rate:3d > 1 and slo:burn_rate:6h > 1)
        for: 15m
        labels:
          severity: ticket
"""

ALERT_RULES = """\
groups:
  - name: service-alerts
    rules:
      - alert: ServiceDown
        expr: up == 0
        for: 1m
        labels:
          severity: page
      - alert: HighErrorRate
        expr: service:http_server_requests_errors:ratio_rate5m > 0.05
        for: 5m
        labels:
          severity: page
      - alert: HighLatency
        expr: service:http_server_requests_seconds:p95_5m > 1
        for: 5m
        labels:
          severity: page
      - alert: SpansLost
        expr: rate(lost[2m]) > 0
        for: 5m
        labels:
          severity: ticket
"""


class RuleFilesTestCase(unittest.TestCase):
    """A test case that writes rule files into a temporary directory: self.write(name, text) is the path."""

    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.directory = Path(directory.name)

    def write(self, name, text):
        path = self.directory / name
        path.write_text(text, encoding="utf-8")
        return path
