"""Statements and who said them: reporting verbs and nouns, quotations, outlets, back-references, two speakers."""

from extract.pipeline import extract_text


def facts(text, pub="2025-03-20", kind="statement", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


def speakers(text, lang="ar", pub="2025-03-20"):
    return [s.speaker for s in facts(text, pub, "statement", lang)[0]]


def facts_of_type(text, pub, lang, typ):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == typ]


def test_maghrebi_reporting_verb():
    st, _ = facts("وسجل الناطق باسم الخارجية الأوكرانية أن هذا الاعتراف خطير.", "2025-04-28", "statement")
    assert len(st) == 1


def test_speech_reported_as_a_noun_names_its_speaker():
    text = "وجاء في بيان صادر عن وزارة الخارجية الروسية أن المحادثات كانت بناءة."
    assert speakers(text) == ["org:ru-foreign-ministry"]
    assert speakers("وفي تصريحات لوزير الخارجية الروسي سيرجي لافروف أن الزيارة ستتم قريبا.") == ["person:sergei-lavrov"]
    # an outlet after the noun is the addressee, and a noun with no reported words is no statement
    assert speakers("وفي تصريحات لوكالة تاس، تحدث عن الطقس.") == []


def test_english_statement_by_and_possessive_announcement():
    assert speakers("Talks went well, according to a statement by the Kremlin.", "en") == ["org:kremlin"]
    assert speakers("The Kremlin's announcement that the talks would resume surprised Seoul.", "en") == ["org:kremlin"]


def test_back_reference_to_an_organization():
    text = "ذكرت وكالة الأنباء المركزية الكورية أن الحاكم وصل. وبحسب الوكالة، فإن الحاكم سيلتقي رئيس الوزراء."
    assert speakers(text) == ["org:kcna", "org:kcna"]
    sts, _ = facts("Russia's Foreign Ministry met the envoy. The ministry said a visit was planned in May.", lang="en")
    assert [(s.speaker, s.quote) for s in sts] == [("org:ru-foreign-ministry", "a visit was planned in May")]


def test_quotation_before_the_verb_in_arabic():
    sts, _ = facts('"نحن نقف إلى جانب أصدقائنا حتى النصر،" قال سيرجي لافروف للصحفيين.')
    assert len(sts) == 1 and sts[0].speaker == "person:sergei-lavrov" and sts[0].quote.startswith("نحن نقف")


def test_two_speakers_in_one_sentence():
    text = ('استبعد الكرملين أن يزور الرئيس فلاديمير بوتين كوريا الشمالية قبل نهاية العام، '
            'وقال المتحدث باسمه دميتري بيسكوف للصحفيين إنه "لا توجد مثل هذه الخطط حاليا".')
    assert sorted(speakers(text)) == ["org:kremlin", "person:dmitry-peskov"]


def test_a_comma_before_told_is_not_an_inverted_quotation():
    text = "Shoigu, who flew in from Moscow on Monday, told Kim that Russia would never forget the help."
    assert speakers(text, "en") == ["person:sergei-shoigu"]


def test_genitive_after_a_definite_noun_is_the_speaker_and_praise_verbs():
    assert speakers("وأعلن المكتب الصحفي لمجلس الدوما في بيان أن الوفد سيصل غدا.") == ["org:ru-state-duma"]
    assert speakers("وأشادت صحيفة رودونغ سينمون بالصداقة التي لا تقهر بين البلدين.") == ["org:rodong-sinmun"]
    # a verb of speech then ل + outlet stays an addressee
    assert speakers("وقال لافروف لوكالة تاس إن المحادثات مفيدة.") == ["person:sergei-lavrov"]


def test_an_english_coordinated_speech_verb_takes_the_sentence_subject():
    got, _ = facts('Kremlin spokesman Dmitry Peskov declined to comment on the offer and said Moscow had "nothing '
                   'to add".', "2025-01-15", "statement", "en")
    assert [s.speaker for s in got] == ["person:dmitry-peskov"]


def test_an_affiliation_after_of_is_not_the_speaker():
    got, _ = facts("Analyst Ivan Petrov of Far Eastern Federal University said the ties will grow.", "2025-01-15",
                   "statement", "en")
    assert [s.speaker for s in got] == ["person:ivan-petrov"]


def test_arabic_subject_first_after_a_contrast_word_is_the_speaker():
    got, _ = facts("غير أن المتحدث باسم الكرملين دميتري بيسكوف نفى وجود أي خطط لزيارة من هذا النوع.", "2025-10-05",
                   "statement")
    assert [s.speaker for s in got] == ["person:dmitry-peskov"]


def test_a_subject_inside_reported_words_is_not_the_speaker_of_the_inner_verb():
    got, _ = facts("قال الكرملين إن بوتين أكد دعمه.", "2025-10-05", "statement")
    assert "person:vladimir-putin" not in [s.speaker for s in got]


def test_statement_inside_a_speech_noun_has_the_speaker_of_the_noun():
    ss = facts_of_type('وألقى بيلوسوف كلمة في حفل استقبال أكد فيها أن موسكو "لن تنسى مشاركة الجنود".',
                       "2025-06-18", "ar", "statement")
    assert [s.speaker for s in ss] == ["person:andrei-belousov"]
