import json
import unittest
import urllib.parse

from dashboards_lib.dashboard import TAG, dashboard, jaeger_search_url
from dashboards_lib.panels import query, row, stat


class DashboardTest(unittest.TestCase):
    def test_jaeger_search_url_is_an_explore_link_with_url_encoded_panes(self):
        url = jaeger_search_url("order-service")
        prefix = "/explore?schemaVersion=1&orgId=1&panes="
        self.assertTrue(url.startswith(prefix))
        encoded = url.removeprefix(prefix)
        self.assertRegex(encoded, r"^[A-Za-z0-9%._~-]+$")
        panes = json.loads(urllib.parse.unquote(encoded))
        self.assertEqual(panes["trc"]["datasource"], "jaeger")
        self.assertEqual(panes["trc"]["queries"], [{"refId": "A", "datasource": {"type": "jaeger", "uid": "jaeger"},
                                                    "queryType": "search", "service": "order-service"}])

    def test_links_the_other_dashboards_and_each_service_traces(self):
        board = dashboard("uid", "Title", "What it shows.", ["user-service"],
                          [row("Row"), stat("Rate", "Requests.", [query("a")], unit="reqps")])
        self.assertEqual(board["tags"], [TAG])
        self.assertEqual([link["type"] for link in board["links"]], ["dashboards", "link"])
        self.assertEqual(board["links"][0]["tags"], [TAG])
        self.assertEqual(board["links"][1]["url"], jaeger_search_url("user-service"))
        self.assertEqual(board["panels"][1]["links"][0]["url"], jaeger_search_url("user-service"))
        self.assertNotIn("links", board["panels"][0])


if __name__ == "__main__":
    unittest.main()
