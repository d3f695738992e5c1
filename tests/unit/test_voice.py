"""Voice text and SSML: hand-written original → spoken pairs, and the invariants as properties.

Pairs are compared without spaces: where the spaces fall between words is cosmetic (a speech
engine ignores them), what is said is not.
"""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from notifier.rendering.variants import VARIANTS
from notifier.rendering.voice import voice_ssml, voice_text
from notifier.rendering.voice_readings import engine_kana, overrides

POINTER = ("くわしくは、しやくしょに でんわ してください。"
           "でんわばんごうは、ゼロ よん はち、はち に きゅう、いち いち いち いち です。")
SSML_NS = "{http://www.w3.org/2001/10/synthesis}"

JAPANESE = [
    # dates
    ("2026年11月24日", "にせんにじゅうろくねん じゅういちがつ にじゅうよっか。"),
    ("11月1日（日）", "じゅういちがつ ついたち にちようび。"),
    ("2026/12/20", "にせんにじゅうろくねん じゅうにがつ はつか。"),
    ("令和8年4月10日", "令和 はちねん しがつ とおか。"),
    ("3/14（土）", "さんがつ じゅうよっか どようび。"),
    ("6月6日から8日まで", "ろくがつ むいか から ようか まで。"),
    # times
    ("15:30", "ごご さんじ さんじゅっぷん。"),
    ("午後3時30分", "ごご さんじ さんじゅっぷん。"),
    ("9:00〜17:00", "ごぜん くじ から ごご ごじ まで。"),
    ("午前10時", "ごぜん じゅうじ。"),
    ("3時間", "さんじかん。"),
    ("1時間に50mm", "いちじかん に ごじゅうミリ。"),
    ("6分", "ろっぷん。"),
    # phone numbers, digit by digit with pauses
    ("048-829-1111", "ゼロ よん はち、はち に きゅう、いち いち いち いち。"),
    ("電話 048-829-1126", "電話 ゼロ よん はち、はち に きゅう、いち いち に ろく。"),
    ("0120-123-456", "ゼロ いち に ゼロ、いち に さん、よん ご ろく。"),
    ("03(1234)5678", "ゼロ さん、いち に さん よん、ご ろく なな はち。"),
    ("048-829-1111まで", "ゼロ よん はち、はち に きゅう、いち いち いち いち、まで。"),
    ("#7119に電話", "シャープ なな いち いち きゅう、に電話。"),
    ("110番", "ひゃくとおばん。"),
    # amounts and other numbers
    ("1,500円", "せんごひゃくえん。"),
    ("参加費 3,000円", "参加費 さんぜんえん。"),
    ("10,000円", "いちまんえん。"),
    ("1.5メートル", "いってんごメートル。"),
    ("3人", "さんにん。"),
    ("5か所", "ごかしょ。"),
    ("3階", "さんがい。"),
    ("震度5弱", "震度 ごじゃく。"),
    ("台風第10号", "台風 だいじゅうごう。"),
    ("警戒レベル4", "警戒レベル よん。"),
    # ranges
    ("10日〜12日", "とおか から じゅうににち まで。"),
    ("月曜〜金曜", "月曜 から 金曜 まで。"),
    ("受付時間：9:00-17:00", "受付時間は、ごぜん くじ から ごご ごじ まで。"),
    ("受付は9時～17時までです。", "受付は くじ から じゅうしちじ までです。"),
    ("12月1日（月）～12月5日（金）です。",
     "じゅうにがつ ついたち げつようび から じゅうにがつ いつか きんようび までです。"),
    ("12月1日〜5日の間、休みます。", "じゅうにがつ ついたち から いつか の間、休みます。"),
    # 〒, ％, ℃, ※
    ("〒330-9588", "ゆうびんばんごう、さん さん ゼロ の きゅう ご はち はち。"),
    ("〒330-9588 さいたま市浦和区常盤6-4-4",
     "ゆうびんばんごう、さん さん ゼロ の きゅう ご はち はち、さいたま市浦和区常盤 ろく の よん の よん。"),
    ("降水確率80％", "降水確率 はちじゅっパーセント。"),
    ("5%", "ごパーセント。"),
    ("最高気温35℃", "最高気温 さんじゅうごど。"),
    ("体温37.5度以上", "体温 さんじゅうななてんごど 以上。"),
    ("※雨天中止", "ちゅうい、雨天中止。"),
    # brackets and symbols
    ("「避難所」に行ってください", "避難所に行ってください。"),
    ("【重要】断水のお知らせ", "重要、断水のお知らせ。"),
    ("避難所（小学校の体育館）", "避難所、小学校の体育館。"),
    ("避難（ひなん）してください", "避難してください。"),
    ("日時：11月3日", "日時は、じゅういちがつ みっか。"),
    ("★ごみ・資源の日", "ごみ、資源の日。"),
    ("大雨⚠️注意", "大雨 注意。"),
    # URLs become the spoken pointer
    ("詳しくは https://www.city.saitama.lg.jp/ をご覧ください。", POINTER),
    ("案内はこちら：ｈｔｔｐｓ：／／example.jp", POINTER),
    ("問い合わせ先 bousai@city.example.jp", "問い合わせ先。\n" + POINTER),
]

ENGLISH = [
    ("Call 048-829-1111.", "Call zero four eight, eight two nine, one one one one."),
    ("Opens at 15:30 on 2026-11-24.", "Opens at three thirty p.m. on November twenty-fourth, twenty twenty-six."),
    ("Open 9:00-17:00", "Open nine a.m. to five p.m."),
    ("Fee: 1,500 yen", "Fee: one thousand, five hundred yen."),
    ("Temperature 35°C, humidity 80%", "Temperature thirty-five degrees Celsius, humidity eighty percent."),
    ("Shelter 3 of 10", "Shelter three of ten."),
    ("Go to the 2nd floor", "Go to the second floor."),
    ("Water & food (bring 3 L)", "Water and food bring three L."),
    ("See https://example.jp for details.",
     "Questions: call the city office at zero four eight, eight two nine, one one one one."),
]


def _squash(text: str) -> str:
    return text.replace(" ", "")


@pytest.mark.parametrize(("original", "expected"), JAPANESE)
def test_japanese_voice_form(original: str, expected: str) -> None:
    assert _squash(voice_text(original)) == _squash(expected)


@pytest.mark.parametrize(("original", "expected"), ENGLISH)
def test_english_voice_form(original: str, expected: str) -> None:
    assert voice_text(original, language="en") == expected


def test_other_languages_spell_numbers() -> None:
    assert voice_text("Tel 048-829-1111", language="pt-BR") == "Tel zero quatro oito, oito dois nove, um um um um."
    assert voice_text("Hay 3 refugios", language="es") == "Hay tres refugios."
    # num2words has no Chinese: CLDR's rules spell it (more in test_voice_languages.py).
    assert voice_text("电话 048-829-1111", language="zh-Hans") == "电话 〇 四 八, 八 二 九, 一 一 一 一。"


def test_emergency_key_point_first_and_repeated_at_the_end() -> None:
    text = voice_text("川の水があふれそうです。すぐに高い所へ逃げてください。", emergency=True,
                      key_point="すぐに逃げてください。")
    assert text.splitlines() == ["すぐに逃げてください。", "川の水があふれそうです。", "すぐに高い所へ逃げてください。",
                                 "くりかえします。すぐに逃げてください。"]


def test_emergency_without_key_point_repeats_the_first_sentence() -> None:
    text = voice_text("避難指示が出ました。高い所へ逃げてください。", emergency=True)
    assert text.splitlines() == ["避難指示が出ました。", "高い所へ逃げてください。",
                                 "くりかえします。避難指示が出ました。"]


def test_key_point_is_ignored_when_not_an_emergency() -> None:
    assert voice_text("雨が降ります。", key_point="傘") == "雨が降ります。"


def test_english_emergency() -> None:
    text = voice_text("Flood warning. Move to high ground now.", language="en", emergency=True,
                      key_point="Move to high ground now.")
    assert text.splitlines() == ["Move to high ground now.", "Flood warning.", "Again: Move to high ground now."]


def test_long_sentences_are_broken_into_short_lines_without_cutting_a_phone_number() -> None:
    text = voice_text("大雨のため、市内の一部の地域で、川の水位が上がっており、土砂災害の危険も高まっているので、"
                      "問い合わせは048-829-1126、危機管理課まで。")
    lines = text.splitlines()
    assert len(lines) > 1 and all(len(line) <= 60 for line in lines)
    assert any("ゼロ よん はち、はち に きゅう、いち いち に ろく" in line for line in lines)


def test_city_phone_is_the_spoken_pointer() -> None:
    text = voice_text("詳しくは https://example.jp へ", city_phone="03-1234-5678")
    assert "ゼロ さん、いち に さん よん、ご ろく なな はち" in text and "http" not in text


def test_ssml_structure_readings_and_phone_numbers() -> None:
    spoken = voice_text("東浦和と見沼区に避難指示。問い合わせは048-829-1126。")
    root = etree.fromstring(voice_ssml(spoken).encode())
    assert root.tag == f"{SSML_NS}speak" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja-JP"
    aliases = {sub.text: sub.get("alias") for sub in root.iter(f"{SSML_NS}sub")}
    assert aliases["東浦和"] == "ひがしうらわ" and aliases["見沼区"] == "みぬまく"
    phones = [e.text for e in root.iter(f"{SSML_NS}say-as") if e.get("interpret-as") == "telephone"]
    assert phones == ["048", "829", "1126"]
    assert len(list(root.iter(f"{SSML_NS}s"))) == 2 and len(list(root.iter(f"{SSML_NS}break"))) >= 4


def test_ssml_escapes_markup() -> None:
    root = ElementTree.fromstring(voice_ssml("a < b & <c> \"d\"", language="en"))
    assert "".join(root.itertext()) == "a < b & <c> \"d\""


@pytest.mark.parametrize("word", ["東浦和", "七里", "三室", "内水氾濫", "高齢者等避難", "TEL"])
def test_engine_is_given_the_override_reading(word: str) -> None:
    from notifier.rendering.voice_readings import hiragana

    expected = hiragana(overrides()[word])
    said = hiragana(engine_kana(word)).replace("ー", "")
    assert said.replace("う", "").replace("い", "") == expected.replace("う", "").replace("い", "")


_PIECES = st.sampled_from(["2026年", "11月24日", "（火）", "15:30", "048-829-1111", "〒330-9588", "1,500円", "80％",
                           "35℃", "〜", "※", "「", "」", "【", "】", "https://example.jp/a?b=1", "www.city.jp",
                           "避難", "してください", "。", "、", "\n", "3.5", "#7119", "１２３", "①", "😀", "&", "<",
                           "3:30 PM", "Nobyembre 24, 2026", "2026 नोभेम्बर 24", "१२", "၂၀၂၆", "๑๒", "1,00,000", "5~10",
                           "下午3:30", "25:99", "ika-3", "9999999999999999999999", "0.001", "-5°C", "50%"])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=12).map("".join)
_NO_DIGIT = re.compile(r"\d")  # a digit of any script: ASCII, full-width, Devanagari, Burmese, Thai
_A_URL = re.compile(r"https?://|www\.", re.I)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, language=st.sampled_from(VARIANTS), emergency=st.booleans())
def test_voice_text_has_no_digits_and_no_urls(text: str, language: str, emergency: bool) -> None:
    spoken = voice_text(text, language=language, emergency=emergency, key_point=text[:10] or None)
    assert not _NO_DIGIT.search(spoken), spoken
    assert not _A_URL.search(spoken), spoken


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, language=st.sampled_from(VARIANTS))
def test_ssml_always_parses(text: str, language: str) -> None:
    spoken = voice_text(text, language=language)
    for ssml in (voice_ssml(spoken, language=language), voice_ssml(text, language=language)):
        root = ElementTree.fromstring(ssml)
        assert root.tag == f"{SSML_NS}speak"


def test_a_yen_sign_before_the_amount_is_said_after_it() -> None:
    assert voice_text("手数料は¥1,000です。") == voice_text("手数料は1,000円です。")
    assert "せんえん" in voice_text("手数料は¥1,000です。")
