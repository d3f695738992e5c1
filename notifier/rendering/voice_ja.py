"""Japanese text as it is said: numbers, dates, times, phone numbers and symbols written out in kana.

Decision: every number becomes hiragana (2026年11月24日 → にせんにじゅうろくねん じゅういちがつ
にじゅうよっか), read by the speech engine itself with its counters (3分 → さんぷん), so the text
a relay operator reads aloud and the audio agree. Words stay as written.
"""

from __future__ import annotations

import re
import unicodedata

from notifier.rendering.voice_readings import kana_reading

DIGITS = ("ゼロ", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう")
WEEKDAYS = {"月": "げつようび", "火": "かようび", "水": "すいようび", "木": "もくようび", "金": "きんようび",
            "土": "どようび", "日": "にちようび", "祝": "しゅくじつ", "休": "やすみ"}
# Before NFKC, which would turn ㎡ into "m2" and ℃ into "°C".
_UNIT_SYMBOLS = {"㎡": "平方メートル", "m²": "平方メートル", "㎥": "立方メートル", "m³": "立方メートル",
                 "℃": "度", "°C": "度", "°": "度", "㎜": "ミリ", "㎝": "センチ", "㎞": "キロメートル",
                 "㎏": "キログラム"}
# One pass, longest symbol first (as the table's order had it: ℃ before °).
_UNIT_SYMBOL = re.compile("(?<=[0-9０-９])(?:" + "|".join(map(re.escape, sorted(_UNIT_SYMBOLS, key=len, reverse=True)))
                          + ")")
_UNITS = {"mm": "ミリ", "cm": "センチ", "km": "キロメートル", "kg": "キログラム", "ml": "ミリリットル",
          "mL": "ミリリットル", "m": "メートル", "g": "グラム", "L": "リットル", "%": "パーセント"}
_COUNTERS = sorted((
    "年", "年度", "年間", "か月", "ヶ月", "カ月", "ケ月", "箇月", "月", "日", "日間", "日目", "時", "時間", "時半",
    "分", "分間", "秒", "人", "名", "世帯", "件", "回", "度", "階", "個", "本", "枚", "台", "か所", "ヶ所", "カ所",
    "箇所", "円", "万", "億", "千", "百", "歳", "才", "号", "号線", "番", "番地", "番目", "番線", "丁目", "週", "週間",
    "部", "区", "棟", "室", "便", "杯", "匹", "冊", "軒", "泊", "倍", "位", "点", "ページ", "頁", "割", "弱", "強",
), key=len, reverse=True)
_SYMBOLS = {"※": "ちゅうい、", "〒": "ゆうびんばんごう、", "&": "と", "+": "プラス", "=": "は", "@": "アット",
            "#": "シャープ", "→": "、", "⇒": "、", "/": "、", "|": "、", "…": "、", "‥": "、", "・": "、",
            "%": "パーセント", "¥": "えん", "$": "ドル", "!": "！", "?": "？", ";": "、", "】": "、"}
_DROP = set("-−「」『』【[]{}<>《》〈〉\"'*_^`●○◎◆◇■□★☆▼▽▲△►♪♯\\")

# Emoji modifiers left behind when the emoji itself is dropped.
_INVISIBLE = re.compile("[\ufe00-\ufe0f\u200d\u20e3\U0001f3fb-\U0001f3ff\U000e0000-\U000e01ef]")
_PHONE = re.compile(r"(?<![0-9])(0[0-9]{1,4})[-(]([0-9]{1,4})[-)]([0-9]{3,4})(?![0-9])"
                    r"|(?<![0-9])(0[0-9]{9,10})(?![0-9])")
_POSTAL = re.compile(r"〒\s*([0-9]{3})-?([0-9]{4})")
_ADDRESS = re.compile(r"(?<![0-9])([0-9]{1,4})-([0-9]{1,4})(?:-([0-9]{1,4}))?(?![0-9])")
_HASH_NUMBER = re.compile(r"#([0-9]{3,5})")
_YMD = re.compile(r"(?<![0-9])([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})(?![0-9])")
_MD = re.compile(r"(?<![0-9/])([0-9]{1,2})/([0-9]{1,2})(?![0-9/])")
_HM = re.compile(r"(?<![0-9])([0-9]{1,2}):([0-9]{2})(?![0-9])")
_WEEKDAY = re.compile(r"\(([月火水木金土日祝休](?:[・、,][月火水木金土日祝休])*)(?:曜日?)?\)")
_RUBY = re.compile(r"(?<=[\u4e00-\u9fff々ヶ])\([ぁ-ゖー]+\)")
_NUMBER = re.compile(
    r"(?:午前|午後|第)?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
    r"(?:" + "|".join(map(re.escape, _COUNTERS)) + r"|(?:mm|cm|km|kg|ml|mL|m|g|L)(?![A-Za-z])|%|[ァ-ヺー]+)?")
_LABEL = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff々])\s*:\s*")
_PARENS = re.compile(r"\(([^()]*)\)")
# Ranges are said "from … until …" (9時〜17時です → くじ から じゅうしちじ まで です): the end of a range
# written with 〜, made only of numbers, counters and a weekday, where a phrase ends after it.
_CLOCK_RANGE = re.compile(r"(?<![0-9])([0-9]{1,2}:[0-9]{2})\s*[-–—−]\s*([0-9]{1,2}:[0-9]{2})(?![0-9])")
_RANGE_END = re.compile(r"([〜~～]\s*(?:[0-9]|[月火水木金土日]曜)"
                        r"[0-9,.:()年月日時分秒半円歳人件回個台枚本週間曜火水木金土祝休・%]*(?:まで)?)"
                        r"(?=です|でした|。|、|\s|$)")


_DIGIT_WORD = "(?:" + "|".join(DIGITS) + ")"
_DIGIT_END = re.compile(rf"(?:^| ){_DIGIT_WORD}、$")
_DIGIT_START = re.compile(rf"{_DIGIT_WORD} ")


def digits(number: str) -> str:
    """Digit by digit: 048 → ゼロ よん はち."""
    return " ".join(DIGITS[int(d)] for d in number if d.isascii() and d.isdigit())


def _phone(match: re.Match[str]) -> str:
    groups = [g for g in match.groups() if g]
    # A pause after the number, so a following particle (に, へ) is not heard as a digit.
    return "、".join(digits(g) for g in groups) + "、"


def _date(year: str | None, month: str, day: str) -> str | None:
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return (f"{year}年" if year else "") + f"{int(month)}月{int(day)}日"


def _numbers_to_words(text: str) -> str:
    text = _POSTAL.sub(lambda m: f"ゆうびんばんごう、{digits(m[1])} の {digits(m[2])}、", text)
    text = re.sub(r"(?<![0-9])110番", "ひゃくとおばん", text)
    text = re.sub(r"(?<![0-9])119番", "ひゃくじゅうきゅうばん", text)
    text = _PHONE.sub(_phone, text)
    text = _ADDRESS.sub(lambda m: " の ".join(g for g in m.groups() if g), text)  # 6-4-4 → 6の4の4
    text = _HASH_NUMBER.sub(lambda m: f"シャープ {digits(m[1])}、", text)
    text = _YMD.sub(lambda m: _date(m[1], m[2], m[3]) or m[0], text)
    text = _MD.sub(lambda m: _date(None, m[1], m[2]) or f"{kana_reading(m[2])}ぶんの{kana_reading(m[1])}", text)
    text = _HM.sub(_clock, text)
    return _NUMBER.sub(_number, text)


def _clock(match: re.Match[str]) -> str:
    """15:30 → 午後3時30分: announcements use the 12-hour clock with 午前/午後."""
    hour, minute = int(match[1]), int(match[2])
    before = match.string[max(0, match.start() - 2):match.start()]
    prefix = ""
    if before not in ("午前", "午後") and hour <= 24:
        if 12 < hour < 24:
            prefix, hour = "午後", hour - 12
        elif hour != 12:
            prefix, hour = "午前", hour % 24
    return f"{prefix}{hour}時" + (f"{minute}分" if minute else "")


def _number(match: re.Match[str]) -> str:
    chunk = match.group()
    for unit, word in _UNITS.items():
        if chunk.endswith(unit) and chunk[: -len(unit)][-1:].isdigit():
            chunk = chunk[: -len(unit)] + word
            break
    chunk = chunk.replace(",", "")
    if chunk.endswith("日") and match.string[:match.start()].endswith("月"):
        # A day of the month: 1日 after 11月 is ついたち, not the duration いちにち.
        month = kana_reading("1月")
        return f" {kana_reading('1月' + chunk).removeprefix(month)} "
    return f" {kana_reading(chunk)} "


def _weekdays(match: re.Match[str]) -> str:
    days = [WEEKDAYS[c] for c in match[1] if c in WEEKDAYS]
    return " " + "、".join(days) + " "


def _symbols(text: str) -> str:
    text = _RUBY.sub("", text)  # 漢字（かんじ）: the reading would be said twice
    text = _WEEKDAY.sub(_weekdays, text)
    text = _LABEL.sub("は、", text)  # 日時：… → 日時は、…
    text = re.sub(r"[〜~～]", " から ", text)
    text = _PARENS.sub(lambda m: f"、{m[1]}、" if m[1].strip() else "", text)
    out = []
    for char in text:
        if char in _SYMBOLS:
            out.append(_SYMBOLS[char])
        elif char in _DROP or char in "()" or _INVISIBLE.match(char):
            out.append(" ")
        elif unicodedata.category(char) in ("So", "Sk", "Sm", "Cs", "Co", "Cn"):
            out.append(" ")  # emoji and pictographs are not read aloud
        else:
            out.append(char)
    return "".join(out)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t\u3000]+", " ", text)
    text = re.sub(r" ?([、。！？]) ?", r"\1", text)
    text = re.sub(r"、+", "、", text)
    text = re.sub(r"、([。！？])", r"\1", text)
    text = re.sub(r"^[、。 ]+", "", text)
    return text.strip(" 、")


_YEN_SIGN = re.compile(r"¥\s*([0-9][0-9,]*)")


def prepare(text: str) -> str:
    """Unit symbols as words, then NFKC (full-width digits and letters → ASCII)."""
    text = _UNIT_SYMBOL.sub(lambda m: _UNIT_SYMBOLS[m.group()], text)
    text = unicodedata.normalize("NFKC", text)
    return _YEN_SIGN.sub(r"\1円", text)  # ¥1,000 is said as 千円


def _until(text: str) -> str:
    text = _CLOCK_RANGE.sub(r"\1〜\2", text)  # 9:00-17:00 is a range, not an address
    return _RANGE_END.sub(lambda m: m[1] if m[1].endswith("まで") else m[1] + "まで", text)


def normalise(text: str) -> str:
    """One Japanese sentence (or line) as it is said."""
    text = _until(prepare(text))
    text = _numbers_to_words(text)
    text = _symbols(text)
    # Anything numeric left (an odd shape the rules above missed) is still said, digit by digit.
    text = re.sub(r"[0-9]+", lambda m: f" {digits(m.group())} ", text)
    return _tidy(text)


def split_sentences(text: str) -> list[str]:
    """Sentences and lines, each ending in 。 (or ！/？)."""
    pieces = re.split(r"(?<=[。！？!?])|\n+", text)
    out = []
    for piece in pieces:
        piece = re.sub(r"^\s*(?:[・●○◎◆◇■□★☆▼▽▲△►\-*]|[0-9０-９]+[.)．）](?![0-9０-９]))\s*", "", piece).strip()
        if piece:
            out.append(piece)
    return out


def end_sentence(text: str) -> str:
    return text if not text or text[-1] in "。！？" else text + "。"


def short_lines(sentence: str, limit: int = 40) -> list[str]:
    """A long sentence as lines broken after 、 (words unchanged): easier to read aloud and to hear."""
    lines: list[str] = []
    current = ""
    for part in re.split(r"(?<=、)", sentence):
        # Never between the digit groups of a phone number.
        inside_number = _DIGIT_END.search(current) or _DIGIT_START.match(part)
        if current and len(current) + len(part) > limit and not inside_number:
            lines.append(current)
            current = ""
        current += part
    if current:
        lines.append(current)
    return lines
