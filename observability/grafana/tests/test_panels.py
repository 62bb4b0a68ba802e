import unittest

from dashboards_lib.panels import (
    PROMETHEUS,
    query,
    stat,
    table,
    thresholds,
    value_mappings,
)


class PanelsTest(unittest.TestCase):
    def test_queries_get_ref_ids_in_order_and_read_prometheus(self):
        panel = stat("Rate", "Requests per second.", [query("a"), query("b", "{{service}}")], unit="reqps")
        self.assertEqual([(target["refId"], target["expr"]) for target in panel["targets"]], [("A", "a"), ("B", "b")])
        self.assertEqual(panel["datasource"], PROMETHEUS)
        self.assertEqual([target["datasource"] for target in panel["targets"]], [PROMETHEUS, PROMETHEUS])

    def test_a_table_query_is_instant_and_a_graph_query_a_range(self):
        self.assertEqual((query("a", table=True)["instant"], query("a", table=True)["range"]), (True, False))
        self.assertEqual((query("a")["instant"], query("a")["range"]), (False, True))

    def test_table_columns_are_named_after_their_query(self):
        panel = table("Routes", "Each route.", [("req/s", "reqps", "a"), ("p95", "s", "b")], hidden=("service",))
        self.assertEqual([override["matcher"]["options"] for override in panel["fieldConfig"]["overrides"]],
                         ["Value #A", "Value #B"])
        self.assertEqual(panel["transformations"][1]["options"]["excludeByName"], {"Time": True, "service": True})
        self.assertEqual(panel["options"]["sortBy"], [{"desc": True, "displayName": "req/s"}])

    def test_thresholds_and_value_mappings(self):
        self.assertEqual(thresholds([(None, "green"), (0.05, "red")]),
                         {"mode": "absolute", "steps": [{"color": "green", "value": None},
                                                        {"color": "red", "value": 0.05}]})
        self.assertEqual(value_mappings({0: ("DOWN", "red"), 1: ("UP", "green")}),
                         [{"type": "value", "options": {"0": {"color": "red", "index": 0, "text": "DOWN"},
                                                        "1": {"color": "green", "index": 1, "text": "UP"}}}])


if __name__ == "__main__":
    unittest.main()
