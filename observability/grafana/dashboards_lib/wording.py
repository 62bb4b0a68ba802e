"""Numbers and durations as the dashboards' titles and descriptions write them.

Durations are Prometheus durations as strings ("5m", "1h", "30d"); see durations.py.
"""

from .durations import Duration

# "an hour" but "a minute": the article goes by sound, not by letter.
_ARTICLES = {"second": "a", "minute": "a", "hour": "an", "day": "a", "week": "a", "year": "a"}


def number(value):
    """A threshold as the rules write it: 14.4, 6 (not 6.0)."""
    return f"{value:g}"


def percent(ratio):
    """A ratio as a percentage, without float noise: 0.995 is "99.5%", 1 - 0.995 is "0.5%"."""
    return f"{ratio * 100:g}%"


def duration(text):
    """ "5m" is "5 minutes", "1h" is "1 hour"."""
    parsed = Duration.parse(text)
    return f"{parsed.count} {parsed.unit_name}" + ("" if parsed.count == 1 else "s")


def a_duration(text):
    """For "for ..." and "in ...": "1m" is "a minute", "1h" is "an hour", "5m" is "5 minutes"."""
    parsed = Duration.parse(text)
    return f"{_ARTICLES[parsed.unit_name]} {parsed.unit_name}" if parsed.count == 1 else duration(text)


def bare_duration(text):
    """For "the last ...": "1h" is "hour", "5m" is "5 minutes"."""
    parsed = Duration.parse(text)
    return parsed.unit_name if parsed.count == 1 else duration(text)


def abbreviated(text):
    """For tables: "1h" is "1 h", "30m" is "30 m"."""
    parsed = Duration.parse(text)
    return f"{parsed.count} {parsed.unit}"


def adjective(text):
    """Before a noun: "30d" is "30-day" (a "30-day error budget")."""
    parsed = Duration.parse(text)
    return f"{parsed.count}-{parsed.unit_name}"


def and_join(items):
    """["a"] is "a", ["a", "b"] is "a and b", ["a", "b", "c"] is "a, b and c"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
