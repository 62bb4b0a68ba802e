import unittest
from pathlib import Path

from dashboards_lib.yaml_subset import YamlSubsetError, load, loads

RULES_DIR = Path(__file__).resolve().parents[2] / "prometheus" / "rules"


class YamlSubsetTest(unittest.TestCase):
    def test_reads_the_constructs_of_a_rule_file(self):
        text = """\
# a comment before everything
groups:
  - name: slo            # a trailing comment
    interval: 1m
    rules:
      - record: slo:objective:ratio
        expr: vector(0.995)
        labels: { slo: gateway-availability, service: gateway-service }

      - alert: Fast
        expr: |
          (a > 14.4 and b > 14.4)
          # a PromQL comment, part of the expression
          or c
        for: 2m
        labels:
          severity: page
        annotations:
          summary: "{{ $labels.service }}: \\"quoted\\""
          note: 'it''s'
          description: >-
            one
            two

            three
"""
        self.assertEqual(loads(text), {"groups": [{
            "name": "slo",
            "interval": "1m",
            "rules": [
                {"record": "slo:objective:ratio", "expr": "vector(0.995)",
                 "labels": {"slo": "gateway-availability", "service": "gateway-service"}},
                {"alert": "Fast",
                 "expr": "(a > 14.4 and b > 14.4)\n# a PromQL comment, part of the expression\nor c\n",
                 "for": "2m",
                 "labels": {"severity": "page"},
                 "annotations": {"summary": '{{ $labels.service }}: "quoted"', "note": "it's",
                                 "description": "one two\nthree"}},
            ],
        }]})

    def test_literal_and_folded_scalars_keep_or_drop_the_final_line_break(self):
        self.assertEqual(loads("a: |\n  x\n  y\nb: |-\n  x\nc: >\n  x\n  y\n"), {"a": "x\ny\n", "b": "x", "c": "x y\n"})

    def test_scalars_stay_strings(self):
        self.assertEqual(loads("a: 1\nb: true\nc: 0.5\n"), {"a": "1", "b": "true", "c": "0.5"})

    def test_a_top_level_sequence_of_scalars(self):
        self.assertEqual(loads("- a\n- 'b'\n"), ["a", "b"])

    def test_refuses_what_is_outside_the_subset_naming_the_line(self):
        cases = {
            "a:\n\tb: 1\n": ":2: a tab in the indentation",
            "a: &anchor 1\n": ":1: '&' starts a construct",
            "a: *alias\n": ":1: '*' starts a construct",
            "a: !tag 1\n": ":1: '!' starts a construct",
            "a: [1, 2]\n": ":1: '[' starts a construct",
            "a: 1\na: 2\n": ":2: the key 'a' twice",
            "a: { b: 1, b: 2 }\n": ":1: the key 'b' twice",
            "a: { b: { c: 1 } }\n": ":1: a flow mapping with nested",
            "a: { b: 1,\n  c: 2 }\n": ":1: a flow mapping that does not end on its line",
            "a:\nb: 1\n": ":1: a key without a value",
            "a:\n  b: 1\n c: 2\n": ":3: indented more than the keys before it",
            "a:\n  b: 1\n    c: 2\n": ":3: indented more than the keys before it",
            'a: "open\n  still open"\n': ":1: a double-quoted scalar that does not end on its line",
            "a: 'open\n": ":1: a single-quoted scalar that does not end on its line",
            "---\na: 1\n": ":1: expected `key: value`",
            "a:\n- b\n": ":2: a sequence item where a key was expected",
            "a:\n  - - b\n": ":2: an empty or nested sequence item",
            "a: b: c\n": ":1: a mapping inside a one-line value",
            "a: >\n  x\n    y\n": ":3: a more-indented line in a folded block scalar",
            "a: |\nb: 1\n": ":1: an empty block scalar",
            "  a: 1\n": ":1: the document's first line is indented",
            "# only a comment\n": ":2: an empty document",
        }
        for text, message in cases.items():
            with self.subTest(text=text), self.assertRaises(YamlSubsetError) as raised:
                loads(text, "rules.yml")
            self.assertIn("rules.yml" + message, str(raised.exception))

    def test_reads_every_rule_file_of_the_project(self):
        paths = sorted(RULES_DIR.glob("*.yml"))
        self.assertTrue(paths)
        for path in paths:
            with self.subTest(path=path.name):
                document = load(path)
                self.assertIsInstance(document["groups"], list)
                for group in document["groups"]:
                    for rule in group["rules"]:
                        self.assertIsInstance(rule["expr"], str)


if __name__ == "__main__":
    unittest.main()
