"""Whole-phrase paraphrases that word-by-word replacement gets wrong (applied to the standard text).

「変更となる可能性があります」 replaced word by word gives 「かえることとなるかもしれません」; rewritten
as a phrase first (変更される → かわる) it gives 「かわるかもしれません」. The contact sentence every notice
ends with becomes a short sentence and a 「電話：…」 line, so the phone number is never inside a long sentence.
"""

from __future__ import annotations

import re

from notifier.rendering.easy.lexicon import words

_KANJI = "一-龥々"
# 「〜となります」 after a サ変 noun is its passive: 変更となります → 変更されます → かわります
_NARU = re.compile(rf"(?P<noun>[{_KANJI}]{{2,4}})(?:と|に)なり(?P<end>ます|ました)"
                   rf"|(?P<noun2>[{_KANJI}]{{2,4}})(?:と|に)なる")
PHRASES: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in [
    (r"(?P<place>[^、。]{2,12}?)を震源とする地震があり、", r"\g<place>で地震がありました。"),
    (r"を震源とする", "でおきた"),
    (r"の(?:影響|関係)(?:で|により|によって)、?", "で、"),
    (r"(?<=[^、。])により、", "で、"),
    (r"(?:ご理解(?:と|とご))?ご?協力を(?:よろしく)?お願い(?:いた|申し上げ)?(?:し)?ます。", "よろしくお願いします。"),
    (r"ご了承ください。", "わかってください。"),
    (r"お出しいただきますよう(?:ご協力を)?(?:お願い)?(?:いた|申し上げ)?(?:し)?ます", "出してください"),
    (r"お出しください", "出してください"),
    (r"下記のとおり", ""),
    (r"の開催について$", "をします"),
    (r"(?:に関する|についての|の)注意について$", "で気をつけること"),
    (r"について$", ""),
    (r"次の日程で", ""),
    (r"することは絶対にありません", "することはぜったいにありません"),
]]
# 「お問い合わせは 水道局（048-714-3000）までお願いします。」 and its variants
_CONTACT = re.compile(
    r"(?:(?:お)?問い?合わ?せ(?:先)?は、?|詳しく(?:は|知りたい方は)、?)(?P<who>[^。]{2,40}?)"
    r"(?:まで|へ|に)(?:お問い合わせ(?:ください|いただくか)|お願い(?:いた|申し上げ)?(?:し)?ます|ご連絡ください)。?")
_NAMED = re.compile(r"(?P<name>[^（(：:]{2,20})[（(](?P<phone>[\d-]{10,13})[）)]")
_PHONE_IN = re.compile(r"\d{2,5}-\d{2,4}-\d{3,4}")


def _naru(match: re.Match[str]) -> str:
    noun = match["noun"] or match["noun2"]
    entry = words().get(noun)
    if entry is None or not entry.passive:  # only nouns whose passive the word list knows (変更 → かわる)
        return match.group(0)
    return noun + ("され" + match["end"] if match["end"] else "される")


def contact(text: str) -> str:
    """The contact sentence as its own lines: a short request and a 「電話：…」 line with the number."""
    def repl(match: re.Match[str]) -> str:
        who = match["who"].strip()
        if not _PHONE_IN.search(who):
            return f"聞きたいことがあるときは、{who}に聞いてください。"
        named = _NAMED.fullmatch(who)  # 水道局（048-714-3000） → a 「水道局：048-714-3000」 line
        line = f"{named['name']}：{named['phone']}" if named else f"電話：{who}"
        return f"\n聞きたいことがあるときは、電話してください。\n{line}\n"
    return _CONTACT.sub(repl, text)


def rewrite(text: str) -> str:
    for pattern, repl in PHRASES:
        text = pattern.sub(repl, text)
    return _NARU.sub(_naru, text)
