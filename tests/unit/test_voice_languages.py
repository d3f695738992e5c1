"""Voice text in the languages num2words has no rules for (Chinese, Nepali, Tagalog, Burmese), and
clock times in the ones it has (num2words spells numbers, not times).

Real lines as the structured templates write them (Babel's dates and times in each locale) and as
a city's own translation might, with what a listener should hear.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notifier.notices.model import parse_notice
from notifier.rendering import voice_intl, voice_tl
from notifier.rendering.render import render_notice
from notifier.rendering.variants import VARIANTS
from notifier.rendering.voice import voice_ssml, voice_text
from tests.notice_examples import notice

SSML_NS = "{http://www.w3.org/2001/10/synthesis}"

CASES = [
    # Each ends as its script ends a sentence: 。 in Chinese, ။ in Burmese.
    # Chinese: years digit by digit with 〇, the rest as numbers; 两 for two o'clock.
    # NFKC's ASCII colon and comma become Chinese marks again (not the ", " between a phone's digit groups)
    ("zh-Hans", "发布时间:2026年11月24日星期二 15:30", "发布时间：二〇二六年十一月二十四日星期二 十五点三十分。"),
    ("zh-Hans", "2026-11-24", "二〇二六年十一月二十四日。"),
    ("zh-Hans", "下午2:00开始", "下午两点开始。"),
    ("zh-Hans", "凌晨4:05发生了地震", "凌晨四点零五分发生了地震。"),
    ("zh-Hans", "3:30 PM", "下午三点三十分。"),
    ("zh-Hans", "震级5.4", "震级五点四。"),
    ("zh-Hans", "湿度80% 气温35℃", "湿度百分之八十 气温三十五摄氏度。"),
    ("zh-Hans", "10~20人", "十至二十人。"),
    ("zh-Hans", "12,345元", "一万二千三百四十五元。"),
    ("zh-Hans", "警戒等级4", "警戒等级四。"),
    ("zh-Hant", "發布時間:2026年11月24日 星期二 下午3:30",
     "發布時間：二〇二六年十一月二十四日 星期二 下午三點三十分。"),
    ("zh-Hant", "規模5.4", "規模五點四。"),
    ("zh-Hant", "12,345元", "一萬二千三百四十五元。"),
    ("zh-Hant", "諮詢電話:048-840-2218", "諮詢電話：〇 四 八, 八 四 〇, 二 二 一 八。"),
    # Nepali: Devanagari number words; the part of the day with 12-hour times.
    ("ne", "जारी समय: 2026 नोभेम्बर 24, मङ्गलबार 15:30",
     "जारी समय: दुई हजार छब्बिस नोभेम्बर चौबिस, मङ्गलबार दिउँसो तिन बजेर तिस मिनेट."),
    ("ne", "सुरु: 9:00", "सुरु: बिहान नौ बजे."),
    ("ne", "सुरु: बिहान 9:00", "सुरु: बिहान नौ बजे."),  # the part of the day said once
    ("ne", "तह ४ स्थानान्तरण आदेश", "तह चार स्थानान्तरण आदेश."),
    ("ne", "म्याग्निच्युड: 5.4", "म्याग्निच्युड: पाँच दशमलव चार."),
    ("ne", "1,00,000 रुपैयाँ", "एक लाख रुपैयाँ."),
    ("ne", "50% छुट", "पचास प्रतिशत छुट."),
    ("ne", "फोन 048-829-1111", "फोन शुन्य चार आठ, आठ दुई नौ, एक एक एक एक."),
    # Tagalog: Spanish-derived clock and dates; Tagalog numbers otherwise.
    ("tl", "Inilabas noong Martes, Nobyembre 24, 2026 3:30 PM",
     "Inilabas noong Martes, Nobyembre bente-kuwatro, dos mil bente-sais alas-tres y medya ng hapon."),
    ("tl", "Mula 9:00 AM hanggang 12:00 PM", "Mula alas-nuwebe ng umaga hanggang alas-dose ng tanghali."),
    ("tl", "Bukas ng 1:15 PM", "Bukas ng ala-una kinse ng hapon."),
    ("tl", "Sarado 22:45", "Sarado alas-diyes kuwarenta'y singko ng gabi."),
    ("tl", "Lindol 3:05 AM", "Lindol alas-tres y singko ng madaling-araw."),
    ("tl", "Bukas 8:00 ng umaga", "Bukas alas-otso ng umaga."),
    ("tl", "Antas 4 Utos na lumikas", "Antas apat Utos na lumikas."),
    ("tl", "ika-24 ng Nobyembre", "ika-dalawang pu't apat ng Nobyembre."),
    ("tl", "Sa ika-3, magsasara", "Sa ika-tatlo, magsasara."),
    ("tl", "Magnitude: 5.4", "Magnitude: lima tuldok apat."),
    ("tl", "Tumawag sa 048-829-1111", "Tumawag sa sero apat walo, walo dalawa siyam, isa isa isa isa."),
    # Burmese: Burmese number words, Burmese digits read too; the part of the day with times.
    ("my", "ထုတ်ပြန်ချိန် - 2026 နိုဝင်ဘာ 24 အင်္ဂါ 15:30",
     "ထုတ်ပြန်ချိန် - နှစ်ထောင့်နှစ်ဆယ်ခြောက် နိုဝင်ဘာ နှစ်ဆယ်လေး အင်္ဂါ ညနေ သုံးနာရီ သုံးဆယ်မိနစ်။"),
    ("my", "၂၀၂၆ ခုနှစ်", "နှစ်ထောင့်နှစ်ဆယ်ခြောက် ခုနှစ်။"),
    ("my", "စတင်ချိန် - 9:00", "စတင်ချိန် - မနက် ကိုးနာရီ။"),
    ("my", "ပြင်းအား - 5.4", "ပြင်းအား - ငါးဒသမလေး။"),
    ("my", "ဖုန်း 048-829-1111", "ဖုန်း သုည လေး ရှစ်, ရှစ် နှစ် ကိုး, တစ် တစ် တစ် တစ်။"),
]


# Clock times as Babel writes them in each locale (09:00, 09.00 in Indonesian, AM 9:00 in Korean).
CLOCKS = [
    ("vi", "Từ: Thứ Năm, 3 tháng 12, 2026 09:00",
     "Từ: Thứ Năm, ba tháng mười hai, hai nghìn không trăm hai mươi sáu chín giờ."),
    ("vi", "Đến 15:30", "Đến mười lăm giờ ba mươi phút."),
    ("es", "Desde las 9:00 hasta las 13:05", "Desde las nueve horas hasta las trece horas y cinco minutos."),
    ("es", "A la 1:00", "A la una hora."),
    ("pt-BR", "Início: 09:00", "Início: nove horas."),
    ("pt-BR", "Das 1:00 às 22:30", "Das uma hora às vinte e duas horas e trinta minutos."),
    ("pt-BR", "Às 2:00", "Às duas horas."),
    ("id", "Mulai: Kamis, 03 Desember 2026 09.00.",
     "Mulai: Kamis, tiga Desember dua ribu dua puluh enam pukul sembilan."),
    ("id", "Sampai pukul 15.30", "Sampai pukul lima belas lewat tiga puluh menit."),  # pukul said once
    # the locale's own number marks: grouping dots and a decimal comma
    ("id", "Harga 1.500 rupiah", "Harga seribu lima ratus rupiah."),
    ("es", "Magnitud 5,4; 12.000 personas", "Magnitud cinco punto cuatro; doce mil personas."),
    ("pt-BR", "Nível 4 - 2,5 m", "Nível quatro - dois vírgula cinco m."),
    ("vi", "Có 1.200 người", "Có một nghìn hai trăm người."),
    # percent and degrees in words
    ("es", "Temperatura 35°C, humedad 80%", "Temperatura treinta y cinco grados Celsius, humedad ochenta por ciento."),
    ("vi", "Nhiệt độ 35°C", "Nhiệt độ ba mươi lăm độ C."),
    ("ko", "습도 80%", "습도 팔십 퍼센트."),
    ("th", "อุณหภูมิ 35°C", "อุณหภูมิ สามสิบห้า องศาเซลเซียส"),
    ("vi", "Cấp độ 5,4", "Cấp độ năm phẩy bốn."),  # not num2words' padded "bốn mươi"
    ("vi", "2,05 m", "hai phẩy không năm m."),
    ("vi", "Năm 2006, 3.050 người", "Năm hai nghìn không trăm lẻ sáu, ba nghìn không trăm năm mươi người."),
    # yen as the officer writes it, before or after the amount; a postal code digit by digit
    ("es", "Costo: ¥1,000 o 2,000円", "Costo: mil yenes o dos mil yenes."),
    ("ko", "비용 1,000円", "비용 천 엔."),
    ("zh-Hans", "费用¥1,500", "费用一千五百日元。"),
    ("en", "〒330-9588 Saitama", "postal code three three zero, nine five eight eight, Saitama."),
    ("pt-BR", "〒330-9588", "código postal três três zero, nove cinco oito oito."),
    ("ko", "시작: 2026년 12월 3일 목요일 AM 9:00", "시작: 이천이십육 년 십이 월 삼 일 목요일 오전 아홉 시."),
    ("ko", "종료: PM 3:30", "종료: 오후 세 시 삼십 분."),
    ("ko", "오후 12:00", "오후 열두 시."),
    ("ko", "21:15 발표", "오후 아홉 시 십오 분 발표."),
    ("th", "เริ่ม: 09:00", "เริ่ม: เก้านาฬิกา"),
    ("th", "ถึง 15.30 น.", "ถึง สิบห้านาฬิกาสามสิบนาที"),  # น. is นาฬิกา, said once
    ("th", "น้ำประปาไม่ไหล", "น้ำประปาไม่ไหล"),  # SARA AM stays one character through NFKC
    # a range of two times takes the language's "to"; a date written with slashes is said as Babel writes it
    ("ko", "9:00-17:00", "오전 아홉 시부터 오후 다섯 시까지."),
    ("ko", "2026년 6월 10일, 10월 3일", "이천이십육 년 유월 십 일, 시월 삼 일."),
    ("es", "Abierto 9:00～17:30", "Abierto nueve horas a diecisiete horas y treinta minutos."),
    ("vi", "Ngày 2026/11/24", "Ngày hai mươi bốn tháng mười một, hai nghìn không trăm hai mươi sáu."),
    ("th", "09:00-12:00", "เก้านาฬิกา ถึง สิบสองนาฬิกา"),
    # a number agrees with the noun it counts; one that names something, or counts nothing, does not
    ("es", "Hay 1 refugio y 1 persona herida.", "Hay un refugio y una persona herida."),
    ("es", "21 refugios, 21 salas, 101 camiones, 1 estación, 1 día, 2 calles, 1 vez",
     "veintiún refugios, veintiuna salas, ciento un camiones, una estación, un día, dos calles, una vez."),
    ("es", "1.500 personas y 200.000 viviendas", "mil quinientas personas y doscientas mil viviendas."),
    ("es", "2.000.000 de personas", "dos millones de personas."),
    ("es", "El refugio 1 está abierto. Planta 1, sala 21",
     "El refugio uno está abierto.\nPlanta uno, sala veintiuno."),
    ("pt-BR", "Há 1 abrigo e 1 pessoa. 2 pessoas, 2 abrigos, 21 pessoas, 200 escolas, 2 estações",
     "Há um abrigo e uma pessoa.\nduas pessoas, dois abrigos, vinte e uma pessoas, duzentas escolas, duas estações."),
    ("pt-BR", "O abrigo 1 está aberto.", "O abrigo um está aberto."),
    ("pt-BR", "Domingo, 1 de dezembro de 2026", "Domingo, primeiro de dezembro de dois mil e vinte e seis."),
]


@pytest.mark.parametrize(("language", "written", "said"), CASES + CLOCKS)
def test_numbers_dates_and_times_are_said(language: str, written: str, said: str) -> None:
    assert voice_text(written, language=language) == said


@pytest.mark.parametrize("language", VARIANTS)
def test_units_yen_and_postal_codes_are_said_in_every_language(language: str) -> None:
    said = voice_text("35°C, 80%, 20°, ¥1,000, 2,000円, 〒330-9588", language=language)
    unsaid = {"%", "°", "℃", "％", "¥", "〒"} | (set() if language.startswith("ja") else {"円"})
    assert not unsaid & set(said), said


@pytest.mark.parametrize(("number", "said"), [(1, "uno"), (5, "singko"), (15, "kinse"), (20, "bente"),
                                              (24, "bente-kuwatro"), (30, "trenta"), (45, "kuwarenta'y singko"),
                                              (99, "nobenta'y nuwebe")])
def test_spanish_derived_numbers_in_filipino_spelling(number: int, said: str) -> None:
    assert voice_tl.spanish(number) == said


def test_tagalog_years_outside_this_century_are_tagalog_numbers() -> None:
    assert voice_tl.year(2000) == "dos mil" and voice_tl.year(1999) is None
    assert voice_text("Marso 2, 1999", language="tl") == "Marso dos, isang libo't siyam na daan at siyam na pu't siyam."


def test_a_number_beyond_the_rules_is_said_digit_by_digit() -> None:
    assert voice_text("9999999999999999999", language="ne") == " ".join(["नौ"] * 19) + "."


def test_phone_numbers_in_ssml_are_telephone_groups() -> None:
    for language in ("zh-Hans", "ne", "tl", "my"):
        ssml = voice_ssml(voice_text("Tel 048-829-1126", language=language), language=language)
        phones = re.findall(r'<say-as interpret-as="telephone">([0-9]+)</say-as>', ssml)
        assert phones == ["048", "829", "1126"], (language, ssml)


_PIECES = st.sampled_from(["2026年11月24日", "15:30", "3:30 PM", "下午3:30", "Nobyembre 24, 2026", "2026-11-24",
                           "048-829-1111", "5.4", "1,234", "1,00,000", "50%", "35°C", "5~10", "ika-3", "२०२६",
                           "၁၂", "๑๒", "１２", "99:99", "0", "9" * 25, ".", ",", " ", "\n"])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, language=st.sampled_from([v for v in VARIANTS if v not in ("ja", "ja-easy")]))
def test_every_number_is_said_not_dropped(text: str, language: str) -> None:
    """Stronger than the voice-text guard, which blanks any digit left: the rules leave none to blank."""
    assert not re.search(r"\d", voice_intl.normalise(text, language))


def test_a_tiny_decimal_is_said_digit_by_digit_not_crashed_on() -> None:
    """0.00000001 reaches num2words as Decimal("1E-8"), whose Indonesian rules cannot read the E."""
    said = voice_text("Kadar 0.00000001 ppm", language="id")
    assert not re.search(r"\d", said) and "satu" in said


# How each language ends a sentence in its voice text: ko keeps the full stop; Thai writes none.
STOPS = {"zh-Hans": "。", "zh-Hant": "。", "my": "။", "ko": ".", "th": ""}


@pytest.mark.parametrize("kind", ["evacuation", "earthquake", "shelter"])
async def test_rendered_voice_sentences_end_as_the_language_ends_them(kind: str, make_settings: Any) -> None:
    data = notice(kind, urgency="emergency") if kind == "earthquake" else notice(kind)
    renderings = await render_notice(parse_notice(data), settings=make_settings(), notice_url="http://todoke.test/n/x",
                                     variants=list(STOPS), formats=["voice"], audio=False)
    assert {r.variant for r in renderings} == set(STOPS)
    for rendering in renderings:
        stop = STOPS[rendering.variant]
        others = {"。", "။"} - {stop}  # another script's full stop, anywhere
        for line in rendering.text.splitlines():
            # A colon introduces the list on the following lines; ！？ are Chinese's own marks.
            assert line[-1] in stop + ":：！？!?" if stop else line[-1] not in ".。။", (rendering.variant, line)
            assert not others & set(line), (rendering.variant, line)


@pytest.mark.parametrize(("language", "written", "lines"), [
    ("zh-Hans", "请保护头部，远离可能掉落的物品。请注意余震。", ["请保护头部，远离可能掉落的物品。", "请注意余震。"]),
    ("zh-Hant", "請立即避難！注意安全", ["請立即避難！", "注意安全。"]),  # ！ survives NFKC's ASCII !
    ("zh-Hans", "准备水、食物", ["准备水、食物。"]),  # the enumeration comma is kept, not blanked
    ("zh-Hans", "Shelters open. 避难所已开放.", ["Shelters open。", "避难所已开放。"]),
    ("my", "ဝေးဝေးနေပါ။ နောက်ဆက်တွဲ ငလျင်များကို သတိထားပါ။", ["ဝေးဝေးနေပါ။", "နောက်ဆက်တွဲ ငလျင်များကို သတိထားပါ။"]),
    ("my", "ရေ၊ အစားအစာ ယူလာပါ.", ["ရေ၊ အစားအစာ ယူလာပါ။"]),
    ("ko", "즉시 피난하십시오", ["즉시 피난하십시오."]),
    ("en", "Shelters:\nOmiya school", ["Shelters:", "Omiya school."]),
    # a dotted abbreviation ends no sentence: the time, and the Thai era (Thai writes no full stop)
    ("en", "Open at 3 p.m. today. Bring water.", ["Open at three p.m. today.", "Bring water."]),
    ("th", "วันที่ 24 พฤศจิกายน ค.ศ. 2026 กรุณาอพยพ\nไปที่ศูนย์พักพิง",
     ["วันที่ ยี่สิบสี่ พฤศจิกายน ค.ศ. สองพันยี่สิบหก กรุณาอพยพ", "ไปที่ศูนย์พักพิง"]),
])
def test_each_sentence_is_a_line_ending_with_the_languages_mark(language: str, written: str, lines: list[str]) -> None:
    assert voice_text(written, language=language).splitlines() == lines


def test_the_city_pointer_ends_in_the_language_too() -> None:
    said = voice_text("详情请见 https://www.city.saitama.jp/", language="zh-Hans").splitlines()
    assert said and all(line.endswith("。") for line in said) and not re.search(r"\d|http", "".join(said))
