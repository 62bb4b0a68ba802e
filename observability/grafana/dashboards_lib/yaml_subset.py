"""A strict reader of the small part of YAML that Prometheus rule files use, so the generator needs no PyYAML.

Understood: block mappings and block sequences indented with spaces (a sequence indented under its key);
plain, 'single-quoted' and "double-quoted" scalars on one line; literal (|, |-) and folded (>, >-) block
scalars; one-line flow mappings of plain scalars ({ slo: x, service: y }); full-line and trailing comments.

Refused, with the file and line: tabs in indentation, anchors, aliases, tags, flow sequences, multi-line flow or
quoted scalars, document markers, duplicate keys, a key without a value, and indentation that does not line
up. A rule file written in some other valid YAML is refused rather than read wrong: the generator then fails
loudly, and whoever changed the file either keeps to this subset or teaches it the new construct.

Scalars stay strings (the caller knows which are numbers); folded scalars join their lines with spaces and
keep blank lines as line breaks, which is YAML's folding for text without more-indented lines (refused here).
"""

import json
import re
from pathlib import Path

_KEY = r"[A-Za-z_][A-Za-z0-9_.-]*"
_KEY_LINE = re.compile(rf"({_KEY}):(?:\s+(.*))?")
_FLOW_ITEM = re.compile(rf"({_KEY}):\s+(\S(?:.*\S)?)")
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"\s*(?:#.*)?')
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'\s*(?:#.*)?")
_FLOW_MAPPING = re.compile(r"\{(.*)\}\s*(?:#.*)?")
_BLOCK_INDICATORS = ("|", "|-", ">", ">-")
_UNSUPPORTED_STARTS = "[&*!%@`"


class YamlSubsetError(ValueError):
    """Text outside the subset or malformed; the message starts with the source and the 1-based line."""


def load(path):
    """The document of the YAML file at path (a pathlib.Path) as dicts, lists and strings."""
    return loads(Path(path).read_text(encoding="utf-8"), str(path))


def loads(text, source="<string>"):
    """The document in text as dicts, lists and strings; source names it in error messages."""
    return _Reader(text, source).document()


class _Reader:
    """Recursive descent over the lines; self.index is the line being read (0-based)."""

    def __init__(self, text, source):
        self.lines = text.splitlines()
        self.source = source
        self.index = 0

    def fail(self, message, index=None):
        line = self.index if index is None else index
        raise YamlSubsetError(f"{self.source}:{line + 1}: {message}")

    def peek(self):
        """(indent, content) of the next line that is neither blank nor a comment, or None at the end of the text.
        Moves past the lines it skips; content has no surrounding spaces."""
        while self.index < len(self.lines):
            line = self.lines[self.index]
            content = line.strip(" ")
            if content and not content.startswith("#"):
                indent = len(line) - len(line.lstrip(" "))
                if content.startswith("\t"):
                    self.fail("a tab in the indentation")
                return indent, content.rstrip()
            self.index += 1
        return None

    def document(self):
        first = self.peek()
        if first is None:
            self.fail("an empty document")
        if first[0] != 0:
            self.fail("the document's first line is indented")
        # The top-level block reads every line indented 0 or more, which is all of them.
        return self.block(0)

    def block(self, indent):
        _, content = self.peek()
        return self.sequence(indent) if _is_sequence_item(content) else self.mapping(indent)

    def mapping(self, indent):
        result = {}
        while (line := self.peek()) is not None and line[0] >= indent:
            line_indent, content = line
            if line_indent > indent:
                self.fail("indented more than the keys before it")
            if _is_sequence_item(content):
                self.fail("a sequence item where a key was expected (indent a sequence under its key)")
            match = _KEY_LINE.fullmatch(content)
            if not match:
                self.fail("expected `key: value` or `key:`")
            key = match.group(1)
            if key in result:
                self.fail(f"the key {key!r} twice in one mapping")
            key_line = self.index
            self.index += 1
            result[key] = self.value(match.group(2) or "", indent, key_line)
        return result

    def sequence(self, indent):
        result = []
        while (line := self.peek()) is not None and line[0] >= indent:
            line_indent, content = line
            if line_indent > indent:
                self.fail("indented more than the items before it")
            if not _is_sequence_item(content):
                self.fail("a key where a sequence item was expected")
            raw = self.lines[self.index]
            item = raw[line_indent + 1:].lstrip(" ")
            if not item or item.startswith("#") or _is_sequence_item(item.rstrip()):
                self.fail("an empty or nested sequence item")
            if _KEY_LINE.fullmatch(item.rstrip()):
                # "- key: value" starts a mapping whose keys line up with `key`: read it as if the dash were a space.
                item_indent = len(raw) - len(item)
                self.lines[self.index] = " " * item_indent + item
                result.append(self.mapping(item_indent))
            else:
                item_line = self.index
                self.index += 1
                result.append(self.value(item, indent, item_line))
        return result

    def value(self, text, parent_indent, line):
        """The value written after a key or a dash on line (0-based), or, when nothing is, below it."""
        text = text.strip()
        if not text or text.startswith("#"):
            nested = self.peek()
            if nested is not None and nested[0] == parent_indent and _is_sequence_item(nested[1]):
                self.fail("a sequence item where a key was expected (indent a sequence under its key)")
            if nested is None or nested[0] <= parent_indent:
                self.fail("a key without a value", line)
            return self.block(nested[0])
        if text in _BLOCK_INDICATORS:
            return self.block_scalar(text, parent_indent, line)
        if text[0] in _UNSUPPORTED_STARTS:
            self.fail(f"{text[0]!r} starts a construct this reader does not support", line)
        if text[0] == "{":
            return self.flow_mapping(text, line)
        if text[0] == '"':
            match = _DOUBLE_QUOTED.fullmatch(text)
            if not match:
                self.fail("a double-quoted scalar that does not end on its line", line)
            try:
                return json.loads(f'"{match.group(1)}"')
            except json.JSONDecodeError as error:
                self.fail(f"an escape in a double-quoted scalar this reader does not support ({error.msg})", line)
        if text[0] == "'":
            match = _SINGLE_QUOTED.fullmatch(text)
            if not match:
                self.fail("a single-quoted scalar that does not end on its line", line)
            return match.group(1).replace("''", "'")
        return self.plain(text, line)

    def plain(self, text, line):
        value = re.split(r"\s#", text, maxsplit=1)[0].rstrip()
        if ": " in value or value.endswith(":"):
            self.fail("a mapping inside a one-line value (quote the value)", line)
        return value

    def flow_mapping(self, text, line):
        match = _FLOW_MAPPING.fullmatch(text)
        if not match:
            self.fail("a flow mapping that does not end on its line", line)
        inner = match.group(1).strip()
        if any(character in inner for character in "{}[]\"'#"):
            self.fail("a flow mapping with nested, quoted or commented values", line)
        result = {}
        for item in filter(None, (part.strip() for part in inner.split(","))):
            item_match = _FLOW_ITEM.fullmatch(item)
            if not item_match:
                self.fail(f"expected `key: value` in a flow mapping, found {item!r}", line)
            key, value = item_match.groups()
            if key in result:
                self.fail(f"the key {key!r} twice in one mapping", line)
            result[key] = self.plain(value, line)
        return result

    def block_scalar(self, indicator, parent_indent, line):
        """The lines below line indented more than the parent: literal (|) keeps line breaks, folded (>) joins
        lines with spaces; a trailing '-' drops the final line break."""
        body_lines = []
        while self.index < len(self.lines):
            text = self.lines[self.index]
            if text.strip(" ") and len(text) - len(text.lstrip(" ")) <= parent_indent:
                break
            body_lines.append(text if text.strip(" ") else "")
            self.index += 1
        while body_lines and not body_lines[-1]:
            body_lines.pop()
        if not body_lines:
            self.fail("an empty block scalar", line)
        indent = len(body_lines[0]) - len(body_lines[0].lstrip(" "))
        for offset, text in enumerate(body_lines):
            text_indent = len(text) - len(text.lstrip(" "))
            if text and (text_indent < indent or text[indent] == "\t"):
                self.fail("a block scalar line indented less than its first line, or with a tab", line + 1 + offset)
            if text and indicator.startswith(">") and text_indent > indent:
                self.fail("a more-indented line in a folded block scalar", line + 1 + offset)
        body = [text[indent:] for text in body_lines]
        if indicator.startswith("|"):
            joined = "\n".join(body)
        else:
            joined = ""
            for text in body:
                separator = "" if not joined or joined.endswith("\n") or not text else " "
                joined += separator + (text or "\n")
        return joined if indicator.endswith("-") else joined + "\n"


def _is_sequence_item(content):
    return content == "-" or content.startswith("- ")
