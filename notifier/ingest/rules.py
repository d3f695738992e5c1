"""Rules that decide whether an ingested notice is sent at once or waits as a draft for approval.

Rules are a list (TOML-able: ``[[rules]] name = "…" type = "earthquake" min_intensity = "5-"``);
the first that matches wins; no match → draft. Auto-send means status ``approved`` with
``approved_by = "rule:<name>"`` and a flagged audit entry.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notifier.ingest.base import Parsed
from notifier.ingest.jma_quake import INTENSITIES
from notifier.notices.model import URGENCIES


class RuleError(ValueError):
    """A rule definition is invalid; the message names the rule and the key."""


@dataclass(frozen=True)
class Rule:
    name: str
    action: str = "send"  # send | draft
    source: str | None = None  # cap | lalert | jma; None = any
    type: str | None = None  # notice type
    min_intensity: str | None = None  # earthquake: at least this intensity
    min_level: int | None = None  # evacuation: at least this level
    level: str | None = None  # weather_warning: exactly this level
    urgency: str | None = None  # set the notice's urgency when the rule matches

    def matches(self, parsed: Parsed) -> bool:
        notice = parsed.notice
        params = notice.get("params", {})
        checks = (
            self.source is None or parsed.source == self.source,
            self.type is None or notice.get("type") == self.type,
            self.level is None or params.get("level") == self.level,
            self.min_level is None or (isinstance(params.get("level"), int) and params["level"] >= self.min_level),
            self.min_intensity is None or _at_least(params.get("intensity"), self.min_intensity),
        )
        return all(checks)


SOURCES = ("cap", "lalert", "jma")
# the string levels of weather_warning and heat_stroke notices (rendering/types)
LEVELS = ("advisory", "warning", "special_warning", "landslide_alert", "alert", "special_alert")
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule("earthquake-5-lower", type="earthquake", min_intensity="5-", urgency="emergency"),
    Rule("lalert-evacuation-order", source="lalert", type="evacuation", min_level=4, urgency="emergency"),
    Rule("special-warning", type="weather_warning", level="special_warning", urgency="emergency"),
)


def decide(parsed: Parsed, rules: Iterable[Rule] = DEFAULT_RULES) -> Rule | None:
    """The first rule that matches and sends; ``None`` means the notice waits as a draft."""
    for rule in rules:
        if rule.matches(parsed):
            return rule if rule.action == "send" else None
    return None


def rules_from_config(items: Iterable[Mapping[str, Any]]) -> tuple[Rule, ...]:
    """Rules from parsed TOML/JSON (a list of tables); ``RuleError`` names a bad key."""
    fields = {f.name for f in dataclasses.fields(Rule)}
    rules = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise RuleError(f"rules[{i}]: must be a table ([[rules]])")
        name = str(item.get("name") or f"rules[{i}]")
        unknown = sorted(set(item) - fields)
        if unknown:
            raise RuleError(f"rule {name}: unknown key {unknown[0]!r}")
        rule = Rule(**{"name": name, **item})
        _check_types(rule)
        _check(rule)
        rules.append(rule)
    return tuple(rules)


@functools.lru_cache(maxsize=8)
def rules_from_file(path: str) -> tuple[Rule, ...]:
    """The ``[[rules]]`` of a TOML file (docs/ingest-rules.md); read once per path, validated whole."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"{path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"rules"})
    if unknown:
        raise RuleError(f"{path}: unknown top-level key {unknown[0]!r} (only [[rules]] tables)")
    items = data.get("rules", [])
    if not isinstance(items, list):
        raise RuleError(f"{path}: rules must be an array of tables ([[rules]])")
    return rules_from_config(items)


def rules_for(settings: Any) -> tuple[Rule, ...]:
    """The rules in force: the ``ingest_rules`` file when set, else the built-in ones."""
    path = getattr(settings, "ingest_rules", "") if settings is not None else ""
    return rules_from_file(path) if path else DEFAULT_RULES


_TYPES: dict[str, tuple[type, ...]] = {
    "name": (str,), "action": (str,), "source": (str,), "type": (str,), "min_intensity": (str,),
    "min_level": (int,), "level": (str,), "urgency": (str,),
}


def _check_types(rule: Rule) -> None:
    for key, types in _TYPES.items():
        value = getattr(rule, key)
        # bool is an int in Python; a TOML `true` is never a level
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            raise RuleError(f"rule {rule.name}: {key} must be a {'whole number' if int in types else 'string'}")


def _check(rule: Rule) -> None:
    if rule.action not in ("send", "draft"):
        raise RuleError(f"rule {rule.name}: action must be send or draft")
    if rule.min_intensity is not None and rule.min_intensity not in INTENSITIES:
        raise RuleError(f"rule {rule.name}: min_intensity must be one of {', '.join(INTENSITIES)}")
    if rule.urgency is not None and rule.urgency not in URGENCIES:
        raise RuleError(f"rule {rule.name}: urgency must be one of {', '.join(URGENCIES)}")
    if rule.min_level is not None and rule.min_level not in (3, 4, 5):
        raise RuleError(f"rule {rule.name}: min_level must be 3, 4 or 5")
    if rule.level is not None and rule.level not in LEVELS:
        raise RuleError(f"rule {rule.name}: level must be one of {', '.join(LEVELS)}")
    if rule.source is not None and rule.source not in SOURCES:
        raise RuleError(f"rule {rule.name}: source must be one of {', '.join(SOURCES)}")
    if rule.type is not None and rule.type not in _notice_types():
        raise RuleError(f"rule {rule.name}: type must be one of {', '.join(_notice_types())}")


def _notice_types() -> tuple[str, ...]:
    from notifier.rendering.types import NOTICE_TYPES  # lazy: the type catalogue is not needed to match

    return ("free", *NOTICE_TYPES)


def _at_least(value: Any, minimum: str) -> bool:
    return value in INTENSITIES and INTENSITIES.index(value) >= INTENSITIES.index(minimum)
