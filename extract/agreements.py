"""Agreement facts: name, parties, signing date and status (signed, planned, ratified, in force)."""

from __future__ import annotations

import re

from extract.context import Candidate, Context, CueHit, Sentence, Stage, starting_in
from extract.dates import DateMention
from extract.normalize import key
from extract.patterns import PhraseSet
from graph.dates import PartialDate


class AgreementMixin(Stage):
    """Finds agreements."""

    def _agreements(self, ctx: Context, hits: list[CueHit], visits: list[Candidate]) -> list[Candidate]:
        out: list[Candidate] = []
        # "four Memoranda of Understanding (MoUs)", "اتفاقية (الشراكة)": an abbreviation in brackets right after an
        # agreement noun is that noun again, neither a second agreement nor the end of its clause
        ags = [h for h in hits if h.family == "agreement"]
        abbrev = {id(b) for a, b in zip(ags, ags[1:], strict=False)
                  if b.tstart == a.tend and "(" in ctx.gap(a.tend - 1, b.tstart)}
        hits = [h for h in hits if id(h) not in abbrev]
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
                            if not any(h.family == "agreement" for h in starting_in(hits, g[1], hit.tstart))]
                    if not govs or self._future_sign(ctx, govs[-1][0]) or self._unrealized_sign(ctx, govs[-1][0], sent):
                        continue
                    window = (min(window[0], govs[-1][0]), window[1])
                reals = [r for r in c.agreement_realized.find(ctx.toks, *window)
                         if not any(h.family == "agreement" and h is not hit
                                    for h in starting_in(hits, r[1], hit.tstart) + starting_in(hits, hit.tend, r[0]))]
                realized = any(not self._unrealized_sign(ctx, r[0], sent) for r in reals)
                planned = False
                if reals and not realized:
                    # "وسيوقع البلدان 15 مذكرة تفاهم", "plan to sign": a planned agreement; a denied one is none
                    if not any(not self._denied(ctx, r[0], sent) for r in reals):
                        continue  # "نفى ... توقيع أي اتفاق"
                    planned = realized = True
                near = self._hits_in(hits, hit.tstart - 12, hit.tstart)
                if any(h.family == "agreement" and h.data.get("proposal") and h.tend <= hit.tstart <= h.tend + 3
                       for h in near):
                    continue  # "اقتراح لوقف إطلاق النار": the proposal's object is no agreement of its own
                status = "planned" if planned else "signed"
                if not realized:
                    unsigned = self._unsigned_status(ctx, hit, hits, sent)
                    if unsigned is None and (hit.data.get("needs_act") or hit.data.get("proposal")):
                        continue  # "دعا إلى هدنة", "calling for a ceasefire", "اقتراح" of anything else
                    if unsigned is not None:
                        status, realized = unsigned, True
                if not realized and not hit.data.get("needs_act") and not hit.data.get("proposal"):
                    # "وقع X و Y، يوم الثلاثاء في خاباروفسك، بروتوكولا ...": a signing verb further back governs it
                    govs = [g for g in self._governors.find(ctx.toks, max(sent.tstart, hit.tstart - 25), hit.tstart)
                            if not any(h.family == "agreement" for h in starting_in(hits, g[1], hit.tstart))]
                    if govs and not self._future_sign(ctx, govs[-1][0]):
                        window = (govs[-1][0], window[1])
                        realized = True
                if not realized:
                    # a named agreement not said to be signed here ("بحث معه تنفيذ معاهدة الشراكة ..."): kept in case
                    # a later sentence realizes it by reference ("صادق على المعاهدة")
                    ne = self._name_end(ctx, hit.tend, sent)
                    if ne > hit.tend + 1 and not hit.data.get("governed") and not hit.data.get("needs_act") \
                            and not hit.data.get("proposal"):
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
                rs = [r0 for r0, _r1, _p in c.agreement_realized.find(ctx.toks, *window)]
                if d1 and d1.start < ctx.toks[hit.tstart].start and rs and min(rs) >= hit.tend \
                        and not self._governors.any_in(ctx.toks, window[0], hit.tstart):
                    # "دافعت أمس الأربعاء عن الاتفاقية ... التي وقعتها مع مصر": the date before the noun is the
                    # main verb's; the signing is told after it, in a relative clause
                    date = None
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
                anniv = [h for h in starting_in(hits, sent.tstart, hit.tstart)
                         if h.family == "event" and h.data.get("kind") == "anniversary"]
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
                if during is None and self._ag_set("during_visit").any_in(ctx.toks, sent.tstart, sent.tend):
                    # "وخلال الزيارة وقع الوزراء ...": the visit told before
                    prior = [v for v in visits if v.evidence and v.evidence[0][0] < sent.start
                             and v.args.get("status") != "ruled_out"]
                    during = prior[-1] if prior else None
                parties = self._parties(ctx, sent, hit, hits, visits, window)
                if status != "signed":
                    during, date = None, None  # sought, proposed or announced: no signing, no signing date
                real = c.agreement_realized.find(ctx.toks, *window)
                if status != "signed":
                    lo = max(sent.tstart, hit.tstart - 5)
                    real = [(a, b, p) for a, b, p in self._unsigned_cues.find(ctx.toks, lo, hit.tstart)]
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
                    "during": during, "clauses": clauses, "anaphoric": anaphoric, "status": status},
                    0.75 if status == "signed" else 0.6)
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
                    parties = self._parties(ctx, psent, phit, hits, visits, None) or parties
                    cand.args["parties"] = parties
                if not parties:
                    continue
                cand.args["parties"] = parties
                same = next((o for o in out if o.args["kind"] == cand.args["kind"]
                             and o.args.get("status", "signed") == status
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

    # ---------------------------------------------------------------- status of an unsigned agreement
    def _ag_set(self, name: str) -> PhraseSet:
        """A phrase list of the `agreement:` cues, compiled once per extractor."""
        cache = self.__dict__.setdefault("_ag_sets", {})
        if name not in cache:
            cache[name] = PhraseSet.of(self.cues.raw["agreement"].get(name))
        return cache[name]

    @property
    def _unsigned_cues(self) -> PhraseSet:
        cache = self.__dict__.setdefault("_ag_sets", {})
        if "_unsigned" not in cache:
            ag = self.cues.raw["agreement"]
            cache["_unsigned"] = PhraseSet.of(list(ag.get("negotiating") or []) + list(ag.get("announced") or []))
        return cache["_unsigned"]

    def _unsigned_status(self, ctx: Context, hit: CueHit, hits: list[CueHit], sent: Sentence) -> str | None:
        """An agreement not said to be signed: proposed ("قدمت اقتراحا لوقف إطلاق النار"), sought ("بحث ...
        التوصل إلى اتفاق", "talks on a trade pact"), or a truce announced, renewed or broken ("إعلان الطرفين عن
        تجديد الهدنة"). None when it is none of these (a demand, a mention)."""
        if hit.data.get("proposal"):
            targets = self._ag_set("proposal_targets")
            # "اقتراحا جديدا لوقف إطلاق النار": the object within a few words, no full stop between
            lim = min(sent.tend, hit.tend + 4)
            return "proposed" if any(not re.search(r"[.;؛]", ctx.text[ctx.toks[hit.tend - 1].end:ctx.toks[a].start])
                                     for a, _b, _p in targets.find(ctx.toks, hit.tend, lim)) else None
        lo = max(sent.tstart, hit.tstart - 5)
        # no other agreement noun between the cue and this one
        between_ok = [(a, b) for a, b, _p in self._ag_set("negotiating").find(ctx.toks, lo, hit.tstart)
                      if not any(h.family == "agreement" for h in starting_in(hits, b, hit.tstart))]
        if between_ok:
            return "negotiating"
        if hit.data.get("needs_act"):
            ann = [(a, b) for a, b, _p in self._ag_set("announced").find(ctx.toks, lo, hit.tstart)
                   if not any(h.family == "agreement" for h in starting_in(hits, b, hit.tstart))]
            # "the truce was extended", "الهدنة التي أعلنها الطرفان": the act right after the noun
            after = self._ag_set("announced").find(ctx.toks, hit.tend, min(sent.tend, hit.tend + 3))
            if ann or after:
                return "announced"
        return None

    # ---------------------------------------------------------------- parties
    _KEEP_ORG = ("intl", "movement", "military")

    def _party(self, m) -> str | None:
        """The party a mention stands for: a country (a capital, a ministry or an official stand for their
        country), or an organization that is a party in its own right (the EU, the GCC, an armed movement)."""
        if m.kind == "organization":
            e = self.reg.get(m.entity)
            if e is not None and e.subkind in self._KEEP_ORG:
                return m.entity
            code = self.reg.country_of(m.entity) or (getattr(m, "extra", None) or {}).get("country")
            return f"country:{code}" if code else (m.entity if e is None else None)
        if m.kind == "place":
            code = self.reg.capital_country(m.entity)
            return f"country:{code}" if code else None
        code = self.reg.country_of(m.entity) or (getattr(m, "extra", None) or {}).get("country")
        return f"country:{code}" if code else None

    def _mediated(self, ctx: Context, m, sent: Sentence) -> bool:
        """The mention is the mediator ("توسطت فيه الصين", "بوساطة عمانية", "brokered by China")."""
        return self._ag_set("mediator").any_in(ctx.toks, max(sent.tstart, m.tstart - 3), m.tstart)

    def _pair_after_between(self, ctx: Context, t: int, end: int, sent_start: int = 0) -> list[str]:
        """"بين موسكو وبيونغ يانغ", "between the army and the RSF": the two parties after بين/between."""
        kinds = ("country", "place", "organization", "person")
        out: list[str] = []
        for m in self._mentions_in(ctx, t + 1, min(end, t + 10), kinds):
            p = self._party(m)
            if p and p not in out:
                out.append(p)
            if len(out) == 2:
                break
        return out if len(out) == 2 else []

    def _context_pair(self, ctx: Context, sent: Sentence, visits: list[Candidate]) -> list[str]:
        """"البلدان", "الطرفان", "the two sides": the two countries of the visit told in this sentence, else the
        pair last named with بين/between shortly before, else the article's two main countries."""
        def visit_pair(v):
            a, b = v.args.get("visitorCountry"), v.args.get("hostCountry")
            return [f"country:{a}", f"country:{b}"] if a and b and a != b else []

        here = [v for v in visits if any(sent.start <= s0 < sent.end for s0, _e, _c in v.evidence)
                and v.args.get("status") != "ruled_out"]
        for v in here:
            if visit_pair(v):
                return visit_pair(v)
        idx = ctx.sentences.index(sent) if sent in ctx.sentences else 0
        for prev in reversed(ctx.sentences[max(0, idx - 3):idx + 1]):
            for t in range(prev.tend - 1, prev.tstart - 1, -1):
                if key(ctx.toks[t].text) in ("بين", "between"):
                    pair = self._pair_after_between(ctx, t, prev.tend)
                    if pair:
                        return pair
        top = self._top_countries(ctx, 2)
        return [f"country:{c}" for c in top] if len(top) == 2 else []

    def _parties(self, ctx: Context, sent: Sentence, hit: CueHit, hits: list[CueHit] | None = None,
                 visits: list[Candidate] | None = None, window: tuple[int, int] | None = None) -> list[str]:
        hits, visits = hits or [], visits or []
        codes: list[str] = []

        def add(code):
            if code and code not in codes:
                codes.append(code)

        seg = self._segment(ctx, hit, hits, ("visit",)) if hits else (sent.tstart, sent.tend)
        kinds = ("country", "place", "organization", "person")
        ms = [m for m in self._mentions_in(ctx, sent.tstart, sent.tend, kinds) if not self._mediated(ctx, m, sent)]
        # "بين موسكو وبيونغ يانغ" / "between Russia and North Korea" / "بين تونس والاتحاد الأوروبي"
        for t in range(sent.tstart, sent.tend):
            if key(ctx.toks[t].text) in ("بين", "between"):
                pair = self._pair_after_between(ctx, t, sent.tend)
                if pair:
                    return pair
        # "وقعت تونس والاتحاد الأوروبي ...", "وافقت السعودية وإيران على ...", "Tunisia and the EU signed ...": two
        # parties joined by and, before the agreement in its clause
        named = [m for m in ms if m.via != "adjective" and m.kind != "person" and seg[0] <= m.tstart < hit.tstart]
        if self.cues.ratification.any_in(ctx.toks, seg[0], hit.tstart):
            named = []  # "صادق مجلس الدوما ومجلس الاتحاد على المعاهدة": the ratifiers are no parties
        for i in range(len(named) - 1):
            a, b = named[i], named[i + 1]
            joined = b.tstart == a.tend and (b.proclitic.startswith("و") or
                                              re.fullmatch(r"\s*(and|&|,)\s*", ctx.gap(a.tend - 1, b.tstart) or "") or
                                              key(ctx.toks[b.tstart - 1].text) == "and")
            if not joined and b.tstart == a.tend + 1 and key(ctx.toks[a.tend].text) in ("and", "و"):
                joined = True
            if joined and self._party(a) and self._party(b) and self._party(a) != self._party(b):
                return [self._party(a), self._party(b)]
        # "البلدان", "الطرفين", "the two sides": the pair of the visit or talks in context
        if self.cues.both_parties.any_in(ctx.toks, max(sent.tstart, hit.tstart - 8), min(sent.tend, hit.tend + 8)):
            pair = self._context_pair(ctx, sent, visits)
            if pair:
                return pair
        # "الاتفاقية ... التي وقعتها مع مصر", "التوصل إلى اتفاق مع X", "قدمت اقتراحا ... إلى الدولة اللبنانية": the
        # party after with/to, and the subject of the clause (the first party named in it)
        lo = window[0] if window else hit.tstart
        preps = [(b, "with") for _a, b, _p in self._ag_set("with_party").find(ctx.toks, min(lo, hit.tstart), seg[1])]
        if hit.data.get("proposal"):
            preps += [(b, "to") for _a, b, _p in self._ag_set("to_party").find(ctx.toks, hit.tend, seg[1])]
        for b, _kind in sorted(preps):
            objs = [m for m in ms if b <= m.tstart <= b + 5 and not re.search(r"[،,.;؛]", ctx.text[
                ctx.toks[b - 1].end:ctx.toks[m.tstart].start])]
            obj = next((self._party(m) for m in objs if self._party(m)), None)
            if not obj:
                continue
            subj = next((self._party(m) for m in ms if seg[0] <= m.tstart < b and self._party(m)
                         and self._party(m) != obj), None)
            if subj is None and not any(seg[0] <= m.tstart < b and m.kind != "person" for m in ms):
                # "وقال الرئيس ... عقب التوقيع على مذكرة التفاهم مع الاتحاد الأوروبي": a subject the registry does
                # not place (an unknown official) speaks for the article's main country
                top = [f"country:{c}" for c in self._top_countries(ctx, 2)]
                subj = next((t for t in top if t != obj), None)
            if subj:
                return [subj, obj]
        # the signatories' countries
        signers = self._mentions_in(ctx, sent.tstart, sent.tend, ("person",))
        for m in signers:
            add(ctx.country_of(m))
        # "وقع شويغو مع نظيره الإيراني ...": the country of the counterpart
        for _s0, e0, _p in self.cues.counterpart.find(ctx.toks, sent.tstart, sent.tend):
            adj = [m for m in self._mentions_in(ctx, e0, min(sent.tend, e0 + 3), ("country",)) if m.tstart == e0]
            if adj:
                add(self.reg.country_of(adj[0].entity))
        if len(codes) >= 2:
            return [f"country:{c}" for c in codes[:2]]
        # exactly two parties named as such in the clause ("The EU ... GCC countries ... talks on a trade pact")
        own = []
        for m in ms:
            p = self._party(m)
            if seg[0] <= m.tstart < seg[1] and m.kind != "person" and m.via != "adjective" and p and p not in own:
                own.append(p)
        if len(own) == 2 and all(p.startswith("org:") for p in own):
            return own
        # signed during a visit told in this sentence, or referred to ("خلال الزيارة", "during the visit"): the
        # visitor's and the host's countries
        told = [v for v in visits if any(sent.start <= s0 < sent.end for s0, _e, _c in v.evidence)]
        if not told and self._ag_set("during_visit").any_in(ctx.toks, sent.tstart, sent.tend):
            told = [v for v in visits if v.evidence and v.evidence[0][0] < sent.start][-1:]
        for v in told:
            a, b = v.args.get("visitorCountry"), v.args.get("hostCountry")
            if a and b and a != b and v.args.get("status") != "ruled_out":
                return [f"country:{a}", f"country:{b}"]
        # no party named in the sentence ("the partnership treaty signed in June 2024"): the article's two
        # main countries, when the sentence names no other country
        named_c = {self.reg.country_of(m.entity) for m in self._mentions_in(ctx, sent.tstart, sent.tend, ("country",))}
        top = self._top_countries(ctx, 2)
        if len(top) == 2 and named_c <= set(top):
            return [f"country:{c}" for c in top]
        return []
