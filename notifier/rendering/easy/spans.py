"""A span of days in a long sentence said as two sentences: the day it starts, then the day it ends.

「日にちは7月11日（土曜日）から8月31日（月曜日）までです。」 holds two dates with their weekdays, and that
alone makes it longer than a reader takes in at once; 「日にちは7月11日（土曜日）からです。」 and
「さいごの日は8月31日（月曜日）です。」 say the same, one date each. With a verb the end is said with the verb:
「…から休みます。」 and 「休むのは2月7日（日曜日）までです。」.
"""

from __future__ import annotations

import re

from notifier.rendering.easy._tagger import tokenize
from notifier.rendering.easy.conjugate import conjugate

_YEAR = r"(?:(?:令和\d+年|\d{4}年)(?:（令和\d+年）)?)?"
# each day may carry its clock: 「12月12日（土曜日）午前6時30分から12月13日（日曜日）午後11時まで」
_DAY_CLOCK = r"(?P<{}clock>(?:午前|午後)\d{{1,2}}時(?:\d{{1,2}}分)?)?"
_SPAN = re.compile(rf"(?P<start>{_YEAR}\d{{1,2}}月\d{{1,2}}日(?:（.曜日）)?{_DAY_CLOCK.format('start_')})から"
                   rf"(?P<end>{_YEAR}(?:\d{{1,2}}月)?\d{{1,2}}日(?:（.曜日）)?{_DAY_CLOCK.format('end_')})まで"
                   r"(?P<tail>[^。]*)(?P<mark>[。！]?)$")
_LABEL = re.compile(r"^[^。、]{1,12}：")
_MORE_TIME = re.compile(r"から|まで|^[、]?(?:午前|午後|\d)")
# 「…までです。」, 「…までの10日間です。」: the span is what the sentence says
_COPULA = re.compile(r"^(?:の(?P<noun>[^、。]{1,14}))?(?:です|でした)$")


def _plain(predicate: str) -> str:
    """「休みます」 → 休む, 「あつめません」 → あつめない, 「使えます」 → 使える; "" for anything else."""
    tokens = tokenize(predicate)
    negative = predicate.endswith("ません")
    ending = 2 if negative else 1  # ませ + ん
    if len(tokens) <= ending or tokens[-ending].base != "ます" or not tokens[-ending - 1].is_verb:
        return ""
    verb = tokens[-ending - 1]
    plain = conjugate(verb.base, verb.c_type, "nai") + "ない" if negative else verb.base
    return predicate[:verb.start] + plain


def split_span(sentence: str, limit: int = 30) -> list[str]:
    """A long sentence with 「(day)から(day)まで」 → the sentence with the first day, then one with the last."""
    match = _SPAN.search(sentence) if len(sentence) > limit and not _LABEL.match(sentence) else None
    if match is None or _MORE_TIME.search(match["tail"]):
        return [sentence]  # 「…まで 午前9時から 午後5時まで」: the hours belong to every day of the span
    head, tail, mark = sentence[:match.start()], match["tail"], match["mark"] or "。"
    # the last day, or with its clock the end of the span (「さいごの 日は …午後11時です」 says a day is a time)
    last = f"おわりは{match['end']}です。" if match["end_clock"] else f"さいごの日は{match['end']}です。"
    if _COPULA.match(tail):
        return [head + match["start"] + "から" + tail + mark, last]
    predicate = tail.removeprefix("は").removeprefix("、")
    verb = _plain(predicate)
    if not verb or any(t.pos1 in ("助詞", "補助記号") for t in tokenize(verb)):  # only a bare verb is said twice
        end = last
    else:
        end = f"{verb}のは{match['end']}までです。"
    first = head + match["start"] + "から" + tail + mark
    if len(first) > limit and _TOPIC.search(head) and predicate:
        # 「市役所の そうだんの 受付は、12月29日（火曜日）から お休みに なります。」 is still long: what, then from when
        return [_TOPIC.sub("は、", head) + predicate + mark, _from(match), end]
    return [first, end]


def _from(match: re.Match[str]) -> str:
    """The first day of a span said on its own; with its clock, the start of the span."""
    return f"はじまりは{match['start']}です。" if match["start_clock"] else f"日にちは{match['start']}からです。"


def clocked_span(when: str) -> list[str]:
    """「12月12日（土曜日）午前6時30分から12月13日（日曜日）午後11時まで」 (a when-phrase cut off a sentence)
    → when it starts and when it ends; [] for any other phrase (a day and hours, 「6月15日の夜から…」)."""
    match = _SPAN.fullmatch(when)
    if match is None or match["tail"] or not (match["start_clock"] or match["end_clock"]):
        return []
    return [_from(match), f"おわりは{match['end']}です。"]


# a topic right before the span (「受付は、」, 「図書館は」): the sentence reads whole without the days
_TOPIC = re.compile(r"は、?$")


_WEEKDAYS = r"[月火水木金土日]曜日"
_CLOCK = r"(?:午前|午後)\d{1,2}時(?:\d{1,2}分)?"
# 「あいている時間は、月曜日から土曜日の午前9時から午後4時までです。」: which days, then which hours
_DAYS_AND_HOURS = re.compile(rf"^(?P<topic>[^、。]{{0,12}})時間は、?(?P<days>{_WEEKDAYS}から{_WEEKDAYS})の"
                             rf"(?P<hours>{_CLOCK}から{_CLOCK}まで)です(?P<mark>[。！]?)$")


def split_days_and_hours(sentence: str, limit: int = 30) -> list[str]:
    """「(…)時間は、(weekday)から(weekday)の(time)から(time)までです。」 (too long) → the days, then the hours."""
    match = _DAYS_AND_HOURS.match(sentence) if len(sentence) > limit else None
    if match is None:
        return [sentence]
    return [f"{match['topic']}日は、{match['days']}です。", f"時間は{match['hours']}です。"]


# 「日と時間は、1月14日（木曜日）から2月4日（木曜日）までの毎週木曜日、午後1時30分から午後3時30分までです。」
_DAY_AND_TIME = re.compile(r"^(?:日と時間|日時|日にちと時間)は、(?P<days>[^、。]*\d[^、。]*)、"
                           rf"(?P<hours>{_CLOCK}[^、。]*)です(?P<mark>[。！]?)$")


def split_day_and_time(sentence: str, limit: int = 30) -> list[str]:
    """A long 「日と時間は、(days)、(hours)です。」 → 「日にちは、(days)です。」 and 「時間は、(hours)です。」."""
    match = _DAY_AND_TIME.match(sentence) if len(sentence) > limit else None
    if match is None:
        return [sentence]
    return [f"日にちは、{match['days']}です。", f"時間は、{match['hours']}です{match['mark'] or '。'}"]
