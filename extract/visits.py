"""Visit facts: cue-led, summit and implied visits, further stops, status, and merging of one trip."""

from __future__ import annotations

import re

from extract.context import PUNCT, Candidate, Context, CueHit, Sentence, Stage, starting_in
from extract.dates import NUMBER_WORDS
from extract.normalize import Normalized, key, stems
from extract.patterns import Phrase
from extract.registry import Mention
from graph.dates import PartialDate


def _prec(d: PartialDate) -> int:
    return {"year": 0, "month": 1, "day": 2}[d.precision.value]


class VisitMixin(Stage):
    """Finds visits."""

    def _visits(self, ctx: Context, hits: list[CueHit]) -> list[Candidate]:
        cands: list[Candidate] = []
        for hit in hits:
            if hit.family != "visit":
                continue
            sent = ctx.sentence(hit.tstart)
            seg = self._segment(ctx, hit, hits)
            typ = hit.data.get("type")
            reach = hit.tend + 8
            if typ == "noun" and self.cues.visit_relative.match_at(ctx.toks, hit.tend):
                reach += 6  # "زيارة سيقوم بها مدير جهاز الأمن الفيدرالي الروسي ألكسندر بورتنيكوف"
            elif typ == "host":
                reach = seg[1]  # "استقبل العاهل المغربي الملك محمد السادس رئيس الوزراء الإسباني بيدرو سانشيز": titles
            persons_after = [m for m in self._mentions_in(ctx, hit.tend, min(seg[1], reach), ("person",))
                             if not self._after_with(ctx, m)]
            if not persons_after:
                # "يصل نائب رئيس الوزراء ووزير الخارجية وشؤون المغتربين أيمن الصفدي": a long title before the visitor
                persons_after = [m for m in self._mentions_in(ctx, hit.tend, min(seg[1], hit.tend + 16), ("person",))
                                 if self._only_titles(ctx, hit.tend, m.tstart, loose=True)][:1]
            persons_before = self._mentions_in(ctx, seg[0], hit.tstart, ("person",))
            visitor = host_person = None
            passive = typ == "host" and ctx.article.language == "en" and hit.tstart > 0 and hit.tend < len(ctx.toks) \
                and key(ctx.toks[hit.tstart - 1].text) in ("was", "were", "is", "are", "been", "being") \
                and key(ctx.toks[hit.tend].text) == "by"
            if passive:
                # "Abiy Ahmed was received by President Isaias Afwerki": the subject is the guest
                visitor = persons_before[-1] if persons_before else None
                host_person = persons_after[0] if persons_after else None
            elif typ == "host":
                if persons_after:
                    host_person = persons_after[0]
                    visitor = persons_after[1] if len(persons_after) > 1 else None
                if not visitor and persons_before:
                    host_person, visitor = persons_before[-1], (persons_after[0] if persons_after else None)
                elif not visitor and persons_after and ctx.article.language == "en":
                    # "after hosting North Korean leader Kim Jong Un at the Vostochny Cosmodrome": the object is the
                    # guest; the host country comes from the place
                    host_person, visitor = None, persons_after[0]
            elif ctx.article.language == "en" and typ == "verb":
                visitor = persons_before[-1] if persons_before else (persons_after[0] if persons_after else None)
            elif typ == "noun" and (begun := self._started_by(ctx, hit, seg, persons_before)) is not None:
                visitor = begun  # "يبدأ الرئيس الفلسطيني محمود عباس غدا زيارة إلى موسكو": who begins it
            elif typ == "noun":
                visitor = self._noun_agent(ctx, hit, persons_before, persons_after)
            elif persons_before and all(key(ctx.toks[t].text) in ("قد", "لقد")
                                        for t in range(persons_before[-1].tend, hit.tstart)):
                visitor = persons_before[-1]  # subject first: "وكانت تشوي قد زارت روسيا ... والتقت الرئيس بوتين"
            else:
                visitor = persons_after[0] if persons_after else (persons_before[-1] if persons_before else None)
            if hit.data.get("tour"):
                # "... لافروف سيلتقي في بكين نظيره الصيني وانغ يي، قبل أن يتوجه إلى وونسان": the subject of the
                # sentence (not an object or a person after a preposition), else the last visitor of the article
                subj = [m for m in self._mentions_in(ctx, sent.tstart, hit.tstart, ("person",))
                        if not self._after_prep(ctx, m) and not self._after_with(ctx, m)]
                subj = [m for m in subj if not any(o.tend <= m.tstart and self._only_titles(ctx, o.tend, m.tstart)
                                                   for o in subj if o is not m)]
                visitor = subj[0] if subj else None
                rel = re.search(r"\b(?:who|which)\b|الذي|التي", ctx.text[sent.start:ctx.toks[hit.tstart].start])
                if visitor is None and cands and not rel and \
                        ctx.sent_of[hit.tstart] - ctx.sent_of[ctx.tok_range_of(*cands[-1].evidence[0][:2])[0]] <= 1:
                    last = cands[-1]
                    visitor = next((m for m in ctx.mentions if m.entity == last.args["visitor"]
                                    and m.tstart < hit.tstart), None)
            if visitor is None and typ == "noun" and \
                    self.cues.plan_words.any_in(ctx.toks, max(sent.tstart, hit.tstart - 3), hit.tstart):
                # "نفت ماتفيينكو وجود أي خطط لزيارة كوريا الشمالية": the plans are the subject's own
                subj = [m for m in self._mentions_in(ctx, sent.tstart, hit.tstart, ("person",))
                        if not self._after_prep(ctx, m)]
                visitor = subj[-1] if subj else None
            inherited = False
            if visitor is None and typ == "noun":
                visitor = self._sentence_visitor(ctx, hit, cands)
                inherited = visitor is not None
            members: list[str] = []
            dcountry = None
            if visitor is None:
                visitor, members, dcountry = self._delegation_head(ctx, hit, seg, sent)
            if visitor is None:
                continue
            vcountry = ctx.country_of(visitor) or dcountry or self._delegation_country(ctx, visitor)
            host = dest = None
            if host_person is not None:
                host = ctx.country_of(host_person)
            first_dest = None
            for m in self._mentions_in(ctx, hit.tend, seg[1], ("place", "country")):
                if m is visitor or (visitor.tstart <= m.tstart < visitor.tend):
                    continue
                if hit.data.get("adjacent") and m.tstart != hit.tend:
                    break  # "was in Pyongyang": the place right after, nothing further
                if self._from_origin(ctx, m):
                    continue  # "قادما من بكين", "arriving from Beijing": where the visitor came from
                if hit.data.get("venue") and not (m.tstart > 0 and key(ctx.toks[m.tstart - 1].text) in ("في", "in")
                                                  or m.proclitic.endswith("ب")):
                    continue  # attending: only the venue ("في بكين", "in South Korea") is the destination
                if m.via == "adjective" and not self._capital_word_before(ctx, m):
                    continue
                if self._title_complement(ctx, m):
                    continue  # "وصل فام مينه تشينه، رئيس وزراء فيتنام، ... إلى": whose minister, not where to
                code = self.reg.country_of(m.entity)
                if code is None or code == vcountry:
                    continue
                host = host or code
                if m.kind == "place" and code == host:
                    dest = m.entity
                first_dest = m
                break
            if hit.data.get("return"):
                # "غادر X موسكو يوم الأحد عائدا إلى بلاده": the foreign place left is the destination
                host = dest = None
                for p in reversed(self._mentions_in(ctx, visitor.tend, hit.tstart, ("place", "country"))):
                    code = self.reg.country_of(p.entity)
                    if code and code != vcountry and p.via != "adjective":
                        host, dest = code, (p.entity if p.kind == "place" else None)
                        break
                if host is None:
                    continue
            if hit.data.get("leave"):
                host = dest = None
                start_t = max(hit.tend, visitor.tend) if visitor.tstart >= hit.tend else hit.tend
                nxt = [m for m in self._mentions_in(ctx, start_t, min(seg[1], start_t + 4), ("place", "country"))
                       if m.via != "adjective"]
                if not nxt or nxt[0].tstart != start_t:
                    continue
                code = self.reg.country_of(nxt[0].entity)
                if not code or code == vcountry:
                    continue
                host, dest = code, (nxt[0].entity if nxt[0].kind == "place" else None)
            if host is None and typ == "noun":
                # "التقى لافروف كيم في مدينة وونسان ... في ختام زيارة بدأها أمس": the place named before
                for p in reversed(self._mentions_in(ctx, visitor.tend, hit.tstart, ("place",))):
                    code = self.reg.country_of(p.entity)
                    if code and code != vcountry:
                        host, dest = code, p.entity
                        break
            if host is None and typ == "noun":
                host, dest = self._listed_host(ctx, hit, hits, vcountry, dest)
            if host is None and hit.data.get("arrival") and ctx.sent_of[hit.tstart] > 0:
                # "Kozhemyako opened an office in Rason. Kozhemyako, who arrived on Monday ...": the foreign
                # place of the previous sentence, when that sentence names the same visitor
                prev = ctx.sentences[ctx.sent_of[hit.tstart] - 1]
                here = self._mentions_in(ctx, prev.tstart, prev.tend)
                if any(m.entity == visitor.entity for m in here):
                    for p in reversed([m for m in here if m.kind == "place"]):
                        code = self.reg.country_of(p.entity)
                        if code and code != vcountry:
                            host, dest = code, p.entity
                            break
            if host is None and typ == "host":
                places = self._mentions_in(ctx, sent.tstart, sent.tend, ("place",))
                for p in places:
                    code = self.reg.country_of(p.entity)
                    if code and code != vcountry:
                        host, dest = code, dest or p.entity
                        break
            d1, d2 = self._date_after(ctx, hit.tstart, seg, sent)
            if typ == "noun":
                d1, d2 = self._started_visit(ctx, hit, seg, d1, d2)
            if (hit.data.get("date_before") or hit.data.get("return")) and d1 is None:
                before = self._dates_in(ctx, visitor.tend, hit.tstart)
                d1 = before[-1] if before else None
            concluded = typ == "noun" and self.cues.visit_over is not None and \
                self.cues.visit_over.any_in(ctx.toks, max(seg[0], hit.tstart - 3), hit.tstart)
            if (hit.data.get("return") or hit.data.get("leave") or concluded) and d1 is not None and d2 is None:
                d1, d2 = None, d1  # the day it ended ("concluded a visit on Tuesday", "اختتم زيارته اليوم")
            status = self._modality(ctx, hit.tstart - 4, hit.tend + 4, sent)
            put_off = self._put_off(ctx, hit, seg, hits)
            if put_off == "cancelled" and status != "ruled_out":
                status = "ruled_out"
            elif put_off == "postponed" and status != "ruled_out":
                status, d1, d2 = "postponed", None, None  # the date named is the old schedule, not the visit's
            tense = hit.data.get("tense")
            if tense is None and typ == "noun":
                tense = "past" if self.cues.past_verbs.any_in(ctx.toks, seg[0], seg[1]) else None
            ev_s = ctx.toks[hit.tstart if inherited else min(hit.tstart, visitor.tstart)].start
            ev_e_tok = hit.tend if inherited else max(hit.tend, visitor.tend)
            if dest or host:
                last = [m for m in self._mentions_in(ctx, hit.tend, seg[1], ("place", "country"))]
                if last:
                    ev_e_tok = max(ev_e_tok, last[0].tend)
            for d in (d1, d2):
                if d:
                    ev_e_tok = max(ev_e_tok, ctx.tok_range_of(d.start, d.end)[1])
            ev_e = ctx.toks[min(ev_e_tok, len(ctx.toks)) - 1].end
            args = {
                "visitor": visitor.entity, "visitorCountry": vcountry, "hostCountry": host, "destination": dest,
                "start": d1.date if d1 else None,
                "end": (d1.end_date if d1 and d1.end_date else (d2.date if d2 else None)),
                "modality": status, "tense": tense, "purpose": self._purpose(ctx, hit, seg),
                "invitedBy": self._inviter(ctx, sent), "arrival": bool(hit.data.get("arrival")),
                "arrived": bool(hit.data.get("arrival")) and not self.cues.visit_done.any_in(ctx.toks, hit.tstart,
                                                                                             hit.tend),
                "over": bool(self.cues.visit_over and self.cues.visit_over.any_in(ctx.toks, sent.tstart, sent.tend)),
                "reception": typ == "host", "delegation": members,
                "now": bool(self.cues.visit_now and self.cues.visit_now.any_in(
                    ctx.toks, max(sent.tstart, hit.tstart - 3), min(sent.tend, max(hit.tend, visitor.tend) + 3))),
            }
            if hit.data.get("plural"):
                # several visits told as one ("زيارات عدة", "three visits"): a series, with its count when told
                args["seriesCount"] = self._series_count(ctx, hit, seg)
                args["seriesSeveral"] = args["seriesCount"] is None
            conf = 0.85 if host else 0.6
            cand = Candidate("visit", [(ev_s, ev_e, conf)], args, conf, mergeable=not hit.data.get("plural"))
            same_trip = None
            if hit.data.get("tour") and host:
                same_trip = next((c for c in cands if c.args["visitor"] == visitor.entity
                                  and c.args["hostCountry"] == host), None)
            if same_trip is not None:
                # "Kim is expected to travel on to Komsomolsk-on-Amur": a next stop in the country of the trip
                # under way is part of that trip, not another visit
                same_trip.evidence.append((ev_s, ev_e, conf))
                if same_trip.args["start"] is None and args["start"] is not None:
                    same_trip.args["start"], same_trip.args["end"] = args["start"], args["end"]
                continue
            cands.append(cand)
            if first_dest is not None and typ != "host" and not hit.data.get("plural"):
                cands += self._co_visitors(ctx, visitor, first_dest, args, conf)
            if first_dest is not None and not hit.data.get("return") and not hit.data.get("leave"):
                cands += self._further_stops(ctx, first_dest, seg, args, vcountry)
            if hit.data.get("plural"):
                for ls, le, _ in self.cues.visit_last.find(ctx.toks, hit.tend, sent.tend):
                    dates = [d for d in self._dates_in(ctx, le, sent.tend)]
                    if dates:
                        te = ctx.tok_range_of(dates[0].start, dates[0].end)[1]
                        stop = min(sent.tend, te + 8)
                        anniv = [h for h in starting_in(hits, le, stop) if h.family == "event"]
                        if anniv:
                            stop = anniv[0].tend + 4
                        stop = min(stop, sent.tend)
                        # the latest of the series ("وكان آخرها الشهر الماضي"): a visit of its own, linked to it
                        extra = dict(args, start=dates[0].date, end=None, seriesCount=None, seriesSeveral=False,
                                     latestOf=cand)
                        cands.append(Candidate("visit", [(ctx.toks[ls].start, ctx.toks[stop - 1].end, 0.75)],
                                               extra, 0.75, mergeable=False))
                        break
        cands += self._implied_visits(ctx, hits, cands)
        cands += self._summit_visits(ctx, hits, cands)
        cands += self._companions(ctx, cands)
        return self._merge_visits(ctx, cands)

    def _series_count(self, ctx: Context, hit: CueHit, seg: tuple[int, int]) -> int | None:
        """The number a plural visit noun is told with: a number word or digit right before or after it ("ثلاث
        زيارات", "زيارات ثلاث", "three visits", "3 visits"); None for "several" ("عدة زيارات") or no number."""
        if hit.data.get("count"):
            return int(hit.data["count"])  # the dual ("زيارتين")
        for t in (hit.tstart - 1, hit.tend):
            if not seg[0] <= t < min(seg[1], len(ctx.toks)):
                continue
            word = ctx.toks[t].text.lower()
            n = int(word) if word.isdigit() and len(word) <= 3 else NUMBER_WORDS.get(word)
            if n is not None and n >= 2 and word not in ("عام", "عامين", "سنتين"):
                return n
        return None

    def _title_complement(self, ctx: Context, m: Mention) -> bool:
        """Is this country or place the complement of a title right before it ("رئيس تيمور الشرقية", "President of
        Angola")?"""
        for b in range(max(0, m.tstart - 3), m.tstart):
            p = self.cues.titles.match_at(ctx.toks, b)
            if p and b + len(p.keys) in (m.tstart, m.tstart - 1) and not PUNCT.search(ctx.gap(b, m.tstart)):
                return True
        return False

    def _co_visitors(self, ctx: Context, visitor: Mention, dest: Mention, args: dict, conf: float) -> list[Candidate]:
        """"وصل A، رئيس وزراء فيتنام، وB، رئيس تيمور الشرقية، إلى العاصمة السعودية": every person joined by و
        between the visitor and the destination makes the same trip, as a visit of their own."""
        out: list[Candidate] = []
        prev_end = visitor.end
        for m in self._mentions_in(ctx, visitor.tend, dest.tstart, ("person",)):
            between = ctx.text[prev_end:m.start]
            prev_end = m.end
            joined = re.search(r"(?:^|[\s،,])(?:و|and\b)", between + ctx.text[m.start:m.start + 1])
            if m.entity == visitor.entity or not joined:
                continue
            if self._after_with(ctx, m) or any(c.args["visitor"] == m.entity for c in out):
                continue
            vc = ctx.country_of(m)
            if vc == args["hostCountry"]:
                continue
            own = dict(args, visitor=m.entity, visitorCountry=vc, delegation=[])
            out.append(Candidate("visit", [(m.start, dest.end, conf)], own, conf))
        return out

    def _delegation_head(self, ctx: Context, hit: CueHit, seg: tuple[int, int], sent: Sentence
                         ) -> tuple[Mention | None, list[str], str | None]:
        """A delegation as the visitor ("ووصل وفد تركي رفيع إلى طرابلس ... ويضم الوفد وزراء الخارجية X والدفاع Y"):
        its head is the person after "برئاسة"/"led by" in the sentence, else the first member named after "يضم" in
        this or the next sentence; the other members are its delegation. Also the delegation's country."""
        nouns = self._delegation_nouns.find(ctx.toks, max(seg[0], hit.tstart - 3), min(seg[1], hit.tend + 3))
        if not nouns:
            return None, [], None
        n_end = nouns[0][1]
        adj = next((m for m in ctx.mentions if m.kind == "country" and n_end <= m.tstart <= n_end + 1), None)
        dcountry = self.reg.country_of(adj.entity) if adj is not None else None
        for _s, e, _p in self._led_by.find(ctx.toks, sent.tstart, sent.tend):
            head = next(iter(self._mentions_in(ctx, e, min(sent.tend, e + 6), ("person",))), None)
            if head is not None:
                return head, [], dcountry
        si = ctx.sent_of[hit.tstart]
        for s2 in ctx.sentences[si:si + 2]:
            for _s, e, _p in self._delegation_members.find(ctx.toks, s2.tstart, s2.tend):
                listed = self._mentions_in(ctx, e, s2.tend, ("person",))
                if listed:
                    return listed[0], [m.entity for m in listed[1:] if m.entity != listed[0].entity], dcountry
        return None, [], dcountry

    def _delegation_country(self, ctx: Context, person: Mention) -> str | None:
        """"الوفد السعودي برئاسة السفير محمد الجابر": the country of the delegation a person leads."""
        for s0, e, _p in self._led_by.find(ctx.toks, max(0, person.tstart - 5), person.tstart):
            if self._only_titles(ctx, e, person.tstart, loose=True):
                lead = self._delegation_nouns.find(ctx.toks, max(0, s0 - 4), s0)
                if lead:
                    adj = next(iter(self._mentions_in(ctx, lead[-1][1], s0, ("country",))), None)
                    return self.reg.country_of(adj.entity) if adj is not None else None
        return None

    def _companions(self, ctx: Context, cands: list[Candidate]) -> list[Candidate]:
        """Persons accompanying a visitor are the trip's delegation, not visits of their own ("ورافق الرئيس بوتين في
        زيارته وزير الخارجية سيرغي لافروف ووزير الدفاع أندريه بيلوسوف", "Putin was accompanied by Lavrov"). The
        principal is the first person after an Arabic verb without a pronoun, else the last person before the cue, else
        the last visitor named before (for "ورافقه"); the companions are the other persons after the cue in the
        sentence. Returns no new visit: the members are added to the principal's trip."""
        out: list[Candidate] = []
        if not self.cues.visit_companion:
            return out
        for cs, ce, _p in self.cues.visit_companion.find(ctx.toks):
            sent = ctx.sentence(cs)
            after = [m for m in self._mentions_in(ctx, ce, sent.tend, ("person",)) if not self._after_with(ctx, m)]
            before = self._mentions_in(ctx, sent.tstart, cs, ("person",))
            cue = key(ctx.toks[ce - 1].text)
            pronoun = re.search(r"(?:ه|ها|him|her)$", cue) is not None
            if ctx.article.language == "ar" and not pronoun and after:
                principal, comps = after[0].entity, after[1:]
            elif before and not pronoun:
                principal, comps = before[-1].entity, after
            else:
                prior = [c for c in cands if c.evidence[0][0] < ctx.toks[cs].start]
                principal, comps = (prior[-1].args["visitor"] if prior else None), after
            trip = next((c for c in reversed(cands) if c.args["visitor"] == principal and c.args["hostCountry"]
                         and c.evidence[0][0] < ctx.toks[sent.tend - 1].end), None)
            if trip is None:
                continue
            members = list(trip.args.get("delegation") or [])
            for m in comps:
                if m.entity != principal and m.entity not in members:
                    members.append(m.entity)
            trip.args["delegation"] = members
        return out

    def _sentence_visitor(self, ctx: Context, hit: CueHit, cands: list[Candidate]) -> Mention | None:
        """A visit noun with no visitor of its own after a visit found earlier in the same sentence is that
        visitor's ("الزيارة الثانية لكوزلوف ... بعد زيارة أولى في مارس", "X will travel to Moscow ..., after a trip
        planned for July was called off")."""
        sent = ctx.sentence(hit.tstart)
        w = key(ctx.toks[hit.tstart].text)
        prev = key(ctx.toks[hit.tstart - 1].text) if hit.tstart > sent.tstart else ""
        if re.match(r"^(?:[وفب]?ال|لل)", w) or prev in ("the", "this", "that", "his", "her", "their", "هذه", "تلك"):
            return None  # "تأتي الزيارة وسط تكهنات", "the visit": the same visit named again, not another one
        for c in reversed(cands):
            s0 = c.evidence[0][0]
            if not (ctx.toks[sent.tstart].start <= s0 < ctx.toks[hit.tstart].start):
                continue
            return next((m for m in self._mentions_in(ctx, sent.tstart, hit.tstart, ("person",))
                         if m.entity == c.args["visitor"]), None)
        return None

    def _listed_host(self, ctx: Context, hit: CueHit, hits: list[CueHit], vcountry, dest):
        """A visit noun with no host in a list after an earlier visit cue of the sentence takes the foreign country or
        place named after that cue ("زيارات عدة لمسؤولين روس إلى كوريا الشمالية، أبرزها زيارة X في 2023 وزيارة Y")."""
        sent = ctx.sentence(hit.tstart)
        prev = [h for h in starting_in(hits, sent.tstart, hit.tstart) if h.family == "visit"]
        for h in reversed(prev):
            for m in self._mentions_in(ctx, h.tend, hit.tstart, ("place", "country")):
                if m.via == "adjective" or self._from_origin(ctx, m):
                    continue
                code = self.reg.country_of(m.entity)
                if code and code != vcountry:
                    return code, (m.entity if m.kind == "place" else dest)
        return None, dest

    def _put_off(self, ctx: Context, hit: CueHit, seg: tuple[int, int], hits: list[CueHit]) -> str | None:
        """"cancelled" or "postponed" when the visit's clause says so ("أُرجئت زيارة ...", "ألغى X رحلة كانت مقررة",
        "a trip planned for July was called off"). Before the cue the word counts only when no other visit cue
        precedes it in the sentence ("A visit by X was postponed, and ... a Kim visit" leaves Kim's alone)."""
        sent = ctx.sentence(hit.tstart)
        first = not any(h.family == "visit" for h in self._hits_in(hits, sent.tstart, hit.tstart))
        for name, ps in (("cancelled", self.cues.visit_cancelled), ("postponed", self.cues.visit_postponed)):
            if ps and (first and ps.any_in(ctx.toks, sent.tstart, hit.tstart) or ps.any_in(ctx.toks, hit.tend, seg[1])):
                return name
        return None

    def _started_by(self, ctx: Context, hit: CueHit, seg: tuple[int, int], before: list[Mention]) -> Mention | None:
        """The subject of a start verb governing the visit noun ("بدأ X زيارة", "X began a visit")."""
        if self.cues.visit_start is None:
            return None
        starts = self.cues.visit_start.find(ctx.toks, max(seg[0], hit.tstart - 10), hit.tstart)
        if not starts:
            return None
        s_end = starts[-1][1]
        subj = [m for m in before if m.tstart >= s_end] if ctx.article.language == "ar" else \
            [m for m in before if m.tend <= starts[-1][0]]
        return (subj[0] if ctx.article.language == "ar" else subj[-1]) if subj else None

    def _started_visit(self, ctx: Context, hit: CueHit, seg: tuple[int, int], d1, d2):
        """"بدأ X يوم الاثنين زيارة رسمية إلى موسكو تستمر حتى 20 أيلول": a start verb up to 14 words before the
        visit noun dates its start by a date between them; a date after an until phrase is the end."""
        if d1 is not None and d1.end_date:
            return d1, d2
        starts = self.cues.visit_start.find(ctx.toks, max(seg[0], hit.tstart - 14), hit.tstart)
        if not starts:
            return d1, d2
        begun = self._dates_in(ctx, starts[-1][1], hit.tstart)
        if not begun:
            return d1, d2
        end = None
        if d1 is not None:
            ts = ctx.tok_range_of(d1.start, d1.end)[0]
            if self.cues.visit_until.find(ctx.toks, max(hit.tend, ts - 3), ts):
                end = d1
        return begun[-1], end or d2

    def _summit_visits(self, ctx: Context, hits: list[CueHit], cands: list[Candidate]) -> list[Candidate]:
        """A summit between two named persons in a city ("لقمة محتملة بين الرئيس فلاديمير بوتين والزعيم كيم جونغ أون
        في موسكو") implies a visit by the one of them from another country than the city's, with the summit's
        modality. Nothing when the city is not named, when both or neither are foreign, or when a visit of that
        person to that country is already found (the summit's words are then further evidence)."""
        out: list[Candidate] = []
        for hit in hits:
            if hit.family != "event" or hit.data.get("kind") != "summit":
                continue
            sent = ctx.sentence(hit.tstart)
            stop = self._clause_end(ctx, hit.tend, sent)
            places = [m for m in self._mentions_in(ctx, hit.tend, stop, ("place",))
                      if m.tstart > 0 and (key(ctx.toks[m.tstart - 1].text) in ("في", "in")
                                           or m.proclitic.endswith("في"))]
            persons = self._mentions_in(ctx, hit.tend, places[0].tstart if places else stop, ("person",))
            if not places or len({m.entity for m in persons}) != 2:
                continue
            hcode = self.reg.country_of(places[0].entity)
            foreign = [m for m in persons if ctx.country_of(m) not in (None, hcode)]
            if hcode is None or len(foreign) != 1:
                continue
            visitor = foreign[0]
            ev = (ctx.toks[hit.tstart].start, places[0].end, 0.6)
            known = [c for c in cands + out if c.args["visitor"] == visitor.entity and c.args["hostCountry"] == hcode]
            if known:
                known[0].evidence.append(ev)
                continue
            d1, _ = self._date_after(ctx, hit.tstart, (hit.tend, stop), sent)
            args = {"visitor": visitor.entity, "visitorCountry": self.reg.country_of(visitor.entity),
                    "hostCountry": hcode, "destination": places[0].entity, "start": d1.date if d1 else None,
                    "end": d1.end_date if d1 else None,
                    "modality": self._modality(ctx, hit.tstart - 4, hit.tend + 4, sent),
                    "tense": "future" if self._future(ctx, hit, sent) else None, "purpose": None, "invitedBy": None,
                    "arrival": False, "reception": False}
            out.append(Candidate("visit", [ev], args, 0.6))
        return out

    def _from_origin(self, ctx: Context, m: Mention) -> bool:
        """A place introduced as the origin of a trip ("قادما من بكين", "arriving from Beijing")."""
        return any(e == m.tstart for _s, e, _p in self._origin.find(ctx.toks, max(0, m.tstart - 3), m.tstart))

    def _further_stops(self, ctx: Context, first: Mention, seg: tuple[int, int], args: dict,
                       vcountry: str | None) -> list[Candidate]:
        """Later stops of a tour listed after the first destination ("إلى بكين ثم بيونغ يانغ", "to Beijing,
        Hanoi and Minsk"): one visit per further host country, dated by a date between it and the next stop."""
        out: list[Candidate] = []
        if first.tstart > 0 and key(ctx.toks[first.tstart - 1].text) in ("بين", "between"):
            return out
        seen = {self.reg.country_of(first.entity), vcountry}
        prev = first
        for m in self._mentions_in(ctx, first.tend, seg[1], ("place", "country")):
            if m.tstart < prev.tend:
                continue
            gap_words = [key(t.text) for t in ctx.toks[prev.tend:m.tstart]]
            gap = ctx.gap(prev.tend - 1, m.tstart) if m.tstart > prev.tend else ctx.gap(prev.tend - 1, m.tstart)
            joined = (m.tstart == prev.tend and (m.proclitic.startswith("و") or "," in gap or "،" in gap)) or (
                m.tstart > prev.tend and all(w in self._tour_words or w in ("to", "الي") for w in gap_words)
                and self._tour_join.any_in(ctx.toks, prev.tend, m.tstart))
            if not joined or m.via == "adjective":
                break
            code = self.reg.country_of(m.entity)
            prev = m
            if not code or code in seen:
                continue
            seen.add(code)
            nxt = next((x for x in self._mentions_in(ctx, m.tend, seg[1], ("place", "country"))), None)
            dates = self._dates_in(ctx, m.tend, nxt.tstart if nxt else min(seg[1], m.tend + 6))
            extra = dict(args, hostCountry=code, destination=m.entity if m.kind == "place" else None,
                         start=dates[0].date if dates else None, end=None)
            # compared by days: a month-precision start and a day-precision date are not ordered as tuples
            if args.get("start") and ctx.pub and args["start"].first_day() > ctx.pub.last_day():
                extra["tense"] = "future"  # a stop after a future first stop is still to come
            out.append(Candidate("visit", [(ctx.toks[m.tstart].start, ctx.toks[m.tend - 1].end, 0.7)], extra, 0.7))
        return out

    def _implied_visits(self, ctx: Context, hits: list[CueHit], cands: list[Candidate]) -> list[Candidate]:
        """Talks, consultations, a meeting or a signing held in a foreign city imply a visit by the person who held
        them, when the article has a travel cue for that person (a visit of his found elsewhere, an unattributed
        arrival in the same or a neighbouring sentence) or the sentence places him there ("المتواجد في"). Not for a
        resident ambassador, not for a place in the person's own country (he is the host), not when a visit of
        the person to that country is already found."""
        out: list[Candidate] = []
        en = ctx.article.language == "en"
        visit_hits = [h for h in hits if h.family == "visit"]
        for s, e, p in self._implied_acts.find(ctx.toks):
            sent = ctx.sentence(s)
            # the place: "في/in CITY" after the act, or a sentence-opening "وفي موسكو،"
            place = None
            for m in self._mentions_in(ctx, e, sent.tend, ("place",)):
                if self._located_at(ctx, m):
                    place = m
                    break
            if p.data.get("type") == "noun" and (place is None or place.tstart > e + 1):
                continue
            if place is None and p.data.get("participation"):
                # "عقدت قمة ثلاثية في أسمرة، شارك فيها ...": the event's place, before the verb
                before = self._mentions_in(ctx, sent.tstart, s, ("place",))
                place = before[-1] if before else None
            if place is None:
                for m in self._mentions_in(ctx, sent.tstart, s, ("place",)):
                    if m.tstart <= sent.tstart + 1 and (m.proclitic.endswith("في") or key(ctx.toks[m.tstart - 1].text)
                                                         in ("في", "in") if m.tstart > 0 else False):
                        place = m
                        break
            if place is None:
                continue
            hcode = self.reg.country_of(place.entity)
            if hcode is None:
                continue
            if en:
                before = [m for m in self._mentions_in(ctx, sent.tstart, s, ("person",))
                          if not self._after_prep(ctx, m)]
                people = before[-1:]
            else:
                # "وقع X ووزير ... Y، يوم الثلاثاء في خاباروفسك": each co-subject before the place
                after = [m for m in self._mentions_in(ctx, e, min(sent.tend, e + 24), ("person",))
                         if not self._after_with(ctx, m) and (m.tend <= place.tstart or p.data.get("participation"))]
                before = [m for m in self._mentions_in(ctx, sent.tstart, s, ("person",))
                          if not self._after_prep(ctx, m)]
                people = after or before[-1:]
            for visitor in people:
                self._implied_one(ctx, s, e, p, sent, place, hcode, visitor, visit_hits, cands, out)
        return out

    def _implied_one(self, ctx: Context, s: int, e: int, p: Phrase, sent: Sentence, place: Mention, hcode: str,
                     visitor: Mention, visit_hits: list[CueHit], cands: list[Candidate], out: list[Candidate]) -> None:
        if visitor is None:
            return
        led = self._delegation_country(ctx, visitor)
        vcountry = ctx.country_of(visitor) or led
        if vcountry is None or vcountry == hcode or (led is None and self._resident_envoy(ctx, visitor)):
            return
        known = [c for c in cands + out if c.args["visitor"] == visitor.entity and c.args["hostCountry"] == hcode]
        if known:
            # the talks in that city are evidence of the visit already found (one visit, not two)
            if len(known) == 1 and known[0].args.get("modality") is None:
                known[0].evidence.append((ctx.toks[min(s, visitor.tstart)].start,
                                          ctx.toks[max(place.tend, visitor.tend) - 1].end, 0.7))
            return
        si = ctx.sent_of[s]
        present = self._presence.any_in(ctx.toks, sent.tstart, sent.tend) or \
            any(c.args["visitor"] == visitor.entity for c in cands)
        arrival_date = None
        for h in visit_hits:
            hs = ctx.sent_of[h.tstart]
            if abs(hs - si) > 1 or not (h.data.get("arrival") or h.data.get("type") in ("verb", "noun")):
                continue
            hsent = ctx.sentences[hs]
            named = [m for m in self._mentions_in(ctx, hsent.tstart, hsent.tend, ("person",))]
            if hs != si and named and all(m.entity != visitor.entity for m in named):
                continue
            if hs != si and named:
                continue  # that sentence's visit is already read with its own visitor
            present = True
            if hs != si and h.data.get("arrival"):
                ds = [d for d in self._dates_in(ctx, h.tend, hsent.tend) if d.kind != "duration"]
                arrival_date = ds[0] if ds else None
        # a past meeting abroad by someone whose country is known places him there
        if not present and not p.data.get("meeting"):
            return
        seg = (s, sent.tend)
        d1, _ = self._date_after(ctx, s, seg, sent)
        start = arrival_date or d1
        ev_s = ctx.toks[min(s, visitor.tstart)].start
        ev_e = ctx.toks[max(place.tend, visitor.tend) - 1].end
        args = {
            "visitor": visitor.entity, "visitorCountry": vcountry, "hostCountry": hcode,
            "destination": place.entity, "start": start.date if start else None, "end": None,
            "modality": self._modality(ctx, s - 4, e + 4, sent),
            "tense": p.data.get("tense") or ("past" if self.cues.past_verbs.any_in(ctx.toks, sent.tstart, s)
                                             else None),
            "purpose": None, "invitedBy": self._inviter(ctx, sent), "arrival": False, "implied": True,
        }
        out.append(Candidate("visit", [(ev_s, ev_e, 0.7)], args, 0.7))

    def _located_at(self, ctx: Context, m: Mention) -> bool:
        """"في أسمرة", "in Brussels", "في العاصمة الإريترية أسمرة", "في مدينة جدة": a place after في/in, with a
        capital or city word and the country's adjective allowed between."""
        t = m.tstart - 1
        for _ in range(3):
            if t < 0:
                return False
            k = key(ctx.toks[t].text)
            if k in ("في", "in", "at"):
                # "بحثا تطورات الأوضاع في غزة", "discussed the situation in Gaza": the topic, not the venue
                return not (t > 0 and any(k2 in self._topic_words for k2, _n in stems(ctx.toks[t - 1].text)))
            adj = next((x for x in ctx.mentions if x.tend == t + 1 and x.kind == "country" and x.via == "adjective"),
                       None)
            if adj is not None:
                t = adj.tstart - 1
                continue
            if k in ("عاصمه", "مدينه", "بلده", "capital", "city", "the") or k in ("بالعاصمه", "بمدينه"):
                if k.startswith("ب") and ctx.toks[t].arabic:
                    return True
                t -= 1
                continue
            return False
        return False

    def _resident_envoy(self, ctx: Context, person: Mention) -> bool:
        """An ambassador or chargé d'affaires (by registry role at the publication date, or by the title before
        the name in the text) lives where he meets: his meetings there are no visit."""
        e = self.reg.get(person.entity)
        if e:
            for r in e.roles:
                if r.active(ctx.pub) and self._resident.any_in(Normalized(f"{r.title or ''} {r.title_ar or ''}").tokens,
                                                               0, 99):
                    return True
        return self._resident.any_in(ctx.toks, max(0, person.tstart - 6), person.tstart)

    def _noun_agent(self, ctx: Context, hit: CueHit, before: list[Mention], after: list[Mention]) -> Mention | None:
        """The visitor of a visit noun: the person right before it ("Putin's visit"), the person after it
        (زيارة بوتين, "a visit by Putin"), else the subject of the clause: the first person before it that is
        not inside a prepositional phrase ("التقى لافروف كيم ... في ختام زيارة", "X, his second visit")."""
        if before and hit.tstart - before[-1].tend <= 0 + (1 if ctx.article.language == "en" else 0) \
                and ctx.article.language == "en":
            return before[-1]
        inv = self.cues.invitation.find(ctx.toks, hit.tend, after[0].tstart) if after else []
        if after and not inv:  # "بزيارة ... تلبية لدعوة من كيم": the inviter is not the visitor
            return after[0]
        comps = [s for s, _e, _p in self.cues.complementizers.find(ctx.toks, before[0].tend if before else hit.tstart,
                                                                     hit.tstart)]  # (nothing to filter: no scan)
        if comps:  # "قال قنديل إن الزيارات المتكررة ...": the speaker is not the visitor
            before = [m for m in before if m.tstart > comps[-1]]
        subj = [m for m in before if not self._after_prep(ctx, m)]
        if not subj:
            return None
        if ctx.article.language == "en":
            return subj[0]
        # Arabic: the nearest person before, unless it is the object right after its subject
        # ("التقى وزير الخارجية الروسي سيرغي لافروف الزعيم الكوري الشمالي كيم ..." -> Lavrov)
        i = len(subj) - 1
        while i > 0 and self._only_titles(ctx, subj[i - 1].tend, subj[i].tstart):
            i -= 1
        return subj[i]

    def _after_prep(self, ctx: Context, m: Mention) -> bool:
        """A person inside a prepositional phrase ("with X", "at the instruction of X", "بتكليف من X", "مع X")."""
        if m.proclitic.endswith("ل") or m.proclitic.endswith("ب"):
            return True
        for b in range(m.tstart - 1, max(-1, m.tstart - 6), -1):
            k = key(ctx.toks[b].text)
            if k in ("مع", "with", "of", "by", "from", "من", "بتكليف", "عن", "لدي", "against", "ضد", "and", "و") \
                    and self._only_titles(ctx, b + 1, m.tstart):
                return True
        return False

    def _after_with(self, ctx: Context, m: Mention) -> bool:
        b = m.tstart - 1
        while b >= 0 and b >= m.tstart - 4:
            if key(ctx.toks[b].text) in ("مع", "with"):
                return True
            if m.tstart - b > 1 and self.cues.titles.match_at(ctx.toks, b) is None and ctx.toks[b].arabic is False:
                pass
            b -= 1
        return m.proclitic == "" and False

    def _capital_word_before(self, ctx: Context, m: Mention) -> bool:
        return any(key(ctx.toks[t].text) in ("عاصمه", "capital") for t in range(max(0, m.tstart - 2), m.tstart))

    def _purpose(self, ctx: Context, hit: CueHit, seg: tuple[int, int]) -> str | None:
        sent = ctx.sentence(hit.tstart)
        for s, e, _ in self.cues.purpose.find(ctx.toks, hit.tstart, sent.tend):
            stop = e
            while stop < sent.tend and stop - e < 14 and not re.search(r"[،,.;؛]", ctx.gap(stop - 1, stop)):
                stop += 1
            if stop > e:
                return ctx.text[ctx.toks[s].start:ctx.toks[stop - 1].end]
        return None

    def _inviter(self, ctx: Context, sent: Sentence) -> str | None:
        for _s, e, _ in self.cues.invitation.find(ctx.toks, sent.tstart, sent.tend):
            after = self._mentions_in(ctx, e, min(sent.tend, e + 6), ("organization", "person", "country"))
            if after:
                return after[0].entity
        return None

    def _visit_status(self, ctx: Context, args: dict) -> str:
        if args.get("modality") in ("ruled_out", "speculated", "expected"):
            return args["modality"]
        if args.get("modality") == "postponed":
            return "planned"  # put off to a later date: still intended, undated
        start, end, pub = args.get("start"), args.get("end"), ctx.pub
        tense = args.get("tense")
        if args.get("now") and tense != "future" and args.get("modality") != "planned" and not args.get("over") \
                and (start is None or pub is None or start.first_day() <= pub.last_day()):
            return "ongoing"  # "يزور ... حاليا", "is visiting Pyongyang this week"
        if self._recent_arrival(ctx, args):
            return "ongoing"
        if start is not None and pub is not None and pub.precision.value == "day":
            p = pub.first_day()
            if start.first_day() > p:
                return "planned"
            if end is not None and start.first_day() <= p <= end.last_day():
                return "ongoing"
            if start.last_day() < p:
                return "completed"
            # starts today (or in this month)
            if args.get("arrival") and start.precision.value == "day" and end is None:
                return "ongoing"  # arrived today: the visit is under way
            if tense == "past":
                return "completed" if end is None or end.last_day() < p else "ongoing"
            return "ongoing" if tense == "present" and start.precision.value == "day" else (
                "planned" if tense in ("future", "present") or args.get("modality") == "planned" else "completed")
        if args.get("modality") == "planned" or tense == "future":
            return "planned"
        if tense == "present":
            return "planned"
        return "completed"

    @staticmethod
    def _recent_arrival(ctx: Context, args: dict) -> bool:
        """Arrived (وصل، توجه، arrived — not "visited") a day or two before publication, and no end known: the
        visit is under way ("وصل ... أمس الجمعة", "arrived in Pyongyang on Friday")."""
        start, pub = args.get("start"), ctx.pub
        if not args.get("arrived") or args.get("over") or args.get("end") is not None or start is None or pub is None:
            return False
        if start.precision.value != "day" or pub.precision.value != "day":
            return False
        return 1 <= (pub.first_day() - start.first_day()).days <= 2

    def _merge_visits(self, ctx: Context, cands: list[Candidate]) -> list[Candidate]:
        full = [c for c in cands if c.args["hostCountry"]]
        hostless = [c for c in cands if not c.args["hostCountry"]]
        merged: list[Candidate] = []
        for c in full:
            target = None
            if c.mergeable:
                for m in merged:
                    if not m.mergeable:
                        continue
                    a, b = m.args, c.args
                    if (a["visitor"], a["hostCountry"]) != (b["visitor"], b["hostCountry"]):
                        continue
                    if self._modal_class(a) != self._modal_class(b):
                        continue
                    if a["start"] and b["start"] and not a["start"].compatible(b["start"]) \
                            and not self._same_trip(ctx, a["start"], b["start"]):
                        continue
                    target = m
                    break
            if target is None:
                merged.append(c)
            else:
                self._absorb(target, c)
        for c in hostless:
            same = [m for m in merged if m.args["visitor"] == c.args["visitor"] and m.mergeable
                    and self._modal_class(m.args) in (None, "planned") and
                    (not m.args["start"] or not c.args["start"] or m.args["start"].compatible(c.args["start"]))]
            if len(same) == 1:
                self._absorb(same[0], c)
        # a member of a delegation travels on the head's visit, not on one of their own
        members = {(p, m.args["hostCountry"]) for m in merged for p in m.args.get("delegation", [])}
        merged = [m for m in merged if (m.args["visitor"], m.args["hostCountry"]) not in members]
        for m in merged:
            m.args["status"] = self._visit_status(ctx, m.args)
        return merged

    @staticmethod
    def _same_trip(ctx: Context, a: PartialDate, b: PartialDate) -> bool:
        """Two days of one trip: both on or before the publication day and at most a week apart ("اختتم ... اليوم
        الاثنين زيارة" and "استقبل ... الوزير الروسي أمس")."""
        import datetime as _dt
        if a.day is None or b.day is None or a.month is None or b.month is None:
            return False
        da, db = _dt.date(a.year, a.month, a.day), _dt.date(b.year, b.month, b.day)
        pub = ctx.pub
        if pub is None or getattr(pub, "day", None) is None:
            return False
        dp = _dt.date(pub.year, pub.month, pub.day)
        return da <= dp and db <= dp and abs((da - db).days) <= 7

    @staticmethod
    def _modal_class(args: dict) -> str | None:
        mod = args.get("modality")
        return mod if mod in ("ruled_out", "speculated", "expected", "postponed") else None

    @staticmethod
    def _absorb(target: Candidate, c: Candidate) -> None:
        target.evidence += c.evidence
        a, b = target.args, c.args
        for k in ("destination", "purpose", "invitedBy", "tense", "arrival", "arrived", "over"):
            a[k] = a.get(k) or b.get(k)
        members = a.get("delegation") or []
        a["delegation"] = members + [p for p in b.get("delegation", []) if p not in members and p != a["visitor"]]
        if b.get("reception") and not a.get("reception"):
            pass  # "استقبل ... الوزير الروسي أمس": a day during the trip, not its start
        elif a.get("reception") and not b.get("reception") and b["start"]:
            # the reception came first in the text; the arrival or the visit itself dates the trip
            a["start"], a["end"], a["reception"] = b["start"], b["end"] or a["end"], False
        elif b["start"] and (not a["start"] or _prec(b["start"]) > _prec(a["start"])):
            a["start"] = b["start"]
            a["end"] = b["end"] or a["end"]
        elif b["end"] and not a["end"]:
            a["end"] = b["end"]
        if b.get("tense") == "past":
            a["tense"] = "past"
        target.confidence = min(0.95, max(target.confidence, c.confidence) + 0.05)
