import unittest

from dashboards_lib.wording import (
    a_duration,
    abbreviated,
    adjective,
    and_join,
    bare_duration,
    duration,
    number,
    percent,
)


class WordingTest(unittest.TestCase):
    def test_numbers_as_the_rules_write_them(self):
        self.assertEqual([number(14.4), number(6), number(0.05)], ["14.4", "6", "0.05"])

    def test_percentages_without_float_noise(self):
        self.assertEqual([percent(0.995), percent(1 - 0.995), percent(1 - 0.95), percent(14.4 * 3600 / 2_592_000)],
                         ["99.5%", "0.5%", "5%", "2%"])

    def test_durations(self):
        self.assertEqual([duration("1h"), duration("5m"), duration("30d")], ["1 hour", "5 minutes", "30 days"])
        self.assertEqual([a_duration("1h"), a_duration("1m"), a_duration("2m")], ["an hour", "a minute", "2 minutes"])
        self.assertEqual([bare_duration("1h"), bare_duration("5m")], ["hour", "5 minutes"])
        self.assertEqual([abbreviated("1h"), abbreviated("30m")], ["1 h", "30 m"])
        self.assertEqual(adjective("30d"), "30-day")

    def test_and_join(self):
        self.assertEqual([and_join(["a"]), and_join(["a", "b"]), and_join(["a", "b", "c"])],
                         ["a", "a and b", "a, b and c"])


if __name__ == "__main__":
    unittest.main()
