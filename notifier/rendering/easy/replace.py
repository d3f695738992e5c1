"""Difficult words → easy ones, longest match on token boundaries, verbs conjugated to fit."""

from __future__ import annotations

import dataclasses
import itertools
import re

from notifier.rendering.easy._tagger import Token, tokenize
from notifier.rendering.easy.conjugate import Form, conjugate, verb_type
from notifier.rendering.easy.lexicon import Entry, word_matcher, words

# what follows a サ変 noun → (form of the easy verb, text that replaces the follower); longest first
_SURU: list[tuple[str, Form, str]] = [
    ("されました", "masu", "ました"), ("されます", "masu", "ます"), ("されません", "masu", "ません"),
    ("されない", "nai", "ない"), ("されている", "te", "いる"),
    ("されています", "te", "います"), ("されて", "te", ""), ("された", "ta", ""), ("される", "dict", ""),
    ("できます", "dict", "ことができます"), ("できません", "dict", "ことができません"),
    ("できる", "dict", "ことができる"), ("できなかった", "dict", "ことができなかった"),
    ("できない", "dict", "ことができない"), ("できなく", "dict", "ことができなく"),
    ("しやすい", "masu", "やすい"), ("しやすく", "masu", "やすく"), ("しにくく", "masu", "にくく"),
    ("しそう", "masu", "そう"), ("しにくい", "masu", "にくい"),
    ("しました", "masu", "ました"), ("します", "masu", "ます"), ("しません", "masu", "ません"),
    ("しています", "te", "います"), ("していました", "te", "いました"), ("している", "te", "いる"),
    ("してください", "te", "ください"), ("して", "te", ""), ("した", "ta", ""), ("する", "dict", ""),
    ("しないで", "nai", "ないで"), ("しない", "nai", "ない"), ("しなければ", "nai", "なければ"),
    ("すれば", "dict", "と"), ("の際は", "dict", "ときは"), ("の際", "dict", "とき"),
    ("のとき", "dict", "とき"), ("の場合は", "dict", "ときは"), ("の場合", "dict", "とき"),
    ("の人", "dict", "人"), ("の方", "dict", "人"), ("し、", "masu", "、"), ("です", "masu", "ます"),
    ("な", "dict", ""),
]
# a key term said as a verb (断水します) when its easy form is a negative clause (水が 出ない)
_NEGATIVE: list[tuple[str, str]] = [
    ("しています", "ていません"), ("していました", "ていませんでした"), ("している", "ていない"),
    ("しました", "ませんでした"), ("します", "ません"), ("する", "ない"), ("した", "なかった"),
    ("のお知らせ", "お知らせ"),
]
# names of offices keep their words (防災課 is not 「災害に そなえる課」)
_OFFICE = re.compile(r"[一-龥ァ-ヶー々]+(?:課|局|署|事務所|委員会|センター|係|室)(?![一-龥])")
_PARTICLE = re.compile(r"[のをがはにもとへや]|で(?!き|す)|から|まで")
# a particle inside the easy phrase: 「水が ふえる」 is a clause with its own subject
_INNER_PARTICLE = re.compile(r"[をがにで] ")
_VERBAL = ("こと", "の", "ます", "ました")
_KANJI = re.compile(r"[一-龥々ァ-ヶ]")  # and katakana: 市民プール is a name as much as 市民会館
# head nouns a verb phrase can modify inside a compound, and how the easy text says them
_HEADS = {"時間": "時間", "日": "日", "時": "とき", "場所": "ところ", "所": "ところ", "者": "人", "人": "人",
          "前": "前", "後": "あと", "車": "車", "中": "あいだ", "方法": "方法", "期間": "期間"}
# easy forms that are formal nouns: 「ところ」 alone names no place, so a word said with them needs a modifier
_NEEDS_MODIFIER = ("ところ",)
_END = re.compile(r"\s*(?:（[^）]*）)?\s*$")
_SURU_START = re.compile(r"(?:し|す|さ|でき)")
_NUMBERED = re.compile(r"第\d+$")
_NUMBER_NAME = re.compile(r"\d+(?![\d,.]|か所|人|円|日|時|分|回|件|歳|才|階|センチ|ミリ|度)|第\d+号")


_REQUEST = re.compile(r"ください|必要|いります|要ります")
# 「支払いが 遅れると」 → 「はらうのが 遅れると」: an act whose course is told (遅れる, 難しい, おわる) is 「Vのが」;
# 「V ことが できる / ある / ない / いる」 are set phrases of their own (tidy.py makes most of them shorter)
_SUBJECT_OF_COURSE = re.compile(r"が(?!でき|あ|な|い|必要|法律)")
_I_E_ROWS = "いきぎしじちぢにひびぴみりえけげせぜてでねへべぺめれ"


def _ichidan_guess(verb: str) -> str:
    """のびる, 決められる: an -iru / -eru verb the analyser reads as something else (the list picks its verbs)."""
    return "下一段" if len(verb) >= 2 and verb.endswith("る") and verb[-2] in _I_E_ROWS else ""


def _passive(entry: Entry, form: Form) -> str:
    if entry.passive:
        verb = entry.passive.replace(" ", "")
        # 決められる is 決め + られる to the analyser: every passive conjugates like an ichidan verb
        kind = verb_type(verb) or _ichidan_guess(verb)
        return conjugate(verb, kind, form)
    easy = entry.easy.replace(" ", "")
    passive = conjugate(easy, entry.c_type or verb_type(easy), "passive")
    return conjugate(passive, "下一段", form)  # every passive conjugates like an ichidan verb


def _verb(entry: Entry, rest: str, item: bool = False, listed: bool = False) -> tuple[str, int]:
    """The easy verb conjugated for what follows it, and how many following characters it absorbed.

    With ``item`` (a list item), a word that ends the text is a noun phrase, not a heading said as a sentence.
    """
    easy = entry.easy.replace(" ", "")
    kind = entry.c_type or verb_type(easy)
    if listed:
        return easy + "こと", 0  # 貸出・返却ができません: the last item of a list is a noun like the others
    if cause := _cause(entry, rest):
        return cause
    for follower, form, tail in _SURU:
        if rest.startswith(follower) and not (follower == "な" and rest.startswith("など")) \
                and not (follower == "です" and entry.noun):  # 増水など; 症状は 発熱です → ねつです
            stem = _passive(entry, form) if follower.startswith("さ") else conjugate(easy, kind, form)
            return stem + tail, len(follower)
    if entry.noun and (_PARTICLE.match(rest) or _END.match(rest) or rest.startswith(("です", "、"))):
        return entry.noun, 0
    if rest[:1] in ("、", "・", "）") or rest.startswith("など") or (item and _END.match(rest)):
        # 貸出・返却・予約, ・返却, 変更など: an item, a noun like the others; 「（樹木の伐採）」 names the act
        return easy + "こと", 0
    if said := _when_doing(rest, topic=True):
        return easy + "ときは", said  # 登録には、…ください → とうろくする ときは、 (返却は、… → かえす ときは、)
    # 「口座振替の開始までに」: what happens by then (口座振替が はじまるまでに), the verb's intransitive pair
    if aim := _aim(_passive(entry, "dict") if entry.passive else easy, rest):
        return aim
    if _PARTICLE.match(rest) and not entry.word.endswith("な"):  # 必要なもの → いる もの, never いる こと もの
        return easy + ("の" if _SUBJECT_OF_COURSE.match(rest) else "こと"), 0
    if _END.match(rest) and entry.procedure:  # 保険料の納付について: the reader pays; 「はらいます」 says the city does
        return easy + "こと", 0
    if _END.match(rest):  # a heading ends in the noun (給水所の開設): say it as a sentence
        return (_passive(entry, "masu") if entry.passive else conjugate(easy, kind, "masu")) + "ます", 0
    return easy, 0


def _aim(easy: str, rest: str) -> tuple[str, int] | None:
    """The verb before a purpose or a limit: 復旧には → もとに もどるには, 3時までに; what an act needs is needed
    when one does it (受診に必要な もの → 病院に 行く ときに いる もの, not 「行く ことに」)."""
    if rest.startswith("に必要"):
        return easy + "ときに", 1
    return (easy, 0) if rest.startswith(("には", "までに")) else None


# 「落雷で、」: で after a noun of an event says what caused what follows (not です, not a means or a place)
_CAUSE = re.compile(r"で(?!す|き|は|の|も|し)")


def _cause(entry: Entry, rest: str) -> tuple[str, int] | None:
    """落雷で、停電しました → かみなりが 落ちて、電気が 止まりました: an event said as a clause is a cause in
    its て-form; 「かみなりが 落ちる ことで、」 reads as a means, and is cut at で as if it were です. An
    intransitive verb acts on nothing, so its で is no means either: 冠水で 通れません → 水に つかって 通れません."""
    verb = entry.easy.replace(" ", "").removesuffix("こと")
    kind = entry.c_type or verb_type(verb)
    if not kind or not ("が " in entry.easy or entry.intransitive) or not _CAUSE.match(rest):
        return None  # 郵送で (an act on something, no subject of its own: a means), 停電では, 停電です
    # a comma cuts the clause off as a sentence of its own, in the tense of the sentence: right for a past
    # (かみなりが 落ちました。), wrong for a present (土砂崩れで、通れません → 「がけが くずれます。」)
    past = re.search(r"(?:ました|でした|た)$", rest.split("。")[0])
    if past and rest.startswith("で、"):  # said as its sentence here: the analyser reads つかって as 使って
        return conjugate(verb, kind, "masu") + "ました。", 2
    if not rest.startswith("で、") and _said_as_verb(rest[1:]):
        # 「物価高騰による負担」 → 「物の ねだんが 高く なって はらう お金」: the next word is said with a verb on a
        # noun, and the two verbs run on (高く なって はらう). The cause is said first, as what has happened: the
        # thing it brought about (負担) is there
        return conjugate(verb, kind, "masu") + "ました。", 1
    return conjugate(verb, kind, "te"), 1 if past or not rest.startswith("で、") else 2


def _said_as_verb(text: str) -> bool:
    """The word at the start of ``text`` is said by the word list as a verb on a noun (負担を軽減 → はらう お金を
    少なく する): a cause right before it would run on into that verb (高く なって はらう). 「冠水で 通行できません」
    is a verb alone (通れません), which the cause is said for (水に つかって 通れません)."""
    tokens = tokenize(text[:16])
    if not tokens or tokens[0].pos1 != "名詞":
        return False
    word = next((w for w in word_matcher().candidates(text, 0) if any(t.end == len(w) for t in tokens)), "")
    entry = words().get(word)
    if entry is None or entry.keep_with_gloss:
        return False
    easy = tokenize(entry.easy.replace(" ", ""))
    return len(easy) >= 2 and easy[0].is_verb and easy[1].pos1 in ("名詞", "接頭辞")


def _when_doing(rest: str, *, topic: bool = False) -> int:
    """「申請には、写真を お持ちください」: には、 before a request or a need says when, not what for.

    With ``topic`` (a verb entry), 「変更は、窓口へ お越しください」 too: 「かえる ことは、…来て ください」
    asks for another act than the one named, so the act says when; 「返却は、3月31日までに してください」
    asks for the act itself and keeps it. Returns how many characters of particle the 「ときは」 replaces
    (0: not such a phrase).
    """
    particle = next((p for p in ("には、", "は、") if rest.startswith(p) and (topic or p == "には、")), "")
    request = rest.split("。")[0]
    if particle == "は、" and _asks_for_the_act(request[len(particle):]):
        return 0
    return len(particle) - 1 if particle and _REQUEST.search(request) else 0


# verbs of a request that ask for the act named before it (してください, 控えてください, ご遠慮ください)
_ACT_ITSELF = {"する", "為る", "行う", "控える", "遠慮", "済ませる", "済ます", "避ける", "やめる", "止める", "急ぐ",
               "見合わせる", "終える"}


def _asks_for_the_act(request: str) -> bool:
    """「3月31日までに して ください」 asks for the act the topic named; 「窓口で 予約して」, 「手続きを して」
    and 「窓口へ 来て」 ask for another (the verb has a noun or an object of its own, or is another verb)."""
    tokens = tokenize(request)
    k = next((i for i, t in enumerate(tokens) if t.surface == "ください"), 0)
    while k and tokens[k - 1].pos1 in ("助詞", "助動詞", "接頭辞") and not tokens[k - 1].is_verb:
        if tokens[k - 1].surface == "でし" and tokens[k].surface == "て":
            return True  # 階段で して ください, which the analyser reads as です's でし + て: the act itself
        k -= 1  # back over て, ないで, ご
    if not k:
        return False
    verb, before = tokens[k - 1].base, tokens[k - 2] if k >= 2 else None
    if verb in ("する", "為る") and before is not None and before.pos3 == "サ変可能":
        verb = before.surface  # 遠慮して ください, 予約して ください: the noun is the verb
    elif verb in ("する", "為る") and before is not None and before.surface == "を":
        return False  # 手続きを して ください: an act with an object of its own
    return verb in _ACT_ITSELF


def _noun(entry: Entry, rest: str) -> tuple[str, int]:
    easy = entry.easy.replace(" ", "")
    if cause := _cause(entry, rest):
        return cause
    if _when_doing(rest):
        return (entry.verb.replace(" ", "") if entry.verb else easy + "の") + "ときは", 2
    if _act_of_course(entry, rest):
        return easy[:-2] + "の", 0
    if easy[-1:] in ("に", "を", "が") and rest.startswith(easy[-1]):
        return easy, 1  # 保育料のほかに、 → の ほかに、: the particle the easy form ends in is the text's own
    if easy.endswith("い") and rest.startswith("な") and not rest.startswith(("ない", "など")):
        return easy, 1  # 危険な場所 → 危ない場所: an i-adjective takes no な
    if _predicate(easy) and _of_noun(rest):
        return easy, 1  # 不要不急の用事 → 急がない 用事 (「急がないの 用事」): a clause modifies a noun without の
    if _SURU_START.match(rest) and not easy.endswith(("を", "が", "に")) and not entry.word.endswith("に"):
        return easy + ("が" if rest.startswith("でき") else "を"), 0  # 申請します → 申し込みを します; できます
    return easy, 0


def _predicate(easy: str) -> bool:
    """An easy form that ends a clause (急がない, むずかしい, 病気が あった): an adjective or a ない / た in the
    終止形, which modifies a noun as it is."""
    last = tokenize(easy)[-1]
    return (last.pos1 == "形容詞" or (last.pos1 == "助動詞" and last.base in ("ない", "た"))) \
        and last.c_form.startswith(("終止形", "連体形"))


def _of_noun(rest: str) -> bool:
    """「の + noun」 (の用事, の方, の場合), not の as a particle ending a phrase (のは, ので, のため is a noun too)."""
    tokens = tokenize(rest[:12])
    return len(tokens) >= 2 and tokens[0].surface == "の" and tokens[0].pos1 == "助詞" \
        and tokens[1].pos1 in ("名詞", "接頭辞") and tokens[1].pos2 != "数詞"


def _act_of_course(entry: Entry, rest: str) -> bool:
    """ごみの収集が 終わりました → ごみを あつめるのが 終わりました: an act on a thing (を), said with こと, whose
    course is told takes の as a verb entry does; 「書いて ある こと」 is what is written, and 「Vる ことが 多い」
    says how often."""
    easy = entry.easy.replace(" ", "")
    return easy.endswith("こと") and "を " in entry.easy and bool(verb_type(easy[:-2])) \
        and bool(_SUBJECT_OF_COURSE.match(rest)) and not rest.startswith(("が多", "が少"))


def _negative(entry: Entry, rest: str, seen: set[str], glossary: list[tuple[str, str]]) -> tuple[str, int] | None:
    """断水します → 水が 出ません（断水）: the gloss after the clause, so the sentence stays grammatical."""
    easy = entry.easy.replace(" ", "")
    if not easy.endswith("ない"):
        return None
    for follower, ending in _NEGATIVE:
        if rest.startswith(follower):
            stem = easy[:-2]
            if ending.startswith("て"):
                stem = conjugate(stem + "る", verb_type(stem + "る") or "下一段", "te")[:-1]
            clause, tail = (easy, ending) if follower == "のお知らせ" else (stem + ending, "")
            if entry.word in seen:
                return clause + tail, len(follower)
            seen.add(entry.word)
            glossary.append((entry.word, entry.easy))
            return f"{clause}（{entry.word}）{tail}", len(follower)
    return None


def _render(entry: Entry, rest: str, seen: set[str], glossary: list[tuple[str, str]],
            in_brackets: bool = False, item: bool = False, listed: bool = False) -> tuple[str, int]:
    if entry.keep_with_gloss and not in_brackets and (said := _negative(entry, rest, seen, glossary)):
        return said
    if entry.keep_with_gloss:
        if entry.word in seen or in_brackets or _glossed(entry, glossary):
            return entry.word, 0  # no gloss inside a bracket: （警戒レベル4（…）） is unreadable
        number = _NUMBER_NAME.match(rest)  # 警戒レベル4（…）, 台風第10号（…）: the gloss goes after the number
        digits = number.group(0) if number else ""
        head = "" if digits else _compound_head(rest)
        if head is None:
            return entry.word, 0  # 震度計: a gloss would split the word from its suffix; the next 震度 has it
        seen.add(entry.word)
        glossary.append((entry.word, entry.easy))
        gloss = entry.easy.replace(" ", "")
        if gloss.endswith(("ません", "ます")) and rest.startswith("です"):
            return f"{entry.word}です（{gloss}）", 2  # 無料です（お金は 要りません）: a sentence glosses a sentence
        return f"{entry.word}{digits}（{gloss}）{head}", len(digits)
    if entry.c_type or verb_type(entry.easy.replace(" ", "")):
        return _verb(entry, rest, item, listed)
    return _noun(entry, rest)


def _compound_head(rest: str) -> str | None:
    """What joins a glossed term to the noun written against it: 地震体験 → 地震（ゆれ）の 体験, since
    「地震（ゆれ）体験」 cuts one word in two; None before a suffix (震度計), "" when nothing follows."""
    if not _KANJI.match(rest):
        return ""
    first = tokenize(rest)[0]
    return "の" if first.pos1 == "名詞" and len(first.surface) >= 2 and _KANJI.match(first.surface) else None


def _glossed(entry: Entry, glossary: list[tuple[str, str]]) -> bool:
    """The same gloss given already: 指定避難所 after 避難所（にげる ところ） tells the reader nothing new."""
    return any(gloss == entry.easy for _, gloss in glossary)


def _is_verb_entry(entry: Entry) -> bool:
    return not entry.keep_with_gloss and bool(entry.c_type or verb_type(entry.easy.replace(" ", "")))


def _case(before: str, tokens: list[Token], entry: Entry, replacement: str, nominal: bool = False,
          cause: bool = False) -> str:
    """The text before a replaced word, its last particle fitted to the verb that replaced a noun.

    家具の転倒 → 家具が たおれる こと; ごみの収集 → ごみを あつめる こと; 工事を延期 → 工事の 日を のばす;
    道路の冠水で (``cause``: said as a clause) → 道が 水に つかって.
    """
    if cause and "が " not in entry.easy and before.endswith("の") and len(tokens) >= 2 \
            and tokens[-1].surface == "の" and does(tokens[-2]):
        return before[:-1] + "が"
    if before.endswith("を") and not _is_verb_entry(entry) and replacement[:-1] == entry.easy.replace(" ", "") \
            and replacement.endswith(("を", "が")):
        return before[:-1] + "の"  # 猶予を申請できます → 猶予の 申し込みが できます (one を per verb)
    if entry.no and before.endswith("の") and len(tokens) >= 2 and tokens[-1].surface == "の" \
            and (does(tokens[-2]) or (entry.no in ("に", "で") and _place(tokens[-2]))):
        return before[:-1] + entry.no  # 資源物の収集日 → 資源物を あつめる 日 (市の飲料水 stays の: no note)
    if before.endswith("の") and len(tokens) >= 2 and tokens[-1].surface == "の" and _time(tokens[-3:-1]) \
            and _starts_with_verb(replacement):
        # 来週の収集日 → 来週 あつめる 日: a time says when the verb happens; a time that is no step from
        # now takes に (年末の収集日 → 年末に あつめる 日)
        return before[:-1] + ("" if _RELATIVE_TIME.match(tokens[-2].surface) else "に")
    if before.endswith(("からの", "での", "への")) and _starts_with_verb(replacement):
        return before[:-1]  # 屋根からの落雪 → 屋根から 落ちて くる 雪
    if not before.endswith(("の", "を", "が")) or not _is_verb_entry(entry) or len(tokens) < 2 \
            or replacement == entry.noun:
        return before
    noun, particle = tokens[-2], tokens[-1]
    if particle.surface == "が":
        return before[:-1] + entry.ga if entry.ga else before
    if particle.surface == "の" and noun.surface in ("で", "へ", "から", "まで", "と"):
        return before[:-1]  # 一人での避難 → 一人で にげる こと
    if particle.surface == "を" and "を" in entry.easy:
        return before[:-1] + "の"  # the easy phrase brings its own object
    if particle.surface != "の" or _INNER_PARTICLE.search(entry.easy) or not (nominal or replacement.endswith(_VERBAL)):
        return before
    compound = len(tokens) >= 3 and tokens[-3].pos1 == "名詞"
    if noun.pos1 not in ("名詞", "接尾辞") or noun.pos2 in ("固有名詞", "数詞") \
            or (_when(noun) and not compound):
        return before  # 来週の開催 is a time, not the one who acts (but 収集日の変更 is a thing)
    # a heading says the change itself (収集日の変更 → 日が かわります), with the verb's intransitive pair
    intransitive = entry.intransitive or (bool(entry.passive) and not replacement.endswith(("こと", "ときは")))
    return before[:-1] + ("が" if intransitive else "を")


def does(noun: Token) -> bool:
    """A noun that can be the object or subject of a verb: not a time, a number or a place (来週の, 見沼区の)."""
    return noun.pos1 in ("名詞", "接尾辞") and noun.pos2 not in ("固有名詞", "数詞") \
        and not _when(noun) and not noun.pos3.startswith("助数詞") \
        and not noun.surface.endswith(("市", "区", "町", "村"))


# times counted from now (来週, 今月, 毎年, あした) say when without a particle; 年末, 週末, 夜 take に
_RELATIVE_TIME = re.compile(r"^(?:[今来先昨毎翌明前次]|再来|きょう|あした|あさって|きのう|こん|らい|まい)")


def _time(tokens: list[Token]) -> bool:
    """来週, あした, 年末 (the last of ``tokens``): a time word of its own, not a date with a number and not the
    head of a compound (収集日)."""
    *before, noun = tokens
    glued = bool(before) and before[-1].end == noun.start and before[-1].pos1 in ("名詞", "接尾辞")
    return noun.pos1 == "名詞" and _when(noun) and noun.pos2 != "数詞" and not glued


# times of day unidic tags as plain nouns, not 副詞可能: 夜間の避難 is fleeing at night, not the night fleeing
_WHEN_WORDS = {"夜間", "日中"}
# nouns unidic tags 副詞可能 that say which or how many, not when: 他の利用者 is 「ほかの 使う 人」 (「他に 使う
# 人」 read 他 as a time, like 来週の)
_WHICH_WORDS = {"他", "ほか", "外", "以外", "全員", "一部", "全部", "全体", "大半", "半分", "多く", "皆", "みんな"}


def _when(noun: Token) -> bool:
    return (noun.pos3 == "副詞可能" and noun.surface not in _WHICH_WORDS) or noun.surface in _WHEN_WORDS


def _place(noun: Token) -> bool:
    """見沼区の住民 → 見沼区に 住んで いる 人, 市の職員 → 市で 働いて いる 人: where one is, never an object."""
    return noun.pos1 in ("名詞", "接尾辞") and (noun.pos3 == "地名" or noun.surface.endswith(("市", "区", "町", "村")))


def _names_subject(tokens: list[Token], since: int) -> bool:
    """A thing marked by は or が after ``since`` (路線バスは): not a time (きょうは) or a place (市内では); and no
    object marked by を, which the verb acts on (「この 期間は、水道を 止めます」: 停止 said of what it stops)."""
    if any(t.surface == "を" and t.pos1 == "助詞" and t.start > since for t in tokens):
        return False
    return any(t.surface in ("は", "が") and t.pos1 == "助詞" and t.start > since and does(noun)
               for noun, t in itertools.pairwise(tokens))


def _starts_with_verb(phrase: str) -> bool:
    """あつめる 日, and 外に 出る, 水を くばる: a verb, or one noun and its own particle before the verb."""
    tokens = tokenize(phrase)
    k = 2 if len(tokens) > 2 and tokens[0].pos1 == "名詞" and tokens[1].pos1 == "助詞" and tokens[1].surface != "の" \
        else 0
    return len(tokens) > k and tokens[k].is_verb


def _glued(token: Token | None) -> bool:
    """A kanji noun written against the word: part of one compound with it (times and numbers are not)."""
    return token is not None and token.pos1 in ("名詞", "接尾辞") and bool(_KANJI.search(token.surface)) \
        and (token.pos3 != "副詞可能" or token.surface in _HEADS) and token.pos2 != "数詞" \
        and not token.pos3.startswith("助数詞")  # 2か月程度: a counter, not a compound


def _adverb(entry: Entry) -> bool:
    """至急 → すぐに: a noun said as an adverb (通行止めに → 通れない ように is the word's own に)."""
    return entry.easy.endswith("に") and not entry.word.endswith("に")


def _compound(tokens: list[Token], i: int, end: int, entry: Entry) -> tuple[str, int] | None:
    """None when the word is part of a compound name (国民健康保険, 交通安全運動: replacing 健康 or 安全 inside
    them garbles the name); else what replaces the compound's head noun, and its length.

    A verb may still modify a plain head noun: 給水時間 → 水を くばる 時間, 停電中 → 電気が 止まる あいだ.
    """
    if _adverb(entry):  # 至急提出 → すぐに 出す: an adverb is never part of a name
        return "", 0
    last = next((t for t in tokens[i:] if t.end == end), tokens[i])
    if _kanji_prefix(tokens[i - 1] if i else None, tokens[i]):
        return None  # 再発行, 未使用, 全世帯: 「再 出す」 is no word
    before = tokens[i - 1] if i and tokens[i - 1].end == tokens[i].start and _glued(tokens[i]) else None
    if before is not None and (said := words().get(before.surface)) and _adverb(said):
        before = None
    if before is not None and (_counter_or_name(tokens[:i - 1]) if before.pos1 == "接尾辞"
                               else before.pos2 == "固有名詞"):
        before = None  # 1週間程度, 芝川沿い: a counter or a name before the word does not make one compound
    after = next((t for t in tokens[i:] if t.start == end), None) if _glued(last) else None
    if entry.keep_with_gloss or not (_glued(before) or _glued(after)):
        return "", 0
    if _glued(before) or after is None or after.surface not in _HEADS or not _is_verb_entry(entry):
        return None
    if _glued(next((t for t in tokens if t.start == after.end), None)):
        return None  # 利用者カード: the head is itself part of a longer name (not 「使う 人カード」)
    return _HEADS[after.surface], len(after.surface)


def _kanji_prefix(prefix: Token | None, word: Token) -> bool:
    """A kanji prefix written against the word (再, 未, 全), which the word list does not say itself (各 is それぞれの,
    ご and お go with the word)."""
    return prefix is not None and prefix.pos1 == "接頭辞" and prefix.end == word.start \
        and bool(_KANJI.fullmatch(prefix.surface)) and prefix.surface not in words()


def _counter_or_name(tokens: list[Token]) -> bool:
    """The token before a suffix is a number or a name (1週間, 芝川沿い); 自転車保管所 is one compound."""
    return not tokens or tokens[-1].pos2 in ("数詞", "固有名詞")


def _unmodified(tokens: list[Token], i: int) -> bool:
    """Nothing before token ``i`` says which one: the sentence starts there, or a particle other than の ends before."""
    if i == 0 or tokens[i - 1].end != tokens[i].start:
        return True
    prev = tokens[i - 1]
    return prev.pos1 == "補助記号" or (prev.pos1 == "助詞" and prev.surface != "の")


def _match(text: str, token: Token, ends: set[int]) -> Entry | None:
    for word in word_matcher().candidates(text, token.start):
        if token.start + len(word) in ends:
            return words()[word]
    return None


def _noun_said_as_verb(entry: Entry, token: Token) -> str:
    """A noun entry written as its verb (受け付けます, 届け出て): the entry's own verb in the same form, since
    the noun (受付, 届け出) takes no verb ending; "" for anything else."""
    if not entry.verb or _is_verb_entry(entry) or not token.is_verb or token.surface != entry.word \
            or not token.c_form.startswith("連用形"):
        return ""
    verb = entry.verb.replace(" ", "")
    return conjugate(verb, verb_type(verb), "masu")


def replace_words(text: str, glossary: list[tuple[str, str]], seen: set[str], *, item: bool = False) -> str:
    """``text`` with listed words replaced; glossed key terms are appended to ``glossary`` once.

    ``item``: the text is a list item (・返却), a noun phrase rather than a heading.
    """
    tokens = tokenize(text)
    ends = {t.end for t in tokens}
    offices = [m.span() for m in _OFFICE.finditer(text)]
    out: list[str] = []
    pos = 0
    for i, token in enumerate(tokens):
        if token.start < pos or any(a <= token.start < b for a, b in offices):
            continue
        entry = _match(text, token, ends)
        if entry is None:
            continue
        start = token.start
        if said := _noun_said_as_verb(entry, token):  # 受け付けます → うけつけます, not 「受付ます」
            out += [text[pos:start], said]
            pos = token.end
            continue
        if i and tokens[i - 1].pos1 == "接頭辞" and tokens[i - 1].surface in ("ご", "お") \
                and not entry.keep_with_gloss:
            start = tokens[i - 1].start  # ご利用 → 使う: the honorific prefix goes with the word
        end = token.start + len(entry.word)
        if entry.easy in _NEEDS_MODIFIER and _unmodified(tokens, i):
            continue  # 場所には… → 「ところには…」 says no place: the word stays
        if _NUMBERED.search(text, 0, start):
            continue  # 第2駐車場, 第1会議室: a numbered name (「第2車を とめる ところ」 takes the number off it)
        head = _compound(tokens, i, end, entry)
        if head is None:
            continue
        before = text[:start]
        if entry.bare and _names_subject(tokens[:i], before.rfind("。")):
            entry = dataclasses.replace(entry, easy=entry.bare)  # 路線バスは 運休します → バスは 止まります
        in_brackets = before.count("（") > before.count("）")
        listed = text[start - 1:start] == "・"
        replacement, absorbed = _render(entry, text[end:], seen, glossary, in_brackets, item, listed)
        nominal = text.startswith(("には", "までに"), end + absorbed) or replacement.endswith("ときは")
        cause = not entry.keep_with_gloss and _cause(entry, text[end:]) is not None
        out.append(_case(text[pos:start], [t for t in tokens[:i] if t.end <= start], entry, replacement, nominal,
                         cause))
        out.append(replacement + head[0])
        pos = end + max(absorbed, head[1])
    out.append(text[pos:])
    return "".join(out)
