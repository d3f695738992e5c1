"""``TODOKE_INGEST_RULES``: rules from a TOML file, checked at start-up, used by every ingest path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from notifier import cli, logs
from notifier.config import ConfigError, Settings
from notifier.dispatch.testing import make_subscriber
from notifier.ingest.rules import DEFAULT_RULES, rules_from_file
from notifier.ingest.service import ingest
from notifier.storage import schema
from notifier.storage.db import Database
from tests.ingest_samples import DATA, sample

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "ingest-rules.example.toml"
QUAKE = "jma/32-35_08_08_240613_VXSE53.xml"  # 震度2 in three wards: a draft under the built-in rules


def _rules(tmp_path: Path, text: str) -> str:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_documented_example_loads_and_starts_with_the_built_in_rules() -> None:
    rules = rules_from_file(str(EXAMPLE))
    assert rules[:3] == DEFAULT_RULES and len(rules) == 5
    assert Settings.from_mapping({"TODOKE_INGEST_RULES": str(EXAMPLE)}).ingest_rules == str(EXAMPLE)


@pytest.mark.parametrize(("text", "message"), [
    ('[[rules]]\nname = "quake"\nmin_intensity = "5弱"\n', "rule quake: min_intensity must be one of 1, 2"),
    ('[[rules]]\nname = "quake"\nmin_intenisty = "5-"\n', "rule quake: unknown key 'min_intenisty'"),
    ('[[rules]]\nname = "evac"\nmin_level = "4"\n', "rule evac: min_level must be a whole number"),
    ('[[rules]]\nname = "evac"\nmin_level = true\n', "rule evac: min_level must be a whole number"),
    ('[[rules]]\nname = "any"\naction = "maybe"\n', "rule any: action must be send or draft"),
    ('[[rules]]\nname = "x"\nsource = "twitter"\n', "rule x: source must be one of cap, lalert, jma"),
    ('[[rules]]\nname = "x"\ntype = "quake"\n', "rule x: type must be one of free, evacuation"),
    ('[[rules]]\nname = "x"\nlevel = "red"\n', "rule x: level must be one of advisory"),
    ('[[rules]]\nurgency = "now"\n', "rule rules[0]: urgency must be one of emergency"),
    ('[rules]\nname = "x"\n', "rules must be an array of tables"),
    ('name = "x"\n', "unknown top-level key 'name'"),
    ('[[rules]\nname = "x"\n', "is not valid TOML"),
])
def test_a_bad_rules_file_stops_the_start_naming_rule_and_field(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_mapping({"TODOKE_INGEST_RULES": _rules(tmp_path, text)})
    assert str(caught.value).startswith("TODOKE_INGEST_RULES: ") and message in str(caught.value)


def test_the_cli_exits_2_with_one_line(tmp_path: Path, monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setattr(logs, "configure", lambda level="INFO": None)
    monkeypatch.setenv("TODOKE_DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")
    monkeypatch.setenv("TODOKE_INGEST_RULES", _rules(tmp_path, '[[rules]]\nname = "q"\nmin_intensity = 5\n'))
    code = cli.main(["ingest", str(DATA / QUAKE)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.strip().splitlines()[-1].endswith("TODOKE_INGEST_RULES: rule q: min_intensity must be a string")
    assert not (tmp_path / "unused.db").exists()  # refused before touching anything


async def test_rules_from_the_file_replace_the_built_in_ones(tmp_path: Path, db: Database,
                                                             settings: Settings) -> None:
    path = _rules(tmp_path, '[[rules]]\nname = "quakes-stay-drafts"\ntype = "earthquake"\naction = "draft"\n')
    strong = sample(QUAKE).replace(b"<Code>1110500</Code><MaxInt>2</MaxInt>",
                                   b"<Code>1110500</Code><MaxInt>6+</MaxInt>")
    outcome = await ingest(db, strong, actor="cli:test", settings=settings.replace(ingest_rules=path))
    assert outcome.rule is None and outcome.notice["status"] == "draft"


async def test_a_rule_from_the_file_sends_at_once(tmp_path: Path, db: Database, settings: Settings) -> None:
    path = _rules(tmp_path, '[[rules]]\nname = "any-quake"\ntype = "earthquake"\nmin_intensity = "1"\n'
                            'urgency = "urgent"\n')
    async with db.begin() as conn:
        await make_subscriber(conn, areas=("11103",))  # 見沼区, where it shook
    outcome = await ingest(db, sample(QUAKE), actor="cli:test", settings=settings.replace(ingest_rules=path))
    assert outcome.rule == "any-quake" and outcome.notice["approved_by"] == "rule:any-quake"
    assert (outcome.notice["status"], outcome.notice["urgency"]) == ("sent", "urgent")
    async with db.connect() as conn:
        deliveries = (await conn.execute(sa.select(schema.deliveries.c.status).where(
            schema.deliveries.c.notice_id == outcome.notice["id"]))).scalars().all()
    assert deliveries == ["pending"]  # fanned out: the workers deliver it


def test_no_file_means_the_built_in_rules(make_settings: Callable[..., Settings]) -> None:
    from notifier.ingest.rules import rules_for

    assert rules_for(make_settings()) == DEFAULT_RULES and rules_for(None) == DEFAULT_RULES
