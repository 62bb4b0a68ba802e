import unittest

from dashboards_lib.grid import lay_out


def spec(kind, w, h, **extra):
    return {"type": kind, "w": w, "h": h, **extra}


class GridTest(unittest.TestCase):
    def test_panels_flow_left_to_right_and_wrap_below_the_tallest_of_a_line(self):
        panels = lay_out([spec("stat", 12, 4), spec("stat", 8, 6), spec("stat", 8, 3), spec("stat", 24, 2)], links=[])
        self.assertEqual([panel["gridPos"] for panel in panels], [
            {"h": 4, "w": 12, "x": 0, "y": 0},
            {"h": 6, "w": 8, "x": 12, "y": 0},
            {"h": 3, "w": 8, "x": 0, "y": 6},
            {"h": 2, "w": 24, "x": 0, "y": 9},
        ])

    def test_a_row_starts_a_new_line_and_takes_it_alone(self):
        panels = lay_out([spec("stat", 6, 4), spec("row", 24, 1), spec("stat", 6, 4)], links=[])
        self.assertEqual([(panel["gridPos"]["x"], panel["gridPos"]["y"]) for panel in panels], [(0, 0), (0, 4), (0, 5)])

    def test_ids_count_from_one_and_only_query_panels_get_the_links(self):
        links = [{"title": "traces"}]
        panels = lay_out([spec("row", 24, 1), spec("stat", 6, 4, targets=[]), spec("text", 6, 4)], links)
        self.assertEqual([panel["id"] for panel in panels], [1, 2, 3])
        self.assertEqual([panel.get("links") for panel in panels], [None, links, None])

    def test_leaves_the_specs_as_they_were(self):
        specs = [spec("stat", 6, 4)]
        lay_out(specs, links=[])
        self.assertEqual(specs, [spec("stat", 6, 4)])


if __name__ == "__main__":
    unittest.main()
