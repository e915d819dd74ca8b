"""Statement facts: speaker, quote and addressee around a speech cue."""

from __future__ import annotations

import re
from bisect import bisect_left

from extract.context import PUNCT, Candidate, Context, CueHit, Stage, inside_quote, starting_in
from extract.normalize import key
from extract.registry import Mention


class StatementMixin(Stage):
    """Finds statements."""

    def _statements(self, ctx: Context, hits: list[CueHit]) -> list[Candidate]:
        out: list[tuple[CueHit, Candidate]] = []
        last_speaker: Mention | None = None
        asked_subject: dict[int, Mention] = {}
        speaker_kinds = ("person", "organization", "country")
        for hit in hits:
            sent = ctx.sentence(hit.tstart)
            si = ctx.sent_of[hit.tstart]
            if hit.family == "asked":
                after = self._mentions_in(ctx, hit.tend, min(sent.tend, hit.tend + 8), ("person", "organization"))
                persons = [m for m in after if m.kind == "person"]
                if after:
                    asked_subject[si] = persons[0] if persons else after[0]
                continue
            if hit.family != "statement":
                continue
            if inside_quote(ctx.text[sent.start:ctx.toks[hit.tstart].start]):
                continue  # a verb inside quoted words ("... in Yemen, and thanked the Sultanate") is theirs
            if self._unnamed_source(ctx, hit):
                continue  # "a Turkish diplomatic source said", "قال مصدر دبلوماسي": nobody to attribute it to
            mode = hit.data.get("speaker", "after" if ctx.article.language == "ar" else "before")
            nominal = bool(hit.data.get("nominal"))
            if hit.data.get("content") == "before" and any(
                    h2.family == "statement" and h2 is not hit for h2 in starting_in(hits, hit.tend, hit.tend + 2)):
                continue  # "بحسب بيان صادر عن X، فإن ...": the noun of speech names the speaker
            speaker = None
            # a long title may stand between the verb and the speaker ("قال الخبير في ... بمركز ...، الدكتور X، إن")
            comp_at = self.cues.complementizers.find(ctx.toks, hit.tend, min(sent.tend, hit.tend + 20))
            limit = comp_at[0][0] if comp_at else min(sent.tend, hit.tend + 8)
            if comp_at and comp_at[0][0] == hit.tend and mode == "after":
                mode = "before"
            inverted = False
            if ctx.article.language == "en" and mode == "before":
                # '"...," said Victor Cha': the speaker right after the verb, the words before it
                nxt = [m for m in self._mentions_in(ctx, hit.tend, min(sent.tend, hit.tend + 4), speaker_kinds)
                       if m.tstart == hit.tend]
                pre_text = ctx.text[sent.start:ctx.toks[hit.tstart].start]
                if nxt and re.search(r"[,\"”]\s*$", pre_text) and re.search(r"[\"“”]", pre_text):
                    speaker, inverted = nxt[0], True
                    if speaker.kind != "person":
                        # '"...," said Qatar's emir, Sheikh Tamim': the person the country's title names
                        window = min(sent.tend, speaker.tend + 12)
                        person = next(iter(self._mentions_in(ctx, speaker.tend, window, ("person",))), None)
                        if person is not None and not re.search(r"[.;:\"”]", ctx.text[speaker.end:person.start]):
                            speaker = person
            if ctx.article.language == "en" and speaker is None and last_speaker is not None \
                    and self._pronoun_subject(ctx, hit, sent) and si - ctx.sent_of[last_speaker.tstart] <= 3:
                speaker = last_speaker  # '"...," she added', "The statement added that": the speaker named before
            if ctx.article.language == "ar" and mode == "after" and hit.tstart > sent.tstart \
                    and key(ctx.toks[hit.tstart - 1].text) == "قد":
                # "وكانت رئيسة مجلس الاتحاد ... ماتفيينكو قد نفت": the subject stands before قد
                pre = [m for m in self._mentions_in(ctx, sent.tstart, hit.tstart - 1, speaker_kinds)
                       if not (m.kind == "country" and m.via == "adjective")]
                marks = self.cues.perfect_markers.find(ctx.toks, sent.tstart, pre[-1].tstart) if pre else []
                if marks:
                    # "وكان الملك عبدالله الثاني لدى لقائه الرئيس السوري أحمد الشرع قد أكد": the subject follows كان
                    after_mark = [m for m in pre if m.tstart >= marks[0][1]]
                    speaker = next((m for m in after_mark if m.kind == "person"), after_mark[0] if after_mark
                                   else pre[-1])
            if speaker is None and ctx.article.language == "ar" and mode == "after" and not nominal \
                    and hit.tstart > sent.tstart and self.cues.perfect_markers.match_at(ctx.toks, sent.tstart) \
                    and sent.tstart < hit.tstart - 1:
                # "كانت الحكومة الصومالية دافعت أمس عن ...": the subject between كان and the verb
                subj = [m for m in self._mentions_in(ctx, sent.tstart + 1, hit.tstart, speaker_kinds)
                        if not (m.kind == "country" and m.via == "adjective")]
                if subj and subj[0].tstart <= sent.tstart + 2 and self._only_titles(ctx, subj[-1].tend, hit.tstart,
                                                                                      loose=True):
                    speaker = subj[0]
            if speaker is None and ctx.article.language == "ar" and mode == "after" and not nominal \
                    and hit.tend < sent.tend and key(ctx.toks[hit.tend].text) in ("فيها", "فيه"):
                # "وألقى بيلوسوف كلمة ... أكد فيها أن": the speaker of a speech noun is the subject of its verb
                pre = [m for m in self._mentions_in(ctx, sent.tstart, hit.tstart, speaker_kinds)
                       if not (m.kind == "country" and m.via == "adjective")]
                speaker = next((m for m in pre if m.kind == "person"), None)
            if speaker is None and ctx.article.language == "ar" and mode == "after" and not nominal:
                speaker = self._subject_first(ctx, hit, hits, sent, speaker_kinds)
            if speaker is not None:
                pass
            elif mode in ("after", "inherit"):
                cand = [m for m in self._mentions_in(ctx, hit.tend, limit, speaker_kinds)
                        if not (self._addressee(ctx, m) and not (  # "according to TASS": the cue's own "to"
                            m.tstart == hit.tend and key(ctx.toks[hit.tend - 1].text) == "to")
                            and not (nominal and m.tstart == hit.tend and not self._outlet(m)))
                        and not (m.kind == "country" and m.via == "adjective")]
                if nominal:  # "في بيان لوزارة الخارجية", "تصريحات وزير ...": the speaker right after the noun
                    cand = [m for m in cand if m.tstart - hit.tend <= 1 or (
                        m.kind == "person" and self._only_titles(ctx, hit.tend, m.tstart))]
                if cand and (mode == "after" or cand[0].tstart - hit.tend <= 1):
                    persons = [m for m in cand if m.kind == "person"]
                    speaker = persons[0] if persons and mode == "after" else cand[0]
                    if hit.data.get("content") == "before" and cand[0].tstart - hit.tend <= 1:
                        speaker = cand[0]  # "وبحسب الوكالة، فإن كوجيمياكو": the source, not the subject
                    # an org quoting a person: "نقلت وكالة ... عن X" is handled by the inner cue
            if speaker is None and mode == "before" and nominal:
                # "Pyongyang's statement", "Moscow's announcement": the possessor right before the noun
                cand = [m for m in self._mentions_in(ctx, max(sent.tstart, hit.tstart - 6), hit.tstart, speaker_kinds)
                        if m.tend == hit.tstart - 1 and ctx.toks[m.tend].text == "s"]
                speaker = cand[-1] if cand else None
                if speaker is None:
                    continue
            if speaker is None and mode == "before" or (speaker is None and mode == "after" and not nominal
                                                            and ctx.article.language == "en"):
                # "Fumio Kishida, who is on a two-day visit to Vietnam, said": a relative clause may stand between
                cand = [m for m in self._mentions_in(ctx, max(sent.tstart, hit.tstart - 16), hit.tstart,
                                                     speaker_kinds)
                        if not (m.kind == "country" and m.via == "adjective")]
                rel = [m for m in cand if re.match(r"\s*,\s*(?:who|which)\b", ctx.text[m.end:m.end + 12])]
                if cand and ctx.article.language == "en" and not rel:
                    # "Analyst Artyom Lukin of Far Eastern Federal University said": an affiliation may intervene
                    cand = [m for m in cand if hit.tstart - m.tend <= 4 or (
                        hit.tstart - m.tend <= 7 and key(ctx.toks[m.tend].text) in ("of", "at", "from")
                        and not PUNCT.search(ctx.text[ctx.toks[m.tend].start:ctx.toks[hit.tstart].start]))]
                    if not cand and hit.tstart > 0 and key(ctx.toks[hit.tstart - 1].text) == "and":
                        # "Kremlin spokesman Dmitry Peskov declined to comment ... and said": the sentence subject
                        cand = [m for m in self._mentions_in(ctx, sent.tstart, min(hit.tstart, sent.tstart + 6),
                                                             ("person",))][:1]
                    # "Washington and Seoul have expressed": the first of a pair
                    while len(cand) > 1 and key(ctx.toks[cand[-1].tstart - 1].text) == "and" \
                            and cand[-2].tend == cand[-1].tstart - 1:
                        cand.pop()
                if cand:
                    speaker = cand[-1]
                    if speaker.kind == "organization" and speaker.tstart > 0 and \
                            key(ctx.toks[speaker.tstart - 1].text) in ("of", "at", "from"):
                        # "Artyom Lukin of Far Eastern Federal University said": the person, not his affiliation
                        speaker = next((m for m in cand if m.kind == "person" and m.tend == speaker.tstart - 1),
                                       speaker)
                    # "Shoigu, who flew in from Moscow on Monday, told Kim": the subject of the relative clause
                    rel = [m for m in cand if re.match(r"\s*,\s*(?:who|which)\b", ctx.text[m.end:m.end + 12])]
                    if rel and ctx.article.language == "en":
                        speaker = rel[-1]
            if speaker is None and mode == "inherit":
                speaker = asked_subject.get(si) or last_speaker
            if speaker is None and last_speaker is not None and self._pronoun_subject(ctx, hit, sent) \
                    and si - ctx.sent_of[last_speaker.tstart] <= 3:
                speaker = last_speaker  # "وأكد أن ...", "He said ...": the speaker named just before
            if speaker is None:
                continue
            if speaker.kind in ("organization", "country"):
                speaker = self._titled_member(ctx, speaker, hit) or speaker
            if speaker.kind == "country" and speaker.via not in ("capital", "name"):
                continue
            # the words: after a complementizer / colon / quote mark, to the end of the sentence
            content_before = hit.data.get("content") == "before" or inverted
            qs = max(hit.tend, speaker.tend)
            comp = self.cues.complementizers.find(ctx.toks, qs, min(sent.tend, qs + 14))
            # '"...،" قال X' / '"...," she added': the quotation closing right before the verb
            pre_q = re.search(r"[\"“«]([^\"“”«»]{8,})[\"”»]\s*[،,]?\s*$",
                              ctx.text[sent.start:ctx.toks[hit.tstart].start])
            if content_before and len(ctx.text[sent.start:ctx.toks[hit.tstart].start].strip(" ،,.:\"")) < 8 and comp:
                content_before = False  # "وبحسب الوكالة، فإن ...": nothing before, the words follow
            if pre_q and not inverted and not content_before:
                q0, q1 = sent.start + pre_q.start(1), sent.start + pre_q.end(1)
            elif content_before:
                q0, q1 = sent.start, ctx.toks[hit.tstart].start
            elif nominal and not comp and ctx.text.find(":", ctx.toks[qs - 1].end, sent.end) == -1:
                continue  # a noun of speech with no words reported
            elif comp:
                q0, q1 = ctx.toks[comp[0][0]].start, sent.end
                # "استبعد الكرملين أن ...، وقال المتحدث ... إن": a second speaker's clause ends the first's words
                for h2 in starting_in(hits, comp[0][0] + 1, sent.tend):
                    if h2.family == "statement" \
                            and re.search(r"[،,]\s*$", ctx.text[q0:ctx.toks[h2.tstart].start]) \
                            and not inside_quote(ctx.text[q0:ctx.toks[h2.tstart].start]):
                        q1 = ctx.toks[h2.tstart].start
                        break
            else:
                colon = ctx.text.find(":", ctx.toks[qs - 1].end, sent.end)
                q0 = colon + 1 if colon != -1 else (ctx.toks[qs].start if qs < len(ctx.toks) else sent.end)
                q1 = sent.end
                if ctx.article.language == "en" and sent.tend - qs <= 3 and hit.tstart > sent.tstart + 3:
                    q0, q1 = sent.start, ctx.toks[min(speaker.tstart, hit.tstart)].start
                elif ctx.article.language == "en" and colon == -1 and speaker.tstart < hit.tstart:
                    # "Kim may travel to Moscow ..., South Korean lawmaker Lee Seong-kweun said after ..."
                    comma = ctx.text.rfind(",", sent.start, ctx.toks[speaker.tstart].start)
                    if comma > sent.start + 10:
                        q0, q1 = sent.start, comma
            quote = ctx.text[q0:q1].strip().strip("،,.:").strip()
            quote = quote.strip()
            if len(quote) < 8:
                continue
            q0 = ctx.text.find(quote, q0)
            q1 = q0 + len(quote)
            date = None
            first = bisect_left(ctx.dates, sent.tstart, key=lambda x: x[0])  # dates in text order
            for ts, _te, d in ctx.dates[first : bisect_left(ctx.dates, sent.tend, lo=first, key=lambda x: x[0])]:
                if d.kind == "duration" or ctx.toks[ts].start >= q0:
                    continue
                if ts >= min(hit.tstart, speaker.tstart) or ts < sent.tstart + 5:
                    date = d.date
            last_speaker = speaker
            ev = (sent.start, sent.end, 0.8)
            about = []
            for m in self._mentions_in(ctx, *ctx.tok_range_of(q0, q1)):
                if q0 <= m.start and m.end <= q1 and m.entity != speaker.entity and m.entity not in about:
                    about.append(m.entity)
            cand = Candidate("statement", [ev], {
                "speaker": speaker.entity, "quote": quote, "q0": q0, "q1": q1, "date": date,
                "about": about[:6], "cue": ctx.text[ctx.toks[hit.tstart].start:ctx.toks[hit.tend - 1].end],
            }, 0.8 if speaker.via != "role" else 0.65)
            out.append((hit, cand))
        # drop reports that only relay an inner statement (the inner speaker said it)
        by_quote: dict[tuple[int, int], tuple[CueHit, Candidate]] = {}
        for hit, c in out:
            prev = by_quote.get((c.args["q0"], c.args["q1"]))
            if prev is not None and c.args["speaker"].startswith("org:") \
                    and not prev[1].args["speaker"].startswith("org:"):
                continue  # "قال فولودين في تصريحات نقلتها وكالة تاس: ...": the person said it
            by_quote[(c.args["q0"], c.args["q1"])] = (hit, c)
        out = [hc for hc in out if by_quote[(hc[1].args["q0"], hc[1].args["q1"])][1] is hc[1]]
        keep: list[Candidate] = []
        seen: set[tuple[str, int, int]] = set()
        starts = [ctx.toks[h.tstart].start for h, _c in out]  # in text order, as the hits are
        for _hit, c in out:
            lo, hi = bisect_left(starts, c.args["q0"]), bisect_left(starts, c.args["q1"])
            inner = [o for h2, o in out[lo:hi] if o is not c and o.args["speaker"] != c.args["speaker"]
                     and h2.data.get("content") != "before"]
            if inner:
                continue
            dup = (c.args["speaker"], *c.evidence[0][:2])
            if dup in seen:
                continue
            seen.add(dup)
            keep.append(c)
        self._continued_quotes(ctx, hits, keep)
        return keep

    def _continued_quotes(self, ctx: Context, hits: list[CueHit], keep: list[Candidate]) -> None:
        """A paragraph that is only a quotation, with no speech verb, right after a statement goes on with the same
        speaker's words ('"We need a settlement," said the emir.' then '"We hope that this first summit ..."'):
        it is more evidence of that statement."""
        cued = {ctx.sent_of[h.tstart] for h in hits if h.family == "statement"}
        by_sentence = {}
        for c in keep:
            t0, _t1 = ctx.tok_range_of(c.evidence[0][0], c.evidence[0][1])
            if t0 < len(ctx.toks):
                by_sentence[ctx.sent_of[t0]] = c
        for si, sent in enumerate(ctx.sentences):
            prev = by_sentence.get(si - 1)
            if prev is None or si in cued or not re.match(r"[\"“«]", ctx.text[sent.start:sent.start + 1]):
                continue
            if "\n" not in ctx.text[ctx.sentences[si - 1].end - 1:sent.start + 1]:
                continue  # only a new paragraph that opens on a quotation
            close = re.search(r"[\"”»]", ctx.text[sent.start + 1:sent.end])
            end = sent.start + 1 + close.end() if close else sent.end
            prev.evidence.append((sent.start, end, 0.6))
            by_sentence[si] = prev

    def _subject_first(self, ctx: Context, hit: CueHit, hits: list[CueHit], sent, kinds) -> Mention | None:
        """Arabic subject-verb order with no speaker after the verb ("غير أن المتحدث باسم الكرملين دميتري بيسكوف نفى
        وجود أي خطط"): a person right before the verb, when nothing before him in the sentence is a speech cue or a
        complementizer (other than a contrast word: "غير أن", "إلا أن") that would make him the subject of reported
        words."""
        after = [m for m in self._mentions_in(ctx, hit.tend, min(sent.tend, hit.tend + 8), kinds)
                 if not (m.kind == "country" and m.via == "adjective")]
        if after:
            return None
        pre = [m for m in self._mentions_in(ctx, sent.tstart, hit.tstart, ("person",)) if m.tend == hit.tstart]
        if not pre:
            return None
        subj = pre[0]
        if any(h.family in ("statement", "asked") for h in starting_in(hits, sent.tstart, subj.tstart)):
            return None
        contrast = {t for cs, ce, _p in self.cues.contrast.find(ctx.toks, sent.tstart, subj.tstart)
                    for t in range(cs, ce)} if self.cues.contrast else set()
        comps = self.cues.complementizers.find(ctx.toks, sent.tstart, subj.tstart)
        if any(cs not in contrast for cs, _ce, _p in comps):
            return None
        return subj

    def _titled_member(self, ctx: Context, body: Mention, hit: CueHit) -> Mention | None:
        """"the UN envoy reiterated", "the Saudi minister said": a title right after the body names the person of
        that title introduced before, who is the speaker."""
        t = body.tend
        p = self.cues.titles.match_at(ctx.toks, t) if t < hit.tstart else None
        if p is None or t + len(p.keys) != hit.tstart:
            return None
        prev = self._previous_titled(ctx, ctx.mentions, body.tstart, p.data["class"])
        if prev is None:
            return None
        return Mention(prev.entity, "person", body.tstart, t + len(p.keys), body.start, ctx.toks[hit.tstart - 1].end,
                       "role", 0.6, "", ctx.text[body.start:ctx.toks[hit.tstart - 1].end])

    def _unnamed_source(self, ctx: Context, hit: CueHit) -> bool:
        """The speaker is an unnamed source: the word right before an English verb, or right after an Arabic one."""
        toks = ctx.toks
        if ctx.article.language == "en":
            t = hit.tstart - 1
        elif hit.data.get("speaker", "after") == "after":
            t = hit.tend
        else:
            return False
        if not (0 <= t < len(toks) and key(toks[t].text) in self._unnamed_sources):
            return False
        # "the ministry said" after the ministry was named is a back-reference (a mention), not an unnamed body
        return not any(m.tstart <= t < m.tend for m in self._mentions_in(ctx, max(0, t - 8), t + 1))

    def _pronoun_subject(self, ctx: Context, hit: CueHit, sent) -> bool:
        """Is the speaker of this cue a pronoun? Arabic: a verb opening its sentence ("وأكد أن", "كما أشار إلى")
        with the reported words right after it; English: "he said", "she added"."""
        toks = ctx.toks
        if ctx.article.language == "en":
            prev = key(toks[hit.tstart - 1].text) if hit.tstart > 0 else ""
            # "he said", "The statement added that"
            return prev in ("he", "she", "they") or prev == "statement" and hit.tstart > 1 \
                and key(toks[hit.tstart - 2].text) == "the"
        lead = hit.tstart - sent.tstart
        if lead > 1 or (lead == 1 and key(toks[sent.tstart].text) not in ("كما", "ثم", "وقد", "قد", "فيما")):
            return False
        if hit.data.get("nominal") or hit.tend >= sent.tend:
            return False
        nxt = key(toks[hit.tend].text)
        return self.cues.complementizers.match_at(toks, hit.tend) is not None or nxt in ("علي", "الي", "عن") \
            or bool(re.match(r"\s*[:\"«“]", ctx.gap(hit.tend - 1, hit.tend)))

    def _outlet(self, m: Mention) -> bool:
        e = self.reg.get(m.entity)
        return e is not None and e.subkind in ("news_agency", "media")

    def _addressee(self, ctx: Context, m: Mention) -> bool:
        if m.proclitic.endswith("ل") or m.proclitic == "لل":
            # "أعلن المكتب الصحفي لمجلس الدوما": a genitive after a definite noun, not an addressee
            prev = ctx.toks[m.tstart - 1] if m.tstart > 0 else None
            return not (prev is not None and prev.arabic and prev.text.startswith("ال") and not self._outlet(m)
                        and not self.cues.statement.match_at(ctx.toks, m.tstart - 1)
                        and key(prev.text) not in self.cues.stopwords)
        if m.tstart > 0 and key(ctx.toks[m.tstart - 1].text) in ("to", "عن", "لوكاله"):
            return key(ctx.toks[m.tstart - 1].text) != "عن" or False
        return False
