"""The console's label tables cover every code the system can put on a page, in every language."""

from __future__ import annotations

import ast
import re

import pytest

from notifier.console import relay
from notifier.console.admin import STATUSES
from notifier.console.fields import fields_of
from notifier.dispatch.keys import CONTACT_KIND
from notifier.notices.model import URGENCIES
from notifier.officers.principal import ROLES, SCOPES
from notifier.paths import ROOT
from notifier.rendering.types import NOTICE_TYPES
from notifier.storage.reference import TOPICS
from notifier.storage.schema import CONTACT_KINDS, DELIVERY_STATUSES
from notifier.web.labels import TABLES, labeller
from notifier.web.templating import UI_LANGUAGES


@pytest.mark.parametrize(("kind", "values"), [
    ("urgency", URGENCIES), ("notice_status", STATUSES), ("delivery_status", DELIVERY_STATUSES),
    ("channel", (*CONTACT_KIND, "webhook")), ("role", ROLES), ("role_description", ROLES), ("scope", SCOPES),
    ("contact_kind", CONTACT_KINDS), ("notice_type", tuple(NOTICE_TYPES)),
])
def test_every_code_has_a_label(kind: str, values: tuple[str, ...]) -> None:
    assert set(values) <= set(TABLES[kind]), set(values) - set(TABLES[kind])


def test_every_param_and_choice_of_the_notice_types_has_a_label() -> None:
    fields = [f for kind in NOTICE_TYPES for f in fields_of(kind)]
    assert {f.name for f in fields} <= set(TABLES["param"])
    words = {c for f in fields for c in f.choices if not c.isdigit()}  # numbers are shown as they are
    assert words <= set(TABLES["choice"]), words - set(TABLES["choice"])


def test_japanese_type_labels_are_the_types_own_names() -> None:
    label = labeller("ja")
    assert {k: label("notice_type", k) for k in NOTICE_TYPES} == {k: t.name_ja for k, t in NOTICE_TYPES.items()}


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_labels_are_words_of_the_language_not_codes(language: str) -> None:
    label = labeller(language)
    for kind, table in TABLES.items():
        if kind == "readability":
            continue
        for code in table:
            assert label(kind, code) and label(kind, code) != code, (kind, code)
    for code in ("ja", "ja-easy", "en", "pt-BR", "zh-Hans", "my"):
        assert label("variant", code) != code
    assert label("topic", "water") != "water" and label("area", "11101") != "11101"


def test_names_by_language() -> None:
    ja, en, easy = labeller("ja"), labeller("en"), labeller("ja-easy")
    assert (ja("variant", "en"), ja("variant", "pt-BR"), ja("variant", "ja-easy")) == (
        "英語", "ポルトガル語 (ブラジル)", "やさしい日本語")
    assert (en("variant", "ko"), en("variant", "ja"), en("channel", "voice-relay")) == (
        "Korean", "Standard Japanese", "Call by a relay operator")
    assert (ja("topic", "water"), easy("topic", "water"), en("topic", "water")) == (
        TOPICS[2].name_ja, TOPICS[2].name_easy, "Water supply")
    assert (ja("area", "11107"), en("area", "11107")) == ("浦和区", "Urawa-ku")
    assert ja("readability", "long_sentences", n=84) == "長い文：84文字"
    assert en("readability", "hard_words", level="N1") == "Hard word: JLPT level N1"


def test_an_unknown_code_is_shown_as_itself() -> None:
    label = labeller("ja")
    assert label("channel", "pigeon") == "pigeon" and label("variant", "xx-unknown") == "xx-unknown"
    with pytest.raises(KeyError):
        label("no-such-kind", "x")


def _recorded_actions() -> tuple[set[str], list[str]]:
    """Audit actions the code writes: ``audit.record(conn, actor, "x.y", …)`` and ``action="x.y"``
    handed on to it (the console's workflow helper, the demo's direct insert). Also the places
    that pass an action that is not a literal, which the test below accounts for by hand."""
    literal, dynamic = set(), []
    for package in ("notifier", "subscribers", "channels"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not isinstance(node, ast.Call):
                    continue
                named = [k.value for k in node.keywords if k.arg == "action"]
                is_record = isinstance(node.func, ast.Attribute) and node.func.attr == "record" and \
                    isinstance(node.func.value, ast.Name) and node.func.value.id == "audit"
                given = (node.args[2:3] or named) if is_record else named
                for value in given:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        if is_record or re.fullmatch(r"[a-z_]+\.[a-z_]+", value.value):
                            literal.add(value.value)
                    elif is_record:
                        dynamic.append(f"{path.relative_to(ROOT)}:{ast.unparse(value)}")
    return literal, dynamic


def test_every_audit_action_the_code_records_has_a_label() -> None:
    literal, dynamic = _recorded_actions()
    # Not literals: the relay outcome (one action per outcome) and the workflow's own `action`
    # parameter, whose callers' action="…" literals are collected above.
    assert sorted(dynamic) == ["notifier/console/relay.py:f'relay.{result}'", "notifier/console/workflow.py:action"]
    recorded = literal | {f"relay.{outcome}" for outcome in relay.OUTCOMES}
    assert {"subscriber.erased", "notice.submitted", "demo.seed", "user.login"} <= recorded  # the scan finds them
    assert not recorded - set(TABLES["audit_action"]), sorted(recorded - set(TABLES["audit_action"]))
    assert not set(TABLES["audit_action"]) - recorded, "a label for an action nothing records any more"


def test_audit_actions_are_labelled_in_the_page_language() -> None:
    ja, en = labeller("ja"), labeller("en")
    assert ja("audit_action", "subscriber.erased") == "登録者のデータを消去"
    assert en("audit_action", "subscriber.erased") == "Subscriber's data erased"
    assert ja("audit_action", "relay.no_answer") == "電話リレー：応答なし"
    assert ja("audit_action", "plugin.something") == "plugin.something"  # unknown: shown as itself
