"""Kinds of events and their dates: launches, openings, fighting, casualties, drills, sanctions, tourism..."""

from extract.pipeline import extract_text


def facts(text, pub="2025-06-04", kind="visit", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


# the (kind, date) of each event
def events(text, lang="ar", pub="2025-06-04"):
    return sorted((e.kind, e.date) for e in facts(text, pub, "event", lang)[0])


# the same (kind, date) pairs as `events`, against another default publication day
def dated(text, lang="ar", pub="2024-09-18"):
    return sorted((e.kind, e.date) for e in facts(text, pub, "event", lang)[0])


# the (kind, date, status) of each event, and the kinds alone
def events_with_status(text, pub="2025-05-14", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return sorted((f.kind, str(f.date) if f.date else None, f.status) for f in doc.facts if f.type == "event")


def kinds(text, pub="2025-05-14", lang="ar"):
    return [k for k, _d, _s in events_with_status(text, pub, lang)]


def test_events_summons_in_english_parliament_session_and_train_journeys():
    ev, _ = facts("South Korea's Foreign Ministry summoned the Russian ambassador on Friday.", "2024-11-02",
                  "event", "en")
    assert [e.kind for e in ev] == ["summons"]
    ev, _ = facts("وعقد مجلس الدوما جلسة عامة أمس لمناقشة المعاهدة.", kind="event")
    assert "session" in [e.kind for e in ev]
    ev, _ = facts("وتأتي الزيارة قبل أيام من استئناف رحلات القطار المباشرة بين موسكو وبيونغ يانغ.", kind="event")
    assert [e.kind for e in ev] == ["rail"]


def test_joint_drills_are_events():
    drills = "وأجرت القوات البحرية الروسية والكورية الشمالية مناورات مشتركة في بحر اليابان الأسبوع الماضي."
    assert ("exercise", "2025-09") in events(drills, pub="2025-09-20")
    assert [k for k, _ in events("The two navies held joint drills in the Sea of Japan.", "en")] == ["exercise"]
    assert events("وأجرى الجيش تدريبات روتينية.") == []


def test_event_dated_right_before_its_verb_and_clitic_ratification():
    text = "Russia's State Duma on Thursday unanimously ratified the treaty, which the leaders signed in June."
    assert ("ratification", "2024-10-24") in events(text, "en", "2024-10-24")
    text = "وصادق مجلس الدوما على المعاهدة في 24 أكتوبر، فيما أقرها مجلس الاتحاد في 6 نوفمبر."
    assert events(text, pub="2024-12-05") == [("ratification", "2024-10-24"), ("ratification", "2024-11-06")]


def test_future_meeting():
    assert [k for k, _ in events("وذكرت وكالة تاس أن شويغو سيلتقي الزعيم كيم جونغ أون.")] == ["meeting"]


def test_sanctions_imposed_but_not_sanctions_named():
    assert dated("وأعلنت الوزارة أن طوكيو فرضت أمس عقوبات جديدة على ثلاث ناقلات.", pub="2024-12-12") == \
        [("sanctions", "2024-12-11")]
    assert dated('وقال إن "هذه الشحنات تنتهك العقوبات الأممية".', pub="2024-12-12") == []


def test_supplies_of_oil():
    assert dated("اتهمت واشنطن روسيا بتزويد كوريا الشمالية بأكثر من مليون برميل من النفط منذ مارس الماضي.",
                 pub="2024-12-12") == [("supply", "2024-03")]


def test_exchanges_of_prisoners_but_not_the_subject_of_a_memorandum():
    assert [k for k, _ in dated("Zelenskyy said Kim could arrange their exchange for Ukrainians held in Russia.",
                                "en", "2025-01-15")] == ["exchange"]
    assert dated("ووقعت الجامعتان الشهر الماضي مذكرة تفاهم لتبادل الطلاب.", pub="2025-07-10") == []


def test_tourist_groups_and_students_arriving():
    assert dated("أعلنت الوزارة أن أول مجموعة من السياح الروس وصلت إلى وونسان يوم الثلاثاء.", pub="2025-07-10") == \
        [("tourism", "2025-07-08")]
    assert dated("ومن المنتظر أن يصل نحو مئة طالب كوري شمالي إلى فلاديفوستوك في سبتمبر المقبل.", pub="2025-07-10") == \
        [("students", "2025-09")]


def test_cultural_days_a_security_council_session_fighting_and_a_hospital():
    assert dated("افتتحت وزيرة الثقافة الروسية في بيونغ يانغ في 12 أيلول الجاري أيام الثقافة الروسية.") == \
        [("festival", "2024-09-12")]
    assert dated("عقد مجلس الأمن الدولي أمس الاثنين جلسة طارئة.", pub="2024-11-05") == [("session", "2024-11-04")]
    assert ("war", None) in dated("أرسلت كوريا الشمالية آلاف الجنود إلى روسيا للقتال ضد أوكرانيا.", pub="2024-11-05")
    assert dated("مستشفى بيونغ يانغ العام الذي دشنه الزعيم في أكتوبر الماضي.", pub="2025-03-06") == \
        [("construction", "2024-10")]


def test_a_satellite_launch_is_an_event():
    assert "launch" in kinds("أطلقت كوريا الشمالية أمس قمرا صناعيا للاستطلاع من محطة سوهاي.")


def test_an_english_missile_launch_is_an_event():
    assert "launch" in kinds("North Korea fired a ballistic missile into the sea on Monday.", "2025-03-11", "en")


def test_a_launch_site_is_no_launch():
    assert "launch" not in kinds("زار كيم قاعدة فوستوشني لإطلاق الصواريخ الفضائية في روسيا.")


def test_an_opening_of_a_centre_is_an_event():
    assert "opening" in kinds("ومن المقرر أن يفتتح الجانبان مركزا تجاريا مشتركا في راسون الشهر المقبل.")


def test_an_english_inauguration_of_an_office_is_an_event():
    assert "opening" in kinds("Lavrov and Choe inaugurated a Russian tourism office in Wonsan on Sunday.",
                              "2025-07-13", "en")


def test_an_opening_without_an_object_word_is_no_event():
    assert "opening" not in kinds("افتتح الوزير كلمته بالترحيب بالضيوف.")


def test_a_capture_of_soldiers_is_an_event():
    assert "capture" in kinds("قال زيلينسكي إن القوات الأوكرانية أسرت جنديين كوريين شماليين في منطقة كورسك.")


def test_casualties_are_an_event():
    assert "casualties" in kinds("وأفادت الاستخبارات بأن نحو 300 جندي كوري شمالي قتلوا وأصيب 2700 آخرون.")


def test_fighting_in_kursk_is_the_war():
    assert "war" in kinds("ولم تعلق موسكو على التقارير، فيما يستمر القتال في كورسك.")


def test_a_modal_mention_of_flights_joins_the_article_flights():
    got = kinds("Nordwind requested permission to operate direct Moscow-Pyongyang flights. The flights would be a "
                "possible new air connection between Russia and North Korea.", "2025-06-20", "en")
    assert got.count("flights") == 1


def test_a_date_before_a_complementizer_does_not_date_the_event():
    got = events_with_status("قال المتحدث باسم الكرملين دميتري بيسكوف اليوم الخميس إن قمة جديدة بين بوتين وكيم "
                             "مرتقبة العام المقبل.", "2025-10-02")
    assert [d for k, d, _s in got if k == "summit"] != ["2025-10-02"]
