"""Grammar repairs after word replacement: a replaced noun often leaves 「V こと」 where a plain verb reads better.

収集となります → あつめる ことと なります → あつめます; 接種を希望する → うつ ことを したい → うちたい.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace

from notifier.rendering.easy._tagger import Token, tokenize, word_before
from notifier.rendering.easy.conjugate import Form, conjugate, verb_type
from notifier.rendering.easy.lexicon import words
from notifier.rendering.easy.replace import does

# what follows 「V こと」 → (prefix before the verb, form of the verb, what follows it)
_AFTER_KOTO: dict[str, tuple[str, Form, str]] = {
    "こととなります": ("", "masu", "ます"), "こととなりました": ("", "masu", "ました"),
    "こととなる": ("", "dict", ""), "ことをしたい": ("", "masu", "たい"),
    "ことを休みます": ("", "masu", "ません"), "ことをまた始めます": ("また", "masu", "ます"),
    "ことをします": ("", "masu", "ます"), "ことをしました": ("", "masu", "ました"),
    "ことをしましょう": ("", "masu", "ましょう"),
    "ことをしています": ("", "te", "います"), "ことをしてください": ("", "te", "ください"),
    "ことがないとき": ("", "nai", "ないとき"), "ことのお知らせ": ("", "dict", "お知らせ"),
    "ことのため": ("", "dict", "ため"),
    "ことはぜったいにありません": ("ぜったいに", "masu", "ません"),
    "ことは、しないでください": ("", "nai", "ないでください"),  # 外出は、控えてください: the act asked not to be done
    "ことはしないでください": ("", "nai", "ないでください"),
    "ことをしないでください": ("", "nai", "ないでください"),  # 接種を控えて → うつ ことを しないで → うたないで
    "ことを始めてください": ("", "masu", "始めてください"), "ことの準備": ("", "dict", "準備"),
    # 「更新の手続き」 → 「新しく する ことの 手つづき」: the act modifies the noun (新しく する 手つづき)
    "ことの手つづき": ("", "dict", "手つづき"), "ことの時間": ("", "dict", "時間"), "ことのお金": ("", "dict", "お金"),
    "ことの締め切り": ("", "dict", "締め切り"),  # 返送の期限 → 送る 締め切り
    "ことの日": ("", "dict", "日"),  # 検査の日 → しらべる 日
    "ことをする": ("", "dict", ""),  # 伐採を行う区域 → 切る ところ (not 「切る ことを する ところ」)
    "ことになります": ("", "masu", "ます"), "ことになりました": ("", "masu", "ました"),
    # 「混雑が予想されます」 → 「こむ ことが ある かもしれません」: sometimes and maybe say one thing twice
    "ことがあるかもしれません": ("", "dict", "かもしれません"),
    # 「受けさせることが 法律で 決まっています」: what one must do first, then why
    "ことが法律で決まっています": ("", "nai", "なければなりません。法律で決まっています"),
    "ことは、法律で決まっています": ("", "nai", "なければなりません。法律で決まっています"),
    "ことは法律で決まっています": ("", "nai", "なければなりません。法律で決まっています"),
    # 「申し込む ことが 必要です」 → 「…ことが 要ります」 names a thing one needs: an act one must do is
    # 「申し込まなければ なりません」
    "ことが要ります": ("", "nai", "なければなりません"),
}
# 「V ことが できます」 → the potential verb (使えます, あつめられません): shorter, and right after が too
_CAN: dict[str, tuple[Form, str]] = {"ことができます": ("masu", "ます"), "ことができません": ("masu", "ません"),
                                     "ことができなかった": ("nai", "なかった"),
                                     "ことができない": ("nai", "ない"), "ことができなく": ("nai", "なく"),
                                     "ことができる": ("dict", "")}
_PATTERN = re.compile("|".join(sorted([*_AFTER_KOTO, *_CAN], key=len, reverse=True)))


# 「規模を縮小して実施します」 → 「小さく して します」: a second する after a て-form reads as a slip
_TE_SHIMASU = re.compile(r"(?<=て)(?=します|しました)")
# 「窓口で 行う ことが できます」 → 「窓口で できます」 (する alone after a place or time particle)
_SURU_CAN = re.compile(r"(?<=[でにはも])することができ")
# 「期日前投票を する ことが できます」 → 「期日前投票が できます」: the noun itself is what can be done
# (its gloss may stand between: 期日前投票（…）を する)
_NOUN_CAN = re.compile(r"(?<=[一-龥ァ-ヶー）])をすることができ")
# 「通行止めを実施します」 → 「通れない ことを します」: what is made not to be is said 「通れなく します」
_NOT_DONE = re.compile(r"ないことを(?=します|しました|しています)")

# 「火事が おきやすい 時期に なりました」: the time of year adds a word, not a fact (おきやすく なりました)
_PRONE_TIME = re.compile(r"(?<=[ぁ-ん])(?P<ease>やす|にく)い時期(?:に|と)なりま(?P<end>す|した)")

# 「給与の支払いは 毎月25日です」 → 「給料を はらう ことは 毎月25日です」: an act is no day; the day one does it is
_DAY_OF_ACT = re.compile(r"(?<=[るうくすつぬむぶぐ])ことは、?"
                         r"(?=(?:毎月|毎週|毎年)?[^、。]{0,8}?\d{1,2}日(?:（.曜日）)?です)")


# 「荷物の 引き取りは、午後5時までです」 → 「取りに 来る ことは、…までです」: an act that runs until (or from) a
# time is told with の (取りに 来るのは、午後5時までです), as 「休むのは 3月31日までです」 is
_SPAN_OF_ACT = re.compile(r"(?<=[るうくすつぬむぶぐ])ことは"
                          r"(?=、?[^、。]{0,16}?\d{1,2}(?:時|日|日（.曜日）)(?:\d{1,2}分)?(?:まで|から)です)")


# 「入居を希望する人」 → 「入居を したい 人」: a verbal noun takes する itself (入居したい), as 参加したい does
_NOUN_WANTS = re.compile(r"(?<=[一-龥])をしたい")


def _noun_wants(text: str) -> str:
    """「(サ変 noun)を したい」 → 「(noun)したい」, 「住宅への 入居」 → 「住宅へ 入居したい」.

    A noun after a plain の (住宅の 入居を したい) keeps its を: 「住宅の 入居したい」 would not parse.
    """
    for match in reversed(list(_NOUN_WANTS.finditer(text))):
        noun = word_before(text, match.start())
        if noun is None or noun.pos3 != "サ変可能":
            continue
        # 「保険証の 再交付を したい」: a prefix goes with the noun (the whole text tells it from 記号 再)
        start = next((t.start for t in tokenize(text) if t.end == noun.start and t.pos1 == "接頭辞"), noun.start)
        before = text[:start]
        if before.endswith(("からの", "での", "への")):
            before = before[:-1]
        elif before.endswith("の"):
            continue
        text = before + text[start:match.start()] + text[match.start() + 1:]
    return text


# 「窓口の受付時間」 → 「受付の 受付の 時間」: two words with one easy form said once
# two words swapped for the same easy one (窓口の受付 → 受付の 受付): said once
_SAID_TWICE = re.compile(r"([ぁ-んァ-ヶー一-龥]{2,})の\1(?=の|[はがをにでも、。]|$)")


# an easy form ending in など (本人確認書類 → 自分の ことが わかる カードなど) after examples (保険証などの) or
# before them in brackets (（運転免許証、保険証など）): the examples say 「and others」 already
_ETC_TWICE = re.compile(r"(?P<head>などの[^、。（）]{1,20}?)など(?=[をがはもにで])|など(?=（[^（）]{1,40}など）)")


# 「税金の 申告を して ください」 → 「税金を 申告して ください」: acts whose の-noun is always what they act on
# (not 予約 or 相談: 「子どもの 予約」, 「保険の 相談」 are for, or about, the noun)
_ACT_ON = re.compile(r"の(?P<act>申告|交換|登録|修理|点検)を(?=し|する)")


def _act_on(text: str) -> str:
    """「Xの (act)を する」 → 「Xを (act)する」: one の fewer, and the thing is the verb's object."""
    for match in reversed(list(_ACT_ON.finditer(text))):
        noun = word_before(text, match.start())
        if noun is not None and does(noun):  # 来年の 申告, さいたま市の 登録: a time or a place, no object
            text = text[:match.start()] + "を" + match["act"] + text[match.end():]
    return text


def _verb_before(tokens: list[Token], end: int) -> Token | None:
    """The verb that ends at ``end``; 知ら + せる is read as one verb, 知らせる (what a list entry gives)."""
    k = next((k for k, t in enumerate(tokens) if t.end == end), None)
    if k is None:
        return None
    token = tokens[k]
    if k and token.pos1 == "助動詞" and token.base in ("せる", "させる") and tokens[k - 1].is_verb \
            and token.surface == token.base:
        verb = tokens[k - 1].surface + token.base
        return replace(token, surface=verb, start=tokens[k - 1].start, pos1="動詞", base=verb, c_type="下一段")
    return token


Said = Callable[[re.Match[str], Token], tuple[int, str]]


def _on_verb(text: str, pattern: re.Pattern[str], group: str, say: Said) -> str:
    """Each match whose ``group`` ends in a verb's dictionary form → ``say(match, verb)``: (start, words).

    The words replace the text from start to the match's end; right to left so offsets stay valid.
    """
    for match in reversed(list(pattern.finditer(text))):
        verb = _verb_before(tokenize(text), match.end(group))
        if verb is None or not verb.is_verb or verb.surface != verb.base:
            continue
        start, said = say(match, verb)
        text = text[:start] + said + text[match.end():]
    return text


# 「避難は、明るいうちに してください」 → 「にげる ことは、明るいうちに …」: the act asked for, said with its time
# (how: 「車を 使わずに、歩いて してください」, where: 「窓口で」; 「手続きを して」 asks for another act)
# 「荷物の 引き取りは、受付で お願いします」 asks for the act as much as 「…で して ください」 does
_ACT_ASKED = re.compile(r"(?P<act>)ことは、(?P<when>[^。]{1,24}?(?:[にくて]|(?<![のん])で))"
                        r"(?:してください|お願いします)")


# verbs of going somewhere: 「避難は、小学校で してください」 names where to go (小学校へ にげて), not where to flee
# about in (階段で, 車で say how)
_GO = {"にげる", "逃げる", "行く", "いく", "来る", "くる", "移る", "うつる", "もどる", "戻る", "帰る"}
_PLACE_AT = re.compile(r"(?:校|館|所|園|場|駅|家|階|上|ところ|センター|ホール|病院|受付|うけつけ|窓口|カウンター)で$")


def _act_asked(match: re.Match[str], verb: Token) -> tuple[int, str]:
    """「にげる ことは、明るいうちに して ください」 → 「明るいうちに にげて ください」 (お年寄りが → は、)."""
    when = match["when"]
    if verb.base in _GO and _PLACE_AT.search(when):
        when = when[:-1] + "へ"
    said = when + conjugate(verb.base, verb.c_type, "te") + "ください"
    subject = verb.start > 1 and match.string[verb.start - 1] == "が" and match.string[verb.start - 2] not in "、。"
    return (verb.start - 1, "は、" + said) if subject else (verb.start, said)


# 「本の返却は、他の図書館でも受け付けています」 → 「本を かえす ことは、…うけつけて います」: the office's word;
# the reader's is 「本は、他の図書館でも かえせます」
_ACCEPTED = re.compile(r"(?:(?<=[、。])|^)(?:(?P<obj>[^、。をはが]{1,12})を)?(?P<act>[^、。をはが]{1,10}?)ことは、"
                       r"(?P<where>[^、。]{1,20}?で(?:も)?)(?:うけつけ|受け付け)(?:ています|ます)")


def _accepted(match: re.Match[str], verb: Token) -> tuple[int, str]:
    """「(obj)を Vる ことは、(where)で うけつけて います」 → 「(obj)は、(where)で Vる ことが できます」."""
    topic = f"{match['obj']}は、" if match["obj"] else ""
    return match.start(), topic + match["where"] + match["act"] + "ことができます"


# 「市民の防災意識を高める」 → 「市に 住んでいる 人の 災害に そなえる 気持ちを 高める」: a chain of modifiers;
# what is meant is that people do it more: 「市に 住んでいる 人が もっと 災害に そなえるように する」
_MORE_MINDED = re.compile(r"(?:(?P<who>[^、。をはがの]{1,12}人)の)?(?P<act>[^、。をはが]{2,14}?)"
                          r"気持ちを高め(?P<end>る|ます|ましょう)")


def _more_minded(match: re.Match[str], verb: Token) -> tuple[int, str]:
    """「(who)の Vる 気持ちを 高める」 → 「(who)が もっと Vるように する」."""
    who = f"{match['who']}が" if match["who"] else ""  # no 、: 「…ため、」 is where the purpose is cut off
    end = "する" if match["end"] == "る" else "し" + match["end"]
    return match.start(), who + "もっと" + match["act"] + "ように" + end


# 「水道管が こわれる 事故が おきました」, 「電気が 止まるのが おきました」 (停電が 発生しました), 「声を かけられる
# ことが おきました」: what happened is the verb itself (水道管が こわれました, 電気が 止まりました)
_HAPPENED = re.compile(r"(?:事故|こと|の)が(?:おき|起き)(?P<end>ました|ます|ていました|ています|る|た)")
_HAPPENED_FORMS: dict[str, tuple[Form, str]] = {
    "ました": ("masu", "ました"), "ます": ("masu", "ます"), "ていました": ("te", "いました"),
    "ています": ("te", "います"), "る": ("dict", ""), "た": ("ta", "")}


def _happened(text: str) -> str:
    """「(V)ことが おきました」 → 「(V)ました」; a passive (かけられる) conjugates like an ichidan verb."""
    for match in reversed(list(_HAPPENED.finditer(text))):
        tokens = tokenize(text[:match.start()])
        if not tokens or tokens[-1].end != match.start() or tokens[-1].surface != tokens[-1].base:
            continue
        last = tokens[-1]
        if last.pos1 == "助動詞" and last.base in ("れる", "られる") and len(tokens) >= 2 and tokens[-2].is_verb:
            start, verb, kind = tokens[-2].start, tokens[-2].surface + last.base, "下一段"
        elif last.is_verb:
            start, verb, kind = last.start, last.base, last.c_type
        else:
            continue
        form, tail = _HAPPENED_FORMS[match["end"]]
        text = text[:start] + conjugate(verb, kind, form) + tail + text[match.end():]
    return text


# 「検査を 受ける」 → 「しらべる ことを 受ける」: what one receives is an act done to one (しらべて もらう)
_MORAU = {"られません": "もらえません", "られます": "もらえます", "られる": "もらえる", "られない": "もらえない",
          "なければ": "もらわなければ", "ました": "もらいました", "ません": "もらいません", "ます": "もらいます",
          "たい": "もらいたい", "た": "もらった", "て": "もらって", "る": "もらう", "ない": "もらわない"}
_RECEIVED = re.compile(rf"(?P<act>)ことを受け(?P<end>{'|'.join(sorted(_MORAU, key=len, reverse=True))})")


def _received(match: re.Match[str], verb: Token) -> tuple[int, str]:
    """「しらべる ことを 受けたい」 → 「しらべて もらいたい」; 「みて もらう ことを 受ける」 (診察) → みて もらう."""
    done = "" if verb.base == "もらう" else conjugate(verb.base, verb.c_type, "te")
    return verb.start, done + _MORAU[match["end"]]


# 「申請を しなければ なりません」 → 「申し込みを しなければ…」: a noun the word list gives a verb for is said
# with that verb (申し込まなければ なりません); after の (大きいごみの 申し込みを して) the noun stays
_NOUN_SURU: dict[str, tuple[Form, str]] = {
    "しなければ": ("nai", "なければ"), "しないで": ("nai", "ないで"), "しない": ("nai", "ない"),
    "してください": ("te", "ください"), "しました": ("masu", "ました"), "します": ("masu", "ます"),
    "しません": ("masu", "ません"), "して": ("te", ""), "した": ("ta", ""), "する": ("dict", "")}


@functools.cache
def _noun_verbs() -> dict[str, str]:
    """The word list's nouns that have a verb of their own (申し込み → 申し込む)."""
    return {e.easy.replace(" ", ""): e.verb.replace(" ", "") for e in words().values() if e.verb}


@functools.cache
def _noun_suru() -> re.Pattern[str]:
    nouns, endings = (sorted(words, key=len, reverse=True) for words in (_noun_verbs(), _NOUN_SURU))
    return re.compile(rf"(?<![のを])(?P<noun>{'|'.join(nouns)})を(?P<end>{'|'.join(endings)})")


def _noun_as_verb(match: re.Match[str]) -> str:
    verb = _noun_verbs()[match["noun"]]
    form, tail = _NOUN_SURU[match["end"]]
    return conjugate(verb, verb_type(verb), form) + tail


# 「予約は、電話で うけつけて います」, 「戸籍の とどけは、区役所の 夜間休日受付で うけつけます」: the office's word
# (うけつけ twice); what the reader learns is that they can do it there, or hand it in there
_TAKEN = re.compile(r"(?:(?<=[、。])|^)(?P<what>[^、。をはが]{1,20})は、(?P<where>[^、。]{1,30}?)で"
                    r"(?:うけつけ|受け付け)(?:ています|ます)")
_PAPERS = ("届け出", "とどけ", "届", "紙", "書", "票", "書類")


def _taken(match: re.Match[str]) -> str:
    """「(paper)は、(where)に 出せます」, 「(act)は、(where)で できます」; anything else stays."""
    what, where = match["what"], match["where"]
    if what.endswith(_PAPERS):
        return f"{what}は、{where}に出せます"
    if tokenize(what)[-1].pos3 == "サ変可能" or what in _noun_verbs():
        return f"{what}は、{where}でできます"
    return match.group(0)


def _verb_phrase_start(text: str, verb: Token) -> int:
    """Where an adverb goes before ``verb``: before the noun of 説明する (ぜったいに 説明しません), and before the
    お or ご the noun has (ぜったいに お願いしません, not 「お願い ぜったいに しません」)."""
    if verb.base != "する":
        return verb.start
    tokens = tokenize(text)
    k = next((k for k, t in enumerate(tokens) if t.start == verb.start), 0)
    noun = tokens[k - 1] if k >= 1 and tokens[k - 1].end == verb.start else None
    honorific = k >= 2 and tokens[k - 2].surface in ("お", "ご") and tokens[k - 2].pos1 == "接頭辞"
    if noun is None or not (noun.pos3 == "サ変可能" or (honorific and noun.is_verb)):  # お願いする: お + 願い
        return verb.start
    return tokens[k - 2].start if honorific else noun.start


# 「電話での 予約を して ください」: で says how the act is done, so it goes with the verb (電話で 予約を して);
# での makes the act a noun with a modifier, said with a second verb (する)
_WAY_OF_ACT = re.compile(r"(?<=[一-龥ァ-ヶー])での(?=(?P<act>[一-龥ァ-ヶー]{2,6}|申し込み|手つづき)を"
                         r"(?:し|する|します|しましょう))")
# 「全員が にげるのが おわりました」 (全員の避難が完了しました): a clause with its own subject, then the が of
# what ended, says が twice; the act and its end are one verb (にげおわりました)
_ENDED = re.compile(r"のが(?P<end>おわり|終わり|おわる|終わる|おわっ|終わっ)")


def _ended(text: str) -> str:
    for match in reversed(list(_ENDED.finditer(text))):
        verb = word_before(text, match.start())
        if verb is None or not verb.is_verb or verb.surface != verb.base:
            continue
        clause = re.split(r"[、。]", text[:verb.start])[-1]
        subject = any(t.surface == "が" and t.pos1 == "助詞" for t in tokenize(clause))
        if subject:
            stem = conjugate(verb.base, verb.c_type, "masu")
            text = text[:verb.start] + stem + match["end"] + text[match.end():]
    return text


def tidy(text: str) -> str:
    """``text`` with 「V こと + と なります / を したい …」 said with the verb itself."""
    text = _act_on(_noun_wants(_SAID_TWICE.sub(r"\1", _ETC_TWICE.sub(r"\g<head>", text))))
    text = _SURU_CAN.sub("でき", _TE_SHIMASU.sub("や", text)).replace("てやします", "てやります") \
        .replace("てやしました", "てやりました")
    # 備蓄しています → ためて おいて います: what was put by and is there now is ためて あります
    text = _NOUN_CAN.sub("ができ", text).replace("ておいています", "てあります")
    text = _SPAN_OF_ACT.sub("のは", _DAY_OF_ACT.sub("日は", _NOT_DONE.sub("なく", text)))
    text = _PRONE_TIME.sub(r"\g<ease>くなりま\g<end>", text)
    for pattern, say in ((_ACT_ASKED, _act_asked), (_ACCEPTED, _accepted), (_MORE_MINDED, _more_minded),
                        (_RECEIVED, _received)):
        text = _on_verb(text, pattern, "act", say)
    text = _TAKEN.sub(_taken, _noun_suru().sub(_noun_as_verb, _happened(_ended(_WAY_OF_ACT.sub("で", text)))))
    for match in reversed(list(_PATTERN.finditer(text))):  # right to left: earlier offsets stay valid
        verb = _verb_before(tokenize(text), match.start())  # whole text: context decides
        if verb is None or not verb.is_verb or verb.surface != verb.base:
            continue
        said = match.group(0)
        if said in _CAN:
            if verb.c_type.startswith("サ行変格") or text[verb.start - 1:verb.start] == "・":
                continue  # 投票を する ことが できます: 「できます」 alone would drop the verb's object marker;
                # 「かりる こと・かえす ことが できません」: the last of a list is not its only act
            potential = conjugate(verb.base, verb.c_type, "potential")
            form, tail = _CAN[said]
            text = text[:verb.start] + conjugate(potential, "下一段", form) + tail + text[match.end():]
            continue
        prefix, form, tail = _AFTER_KOTO[said]
        before = text[:_verb_phrase_start(text, verb) if prefix else verb.start]
        if said.startswith("ことは"):  # 「職員が …ことは ありません」: the clause's subject is now the sentence's
            before = re.sub(r"が、(?=[^。、]*$)", "は、", before)
        text = before + prefix + text[len(before):verb.start] + conjugate(verb.base, verb.c_type, form) + tail \
            + text[match.end():]
    return text
