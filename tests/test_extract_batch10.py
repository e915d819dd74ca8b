"""Rule families added in the events round (batch 10: launches, openings, captures and casualties, fighting in a
named region, one event per article-wide happening across modal mentions, launch sites, a date before a
complementizer); short sentences written for these tests."""

from extract.pipeline import extract_text


def events(text, pub="2025-05-14", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return sorted((f.kind, str(f.date) if f.date else None, f.status) for f in doc.facts if f.type == "event")


def kinds(text, pub="2025-05-14", lang="ar"):
    return [k for k, _d, _s in events(text, pub, lang)]


# --- launches -------------------------------------------------------------------------------------------------------

def test_a_satellite_launch_is_an_event():
    assert "launch" in kinds("أطلقت كوريا الشمالية أمس قمرا صناعيا للاستطلاع من محطة سوهاي.")


def test_an_english_missile_launch_is_an_event():
    assert "launch" in kinds("North Korea fired a ballistic missile into the sea on Monday.", "2025-03-11", "en")


def test_a_launch_site_is_no_launch():
    assert "launch" not in kinds("زار كيم قاعدة فوستوشني لإطلاق الصواريخ الفضائية في روسيا.")


# --- openings -------------------------------------------------------------------------------------------------------

def test_an_opening_of_a_centre_is_an_event():
    assert "opening" in kinds("ومن المقرر أن يفتتح الجانبان مركزا تجاريا مشتركا في راسون الشهر المقبل.")


def test_an_english_inauguration_of_an_office_is_an_event():
    assert "opening" in kinds("Lavrov and Choe inaugurated a Russian tourism office in Wonsan on Sunday.",
                              "2025-07-13", "en")


def test_an_opening_without_an_object_word_is_no_event():
    assert "opening" not in kinds("افتتح الوزير كلمته بالترحيب بالضيوف.")


# --- captures, casualties, fighting ----------------------------------------------------------------------------------

def test_a_capture_of_soldiers_is_an_event():
    assert "capture" in kinds("قال زيلينسكي إن القوات الأوكرانية أسرت جنديين كوريين شماليين في منطقة كورسك.")


def test_casualties_are_an_event():
    assert "casualties" in kinds("وأفادت الاستخبارات بأن نحو 300 جندي كوري شمالي قتلوا وأصيب 2700 آخرون.")


def test_fighting_in_kursk_is_the_war():
    assert "war" in kinds("ولم تعلق موسكو على التقارير، فيما يستمر القتال في كورسك.")


# --- granularity and dates -------------------------------------------------------------------------------------------

def test_a_modal_mention_of_flights_joins_the_article_flights():
    got = kinds("Nordwind requested permission to operate direct Moscow-Pyongyang flights. The flights would be a "
                "possible new air connection between Russia and North Korea.", "2025-06-20", "en")
    assert got.count("flights") == 1


def test_a_date_before_a_complementizer_does_not_date_the_event():
    got = events("قال المتحدث باسم الكرملين دميتري بيسكوف اليوم الخميس إن قمة جديدة بين بوتين وكيم مرتقبة العام "
                 "المقبل.", "2025-10-02")
    assert [d for k, d, _s in got if k == "summit"] != ["2025-10-02"]
