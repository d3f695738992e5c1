"""The set-based fan-out statement: one ``INSERT … SELECT`` per range of subscriber ids.

The database selects the targets, their caregivers, each one's first verified channel, variant,
quiet-hours/digest time and idempotency key; Python never holds the subscribers. The two
dialects differ only in how a JSON array is expanded and how the key is hashed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from notifier.storage import schema


@dataclass
class FanoutPlan:
    """Everything the statement needs that is the same for every chunk of one notice."""

    notice_id: int
    priority: int
    topics: list[str]
    areas: list[str]  # [] means all
    needs: list[str]
    now: datetime
    local_hhmm: str  # "HH:MM" now, in the city's time zone
    variant_case: list[tuple[str, str, str]] = field(default_factory=list)  # (variant, fallback text, resolved)
    available: list[str] = field(default_factory=list)  # variants the notice has renderings for
    quiet_ends: dict[str, datetime] = field(default_factory=dict)  # "07:00" -> next 07:00 (UTC)
    digest_times: dict[str, datetime] = field(default_factory=dict)  # "18:00" -> next 18:00 (UTC)


class _Binds:
    """Collects bind parameters while the SQL text is being built."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres
        self.values: dict[str, Any] = {}
        self.params: list[sa.BindParameter[Any]] = []

    def add(self, value: Any, *, ts: bool = False, text: bool = False) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        self.params.append(sa.bindparam(name, type_=schema.TS if ts else None))
        if ts and self.postgres:
            return f"CAST(:{name} AS TIMESTAMPTZ)"
        return f"CAST(:{name} AS VARCHAR)" if text else f":{name}"

    def add_list(self, values: list[str]) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = list(values)
        self.params.append(sa.bindparam(name, expanding=True))
        return f":{name}"


def _targets(plan: FanoutPlan, b: _Binds) -> str:
    where = [
        "s.status = 'active'", "s.id > :lo", "s.id <= :hi",
        "EXISTS (SELECT 1 FROM subscriber_topics t WHERE t.subscriber_id = s.id "
        f"AND t.topic_key IN {b.add_list(plan.topics)})",
    ]
    if plan.areas:
        where.append("EXISTS (SELECT 1 FROM subscriber_areas a WHERE a.subscriber_id = s.id "
                     f"AND a.area_code IN {b.add_list(plan.areas)})")
    if plan.needs:
        where.append("EXISTS (SELECT 1 FROM subscriber_needs n WHERE n.subscriber_id = s.id "
                     f"AND n.need IN {b.add_list(plan.needs)})")
    return "SELECT s.id FROM subscribers s WHERE " + " AND ".join(where)


_RECIPIENTS = """
    SELECT id AS sid, 0 AS caregiver_of FROM targets
    UNION ALL
    SELECT l.caregiver_id, l.resident_id FROM caregiver_links l
    JOIN targets tg ON tg.id = l.resident_id
    JOIN subscribers c ON c.id = l.caregiver_id AND c.status = 'active'
    WHERE l.status = 'active'
"""


def _steps(postgres: bool) -> str:
    if postgres:
        each = "CROSS JOIN LATERAL jsonb_array_elements_text(s.channel_order) WITH ORDINALITY AS o(value, ord)"
        idx, value = "(o.ord - 1)", "o.value"
    else:
        each, idx, value = ", json_each(s.channel_order) AS o", "o.key", "o.value"
    # Hearing-impaired subscribers never get a call, whatever their channel order says.
    return f"""
    SELECT r.sid, r.caregiver_of, {idx} AS step, {value} AS channel, cp.id AS cp_id,
           ROW_NUMBER() OVER (PARTITION BY r.sid, r.caregiver_of ORDER BY {idx}, cp.id) AS rn
    FROM recipients r JOIN subscribers s ON s.id = r.sid {each}
    JOIN contact_points cp ON cp.subscriber_id = s.id AND cp.verified_at IS NOT NULL
         AND cp.kind = CASE WHEN {value} = 'voice-relay' THEN 'voice' ELSE {value} END
    WHERE NOT ({value} IN ('voice', 'voice-relay') AND EXISTS (
        SELECT 1 FROM subscriber_needs h WHERE h.subscriber_id = s.id AND h.need = 'hearing'))
    """


def _variant(plan: FanoutPlan, b: _Binds) -> str:
    if not plan.available:
        return "s.variant"
    branches = [f"WHEN s.variant IN {b.add_list(plan.available)} THEN s.variant"]
    for variant, fallback, resolved in plan.variant_case:
        branches.append(f"WHEN s.variant = {b.add(variant, text=True)} AND CAST(s.fallback AS TEXT) = "
                        f"{b.add(fallback, text=True)} THEN {b.add(resolved, text=True)}")
    return "CASE " + " ".join(branches) + " ELSE 'ja-easy' END"


def _case_time(column: str, times: dict[str, datetime], now: str, b: _Binds) -> str:
    if not times:
        return now
    whens = " ".join(f"WHEN {b.add(k, text=True)} THEN {b.add(v, ts=True)}" for k, v in times.items())
    return f"CASE {column} {whens} ELSE {now} END"


def _schedule(plan: FanoutPlan, b: _Binds, now: str) -> tuple[str, str]:
    """(next_attempt_at, digest) expressions: emergencies and urgent notices ignore both."""
    if plan.priority <= 1:
        return now, "FALSE"
    t = b.add(plan.local_hhmm, text=True)
    quiet = (f"(s.quiet_start IS NOT NULL AND s.quiet_end IS NOT NULL AND ("
             f"(s.quiet_start < s.quiet_end AND {t} >= s.quiet_start AND {t} < s.quiet_end) OR "
             f"(s.quiet_start > s.quiet_end AND ({t} >= s.quiet_start OR {t} < s.quiet_end))))")
    digest = _case_time("s.digest_time", plan.digest_times, now, b)
    quiet_end = _case_time("s.quiet_end", plan.quiet_ends, now, b)
    return (f"CASE WHEN s.digest_time IS NOT NULL THEN {digest} WHEN {quiet} THEN {quiet_end} ELSE {now} END",
            "(s.digest_time IS NOT NULL)")


def _key(plan: FanoutPlan, postgres: bool) -> str:
    nid = int(plan.notice_id)
    if postgres:
        return (f"left(encode(sha256(convert_to(concat_ws(':', {nid}, st.sid, st.step, st.caregiver_of), "
                f"'UTF8')), 'hex'), 32)")
    return f"todoke_key({nid}, st.sid, st.step, st.caregiver_of)"


def statement(plan: FanoutPlan, *, postgres: bool) -> tuple[sa.TextClause, dict[str, Any]]:
    """The INSERT for one chunk; bind ``lo`` and ``hi`` (subscriber id range) per chunk."""
    b = _Binds(postgres)
    now = b.add(plan.now, ts=True)
    targets = _targets(plan, b)
    variant = _variant(plan, b)
    next_at, digest = _schedule(plan, b, now)
    sql = f"""
    WITH targets AS ({targets}), recipients AS ({_RECIPIENTS}), steps AS ({_steps(postgres)})
    INSERT INTO deliveries (notice_id, subscriber_id, contact_point_id, channel, variant, step, priority,
        status, attempts, next_attempt_at, idempotency_key, caregiver_of, digest, created_at, updated_at, meta)
    SELECT {int(plan.notice_id)}, st.sid, st.cp_id, st.channel, {variant}, st.step, {int(plan.priority)},
        'pending', 0, {next_at}, {_key(plan, postgres)}, st.caregiver_of, {digest}, {now}, {now}, '{{}}'
    FROM steps st JOIN subscribers s ON s.id = st.sid
    WHERE st.rn = 1
    ON CONFLICT DO NOTHING
    """
    clause = sa.text(sql).bindparams(*b.params, sa.bindparam("lo"), sa.bindparam("hi"))
    return clause, b.values
