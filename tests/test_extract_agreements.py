"""Agreements (issue 7): dual and plural nouns, truces, proposals, negotiations, parties from the clause, the
visit or the talks in context; short sentences written for these tests."""

from extract.pipeline import extract_text


def agreements(text, lang="ar", pub="2024-03-12"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [(a.kind, sorted(a.parties), a.signed_on, [e.quote for e in a.evidence])
            for a in doc.facts if a.type == "agreement"]


def kinds_parties(text, lang="ar", pub="2024-03-12"):
    return [(k, p) for k, p, _s, _q in agreements(text, lang, pub)]


def test_plural_memoranda_are_one_agreement_fact():
    text = "ووقعت مصر والأردن، اليوم الثلاثاء، 12 مذكرة تفاهم في مجالات الطاقة والنقل والتعليم."
    got = agreements(text)
    assert [(k, p, s) for k, p, s, _ in got] == [("memorandum", ["country:EG", "country:JO"], "2024-03-12")]


def test_dual_agreement_nouns():
    assert kinds_parties("ووقعت الجزائر وتونس اتفاقيتي تعاون في مجال المياه.") == [
        ("agreement", ["country:DZ", "country:TN"])]
    assert kinds_parties("ووقعت الجزائر وتونس مذكرتي تفاهم في مجال الصحة.") == [
        ("memorandum", ["country:DZ", "country:TN"])]


def test_english_plural_memoranda_and_deals():
    text = "Kenya and Ethiopia signed four Memoranda of Understanding (MoUs) on trade and energy on Monday."
    assert kinds_parties(text, "en") == [("memorandum", ["country:ET", "country:KE"])]
    assert kinds_parties("Japan and India signed several deals on rail and defence.", "en") == [
        ("deal", ["country:IN", "country:JP"])]


def test_parties_from_the_visit_they_were_signed_during():
    text = ("وصل الرئيس الكيني وليام روتو إلى أديس أبابا اليوم في زيارة رسمية. "
            "وخلال الزيارة وقع الوزراء المرافقون ثلاث مذكرات تفاهم.")
    got = kinds_parties(text)
    assert got == [("memorandum", ["country:ET", "country:KE"])]


def test_the_two_sides_are_the_pair_named_with_between_before():
    text = ("وبدأت في الدوحة محادثات بين حركة حماس وإسرائيل. "
            "ورغم إعلان الطرفين عن تمديد الهدنة، تجدد القصف.")
    assert kinds_parties(text) == [("truce", ["country:IL", "org:hamas"])]


def test_a_truce_called_for_is_no_agreement():
    assert agreements("ودعا الأمين العام إلى هدنة إنسانية فورية في غزة.") == []
    assert agreements("The minister called for an immediate ceasefire in the region.", "en") == []


def test_ceasefire_proposal_from_one_party_to_another():
    text = "وقدمت مصر مقترحا جديدا لوقف إطلاق النار إلى الحكومة السودانية."
    (got,) = agreements(text)
    assert got[0] == "proposal" and got[1] == ["country:EG", "country:SD"] and got[2] is None
    # a proposal of anything else is no agreement
    assert agreements("وقدمت مصر مقترحا لتنظيم مؤتمر اقتصادي.") == []


def test_negotiated_agreement_with_a_party_after_with():
    text = "وبحث الوفد القطري في كابول التوصل إلى اتفاق مع حركة حماس."
    (got,) = agreements(text)
    assert got[0] == "agreement" and got[1] == ["country:QA", "org:hamas"] and got[2] is None
    en = "The EU and ASEAN resumed talks on a free trade agreement last year."
    assert kinds_parties(en, "en") == [("agreement", ["org:asean", "org:eu"])]


def test_agreement_referred_to_as_a_noun_with_its_signing_in_a_relative_clause():
    text = "ودافعت الحكومة الكينية أمس عن الاتفاقية الدفاعية التي وقعتها مع إثيوبيا."
    (got,) = agreements(text)
    assert got[0] == "agreement" and got[1] == ["country:ET", "country:KE"]
    assert got[2] is None  # the date is the defence's, not the signing's


def test_a_country_and_an_international_body_sign_and_an_adjective_named_later_is_no_party():
    text = ("وقعت المغرب والاتحاد الأوروبي اليوم مذكرة تفاهم حول الهجرة، "
            "بحضور رئيس الوزراء الإسباني.")
    assert kinds_parties(text) == [("memorandum", ["country:MA", "org:eu"])]


def test_the_mediator_is_no_party():
    text = "واتفقت إثيوبيا ومصر على استئناف المفاوضات بموجب اتفاق توسطت فيه الإمارات."
    got = kinds_parties(text)
    assert got and all(p == ["country:EG", "country:ET"] for _k, p in got)


def test_planned_signing_stays_no_agreement():
    assert agreements("وسيوقع البلدان خلال الزيارة خمس مذكرات تفاهم.") == []


def test_reached_and_brokered_deals_are_concluded_and_the_broker_is_no_party():
    assert kinds_parties("Egypt and Sudan reached a deal on water sharing after talks brokered by the AU.", "en") == [
        ("deal", ["country:EG", "country:SD"])]
    assert kinds_parties("China brokered a deal between Saudi Arabia and Iran.", "en") == [
        ("deal", ["country:IR", "country:SA"])]
    assert kinds_parties("وتوصلت مصر وإثيوبيا إلى اتفاق حول السد.") == [("agreement", ["country:EG", "country:ET"])]


def test_abbreviation_in_brackets_is_the_same_agreement_and_keeps_the_date():
    text = "Kenya and Ethiopia signed four Memoranda of Understanding (MoUs) on trade and energy on Monday."
    got = agreements(text, "en")
    assert [(k, p, s) for k, p, s, _ in got] == [("memorandum", ["country:ET", "country:KE"], "2024-03-11")]


def test_signed_during_a_visit_told_before_takes_the_visit_date():
    text = ("وصل الرئيس الكيني وليام روتو إلى أديس أبابا يوم الأحد في زيارة رسمية. "
            "وخلال الزيارة وقع الوزراء المرافقون ثلاث مذكرات تفاهم.")
    got = agreements(text)
    assert [(k, p, s) for k, p, s, _ in got] == [("memorandum", ["country:ET", "country:KE"], "2024-03-10")]


def test_a_truce_broken_or_announced_by_one_side_is_an_agreement_between_the_belligerents():
    text = "وانتهكت قوات الدعم السريع الهدنة التي أعلنها الجيش السوداني."
    got = agreements(text)
    assert [k for k, *_ in got] == ["truce"] and got[0][2] is None


def test_negotiations_on_a_named_agreement_between_two_countries():
    text = "واستعرض الجانبان مسار المفاوضات حول اتفاق التجارة الحرة بين المغرب وبريطانيا."
    assert kinds_parties(text) == [("agreement", ["country:GB", "country:MA"])]
