"""to_easy: standard Japanese → やさしい日本語, one rule after another (see the package docstring)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from notifier.rendering.easy import dates, paraphrase, phrases
from notifier.rendering.easy.lists import make_list
from notifier.rendering.easy.reorder import reorder
from notifier.rendering.easy.replace import replace_words
from notifier.rendering.easy.sentences import polite_ending, sentences, split_clauses, split_when
from notifier.rendering.easy.tidy import tidy

# full-width digits and the punctuation dates, times and phone numbers use; 「〜」 and （） stay
_WIDTH = str.maketrans("０１２３４５６７８９／－‐", "0123456789/--")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BULLET = re.compile(r"^\s*[・●○■□◆◇\-*]\s*")
# 「日時：…」 label lines of a notice: easy Japanese asks いつ / どこ / だれ
LABELS = {"日時": "いつ", "日程": "いつ", "期間": "いつ", "期日": "いつ", "場所": "どこ", "会場": "どこ",
          "地域": "どこ", "対象地域": "どこ", "対象": "だれ", "対象者": "だれ", "お問い合わせ": "質問",
          "問い合わせ": "質問", "問合せ": "質問", "お問合せ": "質問", "問い合わせ先": "質問",
          "持ち物": "持ってくるもの",
          "費用": "お金", "料金": "お金", "申込方法": "申し込み", "申し込み": "申し込み"}
_LABEL = re.compile(rf"^\s*(?:【)?({'|'.join(sorted(LABELS, key=len, reverse=True))})(?:】)?\s*[：:]")


@dataclass(frozen=True)
class EasyText:
    text: str  # one sentence per line; list items as "・item" lines
    sentences: list[str]  # the sentences alone (no list-item lines)
    glossary: list[tuple[str, str]] = field(default_factory=list)  # key terms kept, with their gloss


def _clean(text: str) -> str:
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    return phrases.kana_prefix(text.translate(_WIDTH))


def _words(line: str, today: datetime.date, glossary: list[tuple[str, str]], seen: set[str],
           item: bool = False) -> str:
    line = phrases.rewrite(paraphrase.rewrite(dates.normalize(line, today)))
    return tidy(replace_words(line, glossary, seen, item=item))


def _paragraph(line: str, state: tuple[datetime.date, list[tuple[str, str]], set[str]]) -> tuple[list[str], list[str]]:
    """(output lines, sentences) for one source line."""
    today, glossary, seen = state
    line = _LABEL.sub(lambda m: LABELS[m.group(1)] + "：", line)
    if bullet := _BULLET.match(line):
        item = _words(line[bullet.end():], today, glossary, seen, item=True).strip()
        return (["・" + item], []) if item else ([], [])
    out: list[str] = []
    said: list[str] = []
    for sentence in sentences(_words(line, today, glossary, seen)):
        clauses = _with_when(split_when(sentence))
        for clause in clauses:
            for part in (p for when in split_when(polite_ending(clause)) for p in reorder(when)):
                head, *items = make_list(part)
                if said and out[-1] is said[-1] and head.startswith(_THEN) and said[-1].startswith(_THEN):
                    head = "それから、" + head.removeprefix(_THEN)
                out += [head, *items]
                said.append(head)
    return out, said


_REQUEST_END = re.compile(r"ください[。！]?$")


def _with_when(parts: list[str]) -> list[str]:
    """The clauses of a sentence whose when-phrase split_when took out (``parts``: the rest, then its 日にち / 時間
    lines), with those lines after the statement they say the time of.

    「本日午後4時、水位が上昇し、…を発令しました」: the time is the whole sentence's, said after all of it; 「ごみの
    収集は12月30日まで、通常どおり行いますので、ご注意ください」: the request that closes it (気を つけて ください)
    is no part of what happens until then, so the day is said before it.
    """
    rest, *when = parts
    clauses = split_clauses(rest)
    k = len(clauses)
    while k and _REQUEST_END.search(clauses[k - 1]):
        k -= 1
    k = k or len(clauses)  # all requests: the time is each one's
    return [*clauses[:k], *when, *clauses[k:]]


# 「口から 出した ものを かたづける ときは、手袋を つけ、消毒して ください」 cut twice (the condition said as what can
# happen, then each request) would open two sentences in a row with 「そのときは、」: the second is a next step
_THEN = "そのときは、"


# a heading ending in a サ変 noun (避難指示の発令について) and the body's report of the same act (発令しました)
_HEADING_ACT = re.compile(r"(?P<act>[一-龥]{2})(?:について|のお知らせ|に関するお知らせ)?\s*$")


def _heading_tense(source: list[str], heading: str) -> str:
    """The heading said in the body's tense: 「避難指示が 出ます」 over 「…を 出しました」 reads as a second order.

    A heading ending in a noun is said as a sentence in the present (replace.py); when the body reports the
    same act as done (発令しました, 開設されました), the heading says it was done too.
    """
    act = _HEADING_ACT.search(source[0])
    if act is None or not heading.endswith("ます") or source[0].rstrip().endswith(("。", "！", "？")):
        return heading
    # 「撤去した自転車は」 describes a bicycle: only an act said as done, not as a modifier, makes the heading past
    done = re.compile(rf"{act['act']}(?:を)?(?:いた|し|され)(?:まし)?た(?![一-龥ァ-ヶ])")
    return heading[:-2] + "ました" if any(done.search(line) for line in source[1:]) else heading


def to_easy(text: str, *, today: datetime.date | None = None) -> EasyText:
    """Rule-based rewrite of standard Japanese into やさしい日本語 (plain text, no furigana)."""
    state: tuple[datetime.date, list[tuple[str, str]], set[str]] = (today or datetime.date.today(), [], set())
    lines: list[str] = []
    said: list[str] = []
    source = [line.strip() for line in paraphrase.contact(_clean(text)).split("\n") if line.strip()]
    for line in source:
        out, spoken = _paragraph(line, state)
        if line is source[0] and len(source) > 1 and out and spoken and out[0] == spoken[0]:
            out[0] = spoken[0] = _heading_tense(source, out[0])
        lines += out
        said += spoken
    return EasyText("\n".join(lines), said, state[1])
