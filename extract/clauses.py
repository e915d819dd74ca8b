"""Cue hits and the clause-level reading every fact finder shares: segments, modality, negation, dates."""

from __future__ import annotations

import re
from bisect import bisect_left

from extract.context import PUNCT, Context, CueHit, Sentence, Stage, starting_in
from extract.dates import DateMention
from extract.normalize import key, stems
from extract.patterns import Phrase
from extract.registry import Mention

STATUS_ORDER = ("ruled_out", "speculated", "expected", "planned")
# words that start like a future verb (س + ي/ت) but are not verbs
_NOT_FUTURE = {"سياسه", "سياسي", "سياسيه", "سياده", "سيارات", "سياره", "سيطره", "سيول", "سته", "ستين", "سيناريو",
               "سياق", "سيبيريا", "ستالين"}


def _start(h: CueHit) -> int:
    return h.tstart


class ClauseMixin(Stage):
    """Cue hits and clause helpers used by more than one fact finder."""

    def _cues(self, ctx: Context) -> list[CueHit]:
        hits: list[CueHit] = []
        c = self.cues
        fams = (("visit", c.visit), ("statement", c.statement), ("asked", c.asked), ("agreement", c.agreement_nouns),
                ("permission", c.permission_granted), ("event", c.events))
        person_toks = {t for m in ctx.mentions for t in range(m.tstart, m.tend)}
        for fam, ps in fams:
            for s, e, p in ps.find(ctx.toks):
                if s in person_toks:
                    continue
                if fam == "statement" and s > 0 and key(ctx.toks[s].text) in ("رد", "ردا") \
                        and "زيار" in key(ctx.toks[s - 1].text):
                    continue  # "بزيارة رد إلى موسكو": a return visit, not a reply
                tok = ctx.toks[s].text
                if fam == "statement" and ctx.toks[s].arabic and tok.startswith("ب") and key(tok) != p.keys[0] \
                        and key(tok[1:]) == p.keys[0] and p.data.get("speaker", "after") == "after":
                    # "قامت الوزارة ... بنفي صحة أنباء": a verbal noun after ب; the speaker is the subject before
                    p = Phrase(p.keys, p.text, dict(p.data, speaker="before"))
                hits.append(CueHit(fam, s, e, p))
        hits += self._split_statements(ctx, hits)
        hits.sort(key=lambda h: h.tstart)
        return hits

    def _split_statements(self, ctx: Context, hits: list[CueHit]) -> list[CueHit]:
        """"وقد عبّر "المشاط" عن امتنانه": a speech verb, its named subject, then its particle."""
        taken = {t for h in hits for t in range(h.tstart, h.tend)}
        starts = {m.tstart: m for m in ctx.mentions if m.kind in ("person", "organization", "country")}
        out = []
        for verbs, particles in self._split_statements_rules:
            for t, tok in enumerate(ctx.toks):
                subj = starts.get(t + 1)
                if t in taken or subj is None or subj.tend >= len(ctx.toks) or \
                        not any(k in verbs for k, _n in stems(tok.text)):
                    continue
                if particles.match_at(ctx.toks, subj.tend):
                    out.append(CueHit("statement", t, t + 1, Phrase((key(tok.text),), tok.text, {"speaker": "after"})))
        return out

    @staticmethod
    def _hits_in(hits: list[CueHit], s: int, e: int) -> list[CueHit]:
        """The cue hits starting in tokens [s, e) (hits are sorted by start): a slice, not a scan of them all."""
        return hits[bisect_left(hits, s, key=_start):bisect_left(hits, e, key=_start)]

    def _mentions_in(self, ctx: Context, s: int, e: int, kinds=None) -> list[Mention]:
        ms = ctx.mentions
        starts = ctx.mention_starts()
        if starts is None:  # not in token order: scan them all
            return [m for m in ms if m.tstart >= s and m.tend <= e and (kinds is None or m.kind in kinds)]
        out = []
        for i in range(bisect_left(starts, s), len(ms)):
            m = ms[i]
            if m.tstart > e:
                break
            if m.tend <= e and (kinds is None or m.kind in kinds):
                out.append(m)
        return out

    def _segment(self, ctx: Context, hit: CueHit, hits: list[CueHit], families=("visit", "statement", "asked")):
        sent = ctx.sentence(hit.tstart)
        s, e = sent.tstart, sent.tend
        for h in starting_in(hits, sent.tstart, sent.tend):  # only those inside the sentence narrow the segment
            if h is hit or h.family not in families or (h.family == "visit" and h.data.get("leave")):
                continue  # "X left Moscow ... bound for Pyongyang": leaving does not open a new clause
            if sent.tstart <= h.tstart < hit.tstart:
                s = max(s, h.tend)
            elif hit.tend <= h.tstart < sent.tend:
                e = min(e, h.tstart)
        return s, e

    def _modality(self, ctx: Context, s: int, e: int, sent: Sentence) -> str | None:
        """The status words governing a cue at tokens s+4..e-4 (callers pass the cue widened by four words):
        sentence-wide phrases ("لا توجد خطط", "no such plans"), then a denial governing the cue, then the nearest
        words around the cue, modal adjectives of its noun phrase and a condition before it; the strongest wins
        (ruled_out > speculated > expected > planned)."""
        for status in STATUS_ORDER:
            ps = self.cues.modality_sentence.get(status)
            if ps and ps.any_in(ctx.toks, sent.tstart, sent.tend):
                return status
        cue, cue_end = s + 4, e - 4
        if self._denied(ctx, cue, sent):
            return "ruled_out"
        found: set[str] = set()
        for status in STATUS_ORDER:
            ps = self.cues.modality_local.get(status)
            if not ps:
                continue
            for ms, _me, _p in ps.find(ctx.toks, max(sent.tstart, s), min(sent.tend, e)):
                if status == "speculated" and self._perfect_qad(ctx, ms, sent):
                    continue
                found.add(status)
                break
        found |= self._noun_phrase_modality(ctx, cue_end, sent)
        if self._conditional(ctx, cue, sent):
            found.add("speculated")
        return next((st for st in STATUS_ORDER if st in found), None)

    def _noun_phrase_modality(self, ctx: Context, cue_end: int, sent: Sentence) -> set[str]:
        """Modal adjectives agreeing with the cue noun further on in its noun phrase ("قمة جديدة بين الرئيس
        فلاديمير بوتين والزعيم الكوري الشمالي كيم جونغ أون مرتقبة"): up to the next punctuation or
        complementizer, at most 14 words."""
        out: set[str] = set()
        if not self.cues.np_modal:
            return out
        stop = cue_end
        while stop < min(sent.tend, cue_end + 14):
            if stop > cue_end and re.search(r"[،,.;؛:]", ctx.gap(stop - 1, stop)):
                break
            if self.cues.complementizers.match_at(ctx.toks, stop):
                break
            stop += 1
        for status, ps in self.cues.np_modal.items():
            if ps.any_in(ctx.toks, cue_end, stop):
                out.add(status)
        return out

    def _conditional(self, ctx: Context, cue: int, sent: Sentence) -> bool:
        """The cue sits in a condition ("إذا زار بوتين", "لو عقدت القمة", "if Kim visits"): a conditional word
        at most six words before it, in the same clause."""
        if not self.cues.conditionals:
            return False
        for cs, _ce, _p in self.cues.conditionals.find(ctx.toks, max(sent.tstart, cue - 6), cue):
            if not re.search(r"[،,.;؛]", ctx.text[ctx.toks[cs].end:ctx.toks[cue].start]):
                return True
        return False

    def _denied(self, ctx: Context, cue: int, sent: Sentence) -> bool:
        """The cue sits in the complement of a denial: an أن-clause ("نفى الكرملين أن يكون كيم ... سيحضرون",
        "denied that X would visit") or a noun phrase object ("نفى بيسكوف وجود أي خطط لنشر قوات", "نفى الكرملين
        تقارير ... عن زيارة مرتقبة", "ruled out a visit"), with no contrast word confirming it in between ("...
        غير أن الوكالة أكدت وصوله") and the denial itself not negated ("لم يستبعد" is a possibility)."""
        if not self.cues.denial:
            return False
        for ds, de, _p in self.cues.denial.find(ctx.toks, sent.tstart, cue):
            if ds > 0 and key(ctx.toks[ds - 1].text) in ("لم", "لا", "ولم", "ولا", "not", "never", "didn't"):
                continue
            if self.cues.contrast.any_in(ctx.toks, de, cue):
                continue
            comps = self.cues.complementizers.find(ctx.toks, de, cue)
            if comps and comps[0][0] - de <= 6:
                return True
            objs = self.cues.denial_objects.find(ctx.toks, de, min(cue + 1, de + 10)) if self.cues.denial_objects \
                else []
            if objs and cue - objs[0][0] <= 12:
                return True
        return False

    def _perfect_qad(self, ctx: Context, t: int, sent: Sentence) -> bool:
        """"قد" after كان ("وكان شويجو قد زار") or before a past verb marks a completed act, not doubt."""
        if key(ctx.toks[t].text) != "قد":
            return False
        if self.cues.perfect_markers.any_in(ctx.toks, max(sent.tstart, t - 6), t):
            return True
        nxt = self.cues.visit.match_at(ctx.toks, t + 1) if t + 1 < sent.tend else None
        return bool(nxt and nxt.data.get("tense") == "past")

    def _dates_in(self, ctx: Context, s: int, e: int) -> list[DateMention]:
        dates = ctx.dates  # in text order (find_dates sorts them): binary search for the first at or after s
        out = []
        for i in range(bisect_left(dates, s, key=lambda x: x[0]), len(dates)):
            ts, te, d = dates[i]
            if ts > e:
                break
            if te <= e:
                out.append(d)
        return out

    def _date_after(self, ctx: Context, cue_start: int, seg: tuple[int, int], sent: Sentence,
                    allow_before: bool = False) -> tuple[DateMention | None, DateMention | None]:
        after = [d for d in self._dates_in(ctx, cue_start, seg[1]) if d.kind != "duration"]
        if after:
            first = after[0]
            if first.end_date:
                return first, None
            if len(after) > 1 and after[1].date.precision == first.date.precision and first.date < after[1].date:
                between = ctx.text[first.end:after[1].start]
                if re.search(r"حتى|إلى|الى|until|through|to\b|-", between):
                    return first, after[1]
            # prefer a more precise date right after ("هذا العام ... آخرها الشهر الماضي" keeps the first)
            return first, None
        initial = [d for d in self._dates_in(ctx, sent.tstart, min(sent.tend, sent.tstart + 5))
                   if d.kind != "duration"]
        if initial:
            return initial[0], None
        if allow_before:
            before = [d for d in self._dates_in(ctx, seg[0], cue_start) if d.kind != "duration"]
            if before:
                return before[-1], None
        return None, None

    def _clause_end(self, ctx: Context, t: int, sent: Sentence) -> int:
        stop = t
        while stop < sent.tend and stop - t < 16:
            if stop > t and re.search(r"[،,.;؛]", ctx.gap(stop - 1, stop)):
                break
            stop += 1
        return stop

    def _only_titles(self, ctx: Context, a: int, b: int, loose: bool = False) -> bool:
        """True when tokens a..b hold only titles and country or organization names (no verb, no punctuation).
        `loose` also allows ministry fields and institution or definite words, for a chain of titles ("نائب رئيس
        الوزراء ووزير الخارجية وشؤون المغتربين"), but no cue word."""
        if b <= a:
            return True
        if a > 0 and PUNCT.search(ctx.gap(a - 1, b - 1) if b - 1 > a - 1 else ""):
            return False
        toks = ctx.toks
        names = {m.tstart: m for m in self._mentions_in(ctx, a, b) if m.kind in ("country", "organization")}
        t = a
        while t < b:
            p = self.cues.titles.match_at(toks, t) or (self.cues.ministry_fields.match_at(toks, t) if loose else None)
            if p:
                t += len(p.keys)
                continue
            if t in names:
                t = names[t].tend
                continue
            tok = toks[t]
            bare = key(tok.text[1:]) if tok.text[:1] in "وبل" else None
            if loose and tok.arabic and (
                    key(tok.text) in self.cues.institution_words or bare in self.cues.institution_words
                    or tok.text.startswith(("ال", "وال")) and not self.cues.visit.match_at(toks, t)
                    and not self.cues.statement.match_at(toks, t) and key(tok.text) not in self.cues.stopwords):
                t += 1
                continue
            return False
        return True

    def _future(self, ctx: Context, hit: CueHit, sent: Sentence) -> bool:
        for t in range(max(sent.tstart, hit.tstart - 4), min(sent.tend, hit.tend + 2)):
            txt = ctx.toks[t].text
            verb = re.match(r"^[وف]?س[يت]\w{3,}", txt) and key(txt).lstrip("وف") not in _NOT_FUTURE
            if verb or txt in ("will", "سوف", "المقرر") or self.cues.modality_local["planned"].match_at(ctx.toks, t):
                return True
        return False

    def _top_countries(self, ctx: Context, n: int) -> list[str]:
        # countries named, plus the countries of the persons, organizations and places named (a Russian
        # ministry or Shoigu speaks for Russia even when "Russia" itself is not written)
        cached = ctx.top_countries
        if cached is not None and cached[0] is ctx.mentions and cached[1] == len(ctx.mentions):
            return cached[2][:n]  # the mentions are final once found: counted once per article
        counts: dict[str, float] = {}
        for m in ctx.mentions:
            code = ctx.country_of(m)
            if not code:
                continue
            counts[code] = counts.get(code, 0) + (1.0 if m.kind == "country" else 0.5)
        ranked = [c for c, _ in sorted(counts.items(), key=lambda kv: -kv[1])]
        ctx.top_countries = (ctx.mentions, len(ctx.mentions), ranked)
        return ranked[:n]
