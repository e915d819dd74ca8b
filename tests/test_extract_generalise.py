"""Rule families added for articles beyond the seed and the corpus (short sentences written for the tests)."""

from extract.dates import resolve_text
from extract.pipeline import extract_text
from loaders.validate import check_document


def run(text, published="2025-06-17", language=None):
    doc = extract_text(text, published=published, language=language)
    assert check_document(doc, text, "t") == []
    for item in [*doc.entities, *doc.facts]:
        for ev in item.evidence:
            assert text[ev.start:ev.end] == ev.quote
    return doc


def of(doc, type_):
    return [f for f in doc.facts if f.type == type_]


def ids(doc, kind):
    return {e.id for e in doc.entities if e.kind == kind}


# ---------------------------------------------------------------- dates
def test_ordinal_days_beyond_ten_and_month_of_a_relative_year():
    assert resolve_text("في الرابع من يونيو الجاري", "2025-06-17")[0][1] == "2025-06-04"
    assert resolve_text("في السابع والعشرين من تموز المقبل", "2025-06-20")[0][1] == "2025-07-27"
    assert resolve_text("في الحادي عشر من مارس", "2025-06-20")[0][1] == "2025-03-11"
    assert resolve_text("الموقعة في يونيو من العام الماضي", "2025-06-17")[0][1] == "2024-06"
    assert resolve_text("signed in March of next year", "2025-06-17")[0][1] == "2026-03"
    assert resolve_text("in June last year", "2025-06-17")[0][1] == "2024-06"


# ---------------------------------------------------------------- visits
def test_guest_phrase_and_arrival_today_is_ongoing():
    doc = run("حل وزير الزراعة الروسي ديمتري باتروشيف ضيفا على بيونغ يانغ، اليوم الثلاثاء، في زيارة رسمية.")
    (v,) = of(doc, "visit")
    assert (v.host_country, v.start, v.status.value) == ("KP", "2025-06-17", "ongoing")


def test_pluperfect_qad_is_not_doubt():
    doc = run("وكان لافروف قد زار بيونغ يانغ في الرابع من يونيو الجاري.")
    (v,) = of(doc, "visit")
    assert (v.visitor, v.start, v.status.value) == ("person:sergei-lavrov", "2025-06-04", "completed")


def test_did_not_rule_out_makes_a_visit_speculated():
    doc = run("ولم يستبعد الباحث سامر خليل أن يقوم الزعيم الكوري الشمالي بزيارة إلى روسيا قبل نهاية العام.")
    (v,) = of(doc, "visit")
    assert (v.visitor, v.host_country, v.start, v.status.value) == ("person:kim-jong-un", "RU", "2025", "speculated")


def test_denied_plans_to_visit_belong_to_the_subject():
    doc = run("وكانت رئيسة مجلس الاتحاد الروسي فالنتينا ماتفيينكو قد نفت وجود أي خطط لزيارة كوريا الشمالية.")
    (v,) = of(doc, "visit")
    assert (v.visitor, v.host_country, v.status.value) == ("person:valentina-matviyenko", "KP", "ruled_out")
    (s,) = of(doc, "statement")
    assert s.speaker == "person:valentina-matviyenko"  # the subject before "قد نفت", not a country after


def test_visit_noun_agent_is_the_subject_not_the_object_or_a_prepositional_person():
    doc = run("التقى وزير الخارجية الروسي سيرغي لافروف الزعيم الكوري الشمالي كيم جونغ أون في مدينة وونسان، "
              "في ختام زيارة بدأها أمس.", published="2025-07-12")
    (v,) = of(doc, "visit")
    assert (v.visitor, v.host_country, v.destination) == ("person:sergei-lavrov", "KP", "place:wonsan")
    doc = run("Sergei Shoigu arrived in Pyongyang on Friday at the instruction of President Vladimir Putin, "
              "his second visit to North Korea this year.", published="2025-03-22")
    assert {v.visitor for v in of(doc, "visit")} == {"person:sergei-shoigu"}


def test_a_speaker_is_not_the_visitor_of_visits_in_his_words():
    doc = run("وقال الخبير الدكتور كريم سالم إن الزيارات المتكررة تعكس تحولا في العلاقة بين موسكو وبيونج يانج.")
    assert of(doc, "visit") == []
    assert ids(doc, "place") == set()  # "العلاقة بين موسكو وبيونج يانج": governments, not places
    assert {"country:RU", "country:KP"} <= ids(doc, "country")


def test_travel_to_and_attend_with_the_venue_only():
    doc = run("Kim Jong Un may travel to Moscow for the Victory Day parade on May 9, a lawmaker said.", language="en",
              published="2025-03-22")
    (v,) = of(doc, "visit")
    assert (v.visitor, v.host_country, v.start, v.status.value) == ("person:kim-jong-un", "RU", "2025-05-09",
                                                                    "speculated")
    doc = run("ورجح الخبير أن يشارك الزعيم الكوري الشمالي في احتفالات الانتصار على اليابان في بكين الشهر المقبل.",
              published="2025-08-15")
    (v,) = of(doc, "visit")
    assert (v.host_country, v.start, v.status.value) == ("CN", "2025-09", "speculated")


# ---------------------------------------------------------------- statements
def test_according_to_puts_the_speaker_after_and_the_words_before():
    doc = run("ومن المتوقع أن يزور كيم جونغ أون روسيا في وقت لاحق من العام الجاري، بحسب ما ذكرته صحيفة إزفستيا.")
    (s,) = of(doc, "statement")
    assert s.speaker == "org:izvestia" and s.quote.startswith("ومن المتوقع")
    doc = run("Alexander Kozlov is set to visit Pyongyang in November, according to TASS.", language="en")
    (s,) = of(doc, "statement")
    assert s.speaker == "org:tass"


def test_english_inversion_after_a_quotation_and_apposition_title():
    doc = run('"The frequency of these visits tells you a lot," said Victor Cha, a Korea expert at the '
              'Center for Strategic and International Studies.', language="en")
    (s,) = of(doc, "statement")
    cha = next(e for e in doc.entities if e.kind == "person")
    assert (cha.name, cha.verified) == ("Victor Cha", False)
    assert s.speaker == cha.id and s.quote.startswith('"The frequency')


def test_assessment_verbs_and_a_long_title_before_the_speaker():
    doc = run("قال الخبير في الشؤون الآسيوية بمركز الأهرام للدراسات السياسية والاستراتيجية، الدكتور أحمد قنديل، "
              "إن العلاقات تشهد تحولا نوعيا.")
    (s,) = of(doc, "statement")
    assert s.speaker == "person:ahmd-qndil"
    doc = run("ورجح الباحث في معهد الدراسات الشرقية التابع لأكاديمية العلوم الروسية كونستانتين أسمولوف أن تتوسع "
              "العلاقات.")
    (s,) = of(doc, "statement")
    assert s.speaker == "person:konstantin-asmolof"


def test_a_full_stop_inside_a_quotation_does_not_cut_the_relay():
    doc = run('وقال بوتين: "أنا سعيد برؤيتك.. هذه قاعدتنا الجديدة"، حسبما ذكرت وكالة رويترز.')
    assert [s.speaker for s in of(doc, "statement")] == ["person:vladimir-putin"]


def test_a_definite_title_alone_refers_to_the_last_holder_named():
    doc = run("نفى سفير كوريا الشمالية لدى روسيا سين هونغ تشول وجود خطط جديدة. وأوضح السفير أن وفدا سيزور موسكو.",
              published="2025-08-15")
    assert [s.speaker for s in of(doc, "statement")] == ["person:sin-hong-chol", "person:sin-hong-chol"]


def test_unknown_persons_with_ministry_field_governor_place_and_expertise():
    doc = run("وقال وزير الصحة الكوري الشمالي جونغ مو ريم إن التعاون يتوسع. واستقبل حاكم مقاطعة خاباروفسك "
              "ديميتري ديميشين الوفد. وأكد الخبير الروسي في الشؤون الكورية غليب إيفاشينتسوف أن الزيارة مهمة.")
    people = [e for e in doc.entities if e.kind == "person"]
    assert len(people) == 3 and not any(e.verified for e in people)
    assert {e.name_ar for e in people} == {"جونغ مو ريم", "ديميتري ديميشين", "غليب إيفاشينتسوف"}


# ---------------------------------------------------------------- agreements, permissions
def test_participle_signed_accusative_protocol_and_unnamed_parties():
    doc = run("بحث الجانبان تنفيذ معاهدة الشراكة الاستراتيجية الشاملة الموقعة بين روسيا وكوريا الشمالية في يونيو "
              "من العام الماضي.")
    (a,) = of(doc, "agreement")
    assert (a.kind, sorted(a.parties), a.signed_on) == ("treaty", ["country:KP", "country:RU"], "2024-06")
    doc = run("زار وزير روسي بيونغ يانغ. ووقع الجانبان الروسي والكوري الشمالي في ختام الاجتماع بروتوكولا للتعاون.")
    assert [a.kind for a in of(doc, "agreement")] == ["protocol"]


def test_permission_to_the_company_named_before():
    doc = run("طلبت شركة نوردويند تشغيل رحلات إلى بيونغ يانغ. وكانت الوكالة الفيدرالية للنقل الجوي منحت الشركة "
              "إذنا بتشغيل الرحلات في أيار الماضي.")
    (p,) = of(doc, "agreement")
    assert (p.kind, p.parties, p.signed_on) == ("permission", ["org:rosaviatsia", "org:nordwind-airlines"], "2025-05")


# ---------------------------------------------------------------- events
def test_ratification_summons_and_meetings_are_separate_events():
    doc = run("صادق الرئيس الروسي فلاديمير بوتين، السبت، على معاهدة الشراكة مع كوريا الشمالية. وكان مجلس الدوما "
              "قد أقر المعاهدة في 24 أكتوبر الماضي.", published="2024-11-10")
    dates = sorted(str(e.date) for e in of(doc, "event") if e.kind == "ratification")
    assert dates == ["2024-10-24", "2024-11-09"]
    doc = run("استدعت وزارة الخارجية الكورية الجنوبية السفير الروسي، أمس الثلاثاء.", published="2024-09-25")
    assert [(e.kind, str(e.date)) for e in of(doc, "event")] == [("summons", "2024-09-24")]
    doc = run("وذكرت وكالة تاس أن شويجو أجرى محادثات مع كيم جونغ أون. وكان شويجو قد زار بيونج يانج في الرابع من "
              "يونيو الجاري. والتقى في الأسبوع التالي وزير الدفاع.")
    assert len([e for e in of(doc, "event") if e.kind == "meeting"]) == 2


def test_ambassador_title_resolves_by_posting():
    doc = run("قال السفير الروسي لدى بيونج يانج إن العمل مستمر. وقال السفير الروسي لدى سيول إن الحوار ممكن.",
              published="2025-06-17")
    assert [s.speaker for s in of(doc, "statement")] == ["person:alexander-matsegora", "person:georgy-zinoviev"]


# ---------------------------------------------------------------- capitals as governments
def test_capitals_as_subjects_of_a_pluperfect_and_their_agreement():
    doc = run("وكانت موسكو وبيونغ يانغ قد وقعتا في 3 نيسان الجاري اتفاقا لتسهيل التسويات المالية.",
              published="2025-04-10")
    assert ids(doc, "country") == {"country:RU", "country:KP"} and ids(doc, "place") == set()
    (a,) = of(doc, "agreement")  # "قد" after كانت is the pluperfect, not doubt
    assert (sorted(a.parties), a.signed_on) == (["country:KP", "country:RU"], "2025-04-03")


def test_capital_after_a_government_noun_or_that_is_the_government():
    doc = run("وأكد كيم جونغ أون دعم سياسة موسكو في أوكرانيا.")
    assert "country:RU" in ids(doc, "country") and "place:moscow" not in ids(doc, "place")
    doc = run("Pat Ryder said last week that Washington had seen hundreds of casualties.", language="en",
              published="2024-12-16")
    assert "country:US" in ids(doc, "country") and ids(doc, "place") == set()


# ---------------------------------------------------------------- more visits, statements, events
def test_the_inviter_is_not_the_visitor():
    doc = run("ومن المنتظر أن يقوم الرئيس الروسي فلاديمير بوتين بزيارة إلى كوريا الشمالية تلبية لدعوة من كيم "
              "جونغ أون.", published="2023-10-19")
    (v,) = of(doc, "visit")
    assert (v.visitor, v.host_country, v.status.value, v.invited_by) == (
        "person:vladimir-putin", "KP", "expected", "person:kim-jong-un")


def test_english_speaker_with_an_affiliation_before_said():
    doc = run("Analyst Artyom Lukin of Far Eastern Federal University said the governor's frequent trips show "
              "that the region matters.", language="en")
    (s,) = of(doc, "statement")
    assert s.speaker == "person:artyom-lukin"


def test_a_ratification_date_is_not_a_signing_date():
    doc = run("صادق الرئيس الروسي فلاديمير بوتين، السبت، على معاهدة الشراكة الاستراتيجية الشاملة مع كوريا الشمالية.",
              published="2024-11-10")
    (a,) = of(doc, "agreement")
    assert a.signed_on is None
    assert [(e.kind, str(e.date)) for e in of(doc, "event")] == [("ratification", "2024-11-09")]


def test_forum_event_and_end_of_year():
    doc = run("أعلن المسؤول أن فلاديفوستوك ستستضيف في 15 أيار المقبل منتدى أعمال روسيا - كوريا الشمالية.",
              published="2025-04-10")
    assert [(e.kind, str(e.date)) for e in of(doc, "event")] == [("forum", "2025-05-15")]
    assert resolve_text("قبل نهاية العام", "2024-09-25")[0][1] == "2024"


def test_arrival_without_a_place_takes_the_foreign_place_of_the_previous_sentence_of_the_same_visitor():
    doc = run("Primorye Governor Oleg Kozhemyako opened a trade office in the port city of Rason on Tuesday. "
              "Kozhemyako, who arrived on Monday for a three-day visit, also met officials.", language="en",
              published="2025-10-08")
    (v,) = of(doc, "visit")
    assert (v.visitor, v.host_country, v.destination, v.start) == (
        "person:oleg-kozhemyako", "KP", "place:rason", "2025-10-06")
