"""Agreement facts: name, parties, signing date and status (signed, planned, ratified, in force)."""

from __future__ import annotations

import re

from extract.context import Candidate, Context, CueHit, Sentence, Stage
from extract.dates import DateMention
from extract.normalize import key
from graph.dates import PartialDate


class AgreementMixin(Stage):
    """Finds agreements."""

    def _agreements(self, ctx: Context, hits: list[CueHit], visits: list[Candidate]) -> list[Candidate]:
        out: list[Candidate] = []
        pending: list[tuple[CueHit, str, tuple[int, int, float]]] = []  # named, not (yet) realized
        c = self.cues
        for hit in hits:
            sent = ctx.sentence(hit.tstart)
            if hit.family == "agreement":
                window = (max(sent.tstart, hit.tstart - 8), min(sent.tend, hit.tend + 12))
                if hit.data.get("governed"):
                    # "وقعت ... مع لافروف خطة للمشاورات", "signed a roadmap": a plan only as the object of a signing
                    # or approval verb before it in its sentence (no other agreement noun or full stop between)
                    govs = [g for g in self._governors.find(ctx.toks, max(sent.tstart, hit.tstart - 14), hit.tstart)
                            if not any(h.family == "agreement" and g[1] <= h.tstart < hit.tstart for h in hits)]
                    if not govs or self._future_sign(ctx, govs[-1][0]) or self._unrealized_sign(ctx, govs[-1][0], sent):
                        continue
                    window = (min(window[0], govs[-1][0]), window[1])
                reals = [r for r in c.agreement_realized.find(ctx.toks, *window)
                         if not any(h.family == "agreement" and h is not hit and
                                    (r[1] <= h.tstart < hit.tstart or hit.tend <= h.tstart < r[0]) for h in hits)]
                realized = any(not self._unrealized_sign(ctx, r[0], sent) for r in reals)
                if reals and not realized:
                    continue  # "خطط لتوقيع اتفاق", "expected to sign a plan", "نفى ... توقيع أي اتفاق"
                if not realized:
                    # "وقع X و Y، يوم الثلاثاء في خاباروفسك، بروتوكولا ...": a signing verb further back governs it
                    govs = [g for g in self._governors.find(ctx.toks, max(sent.tstart, hit.tstart - 25), hit.tstart)
                            if not any(h.family == "agreement" and g[1] <= h.tstart < hit.tstart for h in hits)]
                    if govs and not self._future_sign(ctx, govs[-1][0]):
                        window = (govs[-1][0], window[1])
                        realized = True
                if not realized:
                    # a named agreement not said to be signed here ("بحث معه تنفيذ معاهدة الشراكة ..."): kept in case
                    # a later sentence realizes it by reference ("صادق على المعاهدة")
                    ne = self._name_end(ctx, hit.tend, sent)
                    if ne > hit.tend + 1 and not hit.data.get("governed"):
                        pending.append((hit, ctx.text[ctx.toks[hit.tstart].start:ctx.toks[ne - 1].end],
                                        (ctx.toks[hit.tstart].start, ctx.toks[ne - 1].end, 0.7)))
                    continue
                if any(not self._perfect_qad(ctx, ms, sent) for ms, _e, _p in
                       c.modality_local["speculated"].find(ctx.toks, max(sent.tstart, hit.tstart - 6), hit.tstart)):
                    continue  # "يمكن أن تفضي إلى اتفاق" (but not the pluperfect "قد وقعتا ... اتفاقا")
                if c.modality_local["ruled_out"].any_in(ctx.toks, max(sent.tstart, hit.tstart - 3), hit.tstart):
                    continue
                name_end = hit.tend
                agreed = c.agreed_on.find(ctx.toks, max(sent.tstart, hit.tstart - 2), hit.tend + 2)
                if agreed:  # "جرى الاتفاق على مد الجسر": the object names it
                    name_end = agreed[0][1]
                name_end = self._name_end(ctx, name_end, sent)
                first_tok = ctx.toks[hit.tstart].text
                if ctx.article.language == "ar" and first_tok.startswith(("ال", "وال", "بال", "لل", "فال")) \
                        and name_end > hit.tend and hit.tend < sent.tend and not agreed:
                    nxt = ctx.toks[hit.tend].text
                    if not nxt.startswith(("ال", "لل", "ل", "ب")) and key(nxt) not in ("حول", "بشان", "في", "مع"):
                        name_end = hit.tend  # "الاتفاقية تفتح صفحة جديدة": a definite noun, then a verb
                name = ctx.text[ctx.toks[hit.tstart].start:ctx.toks[name_end - 1].end]
                anaphoric = c.agreement_anaphora.any_in(ctx.toks, hit.tend, hit.tend + 1) or (
                    name_end == hit.tend and ctx.toks[hit.tstart].text.startswith(("ال", "وال", "بال", "لل"))
                    and ctx.article.language == "ar")
                seg = self._segment(ctx, hit, hits, ("visit", "agreement"))
                d1, _ = self._date_after(ctx, hit.tstart, seg, sent, allow_before=True)
                date = d1.date if d1 else None
                if d1 and re.search(r"حيز التنفيذ|into force", ctx.text[ctx.toks[hit.tstart].start:d1.start]):
                    date = None  # the date it entered into force, not the signing
                if d1 and self._effective_date(ctx, d1):
                    date = None  # "اعتبارا من الأول من آب", "للفترة 2025-2026": when it applies, not when signed
                if date is None and (d1 is None or self._effective_date(ctx, d1)) and window[0] < hit.tstart:
                    # "وقع X و Y، اليوم الخميس، خارطة طريق ...": a date between the signing verb and the noun
                    bd = [d for d in self._dates_in(ctx, window[0], hit.tstart)
                          if d.kind != "duration" and not self._effective_date(ctx, d)]
                    if bd and self._governors.any_in(ctx.toks, window[0],
                                                     ctx.tok_range_of(bd[-1].start, bd[-1].end)[0]):
                        date = bd[-1].date
                if date is not None and all(c.ratification.match_at(ctx.toks, r0) is not None
                                            for r0, _r1, _p in c.agreement_realized.find(ctx.toks, *window)):
                    date = None  # "صادق بوتين، السبت، على المعاهدة": the date of a ratification, not the signing
                anniv = [h for h in hits if h.family == "event" and h.data.get("kind") == "anniversary"
                         and sent.tstart <= h.tstart < hit.tstart]
                if anniv and date is not None:
                    n = self._ordinal_after(ctx, anniv[-1].tend)
                    date = PartialDate(date.year - n, date.month, date.day) if n else None
                during = None
                best = None
                for v in visits:
                    for s, _e, _c in v.evidence:
                        if ctx.toks[hit.tstart].start < s < sent.end and (best is None or s < best[0]):
                            best = (s, v)
                during = best[1] if best else None
                parties = self._parties(ctx, sent, hit)
                real = c.agreement_realized.find(ctx.toks, *window)
                ev_start = min([hit.tstart] + [r[0] for r in real])
                ev_end = max([name_end] + [r[1] for r in real])
                clauses = []
                for _s, e, _ in c.agreement_clauses.find(ctx.toks, hit.tend, sent.tend):
                    if e >= sent.tend:
                        break  # the clause word ends the sentence (or the text): no clause follows it
                    stop = self._clause_end(ctx, e, sent)
                    clauses.append(ctx.text[ctx.toks[e].start:ctx.toks[stop - 1].end])
                    ev_end = max(ev_end, stop)
                    break
                ev = (ctx.toks[ev_start].start, ctx.toks[ev_end - 1].end, 0.8)
                cand = Candidate("agreement", [ev], {
                    "name": name, "kind": hit.data["kind"], "parties": parties, "signedOn": date,
                    "during": during, "clauses": clauses, "anaphoric": anaphoric}, 0.75)
                if anaphoric and out:
                    first = next((o for o in out if o.args["kind"] == hit.data["kind"]), out[0])
                    first.evidence.append(ev)
                    first.args["signedOn"] = first.args["signedOn"] or date
                    continue
                named_before = [p for p in pending if p[0].data["kind"] == hit.data["kind"]]
                if anaphoric and named_before:
                    # "صادق البرلمان على المعاهدة" after "معاهدة الشراكة الاستراتيجية الشاملة" was named: the
                    # agreement is placed where it is first named, this mention is further evidence
                    phit, pname, pev = named_before[0]
                    psent = ctx.sentence(phit.tstart)
                    cand.evidence = [pev, ev]
                    cand.args["name"] = pname
                    cand.args["anaphoric"] = False
                    parties = self._parties(ctx, psent, phit) or parties
                    cand.args["parties"] = parties
                if not parties:
                    continue
                cand.args["parties"] = parties
                same = next((o for o in out if o.args["kind"] == cand.args["kind"]
                             and set(o.args["parties"]) == set(parties)
                             and self._same_name(o.args["name"], cand.args["name"])
                             and (not o.args["signedOn"] or not date or o.args["signedOn"].compatible(date))), None)
                if same is not None:
                    # a later mention of the same agreement: more evidence, not a second agreement
                    same.evidence += cand.evidence
                    same.args["signedOn"] = same.args["signedOn"] or date
                    continue
                out.append(cand)
            elif hit.family == "permission":
                nouns = c.permission_nouns.find(ctx.toks, hit.tend, min(sent.tend, hit.tend + 10))
                if not nouns or c.modality_local["ruled_out"].any_in(ctx.toks, max(sent.tstart, hit.tstart - 2),
                                                                       hit.tstart):
                    continue
                kinds = ("organization", "country", "person")
                before = [m for m in self._mentions_in(ctx, sent.tstart, hit.tstart, kinds)
                          if m.via != "adjective"]
                after = [m for m in self._mentions_in(ctx, hit.tend, nouns[0][0], kinds) if m.via != "adjective"]
                if not after and c.company_anaphora.any_in(ctx.toks, hit.tend, nouns[0][0]):
                    # "منحت الشركة إذنا": the company named last before this sentence
                    prev = [m for m in ctx.mentions if m.kind == "organization" and m.tend <= sent.tstart
                            and (self.reg.get(m.entity) and self.reg.get(m.entity).subkind in ("airline", "company"))]
                    after = prev[-1:]
                if not before or not after:
                    continue
                grantor = before[0] if ctx.article.language == "ar" else before[-1]
                grantee = after[0]
                ns, ne, _ = nouns[0]
                stop = self._clause_end(ctx, ne, sent)
                clause = ctx.text[ctx.toks[ne].start:ctx.toks[stop - 1].end] if stop > ne else ""
                name = ctx.text[ctx.toks[ns].start:ctx.toks[stop - 1].end]
                ev = (ctx.toks[hit.tstart].start, ctx.toks[stop - 1].end, 0.8)
                granted_on = self._date_after(ctx, hit.tstart, (hit.tstart, sent.tend), sent)[0]
                out.append(Candidate("agreement", [ev], {
                    "name": name, "kind": "permission", "parties": [grantor.entity, grantee.entity],
                    "signedOn": granted_on.date if granted_on else None, "during": None,
                    "clauses": [clause] if clause else [], "anaphoric": False}, 0.8))
        return out

    def _future_sign(self, ctx: Context, t: int) -> bool:
        """A signing verb in the future ("سيوقعان", "will sign", "من المقرر أن يوقع")."""
        w = ctx.toks[t].text
        return bool(re.match(r"^[وف]?س[يت]", w)) or self.cues.modality_local["planned"].any_in(
            ctx.toks, max(0, t - 3), t) or key(ctx.toks[t - 1].text) in ("will", "to", "ان") if t > 0 else False

    def _unrealized_sign(self, ctx: Context, t: int, sent: Sentence) -> bool:
        """A signing that is only planned, expected or denied ("يخططان لتوقيع", "خطط لتوقيع", "expected to sign",
        "نفت ... أن يكون الجانبان قد وقعا")."""
        lo = max(sent.tstart, t - 4)
        if self.cues.plan_words.any_in(ctx.toks, lo, t) or self._future_sign(ctx, t):
            return True
        if re.search(r"يخطط|تخطط|يعتزم|تعتزم|expected to|plan to|plans to|due to|يعد|يعدان|تعد",
                     ctx.text[ctx.toks[lo].start:ctx.toks[t].start]):
            return True
        if self.cues.modality_local["expected"].any_in(ctx.toks, lo, t):
            return True
        return self._denied(ctx, t, sent)

    def _same_name(self, a: str, b: str) -> bool:
        """Two names of one agreement: one is the bare noun, or they share two content words."""
        ka = {key(w) for w in re.findall(r"\w+", a) if len(w) > 2}
        kb = {key(w) for w in re.findall(r"\w+", b) if len(w) > 2}
        return len(ka) <= 1 or len(kb) <= 1 or len(ka & kb) >= 2

    def _effective_date(self, ctx: Context, d: DateMention) -> bool:
        """A date introduced by an effect or period word (اعتبارا من, للفترة, starting, for the period)."""
        t0 = ctx.tok_range_of(d.start, d.end)[0]
        # the phrase may end inside the date ("حتى عام 2030": the date starts at عام)
        return any(s0 < t0 for s0, _e, _p in self.cues.effective_words.find(ctx.toks, max(0, t0 - 3), t0 + 1))

    def _ordinal_after(self, ctx: Context, t: int) -> int:
        words = {"اولي": 1, "اول": 1, "ثانيه": 2, "ثاني": 2, "ثالثه": 3, "رابعه": 4, "خامسه": 5, "عاشره": 10,
                 "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "tenth": 10}
        for i in range(max(0, t - 4), min(len(ctx.toks), t + 3)):
            k = key(ctx.toks[i].text)
            if k in words:
                return words[k]
            if ctx.toks[i].text.isdigit() and int(ctx.toks[i].text) < 100:
                return int(ctx.toks[i].text)
        return 0

    def _name_end(self, ctx: Context, t: int, sent: Sentence) -> int:
        stop = t
        while stop < sent.tend and stop - t < 6:
            if re.search(r"[،,.;؛:()\"“”«»]", ctx.gap(stop - 1, stop)):
                break
            stop_word = key(ctx.toks[stop].text) in self.cues.name_stop or ctx.toks[stop].text in self.cues.name_stop
            if stop_word and not (stop == t and key(ctx.toks[stop].text) in ("بشان", "on")):
                break
            stop += 1
        return stop

    def _parties(self, ctx: Context, sent: Sentence, hit: CueHit) -> list[str]:
        codes: list[str] = []

        def add(code):
            if code and code not in codes:
                codes.append(code)

        # "بين موسكو وبيونغ يانغ" / "between Russia and North Korea"
        for t in range(sent.tstart, sent.tend):
            if key(ctx.toks[t].text) in ("بين", "between"):
                ms = self._mentions_in(ctx, t + 1, min(sent.tend, t + 8), ("country", "place"))
                for m in ms[:2]:
                    add(self.reg.country_of(m.entity))
                if len(codes) >= 2:
                    return [f"country:{c}" for c in codes]
        codes = []
        if self.cues.both_parties.any_in(ctx.toks, sent.tstart, sent.tend):
            for code in self._top_countries(ctx, 2):
                add(code)
            if len(codes) == 2:
                return [f"country:{c}" for c in codes]
        codes = []
        # the signatories' countries
        signers = self._mentions_in(ctx, sent.tstart, sent.tend, ("person",))
        for m in signers:
            add(self.reg.country_of(m.entity) or getattr(m, "extra", {}).get("country"))
        # "وقع شويغو مع نظيره الإيراني ...": the country of the counterpart
        for _s0, e0, _p in self.cues.counterpart.find(ctx.toks, sent.tstart, sent.tend):
            adj = [m for m in self._mentions_in(ctx, e0, min(sent.tend, e0 + 3), ("country",)) if m.tstart == e0]
            if adj:
                add(self.reg.country_of(adj[0].entity))
        if len(codes) >= 2:
            return [f"country:{c}" for c in codes[:2]]
        # no party named in the sentence ("the partnership treaty signed in June 2024"): the article's two
        # main countries, when the sentence names no other country
        named = {self.reg.country_of(m.entity) for m in self._mentions_in(ctx, sent.tstart, sent.tend, ("country",))}
        top = self._top_countries(ctx, 2)
        if len(top) == 2 and named <= set(top):
            return [f"country:{c}" for c in top]
        return []
