"""やさしい日本語 rewriting: original → expected pairs, one or more per rule."""

from __future__ import annotations

import datetime

import pytest

from notifier.rendering.easy import preserved_facts, to_easy

TODAY = datetime.date(2026, 11, 24)  # a Tuesday

PAIRS = [
    # splitting at clause boundaries, one idea per sentence
    ("te-form", "水を持って、避難所へ行ってください。",
     "水を持ってください。\n避難所（にげるところ）へ行ってください。"),
    ("node", "給水所を開設しましたので、ご利用ください。",
     "給水所（水をもらうところ）をひらきました。\n使ってください。"),
    ("tame", "雨が降っているため、電車が止まっています。", "雨が降っています。\n電車が止まっています。"),
    ("ga", "台風が近づいていますが、学校は休みではありません。",
     "台風（強い風と雨）が近づいています。\nでも、学校は休みではありません。"),
    ("renyou", "本日、公民館を開放し、水を配布します。", "きょう、公民館をあけます。\n水をくばります。"),
    # です/ます endings
    ("plain past", "電車が止まった。", "電車が止まりました。"),
    ("da", "明日は休みだ。", "あしたは休みです。"),
    ("nai", "水が出ない。", "水が出ません。"),
    ("dearu", "これは危険である。", "これは危ないです。"),
    # honorifics → plain polite
    ("itashimasu", "説明会を開催いたします。", "説明会をします。"),
    ("gozaimasu", "こちらでございます。", "こちらです。"),
    ("okoshi", "お越しください。", "来てください。"),
    ("gochui", "ご注意ください。", "気をつけてください。"),
    ("o-verb", "お待ちください。", "待ってください。"),
    ("itadakimasuyou", "ご協力いただきますようお願い申し上げます。", "協力してください。"),
    ("kata", "対象の方は、窓口へお越しください。", "対象の人は、うけつけへ来てください。"),
    # double negatives and hedges
    ("wakedewanai", "水が出ないわけではありません。", "水が出ることもあります。"),
    ("nakuwanai", "車で行けなくはない。", "車で行けます。"),
    ("zaruwoenai", "避難せざるを得ない。", "にげなければなりません。"),
    ("omowaremasu", "雨が降ると思われます。", "雨が降るかもしれません。"),
    ("osore", "川が氾濫するおそれがあります。", "川があふれるかもしれません。"),
    ("kanousei", "大雨の可能性があります。", "たくさんの雨かもしれません。"),
    # dates, 和暦, slash dates, times, ranges
    ("date weekday", "11月24日に開催します。", "11月24日（火曜日）にします。"),
    ("wareki", "令和8年11月24日から受付を開始します。",
     "2026年（令和8年）11月24日（火曜日）からうけつけをはじめます。"),
    ("slash", "11/30までに提出してください。", "11月30日（月曜日）までに出してください。"),
    ("clock", "15:30に集合してください。", "午後3時30分に集合してください。"),
    ("han", "9時半から始まります。", "午前9時30分から始まります。"),
    ("range", "受付時間は8:30〜17:15です。", "うけつけの時間は午前8時30分から午後5時15分までです。"),
    ("weekday range", "月曜日〜金曜日はお休みです。", "月曜日から金曜日まではお休みです。"),
    ("duration", "24時間受け付けます。", "24時間うけつけます。"),
    ("full width", "１１月２４日です。", "11月24日（火曜日）です。"),
    ("phone", "電話048-829-1111へ連絡してください。", "電話048-829-1111へ連絡してください。"),
    # word replacement with conjugation
    ("tadachini", "直ちに避難してください。", "すぐににげてください。"),
    ("kyusui", "午後から給水します。", "午後から水をくばります。"),
    ("yoshin", "余震に注意してください。", "あとからくる地震に気をつけてください。"),
    ("shinsei", "高齢者の方は申請してください。", "お年寄りはもうしこみをしてください。"),
    ("na-adjective", "危険な場所には近づかないでください。", "危ないところには近づかないでください。"),
    ("passive", "警報が解除されました。", "警報（危ない知らせ）がおわりました。"),
    # key terms kept with a gloss (once), lists, labels, bullets
    ("gloss once", "避難所を開設しました。避難所は小学校です。",
     "避難所（にげるところ）をひらきました。\n避難所は小学校です。"),
    ("gloss after number", "警戒レベル3です。", "警戒レベル3（危なさの数）です。"),
    ("list", "水、食料、毛布などを持ってきてください。",
     "つぎのものなどを持ってきてください。\n・水\n・食べ物\n・毛布"),
    ("place list", "西区、北区、緑区で停電しています。",
     "つぎのところで電気が止まっています。\n・西区\n・北区\n・緑区"),
    ("bullet", "・飲料水", "・飲む水"),
    ("label", "日時：11/24（火）10:00〜12:00", "いつ：11月24日（火曜日）午前10時から午後0時まで"),
    ("muryou", "65歳以上の方は無料です。", "65歳以上の人は、お金はいりません。"),
    ("free to join", "参加は無料です。", "お金はいりません。"),
    # a replaced noun fitted to the sentence around it
    ("heading verb", "給水所の開設について", "給水所（水をもらうところ）をひらきます"),
    ("heading intransitive", "収集日の変更について", "あつめる日がかわります"),
    ("heading noun", "窓口のご案内", "うけつけのお知らせ"),
    ("no to ga", "家具の転倒に注意してください。", "家具がたおれることに気をつけてください。"),
    ("own object", "工事を延期することがあります。", "工事の日をのばすことがあります。"),
    ("own subject", "自宅が浸水するおそれがあります。", "家に水が入るかもしれません。"),
    ("kara no", "屋根からの落雪に注意してください。", "屋根から落ちてくる雪に気をつけてください。"),
    ("compound name", "国民健康保険に加入してください。", "国民健康保険に加入してください。"),
    ("compound head", "給水時間は午前8時までです。", "水をくばる時間は午前8時までです。"),
    ("compound naka", "停電中はエレベーターが使用できません。", "電気が止まるあいだはエレベーターが使えません。"),
    ("koto wo shitai", "接種を希望する方は予約してください。", "うちたい人は予約してください。"),
    ("koto wo suru", "接種を実施します。", "うちます。"),
    ("said twice", "窓口の受付時間は午前8時30分からです。", "うけつけの時間は午前8時30分からです。"),
    ("potential", "インターネットでも申し込むことができます。", "インターネットでも申し込めます。"),
    ("te yarimasu", "規模を縮小して実施します。", "規模を小さくしてやります。"),
    ("not needed", "申告の必要はありません。", "申告しなくてもいいです。"),
    ("hitsuyou", "書類を提出する必要があります。", "書類を出さなければなりません。"),
    ("request chain", "帽子を使用し、水分を補給してください。", "帽子を使ってください。\n水を飲んでください。"),
    ("statement then request", "公民館を開放し、水を配布していますので、ご利用ください。",
     "公民館をあけます。\n水をくばっています。\n使ってください。"),
    ("pleasantries", "ご不便をおかけしますが、ご理解とご協力をお願いいたします。",
     "すみません。\nよろしくお願いします。"),
    ("expected", "年末は大変混雑が予想されます。", "年末はとてもこむことがあるかもしれません。"),
    # one idea per sentence: a phone number, the people it is for, a span of time moved out
    ("phone line", "粗大ごみ受付センター（048-637-5300）に申し込んでください。",
     "大きいごみ受付センターに申し込んでください。\n大きいごみ受付センター：048-637-5300"),
    ("target", "65歳以上の方を対象に、予防接種を実施します。",
     "予防接種（ワクチン）をします。\n65歳以上の人が対象です。"),
    ("ya split", "各自治会では、一時避難場所への避難訓練や、初期消火訓練を行います。",
     "それぞれの町内会では、一時避難場所（にげるところ）へにげる練習をします。\n初期消火訓練もします。"),
    ("hoka", "申込書は、各区役所で配布しているほか、市のホームページからもダウンロードできます。",
     "もうしこみの紙は、それぞれの区役所でくばっています。\n市のホームページからもダウンロードできます。"),
    ("span of time", "気象庁によると、明日の夜から16日の朝にかけて、1時間に50ミリ以上の非常に激しい雨が降ります。",
     "気象庁の知らせです。\n1時間に50ミリ以上のとても激しい雨が降ります。\n時間はあしたの夜から16日の朝までです。"),
    ("muryou gloss", "このサービスは無料です。", "このサービスは無料です（お金はいりません）。"),
    # two long items in a long sentence: a list; two subjects of one clause stay together
    ("pair list", "申請には、収入がわかる書類と本人確認書類が必要です。",
     "もうしこみには、つぎのものがいります。\n・収入がわかる書類\n・自分のことがわかるカードなど"),
    ("pair of people", "浸水のおそれのある方や、一人での避難に不安のある方は、明るいうちに早めの避難をお願いします。",
     "つぎの人は、明るいうちに早くにげてください。\n・水が入るかもしれない人\n・一人でにげることに不安がある人"),
    ("co-subjects", "未就学のお子さんと保護者の方が自由に遊べる場所を提供しています。",
     "小学校に入る前の子どもと親が自由に遊べるところを用意しています。"),
    ("set phrase, not items", "低い土地の浸水や河川の増水などの被害に、十分に気をつけてください。",
     "低い土地の水が入ることや川の水がふえるなどの被害（けがやこわれたもの）に、十分に気をつけてください。"),
    # the place of a long sentence said on its own, as a span of time is
    ("where", "被害があった方は、お住まいの区役所で罹災証明書の申請ができます。",
     "被害（けがやこわれたもの）があった人は、罹災証明書（被害の証明書）のもうしこみができます。\n"
     "場所は住んでいる区の区役所です。"),
    ("office", "届かない場合は、お住まいの区役所保険年金課へご連絡ください。",
     "届かないときは、連絡してください。\n連絡するところは住んでいる区の区役所保険年金課です。"),
    ("deadline", "対象の方は、3月15日（月）までに市民税・県民税の申告をしてください。",
     "対象の人は、市民税・県民税の申告をしてください。\nしめきりは3月15日（月曜日）です。"),
    ("short deadline stays", "3月15日までに申告をしてください。", "3月15日（月曜日）までに申告をしてください。"),
    ("source", "気象庁によると、平野部でも10センチ以上の積雪となるおそれがあります。",
     "気象庁の知らせです。\n平野部でも10センチ以上の雪がつもるかもしれません。"),
    ("opening hours", "窓口を、毎週木曜日は午後7時まで延長して開設します。",
     "うけつけは、毎週木曜日は午後7時まであいています。"),
    ("thanks", "避難所を利用された皆さまのご協力に感謝いたします。",
     "避難所（にげるところ）を使ったみなさん、協力ありがとうございます。"),
    ("since a day", "12月1日以降は、古い保険証は使用できません。", "12月1日（火曜日）からは、古い保険証は使えません。"),
]


@pytest.mark.parametrize(("original", "expected"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_pairs(original: str, expected: str) -> None:
    easy = to_easy(original, today=TODAY)
    assert easy.text == expected
    assert preserved_facts(original, easy.text) == []


def test_glossary_lists_each_kept_term_once() -> None:
    easy = to_easy("避難所を開設しました。避難所は小学校です。地震に注意してください。", today=TODAY)
    assert easy.glossary == [("避難所", "にげる ところ"), ("地震", "ゆれ")]


def test_sentences_exclude_list_items() -> None:
    easy = to_easy("水、食料、毛布などを持ってきてください。", today=TODAY)
    assert easy.sentences == ["つぎのものなどを持ってきてください。"]


def test_year_is_guessed_from_the_weekday() -> None:
    # 1/5 is a Tuesday in 2027, not in 2026: the source's weekday decides
    assert to_easy("1/5（火）", today=TODAY).text == "1月5日（火曜日）"


def test_invalid_dates_and_times_stay_as_written() -> None:
    assert to_easy("2/30と25:70", today=TODAY).text == "2/30と25:70"


def test_empty_and_control_characters() -> None:
    assert to_easy("", today=TODAY).text == ""
    assert to_easy("\x00\x07水が出ない。", today=TODAY).text == "水が出ません。"


def test_word_list_has_enough_entries() -> None:
    from notifier.rendering.easy.lexicon import words
    entries = words()
    assert len(entries) >= 300
    assert entries["避難"].easy == "にげる"
    assert entries["避難所"].keep_with_gloss
