"""The values that the dashboards show and the Prometheus rules define (observability/prometheus/rules): the SLO
objectives and their error budget's period, the burn-rate alerts' window pairs, factors, `for` and severity,
and the threshold of each alert that compares one series with a number.

Each value is read from the rule that defines it, and that rule must have the shape expected here; any other
shape is a RuleError naming the file, the group and the rule. So a rule rewritten in a way the dashboards cannot
follow stops the generator, and a changed number in a rule changes the generated dashboards, which --check (and
with it system-tests GrafanaDashboardsTest) reports until they are regenerated and committed.
"""

import re
from dataclasses import dataclass

from . import yaml_subset
from .durations import Duration

_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_BURN_RATE_CONDITION = re.compile(
    rf"\(slo:burn_rate:(\w+) > ({_NUMBER}) and slo:burn_rate:(\w+) > ({_NUMBER})\)")
_OBJECTIVE = re.compile(rf"vector\(({_NUMBER})\)")
_BUDGET_REMAINING = re.compile(r"1 - slo:sli_error:ratio_rate(\w+) / \(1 - slo:objective:ratio\)")


class RuleError(ValueError):
    """A rule file that cannot be read, or a rule without the shape the dashboards rely on."""


@dataclass(frozen=True)
class Rule:
    """One recording rule (kind "record") or alert (kind "alert") of a rule file.

    expr has its whitespace collapsed to single spaces; labels maps label names to values; for_ is the alert's
    `for` ("5m"), None where it has none; where names the file and the group."""

    kind: str
    name: str
    expr: str
    labels: dict
    for_: str | None
    where: str

    def fail(self, message):
        raise RuleError(f"{self.where}, {self.kind} {self.name}: {message}")


@dataclass(frozen=True)
class Threshold:
    """An alert firing when a series stays above value for for_; severity is "page" or "ticket"."""

    alert: str
    value: int | float
    for_: str
    severity: str


@dataclass(frozen=True)
class BurnRateCondition:
    """Burn rates over both windows above factor: one pair of the Google SRE workbook's multiwindow,
    multi-burn-rate alerts ("Alerting on SLOs"). The windows are durations ("1h", "5m")."""

    long_window: str
    short_window: str
    factor: int | float

    def budget_spent(self, period):
        """The share of an error budget for period ("30d") spent while the long window burns at exactly the
        factor: 14.4 over 1h of 30d is 0.02."""
        return self.factor * Duration.parse(self.long_window).seconds / Duration.parse(period).seconds


@dataclass(frozen=True)
class BurnRateAlert:
    """An alert on burn rates: conditions in the order its expression lists them, any of which fires it."""

    name: str
    conditions: tuple
    for_: str
    severity: str


class Rules:
    """The rules of some rule files, with the lookups the dashboards need."""

    def __init__(self, rules):
        self._rules = tuple(rules)

    @classmethod
    def read(cls, *paths):
        """Every rule of the rule files at paths (pathlib.Path); RuleError if one cannot be read."""
        rules = []
        for path in paths:
            try:
                document = yaml_subset.load(path)
            except (OSError, yaml_subset.YamlSubsetError) as error:
                raise RuleError(str(error)) from error
            rules += _rules_of(document, str(path))
        return cls(rules)

    def alert(self, name):
        """The one alert named name."""
        found = [rule for rule in self._rules if rule.kind == "alert" and rule.name == name]
        if len(found) != 1:
            raise RuleError(f"expected one alert {name}, found {len(found)}")
        return found[0]

    def alert_for(self, name):
        """The `for` of the alert named name ("5m"); RuleError if it has none."""
        return _for(self.alert(name))

    def severity(self, name):
        """The severity label of the alert named name: "page" or "ticket"."""
        return _severity(self.alert(name))

    def records(self, name):
        """The recording rules named name, at least one."""
        found = [rule for rule in self._rules if rule.kind == "record" and rule.name == name]
        if not found:
            raise RuleError(f"no recording rule {name}")
        return found

    def threshold(self, alert, series):
        """The alert whose expression is exactly `series > <number>`."""
        rule = self.alert(alert)
        match = re.fullmatch(rf"{re.escape(series)} > ({_NUMBER})", rule.expr)
        if not match:
            rule.fail(f"expected `{series} > <number>`, found `{rule.expr}`")
        return Threshold(alert, _number(match.group(1)), _for(rule), _severity(rule))

    def burn_rate_alert(self, name):
        """The alert whose expression is `(slo:burn_rate:<long> > F and slo:burn_rate:<short> > F) or ...`, one
        factor per pair, the long window longer than the short one, both with a slo:burn_rate recording rule."""
        rule = self.alert(name)
        windows = self.burn_rate_windows()
        conditions = []
        for term in rule.expr.split(" or "):
            match = _BURN_RATE_CONDITION.fullmatch(term)
            if not match:
                rule.fail(f"expected `(slo:burn_rate:<long> > <factor> and slo:burn_rate:<short> > <factor>)`, "
                          f"found `{term}`")
            long_window, long_factor, short_window, short_factor = match.groups()
            if long_factor != short_factor:
                rule.fail(f"the windows of `{term}` have different factors")
            if Duration.parse(long_window).seconds <= Duration.parse(short_window).seconds:
                rule.fail(f"the long window comes first in `{term}`")
            for window in (long_window, short_window):
                if window not in windows:
                    rule.fail(f"no recording rule slo:burn_rate:{window} for `{term}`")
            conditions.append(BurnRateCondition(long_window, short_window, _number(long_factor)))
        return BurnRateAlert(name, tuple(conditions), _for(rule), _severity(rule))

    def burn_rate_windows(self):
        """The windows of the slo:burn_rate:<window> recording rules, shortest first: ("5m", ..., "3d")."""
        windows = {rule.name.removeprefix("slo:burn_rate:"): rule for rule in self._rules
                   if rule.kind == "record" and rule.name.startswith("slo:burn_rate:")}
        if not windows:
            raise RuleError("no recording rule slo:burn_rate:<window>")
        for window, rule in windows.items():
            _duration(rule, window)
        return tuple(sorted(windows, key=lambda window: Duration.parse(window).seconds))

    def objectives(self):
        """Each SLO's objective, by its slo label, from the `slo:objective:ratio` rules (`vector(<ratio>)`)."""
        objectives = {}
        for rule in self.records("slo:objective:ratio"):
            match = _OBJECTIVE.fullmatch(rule.expr)
            slo = rule.labels.get("slo")
            if not match or not slo:
                rule.fail(f"expected `vector(<ratio>)` and an slo label, found `{rule.expr}` and {rule.labels}")
            if slo in objectives:
                rule.fail(f"a second objective for slo {slo}")
            objective = _number(match.group(1))
            if not 0 < objective < 1:
                rule.fail(f"the objective {objective} is not between 0 and 1")
            objectives[slo] = objective
        return objectives

    def budget_period(self):
        """The period of the error budget ("30d"): the SLI window of `slo:error_budget_remaining:ratio`."""
        rules = self.records("slo:error_budget_remaining:ratio")
        if len(rules) != 1:
            raise RuleError(f"expected one recording rule slo:error_budget_remaining:ratio, found {len(rules)}")
        rule = rules[0]
        match = _BUDGET_REMAINING.fullmatch(rule.expr)
        if not match:
            rule.fail(f"expected `1 - slo:sli_error:ratio_rate<period> / (1 - slo:objective:ratio)`, found "
                      f"`{rule.expr}`")
        return _duration(rule, match.group(1))


def _rules_of(document, path):
    """The rules of a parsed rule file: {groups: [{name, rules: [...], ...}]}, as Prometheus reads it."""
    if not isinstance(document, dict) or set(document) != {"groups"} or not isinstance(document["groups"], list):
        raise RuleError(f"{path}: expected a mapping with one key, groups, holding a list")
    rules = []
    for group in document["groups"]:
        if not isinstance(group, dict) or not isinstance(group.get("name"), str) \
                or not isinstance(group.get("rules"), list):
            raise RuleError(f"{path}: expected every group to have a name and a list of rules")
        where = f"{path}, group {group['name']}"
        for item in group["rules"]:
            rules.append(_rule(item, where))
    return rules


def _rule(item, where):
    kinds = [kind for kind in ("record", "alert") if kind in item] if isinstance(item, dict) else []
    if len(kinds) != 1 or not isinstance(item[kinds[0]], str) or not isinstance(item.get("expr"), str):
        raise RuleError(f"{where}: expected a rule with either record or alert, and expr: {item}")
    labels = item.get("labels", {})
    for_ = item.get("for")
    if not isinstance(labels, dict) or not all(isinstance(value, str) for value in labels.values()) \
            or not isinstance(for_, (str, type(None))):
        raise RuleError(f"{where}, {kinds[0]} {item[kinds[0]]}: labels must map names to values, for be a duration")
    rule = Rule(kinds[0], item[kinds[0]], " ".join(item["expr"].split()), labels, for_, where)
    if for_ is not None:
        _duration(rule, for_)
    return rule


def _for(rule):
    if rule.for_ is None:
        rule.fail("has no `for`")
    return rule.for_


def _severity(rule):
    severity = rule.labels.get("severity")
    if severity not in ("page", "ticket"):
        rule.fail(f"expected the label severity page or ticket, found {severity!r}")
    return severity


def _duration(rule, text):
    try:
        return str(Duration.parse(text))
    except ValueError as error:
        rule.fail(str(error))


def _number(text):
    """A number as the rule writes it: "6" an int, "14.4" a float, so the dashboards' JSON writes it the same."""
    return float(text) if "." in text else int(text)
