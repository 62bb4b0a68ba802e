import unittest
from pathlib import Path

from dashboards_lib.rules import BurnRateCondition, RuleError, Rules, Threshold

from .rule_files import ALERT_RULES, SLO_RULES, RuleFilesTestCase

RULES_DIR = Path(__file__).resolve().parents[2] / "prometheus" / "rules"


def one_alert(expr, *, for_="5m", severity="page"):
    return f"""\
groups:
  - name: g
    rules:
      - alert: A
        expr: {expr}
        for: {for_}
        labels: {{ severity: {severity} }}
"""


class RulesTest(RuleFilesTestCase):
    def rules(self, *texts):
        return Rules.read(*(self.write(f"rules{index}.yml", text) for index, text in enumerate(texts)))

    def test_threshold_of_an_alert_comparing_a_series_with_a_number(self):
        rules = self.rules(ALERT_RULES)
        self.assertEqual(rules.threshold("HighErrorRate", "service:http_server_requests_errors:ratio_rate5m"),
                         Threshold("HighErrorRate", 0.05, "5m", "page"))
        latency = rules.threshold("HighLatency", "service:http_server_requests_seconds:p95_5m")
        self.assertEqual(latency.value, 1)
        self.assertIsInstance(latency.value, int)

    def test_threshold_refuses_another_series_or_shape(self):
        rules = self.rules(ALERT_RULES, one_alert("x > 1 and y > 2"))
        with self.assertRaisesRegex(RuleError, r"rules0\.yml, group service-alerts, alert HighErrorRate: expected "
                                               r"`service:other > <number>`"):
            rules.threshold("HighErrorRate", "service:other")
        with self.assertRaisesRegex(RuleError, "expected `x > <number>`, found `x > 1 and y > 2`"):
            rules.threshold("A", "x")

    def test_threshold_needs_for_and_a_known_severity(self):
        with self.assertRaisesRegex(RuleError, "alert A: has no `for`"):
            self.rules(one_alert("x > 1").replace("        for: 5m\n", "")).threshold("A", "x")
        with self.assertRaisesRegex(RuleError, "expected the label severity page or ticket, found 'info'"):
            self.rules(one_alert("x > 1", severity="info")).threshold("A", "x")

    def test_an_alert_must_exist_once(self):
        rules = self.rules(ALERT_RULES, ALERT_RULES)
        with self.assertRaisesRegex(RuleError, "expected one alert HighErrorRate, found 2"):
            rules.alert("HighErrorRate")
        with self.assertRaisesRegex(RuleError, "expected one alert Missing, found 0"):
            rules.alert("Missing")

    def test_alert_for_and_severity(self):
        rules = self.rules(ALERT_RULES)
        self.assertEqual(rules.alert_for("ServiceDown"), "1m")
        self.assertEqual(rules.severity("SpansLost"), "ticket")

    def test_burn_rate_alert_reads_each_window_pair_in_order(self):
        fast = self.rules(SLO_RULES).burn_rate_alert("ErrorBudgetBurnFast")
        self.assertEqual(fast.conditions, (BurnRateCondition("1h", "5m", 14.4), BurnRateCondition("6h", "30m", 6)))
        self.assertEqual((fast.name, fast.for_, fast.severity), ("ErrorBudgetBurnFast", "2m", "page"))

    def test_burn_rate_alert_refuses_pairs_it_cannot_follow(self):
        cases = {
            "(slo:burn_rate:1h > 14.4 and slo:burn_rate:5m > 6)": "have different factors",
            "(slo:burn_rate:5m > 6 and slo:burn_rate:1h > 6)": "the long window comes first",
            "(slo:burn_rate:4h > 6 and slo:burn_rate:5m > 6)": "no recording rule slo:burn_rate:4h",
            "(slo:burn_rate:1h > 6 unless slo:burn_rate:5m > 6)": "expected `\\(slo:burn_rate:<long>",
            "slo:burn_rate:1h > 6": "expected `\\(slo:burn_rate:<long>",
        }
        for expr, message in cases.items():
            with self.subTest(expr=expr), self.assertRaisesRegex(RuleError, message):
                self.rules(SLO_RULES, one_alert(expr)).burn_rate_alert("A")

    def test_burn_rate_windows_are_sorted_by_duration(self):
        self.assertEqual(self.rules(SLO_RULES).burn_rate_windows(), ("5m", "30m", "1h", "2h", "6h", "1d", "3d"))

    def test_objectives_by_slo(self):
        self.assertEqual(self.rules(SLO_RULES).objectives(), {"availability": 0.995, "latency": 0.95})

    def test_objectives_refuse_another_shape_a_second_objective_or_a_ratio_out_of_range(self):
        cases = {
            "vector(0.995)\n        labels: { service: x }": "and an slo label",
            "vector(0.995) * 1\n        labels: { slo: availability }": "expected `vector\\(<ratio>\\)`",
            "vector(0.9)\n        labels: { slo: availability }": "a second objective for slo availability",
            "vector(1.5)\n        labels: { slo: other }": "the objective 1.5 is not between 0 and 1",
        }
        for objective, message in cases.items():
            extra = ("groups:\n  - name: g\n    rules:\n      - record: slo:objective:ratio\n"
                     f"        expr: {objective}\n")
            with self.subTest(objective=objective), self.assertRaisesRegex(RuleError, message):
                self.rules(SLO_RULES, extra).objectives()

    def test_budget_period_is_the_window_of_the_budget_remaining_rule(self):
        self.assertEqual(self.rules(SLO_RULES).budget_period(), "30d")
        other = SLO_RULES.replace("1 - slo:sli_error:ratio_rate30d", "1 - slo:sli_error:ratio_rate28d * 2")
        with self.assertRaisesRegex(RuleError, "expected `1 - slo:sli_error:ratio_rate<period>"):
            self.rules(other).budget_period()

    def test_budget_spent_by_a_burn_rate_over_its_long_window(self):
        self.assertAlmostEqual(BurnRateCondition("1h", "5m", 14.4).budget_spent("30d"), 0.02)
        self.assertAlmostEqual(BurnRateCondition("3d", "6h", 1).budget_spent("30d"), 0.1)

    def test_refuses_files_that_are_not_rule_files(self):
        cases = {
            "rules:\n  - a: 1\n": "expected a mapping with one key, groups",
            "groups:\n  - rules:\n      - record: x\n        expr: y\n": "expected every group to have a name",
            "groups:\n  - name: g\n    rules:\n      - expr: y\n": "expected a rule with either record or alert",
            "groups:\n  - name: g\n    rules:\n      - alert: x\n        expr: y\n        for: 1h30m\n":
                "not a single-unit Prometheus duration",
            "groups:\n  - name: g\n    rules: [1]\n": r"rules\d\.yml:3: '\['",
        }
        for text, message in cases.items():
            with self.subTest(text=text), self.assertRaisesRegex(RuleError, message):
                self.rules(text)

    def test_a_missing_file_is_a_rule_error(self):
        with self.assertRaisesRegex(RuleError, "missing.yml"):
            Rules.read(self.directory / "missing.yml")

    def test_reads_the_project_rule_files(self):
        rules = Rules.read(RULES_DIR / "alerts.yml", RULES_DIR / "slo.yml")
        self.assertTrue(rules.objectives())
        self.assertTrue(rules.burn_rate_alert("ErrorBudgetBurnFast").conditions)
        self.assertTrue(rules.burn_rate_alert("ErrorBudgetBurnSlow").conditions)


if __name__ == "__main__":
    unittest.main()
