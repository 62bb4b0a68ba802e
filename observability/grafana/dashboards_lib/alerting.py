"""The values of the project's alerts and SLOs that the dashboards show, read from alerts.yml and slo.yml
(observability/prometheus/rules), and the phrases and colour steps the dashboards make of them.

Which alerts these are, and which series they compare, is the project's: HighErrorRate on the services' 5xx
ratio and HighLatency on their p95 (red.yml's service: rules), ErrorBudgetBurnFast and ErrorBudgetBurnSlow on
slo.yml's burn rates. rules.py reads them and refuses a rule of another shape.
"""

from dataclasses import dataclass

from .rules import BurnRateAlert, RuleError, Rules, Threshold
from .wording import a_duration, and_join, number, percent

_SEVERITY_VERBS = {"page": "pages", "ticket": "opens a ticket"}


@dataclass(frozen=True)
class Alerting:
    """errors: HighErrorRate's threshold (a ratio); latency: HighLatency's (seconds); burn_alerts: the fast and
    the slow burn-rate alert; objectives: each SLO's objective by its slo label; period: the error budget's
    ("30d"); burn_rate_windows: the windows of the slo:burn_rate rules, shortest first."""

    rules: Rules
    errors: Threshold
    latency: Threshold
    burn_alerts: tuple[BurnRateAlert, ...]
    objectives: dict[str, float]
    period: str
    burn_rate_windows: tuple[str, ...]

    @classmethod
    def read(cls, *paths):
        """From the rule files at paths; RuleError when a rule is missing or has a shape not understood."""
        rules = Rules.read(*paths)
        return cls(
            rules=rules,
            errors=rules.threshold("HighErrorRate", "service:http_server_requests_errors:ratio_rate5m"),
            latency=rules.threshold("HighLatency", "service:http_server_requests_seconds:p95_5m"),
            burn_alerts=(rules.burn_rate_alert("ErrorBudgetBurnFast"), rules.burn_rate_alert("ErrorBudgetBurnSlow")),
            objectives=rules.objectives(),
            period=rules.budget_period(),
            burn_rate_windows=rules.burn_rate_windows(),
        )

    def duration_of(self, alert):
        """How long the alert's condition must hold before it fires, for "for ...": "a minute", "5 minutes"."""
        return a_duration(self.rules.alert_for(alert))

    def fires(self, alert):
        """What the alert does, by its severity: "pages" or "opens a ticket"."""
        return _SEVERITY_VERBS[self.rules.severity(alert)]

    def high_error_rate(self):
        """ "HighErrorRate pages above 5% for 5 minutes"."""
        return self._fires_above(self.errors, percent(self.errors.value))

    def high_latency(self):
        """ "HighLatency pages above 1 s for 5 minutes"."""
        return self._fires_above(self.latency, f"{number(self.latency.value)} s")

    def burn_conditions(self):
        """Every window pair of the burn-rate alerts with its alert: [(alert, condition)], fast alert first."""
        return [(alert, condition) for alert in self.burn_alerts for condition in alert.conditions]

    def fastest_burn(self):
        """The (alert, condition) with the highest factor (ErrorBudgetBurnFast's 1h and 5m pair)."""
        return max(self.burn_conditions(), key=lambda pair: pair[1].factor)

    def burn_rate_steps(self, colors):
        """Threshold steps at the burn-rate alerts' factors, green below the lowest: colors has one colour per
        factor, lowest first; RuleError when the rules have another number of factors."""
        factors = sorted({condition.factor for _, condition in self.burn_conditions()})
        if len(factors) != len(colors):
            raise RuleError(f"the burn-rate alerts have the factors {factors}, and the dashboards {len(colors)} "
                            "colours for them")
        return [(None, "green"), *zip(factors, colors, strict=True)]

    def burn_thresholds_by_severity(self):
        """The factors grouped by the severity of their alert, lowest first: "1 and 3: ticket, 6 and 14.4: page"."""
        by_severity = {}
        for factor, severity in sorted({(condition.factor, alert.severity)
                                        for alert, condition in self.burn_conditions()}):
            by_severity.setdefault(severity, []).append(number(factor))
        return ", ".join(f"{and_join(factors)}: {severity}" for severity, factors in by_severity.items())

    def _fires_above(self, threshold, value):
        return f"{threshold.alert} {self.fires(threshold.alert)} above {value} for {a_duration(threshold.for_)}"
