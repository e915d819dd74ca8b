"""Rule families added in the statements-and-visits round (batch 5); short sentences written for these tests."""

from extract.pipeline import extract_text


def facts(text, pub="2025-03-20", kind="statement", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


def speakers(text, lang="ar", pub="2025-03-20"):
    return [s.speaker for s in facts(text, pub, "statement", lang)[0]]


def test_speech_reported_as_a_noun_names_its_speaker():
    text = "وجاء في بيان صادر عن وزارة الخارجية الروسية أن المحادثات كانت بناءة."
    assert speakers(text) == ["org:ru-foreign-ministry"]
    assert speakers("وفي تصريحات لوزير الخارجية الروسي سيرجي لافروف أن الزيارة ستتم قريبا.") == ["person:sergei-lavrov"]
    # an outlet after the noun is the addressee, and a noun with no reported words is no statement
    assert speakers("وفي تصريحات لوكالة تاس، تحدث عن الطقس.") == []


def test_english_statement_by_and_possessive_announcement():
    assert speakers("Talks went well, according to a statement by the Kremlin.", "en") == ["org:kremlin"]
    assert speakers("The Kremlin's announcement that the talks would resume surprised Seoul.", "en") == ["org:kremlin"]


def test_unknown_body_becomes_an_unverified_organization():
    _, doc = facts("نفت السفارة الأمريكية في موسكو في بيان أن تكون واشنطن قد تلقت أي إخطار.")
    orgs = [e for e in doc.entities if e.kind == "organization"]
    assert len(orgs) == 1 and orgs[0].verified is False and orgs[0].id.startswith("org:us-")
    sts = [f for f in doc.facts if f.type == "statement"]
    assert [s.speaker for s in sts] == [orgs[0].id]
    # a title's institution complement is not a body: the unknown person is kept
    _, doc = facts("قال رئيس لجنة الشؤون الدولية في مجلس الاتحاد الروسي غريغوري كاراسين إن الزيارة مهمة.")
    assert any(e.id.startswith("person:") and e.verified is False for e in doc.entities)


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


def test_english_apposition_with_a_possessive_country():
    _, doc = facts("Ri Chang Dae, North Korea's minister of state security, met the delegation.", kind="visit",
                   lang="en")
    p = [e for e in doc.entities if e.kind == "person"]
    assert len(p) == 1 and p[0].verified is False and p[0].country == "KP"


def test_a_comma_before_told_is_not_an_inverted_quotation():
    text = "Shoigu, who flew in from Moscow on Monday, told Kim that Russia would never forget the help."
    assert speakers(text, "en") == ["person:sergei-shoigu"]


def test_genitive_after_a_definite_noun_is_the_speaker_and_praise_verbs():
    assert speakers("وأعلن المكتب الصحفي لمجلس الدوما في بيان أن الوفد سيصل غدا.") == ["org:ru-state-duma"]
    assert speakers("وأشادت صحيفة رودونغ سينمون بالصداقة التي لا تقهر بين البلدين.") == ["org:rodong-sinmun"]
    # a verb of speech then ل + outlet stays an addressee
    assert speakers("وقال لافروف لوكالة تاس إن المحادثات مفيدة.") == ["person:sergei-lavrov"]
