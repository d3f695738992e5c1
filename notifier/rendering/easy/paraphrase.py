"""Whole-phrase paraphrases that word-by-word replacement gets wrong (applied to the standard text).

「変更となる可能性があります」 replaced word by word gives 「かえることとなるかもしれません」; rewritten
as a phrase first (変更される → かわる) it gives 「かわるかもしれません」. The contact sentence every notice
ends with becomes a short sentence and a 「電話：…」 line, so the phone number is never inside a long sentence.
"""

from __future__ import annotations

import itertools
import re

from notifier.rendering.easy._tagger import tokenize, word_before
from notifier.rendering.easy.lexicon import words

_KANJI = "一-龥々"
# 「〜となります」 after a サ変 noun is its passive: 変更となります → 変更されます → かわります
_NARU = re.compile(rf"(?P<noun>[{_KANJI}]{{2,4}})(?:と|に)なり(?P<end>ます|ました)"
                   rf"|(?P<noun2>[{_KANJI}]{{2,4}})(?:と|に)なる"
                   rf"|(?P<noun3>[{_KANJI}]{{2,4}})(?:と|に)なって(?:おり|い)(?P<state>ます)")
_DAY = "(?:[月火水木金土日]曜日?|土日|祝日|休日|祝休日|祭日|年末年始)"  # days an office may be closed on
_COST = "(?:(?<=費用)|(?<=料金)|(?<=[費料代]))"  # what a 助成 pays part of
_EVERYONE = "(?:市民の)?(?:皆さま|皆様|みなさま|みなさん)の"
# 「ご協力に感謝いたします」, 「ご協力に厚く御礼申し上げます」: thanks said as ありがとうございます
_THANKS = r"(?:感謝(?:いた|申し上げ)?(?:し)?ます|(?:厚く|心より|心から|深く)?お礼(?:を)?申し上げます)"
PHRASES: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in [
    (r"(?P<place>[^、。]{2,12}?)を震源とする地震があり、", r"\g<place>で地震がありました。"),
    (r"を震源とする", "でおきた"),
    # 「同程度の余震」: an aftershock is one more quake (「同じぐらいの あとから くる 地震」 strings two modifiers)
    (r"同(?:じ)?程度の余震が", "同じぐらい大きい地震がまた"),
    # 「被害の状況は、防災課へお知らせください」: what the reader reports is that there was damage
    (r"被害の?状況(?:は|を)、?(?=[^。]*(?:お知らせ|ご?連絡|ご?報告)(?:ください|を))", "被害があったら、"),
    # 「被害の状況がわかる写真」: a photo shows the damage (「被害の ようすが わかる」 says it with two nouns)
    (r"被害の(?:状況|様子)(?=が|を)", "被害"),
    (r"の(?:影響|関係)(?:で|により|によって)、?", "で、"),
    (r"(?<=[^、。])により、", "で、"),
    (r"お出しいただきますよう(?:ご協力を)?(?:お願い)?(?:いた|申し上げ)?(?:し)?ます", "出してください"),
    # 「付近にお住まいの皆様には大変ご迷惑をおかけしますが、」: who the apology is for stays
    (r"お住まいの(?=皆様|皆さま|みなさま|方々)", "住んでいる"),
    (r"(?P<who>[^、。]{2,30}?)には、?(?:大変|たいへん)?(?:ご(?:不便|迷惑|面倒)|お手数)を(?:お)?かけ(?:いた)?しますが、",
     r"\g<who>、すみません。"),
    (r"(?:大変|たいへん)?(?:ご(?:不便|迷惑|面倒)|お手数)を(?:お)?かけ(?:いた)?しますが、", "すみません。"),
    # 「お手数ですが、窓口へ…」: an apology for the trouble asked (「お手数です。でも、」 read as a statement)
    (r"(?:大変|たいへん)?お手数(?:です|ではございます)が、", "すみません。"),
    # 「皆様のご理解を お願いします」: said to them (みなさん、よろしく…; was 「みなさんの よろしく お願いします」)
    (rf"{_EVERYONE}ご理解(?:のほど|を)?(?:よろしく)?お願い(?:いた|申し上げ)?(?:し)?ます。",
     "みなさん、よろしくお願いします。"),
    (r"ご理解(?:のほど|を)?(?:よろしく)?お願い(?:いた|申し上げ)?(?:し)?ます。", "よろしくお願いします。"),
    (r"を行いません", "をしません"),
    # 「区域を立入禁止とします」: the reader cannot go in (「立入禁止に します」 leaves 禁止 to be glossed)
    (r"を立ち?入り?禁止(?:と|に)(?P<v>し|なり|なって)", r"に入れないように\g<v>"),
    (r"は立ち?入り?禁止です", "には入れません"),
    # 「期限内の納付」: an act done by the deadline (締め切りまでに はらう), not 「締め切りまでの はらう こと」
    (r"(?:納)?期限内の(?=[一-龥]{2}(?:に|を|の))", "締め切りまでに"),
    # 「ごみの収集は、…休止します」: what stops is the city's act on the thing (ごみは、… あつめません), not a
    # rest the act takes (「ごみを あつめる ことは、…休みます」)
    (r"の(?P<act>収集|回収|配布|配達)は、(?P<when>[^。]{2,40}?)(?:休止|中止)(?:いた)?します",
     r"は、\g<when>\g<act>しません"),
    # 「市外に転出した方」: 転出 (ひっこして 出る) says 出る again after 外に; the move alone is 転居 (ひっこす)
    (r"(?<=外)(?P<p>に|へ)転出", r"\g<p>転居"),
    # 原因 is no わけ (a reason one gives): 「Aは、Xが原因で、…発生します」 says what A comes from
    (r"は、(?P<x>[^、。]{1,20}?)が原因で、(?=[^、。]{0,12}(?:発生|起こ|起き|おき|生じ))", r"は、\g<x>でおき、"),
    (r"が原因で、?(?=[^、。]{0,12}(?:発生|起こ|起き|おき|生じ))", "で"),
    (r"が原因(?=です|でした)", "のせい"),
    # 1回につき2,000円 → 1回 2,000円 (per, not because)
    (r"(?<=\d)(?P<c>回|人|枚|件|個|頭|本|日|か月)につき", r"\g<c>"),
    (rf"{_EVERYONE}(?:ご理解(?:と|とご))?ご?協力を(?:よろしく)?お願い(?:いた|申し上げ)?(?:し)?ます。",
     "みなさん、よろしくお願いします。"),
    (r"(?:ご理解(?:と|とご))?ご?協力を(?:よろしく)?お願い(?:いた|申し上げ)?(?:し)?ます。", "よろしくお願いします。"),
    (r"ご了承ください。", "わかってください。"),
    (r"ご承知(?:おき|置き)(?:ください|願います|をお願いします)", "知っておいてください"),
    (rf"(?:皆さま|皆様|みなさま|みなさん)のご?協力に{_THANKS}", "みなさん、協力ありがとうございます"),
    (rf"ご?協力に{_THANKS}", "協力ありがとうございます"),
    (r"(?<![^、。\s])(?:厚く|心より|心から|深く)?お礼(?:を)?申し上げます", "ありがとうございます"),
    # 「お住まいの区役所保険年金課」: the ward one lives in, not 「住んでいる ところの 区役所」
    (r"お住まいの(?=区役所)", "住んでいる区の"),
    # 「参加は無料で、」: the cost said plainly (「無料（お金は 要りません）で」 reads badly)
    (r"(?:参加|利用|入場|入館|受講)(?:料|費)?は無料(?:です。|で、)", "お金は要りません。"),
    # 「入場券をなくした場合でも」: even if is the て-form with も (なくしても), not 「なくした ときでも」;
    # 〜かった is left alone (高かった → 高くても is an adjective's form, 分かった a verb's)
    (r"(?<=[ぁ-んー])(?<!か)(?<!かっ)た(?:場合|とき|時)でも", "ても"), (r"(?<=ん)だ(?:場合|とき|時)でも", "でも"),
    (r"(?<=[ぁ-ん])ない(?:場合|とき|時)でも", "なくても"),
    # 「…を希望する方の申込を受け付けます」: the office's word; the reader's act is to apply (…人は、申し込んで)
    (r"(?P<who>[^、。]{2,40}?[方人者])の(?:申込み?|申し込み|申請)を(?:受け付け|受付|うけつけ)(?:いたし|し)?ます",
     r"\g<who>は、申し込んでください"),
    (r"が予想され(?:ます|る)", "があるかもしれません"),
    (r"(?:(?<=[一-龥])|(?<=休み))となりま(す|した)", r"になりま\1"),  # 時期となりました → 時期に なりました
    # 抽選とします → くじに します (「くじと します」 reads as "with"); 引き落とします is a verb of its own
    (r"(?<=[一-龥])(?<!落)とし(ます|、)", r"にし\1"),
    (r"(?<=[一-龥])となって(?=い|お)", "になって"),  # 予約制となっております → 予約制に なって います
    # money that is charged 発生します: 延滞金が かかります (not おきます, which an event does)
    (r"(?<=[金料費])が発生しま(す|した)", r"がかかりま\1"), (r"(?<=[金料費])が発生する", "がかかる"),
    # 「延滞金がかかります」: what the reader learns is that paying late costs more (「おくれた ときの お金」 names it)
    (r"延滞金が(?=かか)", "もっとお金が"),
    # 「10年を目安に交換してください」: 目安 is N2; the age to replace it at is about 10 years (「30分を目安に
    # 休む」 is how often, so only years before a replacement)
    (r"(?P<n>\d+年)を目安に(?=交換|取り?替え|取りかえ|買い?替え)", r"\g<n>ぐらいで"),
    (r"(?<=[人方者])は無料です", "は、お金は要りません"),
    (r"自己負担(?:額|金)?は無料です", "お金は要りません"),
    # 「さいたま市では震度5弱を観測しました」 (JMA's wording) → 「さいたま市の震度は5弱でした」
    (r"(?P<place>[^、。]{1,20}?)では、?震度(?P<n>[1-7][強弱]?)を観測しました", r"\g<place>の震度は\g<n>でした"),
    (r"(?:不要不急の|不要な)外出は(?:できるだけ|なるべく)?(?:控え|避け)(?:てください。?|、)",
     "用事がないときは、外に出ないでください。"),
    (r"の通行止め(?:について|のお知らせ)$", "が通れなくなります"),
    # 「AからBまでの区間を全面通行止めにしています」: the reader needs where one cannot pass, not the 区間 closed
    (r"(?P<span>[^、。を]{2,24}から[^、。を]{2,24}まで)の区間(?:を|が|は)(?:全面)?通行止め(?:に|と)(?:して|なって)います",
     r"\g<span>は、通れません"),
    (r"(?P<span>[^、。を]{2,24}から[^、。を]{2,24}まで)の区間(?:を|が|は)(?:全面)?通行止め(?:に|と)(?:し|なり)ます",
     r"\g<span>は、通れなくなります"),
    (r"(?<=日)の当日", "の"),
    # 「令和8年中に 収入が あった」: 年中 also reads ねんじゅう (all year round); the year alone says when
    (r"(?<=\d年)中(?=[にの])", ""),
    (r"に(?:記載|記入)されています", "に書いてあります"),
    (r"する必要があります", "しなければなりません"),
    (r"の有効期限は、?(?P<d>[^、。]+?)(?:まで)?です", r"は、\g<d>まで使えます"),
    (r"の接近に伴い、", "が近づいています。"),
    (r"の(?P<n>[一-龥]{2})に伴い、", r"が\g<n>されたので、"),  # 警報の解除に伴い、 → 警報が おわったので、
    # 「道路陥没に伴う通行止めについて」: the hole is there already, so the road is closed now (and 道 said once)
    (r"道路の?陥没(?:に伴う|による)通行止め(?:について|のお知らせ)?$", "道に大きな穴があいて通れません"),
    (r"に伴う通行止め(?:について|のお知らせ)?$", "で道が通れなくなります"),
    (r"(?<=[時分日午])をもって(、?)", r"で\1"),  # 正午をもって → ひるの 12時で
    (r"(?:市民の)?(?:皆さま|皆様|みなさま|みなさん)の(?:積極的な)?ご参加をお願い(?:いた|申し上げ)?(?:し)?ます",
     "みなさん、ぜひ参加してください"),
    (r"市民の(?:皆さま|皆様|みなさま)", "みなさん"),
    (r"(?:積極的な)?ご参加をお願い(?:いた|申し上げ)?(?:し)?ます", "ぜひ参加してください"),
    (r"(?P<n>[一-龥]{2})の必要はありません", r"\g<n>しなくてもいいです"),
    (r"(?P<n>[一-龥]{2})された(?=皆さま|皆様|みなさん|方)", r"\g<n>した"),  # 利用された皆さま: respect, not passive
    (r"(?P<n>[一-龥]{2})される(?=皆さま|皆様|みなさん|方)", r"\g<n>する"),  # 避難される方 → にげる 人, not にげられる
    # 「避難者の皆さま」: the people are named already (「にげて きた 人の みなさん」 says it twice)
    (r"(?<=者)の(?:皆さま|皆様|みなさま|皆さん|みなさん)", ""),
    # 「119番へ通報してください」: a number is called (電話して), not 「知らせて」
    (r"(?P<n>\d{3}番)(?:へ|に)通報", r"\g<n>に電話"),
    (r"(?P<p>ことが|は、?)法律で義務(?:付け|づけ)られています", r"\g<p>法律で決まっています"),
    # 「警報器の設置」: a device is put on a wall (つける); 設置 alone (給水所を設置) is made (つくる)
    (r"(?<=[器機])(?P<p>の|を)設置", r"\g<p>取り付け"),
    # 「投票日当日に」: the day is named already (「投票日 その日に」 says it twice)
    (r"(?<=日)当日", ""),
    (r"(?<=[一-龥])当日", "の日"),  # 選挙当日は → 選挙の 日は (「選挙 その日は」 leaves the noun hanging)
    (r"給水を(?=停止|止め)", "水道を"),  # 給水 is handing out water; what a late bill stops is the supply
    # 「入所の可否は」: whether one can (入れるか どうかは)
    (r"の可否", "ができるかどうか"),
    # a heading: 台風第10号の接近に伴う避難所の開設 → 台風第10号で 避難所を ひらきます
    (r"の接近に伴う(?=[^、。\n]*$)", "で"),
    (r"の接近に伴う", "が近づいているための"),
    # 「早めの避難」, 「早めの提出に ご協力ください」: how soon one does the act (早めに にげる, 早めに 出して)
    (r"早めの(?=[一-龥]{2}(?:を|に|が|は|、))", "早めに"),
    (r"の積雪となる", "の雪がつもる"),
    (r"(?<=[一-龥])のある(?=[人方])", "がある"),
    # 「住民登録のある対象者」: one modifier is enough (「…の ある あてはまる 人」 strings two)
    (r"(?<=[一-龥])のある対象者", "がある人"),
    (r"(?P<m>\d{1,2}月)上旬", r"\g<m>のはじめ"), (r"(?P<m>\d{1,2}月)中旬", r"\g<m>のなかごろ"),
    (r"(?P<m>\d{1,2}月)下旬", r"\g<m>のおわり"),
    (r"書かれています", "書いてあります"),
    # 「記載内容に誤りがないか」: what to check said positively (a negative inside a question reads twice)
    (r"に(?:誤り|間違い|まちがい)が(?:ない|無い)か", "が正しいか"),
    # 「区役所の窓口で」: the reader goes to the office; its counter (窓口 → 受付) adds a word, not a place
    (r"(?<=[所館局関行店課])の窓口(?=で|に|へ|まで)", ""),
    # 「区役所の市民課窓口で」: the counter of an office is the office (「市に 住んでいる 人課 うけつけ」 took the
    # name apart)
    (r"(?<=[課係室])窓口(?=で|に|へ|まで)", ""),
    (r"時間に余裕を(?:持って|もって)、?", "早めに"),  # 余裕 is a hard word; leaving early is what is asked
    # 「市道で道路の陥没が」: the road is named already; 「市道で 道に 大きな 穴」 says it twice
    (r"(?<=[道路])で道路(?=の陥没が)", ""),
    # 「道路の陥没が発生しました」: what the reader sees is a hole in the road
    (r"の陥没が(?:発生し|起き|おき)ました", "に大きな穴があきました"),
    (r"の陥没が(?:発生し|起き|おき)ています", "に大きな穴があいています"),
    # 「各区役所の窓口で」: the reader goes to one office; 「それぞれの 区役所の …」 strings a modifier for nothing
    (r"各(?=[一-龥]{0,4}(?:役所|支所|出張所|事務所|保健所|図書館|公民館|体育館|会館|センター|会場|学校))", ""),
    # 「ごみの量が多くなります」, 「利用者の数が増えています」: what grows is the thing itself (ごみが 多く なります);
    # a count in one word goes too (報告数が増加 → 報告が ふえて, 患者数 → 患者; 人数 and 件数 stay)
    (r"の(?:量|数)が(?=多く|少なく|増|ふえ|減|へっ|へり|へる)", "が"),
    (r"(?<=[一-龥]{2})数が(?=増|ふえ|減|へっ|へり|へる)", "が"),
    # 「数に限りがあります」: there are not many (限り is N2, and 「かぎりが ある」 tells the reader nothing to do)
    (r"(?<=[^、。\s])には?限りがあります", "は多くありません"), (r"(?<=[^、。\s])には?限りがある", "は多くない"),
    (r"市内(?=\d)", "市の"),  # 市内25か所 → 市の25か所 (「市の中25か所」 reads as two phrases)
    # 「北図書館を3月1日から…まで臨時休館いたします」: the place is what closes (休む takes no object)
    (r"(?P<x>[^、。を]{2,20}(?:館|所|センター|施設|プール))を、?(?P<when>[^、。を]{0,40}?)(?P<v>(?:臨時)?休館|休所|休場)(?=いた|し)",
     r"\g<x>は、\g<when>\g<v>"),
    # 「窓口を、毎週木曜日は午後7時まで延長して開設します」 → 「窓口は、… まで あいています」 (not のばして ひらきます)
    (r"を、?(?P<when>[^、。]{2,30}?まで)延長して(?:開設|開庁|開館|開所)(?:いた)?します", r"は、\g<when>あいています"),
    # money one is paid: 手当が受けられなくなります → 手当が もらえなく なります (受ける is also 検診を受ける)
    (r"(?P<n>手当|給付金|補助金|助成金|年金|還付金)(?P<p>が|を|は)受けられ", r"\g<n>\g<p>もらえ"),
    # 助成 is money the city pays toward a cost: the reader gets it (助成を受けられます → お金を もらえます)
    (r"助成(?P<p>が|を|は)受けられ", r"お金\g<p>もらえ"),
    # 「医療費の助成について」, 「費用の助成を行います」: what the city does with the cost (お金を 出します)
    (rf"{_COST}の?助成(?:について|のお知らせ|のご案内)?$", "を助成します"),
    (rf"{_COST}の助成を(?:行い|実施し)", "を助成し"), (rf"{_COST}の助成を(?:行って|実施して)", "を助成して"),
    # 「予防接種費用の一部」: the cost of something, said as that thing's お金 (費用 alone is in the word list)
    (r"(?<=[一-龥ァ-ヶー]{2})費用", "の費用"),
    # 「起震車による地震体験」: 〜による between two nouns is a means or a cause, said with で (大雨で 被害が);
    # after a person or an office it names who does it (職員による点検) and is left to the word list
    (r"(?<=[一-龥ァ-ヶー])(?<![員者人師士官長市区町村課局庁省社団会隊])による"
     r"(?=[おご]?[一-龥ァ-ヶー][一-龥ァ-ヶーぁ-ん]{1,8}?(?:が|を|も|や))", "で"),
    # 「銀行、コンビニ、またはアプリで」: the last of a list of places or means (「コンビニ、かアプリ」 was left)
    (r"、(?:または|もしくは|あるいは)(?=[^、。]{1,20}(?:で|に|を|へ))", "、"),
    # 「職員による点検を行います」, 「…点検があります」: the one who does it is the subject (職員が 点検を します)
    (r"(?<=[員者人師士官長市区町村課局庁省社団会隊])による(?P<act>[一-龥ァ-ヶー]{2,8})を(?=行|おこな|実施)",
     r"が\g<act>を"),
    (r"(?<=[員者人師士官長市区町村課局庁省社団会隊])による(?P<act>[一-龥ァ-ヶー]{2,8})が"
     r"(?:あり|行われ|おこなわれ|実施され)(?P<end>ます|ました)", r"が\g<act>をし\g<end>"),
    (r"代理人による(?P<n>[^、。]{2,8}?)はできません", r"本人ではない人は、\g<n>ができません"),
    (r"(?<=書留|速達)で郵送", "で送付"),  # 簡易書留で郵送 → 簡易書留で 送る (not 「書留で 郵便で 送る」)
    # 「市から郵送した案内はがき」: a postcard or letter comes by post (「郵便で 送った はがき」 says it twice)
    (r"郵送(?P<v>した|する)(?=[^、。]{0,6}(?:はがき|ハガキ|葉書|封筒|手紙|通知書))", r"送付\g<v>"),
    # 「避難所として、A と B を開設しています」: what opened, then where (one idea per sentence)
    (r"(?P<role>[^、。]{2,10})として、(?P<what>[^、。]{2,40})を開設して(?P<end>います|いました|おります)。",
     r"\g<role>を開設して\g<end>。\g<what>です。"),
    # 「医療費の還付金」 → 「医療費の もどって くる お金」 strings two modifiers: the money that comes back is
    # the cost itself (もどって くる 医療費)
    (r"(?P<n>[一-龥]{1,6}[費料税])の還付金", r"もどってくる\g<n>"),
    # 「手続きを案内する」 walks one through it (説明する); 案内 alone is a notice (お知らせ) or a guide
    (r"(?P<what>手続き?|方法)を(?:ご)?案内", r"\g<what>を説明"),
    # 「市役所の職員をかたる不審な電話が多発しています」: what happens, then who the caller says they are
    (r"(?P<who>[^、。「」]{2,20}?)をかたる(?P<what>[^、。「」]{2,20}?)が(?P<rest>[^、。「」]+?)"
     r"(?P<end>います|ます|ました)。", r"\g<what>が\g<rest>\g<end>。\g<who>だとうそを言います。"),
    # 「公民館を涼み処として開放しています」: what the reader can do there (「…として あけて います」 is stiff);
    # a cooling spot is a place to rest in the cool (「すずむ ところとして 使えます」 names it, then says it again)
    (r"を(?:涼み処|クールスポット|クールシェアスポット)として開放して(?:います|おります)", "で、すずしく休めます"),
    (r"として開放して(?:います|おります)", "として使えます"),
    # 「センターでは、…遊べる場所を提供しています」: what the reader finds there (…ところが あります), one verb fewer
    (r"では、(?P<what>[^。]{2,40}?(?:場所|ところ|スペース|部屋))を(?:提供|用意)して(?:います|おります)",
     r"には、\g<what>があります"),
    # 「子育ての悩みについて、保育士に相談することもできます」 → 「子育ての悩みも、保育士に 相談できます」
    (r"(?P<what>[^、。]{1,20}?)について、?(?P<who>[^、。]{1,20}?に)?相談することもできます",
     r"\g<what>も、\g<who>相談できます"),
    # 「屋内でもエアコンを適切に使用してください」: heat advice asks to use it (「ちょうど よく」 adds nothing)
    (r"(?P<what>エアコン|冷房)を適切に(?=使用|使っ|使い|利用)", r"\g<what>を"),
    # 「水道料金のお支払いには、口座振替をご利用ください」 asks how to pay (…は、口座振替で はらって ください)
    (r"(?P<what>[^、。]{1,20}?)の(?:お)?支払いに?は、(?P<how>[^、。]{1,30}?)を(?:ご)?利用(?:して)?ください",
     r"\g<what>は、\g<how>で支払ってください"),
    # 「受付時間は、土曜日・日曜日・祝日を除く午前9時から午後5時までです」: the hours, then the days it is closed
    # (「つぎの もののほかの 午前9時から…」 was the word list's を除く → の ほかの)
    (rf"(?P<days>{_DAY}(?:(?:・|、|と|および|及び){_DAY})*)を除く、?(?P<hours>(?:午前|午後)\d[^。]*。)",
     r"\g<hours>\g<days>は休みです。"),
    (r"お出しください", "出してください"),
    # 「停止期間の前後に」: before or after that time (the word list's 前後 is 「ぐらい」, for 1,000円前後)
    (r"(?<=[一-龥])の前後(?=に|で|は|も|の)", "の前かあと"),
    # 「指定の口座」, 「所定の用紙」: the one that was fixed (「決める ことの 口座」 said the act)
    (r"(?:指定|所定)の(?=[一-龥ァ-ヶ])", "指定された"),
    # 「市の指定給水装置工事事業者」: the one the city chose (「市の 市が 決めた 会社」 says the city twice)
    (r"(?<![一-龥])(?P<who>市|区|県|国)の指定(?=[一-龥ァ-ヶ]{2})", r"\g<who>が指定した"),
    (r"下記のとおり", ""),
    (r"の開催について$", "をします"),
    (r"(?:に関する|についての|の)注意について$", "で気をつけること"),
    (r"について(?=(?:（[^（）]*）)?$)", ""),  # 「公園の利用中止について（樹木の伐採）」: a heading with its why
    # 「登録内容の変更については、窓口へ」: 〜については is a topic said twice over (about, and as for); は says it
    (r"(?<=[^、。\s])については、?", "は、"),
    (r"次の日程で", ""),
    # 「メーターボックス内の止水栓」: inside a thing named in katakana (内 after a kanji noun is the word list's)
    (r"(?<=[ァ-ヶー])内(?=の|に|で|は)", "の中"),
    # 「期間は、1月12日から…」 opening a sentence: the days (「あいだは、…」 says no while of anything)
    (r"(?:^|(?<=[。\n]))期間は、?(?=[^。]{0,12}\d)", "日にちは、"),
    # 「駐車場は、期間中ご利用いただけません」: during that time (「期間中利用」 reads as one word, and 利用 stays)
    (r"(?<=、)期間中(?=[ごお]?[一-龥])", "その期間、"),
    # 「令和9年5月に予定されている市長選挙」: the election of that month (a plan said of an event is its date)
    (r"(?<=[年月日）])に(?:予定されている|予定している|予定の)(?=[^、。\s])", "の"),
    (r"することは絶対にありません", "することはぜったいにありません"),
]]
# 「お問い合わせは 水道局（048-714-3000）までお願いします。」 and its variants
_CONTACT = re.compile(
    r"(?:(?:お)?問い?合わ?せ(?:先)?は、?|詳しく(?:は|知りたい方は)、?|(?P<unclear>ご?不明な点(?:は|が(?:ありましたら|あれば))、?))"
    r"(?P<who>[^。]{2,70}?)"
    r"(?:まで|へ|に)(?:お問い合わせ(?:ください|いただくか)|お願い(?:いた|申し上げ)?(?:し)?ます|ご連絡ください)。?")
_OR = re.compile(r"(?<=[）)])(?:、?または|、|か|や)")  # 「年金事務所（…）または 市の年金課（…）」
_NAMED = re.compile(r"(?P<name>[^（(：:]{2,20})[（(](?P<phone>[\d-]{10,13})[）)]")
_PHONE_IN = re.compile(r"\d{2,5}-\d{2,4}-\d{3,4}")


# 「受付時間は午後5時までとなっております」: the office's copula (〜です), not a change; after a サ変 noun it is one
# (中止となっております → 中止に なって います: it was called off)
_COPULA = re.compile(r"となって(?:おり|い)ます(?=[。\n]|ので|$)")


def _copula(text: str) -> str:
    for match in reversed(list(_COPULA.finditer(text))):
        before = word_before(text, match.start())
        if before is not None and before.pos3 != "サ変可能":
            text = text[:match.start()] + "です" + text[match.end():]
    return text


def _etc(text: str) -> str:
    """印鑑等を → 印鑑などを: 等 (とう) after a noun and before a particle (or a bracket's end) is the written など.

    Only the suffix the analyser reads: 平等, 高等学校 and 1等賞 keep theirs, and so does a name
    (高齢者等避難) where no particle follows.
    """
    tokens = tokenize(text)
    for token, nxt in reversed(list(itertools.pairwise(tokens))):
        if token.surface == "等" and token.pos1 == "接尾辞" and (nxt.pos1 == "助詞" or nxt.surface in ("、", "）")):
            text = text[:token.start] + "など" + text[token.end:]
    return text


def _naru(match: re.Match[str]) -> str:
    noun = match["noun"] or match["noun2"] or match["noun3"]
    entry = words().get(noun)
    if entry is None or not entry.passive:  # only nouns whose passive the word list knows (変更 → かわる)
        return match.group(0)
    if match["state"]:
        # 中止となっております reports a decision made: なくなりました (「なくなって います」 is missing, and
        # 「かわって います」 is odd: a change verb's ている reads as a state of its own)
        return noun + "されました"
    return noun + ("され" + match["end"] if match["end"] else "される")


def contact(text: str) -> str:
    """The contact sentence as its own lines: a short request and a 「電話：…」 line with the number."""
    def repl(match: re.Match[str]) -> str:
        who = match["who"].strip()
        if match["unclear"] and not _PHONE_IN.search(who):
            return match.group(0)  # 「ご不明な点は、お気軽に お問い合わせください」 names no one to call
        if not _PHONE_IN.search(who):
            return f"聞きたいことがあるときは、{who}に聞いてください。"
        # 水道局（048-714-3000） → a 「水道局：048-714-3000」 line; 「A（…）または B（…）」 → a line each
        named = [_NAMED.fullmatch(part) for part in _OR.split(who)]
        lines = "\n".join(f"{m['name']}：{m['phone']}" for m in named if m) if all(named) else f"電話：{who}"
        return f"\n聞きたいことがあるときは、電話してください。\n{lines}\n"
    return _CONTACT.sub(repl, text)


# 症状 (N2) said as what the reader feels: 症状が出ます → 体の 具合が 悪く なります, 症状が ある → 悪い
# (the word list's 「体の 具合」 alone gave 「具合が 出ます」, 「具合が ある ときは」)
_COMES_OUT = {"ました": "りました", "ます": "ります", "ません": "りません", "たら": "ったら", "た": "った",
              "て": "って", "ない": "らない", "ると": "ると", "る": "る", "れば": "れば"}
_IS_THERE = {"ありました": "かったです", "あります": "いです", "ありません": "くありません", "あったら": "かったら",
             "あった": "かった", "あれば": "ければ", "ある": "い", "ない": "くない"}
_SYMPTOM = re.compile(rf"(?P<etc>などの)?症状が(?:(?:出|現れ|あらわれ)(?P<out>{'|'.join(_COMES_OUT)})"
                      rf"|(?P<there>{'|'.join(_IS_THERE)}))")


def _symptom(match: re.Match[str]) -> str:
    """「吐き気、下痢などの症状が出ます」 → 「吐き気、下痢など、体の 具合が 悪く なります」: examples stay examples."""
    said = "悪くな" + _COMES_OUT[match["out"]] if match["out"] else "悪" + _IS_THERE[match["there"]]
    return ("など、" if match["etc"] else "") + "体の具合が" + said


# 「主な症状は、発熱や せきです」 opening a sentence: what comes out (おもに、ねつや せきが 出ます), not 「主な 体の
# 具合は」 (a main condition of the body)
_SYMPTOMS_ARE = re.compile(r"(?:^|(?<=[。\n]))(?P<main>主な|おもな)?症状は、?(?P<what>[^。]{1,40}?)(?P<etc>など)?です")


def _symptoms_are(match: re.Match[str]) -> str:
    tokens = tokenize(match["what"])
    if not tokens or tokens[-1].pos1 not in ("名詞", "接尾辞"):
        return match.group(0)  # 症状は 軽いです: no thing that comes out
    return ("おもに、" if match["main"] else "") + match["what"] + (match["etc"] or "") + "が出ます"


# 「申告には、書類が必要です」: には before a need or a request says when one does it (申告する ときは), as the
# word list's own acts do (申請には → 申し込む ときは); an act with の before it (運営には) has no verb to take it
_ACT_NEEDS = re.compile(r"(?:^|(?<=[、。\n]))(?P<act>[一-龥]{2,4})には、(?=[^。]*(?:必要|ください|要ります))")


def _act_needs(match: re.Match[str]) -> str:
    tokens = tokenize(match["act"])
    if match["act"] in words() or not tokens or tokens[-1].pos3 != "サ変可能":
        return match.group(0)
    return match["act"] + "するときは、"


# 「ご確認のうえ、」, 「付けたうえで」: one act done before the next (たしかめてから、); 「たしかめる ことの うえ」
# read the noun word by word
_NOUN_THEN = re.compile(rf"[ごお]?(?P<noun>[{_KANJI}]{{2,4}})の(?:うえ|上)(?:で)?、")
_VERB_THEN = re.compile(r"(?P<ta>た|だ)(?:うえ|上)で")


def _noun_then(match: re.Match[str]) -> str:
    tokens = tokenize(match["noun"])
    if not tokens or tokens[-1].pos3 != "サ変可能":
        return match.group(0)  # 屋根の上、: a place
    return match["noun"] + "してから、"


def _verb_then(text: str) -> str:
    for match in reversed(list(_VERB_THEN.finditer(text))):
        verb = word_before(text, match.start())
        if verb is not None and verb.is_verb and verb.c_form.startswith("連用形"):
            text = text[:match.start()] + ("て" if match["ta"] == "た" else "で") + "から" + text[match.end():]
    return text


# 「提出にご協力ください」: what the reader is asked to do is the act itself (出して ください), not to help with
# 「出す こと」; 「アンケートへのご協力を お願いします」 asks to help with the survey (not 「…への よろしく」)
_HELP_WITH = re.compile(r"(?P<p>への|へ|に)ご?協力(?:を)?(?:(?:よろしく)?お願い(?:いた|申し上げ)?(?:し)?ます|ください"
                        r"|願います|(?:いただきますよう|くださいますよう)(?:お願い)?(?:いた|申し上げ)?(?:し)?ます)")


def _help_with(text: str) -> str:
    for match in reversed(list(_HELP_WITH.finditer(text))):
        act = word_before(text, match.start())
        entry = words().get(act.surface) if act is not None else None
        said = "をしてください" if entry is not None and entry.procedure else "に協力してください"
        text = text[:match.start()] + said + text[match.end():]
    return text


# 「納付をお願いします」, 「早めに避難をお願いします」: the reader is asked to do the act (はらって ください), not
# for 「はらう ことを お願いします」 (ご協力, ご理解 and ご参加 have their own set phrases above)
_ASK_ACT = re.compile(rf"(?<=[{_KANJI}])をお願い(?:いた|申し上げ)?(?:し)?ます")


def _ask_act(text: str) -> str:
    for match in reversed(list(_ASK_ACT.finditer(text))):
        act = word_before(text, match.start())
        # 「きちんとした管理をお願いします」: an act with a manner of its own stays a thing asked for
        plain = act is not None and (act.start == 0 or text[act.start - 1] in "、。のにでごおはも）\n")
        if plain and act is not None and act.pos3 == "サ変可能" and act.surface not in ("協力", "理解", "参加"):
            text = text[:match.start()] + "をしてください" + text[match.end():]
    return text


# 「記載事項に変更があった場合」: what changed is the thing (書いて ある ことが かわった),
# not 「…に かえる ことが あった」
_CHANGED = re.compile(r"に変更が(?P<v>あった|ある|あります|ありました|あれば)")
_CHANGED_FORMS = {"あった": "された", "ある": "される", "あります": "されます", "ありました": "されました",
                  "あれば": "されたら"}


# 「窓口、銀行、またはコンビニで」, 「窓口、銀行またはコンビニで」: a list of which one is meant; dropping
# または (「、」) said every one, and the word list's か made 「銀行か コンビニ」 of the last two alone
_OR_LIST = re.compile(r"(?P<items>(?:[^、。\s「」（）]{1,20}、)*[^、。\s「」（）]{1,20}?)"
                      r"、?(?:または|もしくは|あるいは)(?P<last>[^、。\s「」（）]{1,20}?)(?P<p>で|に|を|へ|が|から)")
# 「…のいずれかで」 → 「…の どれかで」
_WHICHEVER = re.compile(r"のいずれか(?=[でにをへがの])")


def _item(piece: str) -> bool:
    tokens = tokenize(piece)
    return bool(tokens) and tokens[-1].pos1 in ("名詞", "接尾辞") and not any(
        t.pos1 in ("助詞", "補助記号", "動詞") and t.surface != "の" for t in tokens)


def _or_list(match: re.Match[str]) -> str:
    """「A、B、または C で」 → 「A、B、C の どれかで」; two (「A、または B で」) → 「A か B で」."""
    pieces = match["items"].split("、")
    k = len(pieces)
    while k and _item(pieces[k - 1]):
        k -= 1
    items = pieces[k:]
    if not items or not _item(match["last"]):
        return match.group(0)
    before = "".join(p + "、" for p in pieces[:k])
    if len(items) == 1:
        return f"{before}{items[0]}か{match['last']}{match['p']}"
    return f"{before}{'、'.join(items)}、{match['last']}のどれか{match['p']}"


def rewrite(text: str) -> str:
    text = _WHICHEVER.sub("のどれか", _OR_LIST.sub(_or_list, text))
    text = _CHANGED.sub(lambda m: "が変更" + _CHANGED_FORMS[m["v"]], text)
    text = _help_with(_verb_then(_NOUN_THEN.sub(_noun_then, text)))
    text = _ACT_NEEDS.sub(_act_needs, _etc(_copula(text)))
    for pattern, repl in PHRASES:
        text = pattern.sub(repl, text)
    return _ask_act(_SYMPTOMS_ARE.sub(_symptoms_are, _SYMPTOM.sub(_symptom, _NARU.sub(_naru, text))))
