"""Visits that need no registry entry: arrivals of several leaders, meetings and summits abroad, delegations and
their heads, receptions, concluded visits, back-references to a kingdom. Short texts written for these tests."""

from extract.pipeline import extract_text


def visits(text: str, lang: str = "ar", pub: str = "2024-05-10"):
    doc = extract_text(text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == "visit"]


def trips(text: str, lang: str = "ar", pub: str = "2024-05-10") -> set[tuple[str, str]]:
    return {(v.visitor, v.host_country) for v in visits(text, lang, pub)}


def test_each_leader_of_one_arrival_sentence_visits():
    got = trips("والأربعاء، وصل فام مينه تشينه، رئيس وزراء فيتنام، وأنور إبراهيم، رئيس وزراء ماليزيا، إلى العاصمة "
                "القطرية.")
    assert got == {("person:fam-minh-tshinh", "QA"), ("person:anor-abrahim", "QA")}


def test_a_long_title_chain_before_the_visitor():
    got = trips("يصل نائب رئيس الوزراء ووزير الخارجية وشؤون المغتربين أيمن الصفدي اليوم إلى العاصمة اللبنانية بيروت.")
    assert got == {("person:aimn-alsfdi", "LB")}


def test_a_meeting_in_a_foreign_capital_implies_both_visits():
    got = trips("التقى الرئيس الكيني ويليام روتو بنظيره الصومالي حسن شيخ محمود، في العاصمة الإثيوبية أديس أبابا.")
    assert got == {("person:oiliam-roto", "ET"), ("person:hsn-shikh-mhmod", "ET")}


def test_a_meeting_at_home_is_no_visit():
    assert trips("التقى الرئيس الكيني ويليام روتو وزير الخارجية في نيروبي.") == set()


def test_taking_part_in_a_summit_held_abroad():
    got = trips("عقدت اليوم قمة ثلاثية في العاصمة الإريترية أسمرة، شارك فيها الرئيس الصومالي حسن شيخ محمود.")
    assert got == {("person:hsn-shikh-mhmod", "ER")}


def test_the_head_of_a_delegation_is_the_visitor_and_the_others_its_members():
    got = visits("ووصل وفد جزائري رفيع إلى العاصمة تونس في زيارة رسمية. ويضم الوفد وزراء الخارجية أحمد عطاف، "
                 "والداخلية إبراهيم مراد.")
    assert [(v.visitor, v.host_country, v.delegation) for v in got] == [
        ("person:ahmd-ataf", "TN", ["person:abrahim-mrad"])]


def test_a_delegation_led_by_an_ambassador_is_a_visit():
    got = trips('بحث الوفد القطري برئاسة السفير "خالد الهاجري" سبل التهدئة في العاصمة السودانية الخرطوم.')
    assert got == {("person:khald-alhajri", "SD")}


def test_a_reception_with_long_titles():
    got = trips("استقبل العاهل المغربي الملك محمد السادس، اليوم الخميس، رئيس الوزراء الإسباني بيدرو سانشيز في الرباط.")
    assert got == {("person:bidro-sanshiz", "MA")}


def test_the_kingdom_named_again_is_the_country_visited():
    got = visits("نفت وزارة الخارجية السعودية أنباء عن زيارة قريبة يجريها وزير الخارجية الأمريكي أنتوني بلينكن إلى "
                 "المملكة.", pub="2022-03-19")
    assert [(v.visitor, v.host_country, v.status.value) for v in got] == [("person:antony-blinken", "SA", "ruled_out")]


def test_a_concluded_visit_is_dated_by_its_end():
    got = visits("On Tuesday, the UN Special Envoy for Yemen, Hans Grundberg, concluded a visit to Muscat.", "en",
                 "2021-09-22")
    assert [(v.visitor, v.host_country, v.start, v.end) for v in got] == [
        ("person:hans-grundberg", "OM", None, "2021-09-21")]


def test_arranging_a_visit_is_planning_it():
    got = visits("وقالت مصادر إن الخارجية الأمريكية تعمل على تنسيق زيارة لبلينكن إلى الأردن.", pub="2022-03-19")
    assert [(v.host_country, v.status.value) for v in got] == [("JO", "planned")]


def test_a_reception_by_a_host_the_registry_does_not_know():
    got = trips("استقبل الرئيس التونسي قيس سعيد، اليوم بقصر قرطاج، وزير الخارجية الجزائري أحمد عطاف.")
    assert got == {("person:ahmd-ataf", "TN")}


def test_a_future_host_verb_in_english():
    got = visits("South African President Cyril Ramaphosa will host Kenyan President William Ruto in Pretoria next "
                 "month.", "en", "2024-06-12")
    assert [(v.visitor, v.host_country, v.status.value) for v in got] == [("person:william-ruto", "ZA", "planned")]


def test_the_subject_of_a_start_verb_is_the_visitor():
    got = visits("يبدأ الرئيس الفلسطيني محمود عباس غدا زيارة إلى موسكو يلتقي خلالها الرئيس الروسي فلاديمير بوتين.",
                 pub="2024-06-12")
    assert [(v.visitor, v.host_country, v.start) for v in got] == [("person:mhmod-abas", "RU", "2024-06-13")]


def test_a_reception_in_gulf_wire_style():
    got = visits("الرياض - واس\nاستقبل صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز آل سعود ولي العهد رئيس "
                 "مجلس الوزراء، في الرياض اليوم، رئيس جمهورية كوريا يون سوك يول.", pub="2024-03-05")
    assert [(v.visitor, v.host_country) for v in got] == [("person:yoon-suk-yeol", "SA")]


def test_taking_part_in_a_summit_named_after_the_subject():
    got = trips("شارك رئيس الوزراء الأردني بشر الخصاونة في أعمال القمة العربية الطارئة التي عقدت في القاهرة.")
    assert got == {("person:bshr-alkhsaonh", "EG")}


def test_a_passive_reception_in_english_keeps_the_guest_as_visitor():
    got = visits("Ethiopian Prime Minister Abiy Ahmed was received by Eritrean President Isaias Afwerki in Asmara.",
                 "en")
    assert [(v.visitor, v.host_country) for v in got] == [("person:abiy-ahmed", "ER")]


def test_a_place_that_is_the_topic_of_talks_is_no_visit():
    got = trips("التقى وزير الخارجية المصري بدر عبد العاطي نظيره التركي هاكان فيدان في أنقرة، وبحثا تطورات الأوضاع "
                "في غزة.")
    assert got == {("person:bdr-abdalati", "TR")}
