import unittest

from dashboards_lib.durations import Duration


class DurationTest(unittest.TestCase):
    def test_parses_single_unit_durations(self):
        self.assertEqual(Duration.parse("30m"), Duration(30, "m"))
        self.assertEqual([Duration.parse(text).seconds for text in ("5m", "1h", "1d", "1w", "1y")],
                         [300, 3600, 86_400, 604_800, 31_536_000])
        self.assertEqual(str(Duration.parse("6h")), "6h")

    def test_refuses_what_it_does_not_understand(self):
        for text in ("1h30m", "500ms", "0m", "05m", "5", "m", "", "5 m"):
            with self.subTest(text=text), self.assertRaisesRegex(ValueError, "not a single-unit Prometheus duration"):
                Duration.parse(text)


if __name__ == "__main__":
    unittest.main()
