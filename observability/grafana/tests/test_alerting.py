import unittest

from dashboards_lib.alerting import Alerting
from dashboards_lib.rules import BurnRateCondition, RuleError

from .rule_files import ALERT_RULES, SLO_RULES, RuleFilesTestCase


class AlertingTest(RuleFilesTestCase):
    def alerting(self, alerts=ALERT_RULES, slo=SLO_RULES):
        return Alerting.read(self.write("alerts.yml", alerts), self.write("slo.yml", slo))

    def test_reads_what_the_dashboards_show(self):
        alerting = self.alerting()
        self.assertEqual(alerting.errors.value, 0.05)
        self.assertEqual(alerting.latency.value, 1)
        self.assertEqual([alert.name for alert in alerting.burn_alerts], ["ErrorBudgetBurnFast", "ErrorBudgetBurnSlow"])
        self.assertEqual(alerting.objectives, {"availability": 0.995, "latency": 0.95})
        self.assertEqual(alerting.period, "30d")
        self.assertEqual(alerting.burn_rate_windows, ("5m", "30m", "1h", "2h", "6h", "1d", "3d"))

    def test_phrases_take_their_numbers_from_the_rules(self):
        alerting = self.alerting()
        self.assertEqual(alerting.high_error_rate(), "HighErrorRate pages above 5% for 5 minutes")
        self.assertEqual(alerting.high_latency(), "HighLatency pages above 1 s for 5 minutes")
        self.assertEqual(alerting.duration_of("ServiceDown"), "a minute")
        self.assertEqual(alerting.fires("SpansLost"), "opens a ticket")
        self.assertEqual(alerting.burn_thresholds_by_severity(), "1 and 3: ticket, 6 and 14.4: page")

        changed = self.alerting(alerts=ALERT_RULES.replace("ratio_rate5m > 0.05", "ratio_rate5m > 0.025"))
        self.assertEqual(changed.high_error_rate(), "HighErrorRate pages above 2.5% for 5 minutes")

    def test_fastest_burn_is_the_pair_with_the_highest_factor(self):
        alert, condition = self.alerting().fastest_burn()
        self.assertEqual((alert.name, condition), ("ErrorBudgetBurnFast", BurnRateCondition("1h", "5m", 14.4)))

    def test_burn_rate_steps_colour_each_factor_and_need_one_colour_per_factor(self):
        colors = ("yellow", "orange", "red", "dark-red")
        self.assertEqual(self.alerting().burn_rate_steps(colors),
                         [(None, "green"), (1, "yellow"), (3, "orange"), (6, "red"), (14.4, "dark-red")])
        with self.assertRaisesRegex(RuleError, r"the factors \[1, 3, 6, 14.4\], and the dashboards 3 colours"):
            self.alerting().burn_rate_steps(colors[:3])

    def test_a_missing_alert_stops_the_reading(self):
        without_latency = ALERT_RULES.replace("alert: HighLatency", "alert: SlowResponses")
        with self.assertRaisesRegex(RuleError, "expected one alert HighLatency, found 0"):
            self.alerting(alerts=without_latency)


if __name__ == "__main__":
    unittest.main()
