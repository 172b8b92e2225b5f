"""Reading YAML and JSON files strictly (an edge): duplicate keys refused, errors with a line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from scrutiny.errors import InvalidInput, Problem


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def parse_text(text: str, source: str, as_json: bool = False) -> Any:
    """Parse YAML (or JSON) text; a syntax error raises InvalidInput naming the line."""
    if as_json:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(source, [Problem(f"line {exc.lineno}", exc.msg)]) from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InvalidInput(source, [Problem(where, str(problem))]) from None


def read(path: Path) -> Any:
    """Load a .yaml/.yml/.json file; unreadable or malformed files raise InvalidInput."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(str(path), [Problem("", "no such file")]) from None
    except IsADirectoryError:
        raise InvalidInput(str(path), [Problem("", "is a folder, not a file")]) from None
    except UnicodeDecodeError:
        raise InvalidInput(str(path), [Problem("", "is not UTF-8 text")]) from None
    except OSError as exc:
        raise InvalidInput(str(path), [Problem("", f"cannot be read ({exc.strerror})")]) from None
    return parse_text(text, str(path), as_json=path.suffix.lower() == ".json")


# Characters YAML reads as line breaks: written raw inside a quoted scalar they come back folded,
# so strings holding them are written double-quoted, where they are escaped (\N, \L, \P).
_YAML_BREAKS = ("\x85", "\u2028", "\u2029")


class _Dumper(yaml.SafeDumper):
    """Keeps every string exactly as it was, and never writes aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(ch in value for ch in _YAML_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    """YAML in the file's own key order, unicode kept, no aliases; loads back to the same data."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
