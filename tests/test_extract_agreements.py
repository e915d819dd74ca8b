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


# ---- signing dates and status, plans, later mentions; the texts are the body of an article titled "t"
def facts(text, pub="2025-06-04", kind="visit", lang="ar"):
    doc = extract_text("t\n\n" + text, published=pub, language=lang)
    return [f for f in doc.facts if f.type == kind], doc


# as `agreements`, on the body of an article titled "t", against another default publication day
def body_agreements(text, lang="ar", pub="2025-06-04"):
    return [(a.kind, sorted(a.parties), a.signed_on, [e.quote for e in a.evidence])
            for a in facts(text, pub, "agreement", lang)[0]]


def test_future_signing_and_effective_date_do_not_date_an_agreement():
    ag, _ = facts("وذكر البيان أن الجانبين سيوقعان خلال الزيارة بروتوكولا للتعاون.", "2025-03-20", "agreement")
    assert ag == []
    ag, _ = facts("وقعت روسيا وكوريا الشمالية بروتوكولا لزيادة القطارات اعتبارا من الأول من آب المقبل.",
                  "2025-06-18", "agreement")
    assert len(ag) == 1 and ag[0].signed_on is None


def test_agreement_is_placed_where_first_named_and_a_later_ratification_is_more_evidence():
    text = ("وبحث الزعيم كيم جونغ أون مع الضيف الروسي تنفيذ معاهدة الشراكة الاستراتيجية الشاملة. "
            "وكان البرلمان الروسي قد صادق على المعاهدة في أكتوبر الماضي.")
    got = body_agreements(text)
    assert len(got) == 1
    kind, parties, signed, quotes = got[0]
    assert (kind, parties, signed) == ("treaty", ["country:KP", "country:RU"], None)
    assert quotes[0].startswith("معاهدة الشراكة الاستراتيجية الشاملة") and len(quotes) == 2


def test_later_mentions_of_one_agreement_merge():
    text = ("وقع وزير الصحة الروسي ميخائيل موراشكو ونظيره الكوري الشمالي جونغ مو ريم، يوم الاثنين في بيونغ يانغ، "
            "اتفاقية للتعاون في مجال الرعاية الصحية. وأكد موراشكو أن \"الاتفاقية تفتح صفحة جديدة\" بعد التوقيع.")
    got = body_agreements(text, pub="2024-12-25")
    assert [(k, p, s) for k, p, s, _ in got] == [("agreement", ["country:KP", "country:RU"], "2024-12-23")]
    assert len(got[0][3]) == 2


def test_signing_verb_far_before_its_object_and_the_date_between():
    text = ("وقع نائب رئيس الوزراء الروسي ألكسي أوفرتشوك ووزير العلاقات الاقتصادية الخارجية الكوري الشمالي "
            "يون جونغ هو، يوم الثلاثاء في خاباروفسك، بروتوكولا لتطوير النقل عبر الحدود.")
    got = body_agreements(text, pub="2025-04-30")
    assert [(k, p, s) for k, p, s, _ in got] == [("protocol", ["country:KP", "country:RU"], "2025-04-29")]


def test_plans_and_roadmaps_only_when_signed_or_approved():
    signed = ("وكانت وزيرة الخارجية الكورية الشمالية تشوي سون هي قد وقعت في موسكو يوم الأربعاء مع سيرغي لافروف "
              "خطة للمشاورات بين وزارتي الخارجية.")
    assert [k for k, *_ in body_agreements(signed, pub="2025-09-19")] == ["plan"]
    # no party named
    assert [k for k, *_ in body_agreements("The two ministers signed a roadmap for trade on Monday.", "en")] == []
    roadmap = ("Russian Foreign Minister Sergei Lavrov and North Korean Foreign Minister Choe Son Hui signed a "
               "roadmap for cooperation on Monday.")
    assert [k for k, *_ in body_agreements(roadmap, "en")] == ["plan"]
    # a plan that is discussed, planned or expected to be signed is no agreement
    assert body_agreements("ويبحث الجانبان الروسي والكوري الشمالي إعداد برنامج للتبادل الثقافي.") == []
    assert body_agreements("Lavrov and Choe are expected to sign a plan of consultations, the ministry said.",
                           "en") == []


def test_a_planned_signing_is_a_planned_agreement_and_a_denied_one_none():
    # planned signings are kept with status "planned" (since 2026-12-01; before, they were dropped)
    doc = facts("وأشار الوزير الروسي إلى أن البلدين يخططان لتوقيع بروتوكول إضافي مع كوريا الشمالية.", "2025-06-04",
                "agreement")[0]
    assert [(a.kind, a.status.value, a.signed_on) for a in doc] == [("protocol", "planned", None)]
    denied = ("نفى السفير الروسي لدى بيونغ يانغ ألكسندر ماتسيغورا وجود أي خطط لتوقيع اتفاق عسكري جديد، "
              "مؤكدا أن \"معاهدة الشراكة تكفي\".")
    assert body_agreements(denied) == []


def test_until_year_is_not_the_signing_date_and_a_counterparts_country_is_a_party():
    text = ("ووقع كوزلوف ورئيس الجانب الكوري الشمالي في اللجنة يون جونغ هو، اليوم الخميس، خارطة طريق للتعاون "
            "الاقتصادي حتى عام 2030.")
    assert [(k, s) for k, _p, s, _ in body_agreements(text, pub="2025-11-20")] == [("plan", "2025-11-20")]
    memo = "وخلال زيارته لطهران، وقع شويغو مع نظيره الإيراني مذكرة تفاهم حول التعاون الأمني."
    assert [p for _k, p, _s, _ in body_agreements(memo)] == [["country:IR", "country:RU"]]


def test_a_programme_agreed_with_the_date_between_the_verb_and_its_object():
    got, _ = facts("وذكرت وكالة تاس أن وزارة الصحة الروسية والجانب الكوري الشمالي اتفقا في فبراير الماضي على برنامج "
                   "لتدريب الأطباء.", "2025-03-06", "agreement")
    assert [(a.kind, a.signed_on) for a in got] == [("plan", "2025-02")]
