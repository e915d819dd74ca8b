"""Statements by speakers the registry does not know: pronoun and dropped subjects, the subject of كان, verbs whose
particle follows the subject, quoted paragraphs that continue a statement, a body's titled member, state bodies.
Short texts written for these tests."""

from extract.pipeline import extract_text


def speakers(text: str, lang: str = "ar", pub: str = "2024-05-10") -> list[str]:
    doc = extract_text(text, published=pub, language=lang)
    return [f.speaker for f in doc.facts if f.type == "statement"]


def test_a_dropped_subject_is_the_speaker_named_before():
    got = speakers("قال وزير الخارجية الكيني موساليا مودافادي إن المحادثات مثمرة. وأكد أن بلاده ستواصل جهودها.")
    assert got == ["person:mosalia-modafadi", "person:mosalia-modafadi"]


def test_english_pronoun_speakers():
    got = speakers("“We are ready,” said Kenya's president, William Ruto. He added that talks would resume.", "en")
    assert got == ["person:william-ruto", "person:william-ruto"]


def test_the_subject_after_kana_not_the_object():
    got = speakers("وكان الملك عبدالله الثاني لدى لقائه الرئيس السوري أحمد الشرع قد أكد دعم الأردن.")
    assert got == ["person:abdallh-althani"]


def test_a_speech_verb_whose_particle_follows_the_subject():
    got = speakers('التقى الوفد رئيس المجلس السياسي "مهدي محمد المشاط". وقد عبّر "المشاط" عن امتنانه للوساطة.')
    assert got == ["person:mhdi-mhmd-almshat"]


def test_a_quoted_paragraph_continues_the_statement_before():
    doc = extract_text("“We need a settlement,” said Qatar's emir, Sheikh Tamim bin Hamad Al-Thani.\n\n"
                       "“We hope that this first summit will be a first step.” Trade talks have languished.",
                       published="2024-10-17", language="en")
    got = [(f.speaker, len(f.evidence)) for f in doc.facts if f.type == "statement"]
    assert got == [("person:tamim-bin-hamad-al-thani", 2)]


def test_a_titled_member_of_a_body_is_the_person_introduced_before():
    got = speakers("The UN Special Envoy for Yemen, Hans Grundberg, arrived in Aden. The UN envoy reiterated his "
                   "commitment to the talks.", "en")
    assert got == ["person:hans-grundberg"]


def test_a_state_body_named_by_its_country_adjective():
    got = speakers("وأفادت الرئاسة التونسية أن الرئيس استقبل الوفد. وكانت الحكومة الصومالية دافعت أمس عن الاتفاق.")
    assert got == ["org:tn-presidency", "org:so-government"]


def test_a_verbal_noun_after_bi_takes_the_subject_before():
    got = speakers("قامت وزارة الخارجية السعودية، اليوم السبت، بنفي صحة أنباء عن زيارة قريبة.", pub="2022-03-19")
    assert got == ["org:sa-foreign-ministry"]


def test_no_statement_from_a_verb_inside_quoted_words():
    got = speakers("Hans Grundberg said in a statement that “he exchanged views with officials, and thanked the "
                   "Sultanate for its support.”", "en")
    assert len(got) == 1


def test_an_unnamed_source_is_nobody_s_statement():
    got = speakers("Turkish Foreign Minister Hakan Fidan will meet Syria's interim leader Ahmed al-Sharaa in "
                   "Damascus, a Turkish diplomatic source said.", "en")
    assert got == []


def test_a_relative_clause_between_the_speaker_and_the_verb():
    got = speakers("Japanese Prime Minister Fumio Kishida, who is on a two-day visit to Vietnam, said on Monday that "
                   "ties would deepen.", "en")
    assert got == ["person:fumio-kishida"]


def test_an_unnamed_body_after_the_words_is_nobody():
    got = speakers("Algerian President Abdelmadjid Tebboune postponed his planned visit to France, the presidency "
                   "announced.", "en")
    assert got == []
