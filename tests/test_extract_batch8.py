"""Rule families added in the breadth round (batch 8: trade commissions, tourism and students, sport and culture,
oil and sanctions, the UN Security Council, medical aid, space, prisoners and workers); short sentences written for
these tests."""

from extract.pipeline import extract_text


def facts(text, pub="2024-09-18", kind="visit", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


def visits(text, lang="ar", pub="2024-09-18"):
    return sorted((v.visitor, v.host_country, v.start, v.end, v.status) for v in facts(text, pub, "visit", lang)[0])


def kinds(text, lang="ar", pub="2024-09-18"):
    return sorted((e.kind, e.date) for e in facts(text, pub, "event", lang)[0])


def entity_ids(text, lang="ar", pub="2024-09-18"):
    return {e.id for e in facts(text, pub, "visit", lang)[1].entities}


# --- visits -----------------------------------------------------------------------------------------------------

def test_a_started_visit_takes_its_start_before_the_noun_and_its_end_after_until():
    got = visits("بدأ وزير الرياضة الكوري الشمالي كيم إيل غوك يوم الاثنين زيارة رسمية إلى موسكو تستمر حتى 20 أيلول.")
    assert got == [("person:kim-il-guk", "RU", "2024-09-16", "2024-09-20", "ongoing")]


def test_an_english_host_verb_with_only_the_guest_after_it():
    got = visits("Putin said Russia would help, after hosting North Korean leader Kim Jong Un at the Vostochny "
                 "Cosmodrome on Wednesday.", "en", "2023-09-14")
    assert [(v, h, s) for v, h, s, _, _ in got] == [("person:kim-jong-un", "RU", "2023-09-13")]


def test_a_next_stop_in_the_same_country_is_part_of_the_trip():
    text = ("Russia hosted North Korean leader Kim Jong Un at the Vostochny Cosmodrome on Wednesday. "
            "Kim is expected to travel on to Komsomolsk-on-Amur to visit an aircraft factory, the Kremlin said.")
    got = visits(text, "en", "2023-09-14")
    assert len(got) == 1 and got[0][:2] == ("person:kim-jong-un", "RU")


# --- statements and organizations -------------------------------------------------------------------------------

def test_an_english_coordinated_speech_verb_takes_the_sentence_subject():
    got, _ = facts('Kremlin spokesman Dmitry Peskov declined to comment on the offer and said Moscow had "nothing '
                   'to add".', "2025-01-15", "statement", "en")
    assert [s.speaker for s in got] == ["person:dmitry-peskov"]


def test_an_affiliation_after_of_is_not_the_speaker():
    got, _ = facts("Analyst Ivan Petrov of Far Eastern Federal University said the ties will grow.", "2025-01-15",
                   "statement", "en")
    assert [s.speaker for s in got] == ["person:ivan-petrov"]


def test_an_english_ministry_with_the_country_before_the_prefix():
    got, doc = facts("Russia's Ministry of Labor denied reports that it planned to bring more workers.",
                     "2025-01-15", "statement", "en")
    assert [s.speaker for s in got] == ["org:ru-labour-ministry"]
    assert "org:ru-labour-ministry" in {e.id for e in doc.entities}


def test_un_envoys_and_spokespeople_are_registry_persons():
    ids = entity_ids("وقالت المندوبة الأمريكية لدى الأمم المتحدة ليندا توماس غرينفيلد إن التصعيد خطير. ودعا المندوب "
                     "الصيني فو كونغ إلى ضبط النفس. وأكد المتحدث باسم الأمين العام ستيفان دوجاريك أن الأمين العام "
                     "قلق، فيما اعتبر المندوب الروسي فاسيلي نيبينزيا أن التعاون مشروع.", pub="2024-11-05")
    assert {"person:linda-thomas-greenfield", "person:fu-cong", "person:stephane-dujarric",
            "person:vassily-nebenzia"} <= ids


def test_a_korean_name_with_a_registry_prefix_stays_unknown():
    doc = extract_text("t\n\nواعتبر كيم سونغ هو، الأستاذ في جامعة سيول، أن القمة ممكنة.", published="2025-07-09")
    assert [e.verified for e in doc.entities if e.kind == "person"] == [False]


# --- agreements -------------------------------------------------------------------------------------------------

def test_a_programme_agreed_with_the_date_between_the_verb_and_its_object():
    got, _ = facts("وذكرت وكالة تاس أن وزارة الصحة الروسية والجانب الكوري الشمالي اتفقا في فبراير الماضي على برنامج "
                   "لتدريب الأطباء.", "2025-03-06", "agreement")
    assert [(a.kind, a.signed_on) for a in got] == [("plan", "2025-02")]


# --- events -----------------------------------------------------------------------------------------------------

def test_sanctions_imposed_but_not_sanctions_named():
    assert kinds("وأعلنت الوزارة أن طوكيو فرضت أمس عقوبات جديدة على ثلاث ناقلات.", pub="2024-12-12") == \
        [("sanctions", "2024-12-11")]
    assert kinds('وقال إن "هذه الشحنات تنتهك العقوبات الأممية".', pub="2024-12-12") == []


def test_supplies_of_oil():
    assert kinds("اتهمت واشنطن روسيا بتزويد كوريا الشمالية بأكثر من مليون برميل من النفط منذ مارس الماضي.",
                 pub="2024-12-12") == [("supply", "2024-03")]


def test_exchanges_of_prisoners_but_not_the_subject_of_a_memorandum():
    assert [k for k, _ in kinds("Zelenskyy said Kim could arrange their exchange for Ukrainians held in Russia.",
                                "en", "2025-01-15")] == ["exchange"]
    assert kinds("ووقعت الجامعتان الشهر الماضي مذكرة تفاهم لتبادل الطلاب.", pub="2025-07-10") == []


def test_tourist_groups_and_students_arriving():
    assert kinds("أعلنت الوزارة أن أول مجموعة من السياح الروس وصلت إلى وونسان يوم الثلاثاء.", pub="2025-07-10") == \
        [("tourism", "2025-07-08")]
    assert kinds("ومن المنتظر أن يصل نحو مئة طالب كوري شمالي إلى فلاديفوستوك في سبتمبر المقبل.", pub="2025-07-10") == \
        [("students", "2025-09")]


def test_cultural_days_a_security_council_session_fighting_and_a_hospital():
    assert kinds("افتتحت وزيرة الثقافة الروسية في بيونغ يانغ في 12 أيلول الجاري أيام الثقافة الروسية.") == \
        [("festival", "2024-09-12")]
    assert kinds("عقد مجلس الأمن الدولي أمس الاثنين جلسة طارئة.", pub="2024-11-05") == [("session", "2024-11-04")]
    assert ("war", None) in kinds("أرسلت كوريا الشمالية آلاف الجنود إلى روسيا للقتال ضد أوكرانيا.", pub="2024-11-05")
    assert kinds("مستشفى بيونغ يانغ العام الذي دشنه الزعيم في أكتوبر الماضي.", pub="2025-03-06") == \
        [("construction", "2024-10")]
