"""``todoke subscribers import/export`` on both backends: good and bad rows, encoding, header,
--verified with its audit entry, verification messages, and streaming in batches."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from notifier import crypto
from notifier.cli import main
from notifier.storage import schema
from notifier.storage.db import Database, pg_admin
from subscribers import bulk, bulk_sql
from subscribers.csvio import HEADER
from subscribers.importer import Importer, export_rows
from subscribers.rowcheck import Parsed
from tests.conftest import PG_ADMIN_URL, TEST_SECRET

HEAD = ",".join(HEADER) + "\n"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("TODOKE_DATABASE_URL", database_url)
    monkeypatch.setenv("TODOKE_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("TODOKE_LOG_LEVEL", "WARNING")
    return database_url


def query(url: str, statement: Any) -> list[Any]:
    async def go() -> list[Any]:
        db = Database(url)
        try:
            async with db.connect() as conn:
                return list((await conn.execute(statement)).all())
        finally:
            await db.dispose()
    return asyncio.run(go())


def write(tmp_path: Path, text: str, name: str = "in.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def good_rows(n: int, start: int = 0) -> str:
    return "".join(f"user{i}@example.jp,0901{i:07d},,,en-US,disaster|weather,11101|11102,email|sms\n"
                   for i in range(start, start + n))


def test_import_reports_bad_rows_by_line_and_imports_the_rest(env: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    text = HEAD + good_rows(300) + (
        "broken@,,,,ja,disaster,11101,\n"  # line 302
        "ok@example.jp,,,,ja,parking,11101,\n"  # line 303: unknown topic
        ",0488291111,,,ja,disaster,11101,\n"  # line 304: landline for SMS
        ",,,,,,,\n"  # line 305: blank
        "user0@example.jp,,,,ja,disaster,11101,\n"  # line 306: same contact as line 2
    )
    assert main(["subscribers", "import", write(tmp_path, text), "--verified"]) == 0
    out, err = capsys.readouterr()
    assert "line 302: email:" in err and "line 303: topics:" in err and "line 304: phone:" in err
    assert "line 306: skipped" in err
    assert out.strip() == "imported 300, updated 0, skipped 2, bad 3"
    assert query(env, sa.select(sa.func.count()).select_from(schema.subscribers))[0][0] == 300
    variants = query(env, sa.select(schema.subscribers.c.variant).distinct())
    assert variants == [("en",)]
    unverified = query(env, sa.select(schema.contact_points.c.id).where(schema.contact_points.c.verified_at.is_(None)))
    assert unverified == []
    audits = query(env, sa.select(schema.audit_log.c.actor, schema.audit_log.c.details)
                   .where(schema.audit_log.c.action == "subscribers.imported"))
    assert len(audits) == 1 and audits[0][0].startswith("cli:") and audits[0][1]["verified"] is True


def test_import_without_verified_sends_verifications_and_reimport_updates(env: str, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["subscribers", "import", write(tmp_path, HEAD + good_rows(5))]) == 0
    sent = query(env, sa.select(schema.dev_outbox.c.channel, sa.func.count()).group_by(schema.dev_outbox.c.channel)
                 .order_by(schema.dev_outbox.c.channel))
    assert sent == [("email", 5), ("sms", 5)]
    capsys.readouterr()
    text = HEAD + good_rows(5).replace("disaster|weather", "tax") + good_rows(2, start=5)
    assert main(["subscribers", "import", write(tmp_path, text, "again.csv")]) == 0
    assert capsys.readouterr().out.strip() == "imported 2, updated 5, skipped 0, bad 0"
    assert query(env, sa.select(sa.func.count()).select_from(schema.contact_points))[0][0] == 14
    topics = query(env, sa.select(schema.subscriber_topics.c.topic_key).distinct()
                   .order_by(schema.subscriber_topics.c.topic_key))
    assert topics == [("disaster",), ("tax",), ("weather",)]


@pytest.mark.parametrize(("text", "encoding", "message"), [
    (HEAD + "たろう@example.jp,,,,ja,disaster,11101,\n", "shift_jis", "line 2: the file is not UTF-8"),
    ("email,phone,voice_phone,line_user_id,language,topics,areas\n", "utf-8", "missing column 'channels'"),
    ("", "utf-8", "the file is empty"),
])
def test_unreadable_files_exit_2_with_one_line(env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               text: str, encoding: str, message: str) -> None:
    assert main(["subscribers", "import", write(tmp_path, text, encoding=encoding)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert query(env, sa.select(sa.func.count()).select_from(schema.subscribers))[0][0] == 0


def test_bom_is_accepted_and_export_round_trips(env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "\ufeff" + HEAD + "a@example.jp,,048-829-1111,,zh-CN,disaster,11110,voice|email\n"
    assert main(["subscribers", "import", write(tmp_path, text), "--verified"]) == 0
    out_file = tmp_path / "out.csv"
    assert main(["subscribers", "export", "--output", str(out_file)]) == 0
    assert out_file.read_text(encoding="utf-8") == (
        HEAD + "a@example.jp,,+81488291111,,zh-Hans,disaster,11110,voice|email\n")


def test_export_into_a_reader_that_stops_early_ends_quietly(env: str, tmp_path: Path) -> None:
    """``todoke subscribers export | head -1``: no traceback when the pipe closes, SIGPIPE's status."""
    assert main(["subscribers", "import", write(tmp_path, HEAD + good_rows(3000)), "--verified"]) == 0
    with subprocess.Popen([sys.executable, "-m", "notifier", "subscribers", "export"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=os.environ.copy()) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().decode() == HEAD
        proc.stdout.close()  # the reader goes away with some 240 kB still to come
        errors = proc.stderr.read().decode()
    assert proc.returncode == 141
    assert "Traceback" not in errors and "BrokenPipe" not in errors


def test_missing_file_exits_2(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["subscribers", "import", "/nonexistent/x.csv"]) == 2
    assert "no such file" in capsys.readouterr().err


async def test_import_streams_rows_in_batches(db: Database, settings: Any) -> None:
    """Rows are pulled lazily: the first batch is written before the reader has gone further."""
    pulled = 0
    pulled_at_flush: list[int] = []

    def rows() -> Iterator[tuple[int, list[str]]]:
        nonlocal pulled
        for i in range(250):
            pulled += 1
            yield i + 2, [f"s{i}@example.jp", "", "", "", "ja", "disaster", "11101", ""]

    importer = Importer(db, settings, operator="cli:test", verified=True, channels=None,
                        report=lambda line, reason: None, batch_size=100, commit_rows=100,
                        progress=lambda counts: pulled_at_flush.append(pulled))
    counts = await importer.run(rows())
    assert counts.imported == 250
    assert pulled_at_flush == [100, 200, 250]


async def test_a_transaction_spans_chunks_and_a_failure_rolls_back_only_the_open_one(
        db: Database, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 50 rows, a commit every 100: the fourth chunk fails, so the third (written,
    not committed) goes with it; what was reported as imported is exactly what is stored."""
    rows = [(i + 2, [f"t{i}@example.jp", f"090{30_000_000 + i}", "", "", "ja", "disaster|weather", "11101", ""])
            for i in range(250)]
    real_write = bulk.write_batch
    chunks_written = 0

    async def failing_write(conn: Any, batch: Any, **kwargs: Any) -> Any:
        nonlocal chunks_written
        chunks_written += 1
        if chunks_written == 4:
            raise RuntimeError("simulated failure in the fourth chunk")
        return await real_write(conn, batch, **kwargs)

    monkeypatch.setattr(bulk, "write_batch", failing_write)
    reported: list[int] = []
    importer = Importer(db, settings, operator="cli:test", verified=True, channels=None, batch_size=50,
                        commit_rows=100, report=lambda line, reason: None, workers=0,
                        progress=lambda counts: reported.append(counts.imported))
    with pytest.raises(RuntimeError, match="fourth chunk"):
        await importer.run(rows)
    assert reported == [100] and importer.counts.imported == 100
    async with db.connect() as conn:
        emails = (await conn.execute(sa.select(sa.func.count()).select_from(schema.contact_points)
                                     .where(schema.contact_points.c.kind == "email"))).scalar_one()
        subscribers = (await conn.execute(sa.select(sa.func.count()).select_from(schema.subscribers))).scalar_one()
        topics = (await conn.execute(sa.select(sa.func.count()).select_from(schema.subscriber_topics))).scalar_one()
    assert (subscribers, emails, topics) == (100, 100, 200)


@pytest.mark.parametrize("commit_rows", [40, 1000])
async def test_contacts_repeated_in_the_next_chunk_update_the_subscriber_just_written(
        db: Database, settings: Any, commit_rows: int) -> None:
    """A contact the previous chunk wrote (committed or still in the open transaction) makes its
    repeat an update of that subscriber: a phone added by an update is found by the next chunk too."""
    rows = [(i + 2, [f"r{i}@example.jp", "", "", "", "ja", "disaster", "11101", ""]) for i in range(40)]
    rows += [(i + 42, [f"r{i}@example.jp", f"090{40_000_000 + i}", "", "", "en", "weather", "11102", ""])
             for i in range(0, 40, 2)]  # chunk 2: half of chunk 1 again, each with a phone added
    rows += [(i + 62, [f"n{i}@example.jp", "", "", "", "ja", "disaster", "11101", ""]) for i in range(20)]
    rows += [(i + 82, ["", f"090{40_000_000 + i}", "", "", "ja", "garbage", "11103", ""])
             for i in range(0, 40, 4)]  # chunk 3: phones added by chunk 2
    importer = Importer(db, settings, operator="cli:test", verified=True, channels=None, batch_size=40,
                        commit_rows=commit_rows, report=lambda line, reason: None, workers=0)
    counts = await importer.run(rows)
    assert (counts.imported, counts.updated, counts.bad) == (60, 30, 0)
    async with db.connect() as conn:
        stored = (await conn.execute(sa.select(sa.func.count()).select_from(schema.subscribers))).scalar_one()
        phones = (await conn.execute(sa.select(sa.func.count()).select_from(schema.contact_points)
                                     .where(schema.contact_points.c.kind == "sms"))).scalar_one()
        garbage = (await conn.execute(sa.select(sa.func.count()).select_from(schema.subscriber_topics)
                                      .where(schema.subscriber_topics.c.topic_key == "garbage"))).scalar_one()
    assert (stored, phones, garbage) == (60, 20, 10)


# ---------------------------------------------------------------- the worker-process pipeline
def mixed_rows(n: int) -> list[tuple[int, list[str]]]:
    """Every 7th row has a malformed email, every 11th is blank, every 13th repeats row 0's contact."""
    rows = []
    for i in range(n):
        cells = [f"p{i}@example.jp", f"090{20_000_000 + i}", "", "", "ja", "disaster", "11101", ""]
        if i % 7 == 3:
            cells[0] = f"p{i}@@example.jp"
        elif i % 11 == 5:
            cells = [""] * 8
        elif i % 13 == 12:
            cells[0], cells[1] = "p0@example.jp", ""
        rows.append((i + 2, cells))
    return rows


def fail_in_worker(chunk: list[tuple[int, list[str]]]) -> Any:
    raise RuntimeError("simulated worker bug")


def die_in_worker(chunk: list[tuple[int, list[str]]]) -> Any:
    os._exit(3)


async def run_import(db: Database, settings: Any, rows: list[tuple[int, list[str]]],
                     **options: Any) -> tuple[Any, list[tuple[int, str]]]:
    reported: list[tuple[int, str]] = []
    importer = Importer(db, settings, operator="cli:test", verified=True, channels=None, batch_size=40,
                        report=lambda line, reason: reported.append((line, reason)), **options)
    return await importer.run(rows), reported


async def test_worker_pipeline_keeps_line_numbers_and_order(db: Database, settings: Any) -> None:
    """Checked in worker processes, the file gives the same reports, in line order, and the same
    counts as checked in this process (duplicates within a chunk are skipped, across chunks updated)."""
    rows = mixed_rows(300)
    in_process = await run_import(db, settings, rows, workers=0)
    async with db.begin() as conn:
        await conn.execute(schema.subscribers.delete())
    counts, reported = await run_import(db, settings, rows, workers=2, pool_after=0)
    assert (counts, reported) == in_process
    assert [line for line, _ in reported] == sorted(line for line, _ in reported)
    bad_lines = [line for line, reason in reported if reason.startswith("email:")]
    assert bad_lines == [line for line, cells in rows if "@@" in cells[0]]
    assert any(reason.startswith("skipped: same contact as line") for _, reason in reported)
    async with db.connect() as conn:
        stored = (await conn.execute(sa.select(sa.func.count()).select_from(schema.subscribers))).scalar_one()
        phones = (await conn.execute(sa.select(sa.func.count()).select_from(schema.contact_points)
                                     .where(schema.contact_points.c.kind == "sms"))).scalar_one()
    assert stored == counts.imported and counts.updated > 0 and counts.imported > 200
    assert phones == counts.imported  # the repeated rows name an email only: no phone added


def rows_naming_a_missing_topic(prefix: str) -> list[Parsed]:
    emails = [f"{prefix}{i}@example.jp" for i in range(50)]
    return [Parsed(i + 2, (("email", email, i.to_bytes(32, "big"), crypto.encrypt(TEST_SECRET, email)),),
                   ("disaster", "no-such-topic"), ("11101",), "ja", ("ja-easy",), ("email",))
            for i, email in enumerate(emails)]


async def stored_counts(db: Database) -> list[int]:
    async with db.connect() as conn:
        return [(await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one()
                for table in (schema.subscribers, schema.contact_points, schema.subscriber_topics)]


async def test_a_failing_statement_of_a_batch_fails_it_whole(db: Database, settings: Any) -> None:
    """The batch's inserts may run while the next records are built; the third one (topics) is
    refused by the database, and the batch raises with nothing of it stored."""
    with pytest.raises(Exception, match=r"(?i)foreign key"):  # the driver's own error, on either backend
        async with db.begin() as conn:
            await bulk.write_batch(conn, rows_naming_a_missing_topic("q"), verified_by="import:test")
    assert await stored_counts(db) == [0, 0, 0]


async def test_references_checked_per_batch_refuse_a_missing_topic(db: Database, settings: Any) -> None:
    """With the import's connection set up (SQLite's foreign_keys off; PostgreSQL's row triggers off,
    the test role being a superuser), the batch's references are checked in one query each: a topic
    that is not there fails the batch whole, and the connection checks every row again afterwards."""
    async with db.writer() as conn:
        async with bulk_sql.import_tuning(conn):
            assert conn.info[bulk_sql.BATCH_REFERENCES]
            await conn.begin()
            with pytest.raises(bulk_sql.MissingReference, match="1 of the topics this batch refers to are gone"):
                await bulk.write_batch(conn, rows_naming_a_missing_topic("r"), verified_by="import:test")
        assert bulk_sql.BATCH_REFERENCES not in conn.info and not conn.in_transaction()
        setting = "PRAGMA foreign_keys" if db.is_sqlite else "SHOW session_replication_role"
        assert (await conn.exec_driver_sql(setting)).scalar_one() == (1 if db.is_sqlite else "origin")
        await conn.rollback()
        with pytest.raises(sa.exc.IntegrityError):
            async with conn.begin():
                await conn.execute(schema.subscriber_topics.insert().values(subscriber_id=10**9, topic_key="disaster"))
    assert await stored_counts(db) == [0, 0, 0]


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_a_role_that_may_not_turn_off_triggers_imports_with_per_row_checks(
        database_url: str, settings: Any) -> None:
    """An ordinary PostgreSQL role (no superuser, no SET privilege on session_replication_role)
    imports the same, its foreign keys checking each row."""
    role = f"todoke_plain_{os.getpid()}_{id(settings) % 10_000}"
    database = sa.engine.make_url(database_url).database
    admin = sa.engine.make_url(PG_ADMIN_URL).set(database=database).render_as_string(hide_password=False)
    await pg_admin(PG_ADMIN_URL, f'CREATE ROLE "{role}" LOGIN')
    try:
        await pg_admin(admin, f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{role}"',
                       f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
        db = Database(sa.engine.make_url(database_url).set(username=role).render_as_string(hide_password=False))
        try:
            async with db.writer() as conn, bulk_sql.import_tuning(conn):
                assert not conn.info[bulk_sql.BATCH_REFERENCES]
            counts, _ = await run_import(db, settings, mixed_rows(120), workers=0)
            assert counts.imported > 80 and counts.bad > 0
            with pytest.raises(Exception, match=r"(?i)foreign key"):
                async with db.writer() as conn, bulk_sql.import_tuning(conn):
                    await conn.begin()
                    await bulk.write_batch(conn, rows_naming_a_missing_topic("u"), verified_by="import:test")
        finally:
            await db.dispose()
    finally:
        await pg_admin(admin, f'DROP OWNED BY "{role}"')
        await pg_admin(PG_ADMIN_URL, f'DROP ROLE "{role}"')


async def test_one_transaction_per_chunk_or_per_many_chunks_stores_the_same(db: Database, settings: Any) -> None:
    """Duplicates across chunks are found inside an open transaction as across committed ones:
    the same counts, reports and stored subscribers either way."""
    rows = mixed_rows(300)
    outcomes = []
    for commit_rows in (40, 100_000):
        result = await run_import(db, settings, rows, workers=0, commit_rows=commit_rows)
        stored = [row async for row in export_rows(db, settings.secret_key)]
        outcomes.append((result, stored))
        async with db.begin() as conn:
            await conn.execute(schema.subscribers.delete())
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0][0].imported > 200 and len(outcomes[0][1]) == outcomes[0][0][0].imported


@pytest.mark.parametrize("worker_check", [fail_in_worker, die_in_worker])
async def test_a_failing_worker_loses_no_rows(db: Database, settings: Any, worker_check: Any,
                                              caplog: pytest.LogCaptureFixture) -> None:
    rows = mixed_rows(200)
    in_process = await run_import(db, settings, rows, workers=0)
    async with db.begin() as conn:
        await conn.execute(schema.subscribers.delete())
    assert await run_import(db, settings, rows, workers=1, pool_after=0, worker_check=worker_check) == in_process
    assert in_process[0].imported > 140
    assert "worker" in caplog.text
