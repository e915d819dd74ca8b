"""Persons named by title: known role holders from the registry, unknown persons transliterated."""

from __future__ import annotations

import re

from extract.context import PUNCT, Context, Stage
from extract.ids import ascii_fold, slugify, transliterate
from extract.lexicon import common_arabic, common_english
from extract.normalize import Normalized, is_arabic, key
from extract.patterns import Phrase
from extract.registry import Mention, RegEntry

# Arabic name links (normalized): "بن", "آل" (-> "ال"), "عبد", "أبو"
_NAME_LINKS = frozenset({"بن", "ابن", "بنت", "ال", "ولد", "عبد", "ابو", "ابي", "ذو"})
_REGNAL = frozenset({"الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس"})
_EN_PARTICLES = frozenset({"bin", "ibn", "bint", "al", "el", "von", "der", "van", "de", "la", "du", "da", "dos", "ould",
                           "abu", "abdul", "abd"})
_ADMIN_WORDS = frozenset({"مقاطعه", "اقليم", "منطقه", "محافظه", "ولايه", "region", "province", "krai", "oblast"})


class PersonMixin(Stage):
    """Resolves "title + name" and bare titles to persons."""

    def _class_of(self, title: str | None) -> str | None:
        if not title:
            return None
        if title not in self._title_classes:
            toks = Normalized(title).tokens
            p = self.cues.titles.match_at(toks, 0) if toks else None
            self._title_classes[title] = p.data["class"] if p else None
        return self._title_classes[title]

    def _name_ok(self, ctx: Context, t: int, covered: set[int], inner: bool = False) -> bool:
        """Can token t be part of a person's name? `inner`: a name has begun (or a title with its country
        precedes), so an ال-surname ("أحمد الشرع", "الرئيس المصري السيسي") is allowed."""
        if not 0 <= t < len(ctx.toks):
            return False  # callers probe the token after a title or a name, which may be past the end
        tok = ctx.toks[t]
        if t in covered or key(tok.text) in self.cues.stopwords or tok.text.isdigit():
            return False
        if tok.arabic and (key(tok.text) in self.cues.institution_words
                           or (tok.text[:1] in "وبل" and key(tok.text[1:]) in self.cues.institution_words)
                           or tok.text.startswith("لل")):
            return False
        if tok.arabic:
            orig = ctx.text[tok.start:tok.end]
            # "أليكسي", "ألكسندر": a hamza on the alef marks a transliterated name, not the article ال
            # "والحاج", "بالرياض", "للرئيس": a conjunction or preposition with the article starts no name
            if len(tok.text) < 2 or tok.text.startswith(("وال", "بال", "فال", "لل", "كال")):
                return False
            if tok.text.startswith("ال") and not orig.startswith(("أل", "إل")) and not (
                    inner and len(tok.text) > 3 and key(tok.text) not in self._not_name_words):
                return False
        else:
            orig = ctx.text[tok.start:tok.end]
            if not orig[:1].isupper():
                return False
        for ps in (self.cues.statement, self.cues.visit, self.cues.titles, self.cues.events,
                   self.cues.agreement_nouns, self.cues.asked, self.cues.counterpart):
            p = ps.match_at(ctx.toks, t)
            if p and tok.arabic and tok.text.startswith("ف") and key(tok.text) != p.keys[0] \
                    and key(tok.text[1:]) == p.keys[0]:
                p = None  # "فيصل" is a name, not ف + "يصل"
            # "حسن شيخ محمود", "أمير عبد اللهيان": a bare royal title word inside a name is a name
            # ... but not when the title governs what follows ("تميم بن حمد آل ثاني أمير البلاد")
            nxt = ctx.toks[t + 1] if t + 1 < len(ctx.toks) else None
            if p and not (ps is self.cues.titles and inner and tok.arabic and len(p.keys) == 1
                          and not tok.text.startswith("ال") and p.data.get("class") == "monarch"
                          and nxt is not None and nxt.arabic and not nxt.text.startswith("ال")):
                return False
        return True

    def _name_run(self, ctx: Context, t: int, covered: set[int], lead_inner: bool = False,
                  limit: int = 8) -> list[int]:
        """The tokens of a person's name starting at t: up to `limit` name words, Arabic name links
        (بن, آل, عبد, أبو: "محمد بن زايد آل نهيان", "عبد الفتاح السيسي") and ال-surnames
        ("أيمن الصفدي"); a common definite word ("العاصمة") ends the name."""
        toks = ctx.toks
        names: list[int] = []
        while t < len(toks) and len(names) < limit:
            if names and PUNCT.search(ctx.gap(t - 1, t).replace("-", "")):
                break
            tok = toks[t]
            link = tok.arabic and tok.text in _NAME_LINKS and t not in covered
            # "Mohammed Shia al-Sudani", "Ursula von der Leyen": an English particle between capitalised names
            link = link or (names and not tok.arabic and tok.text in _EN_PARTICLES and t + 1 < len(toks)
                            and ctx.text[toks[t + 1].start].isupper())
            if tok.arabic and (key(tok.text) in self._name_breakers or (
                    names and tok.text.startswith("و") and not link and len(tok.text) > 3)):
                break  # a verb ("تبون اتفق"), or a conjunction joining the next item ("قيس سعيّد ورئيسة")
            if not link and not self._name_ok(ctx, t, covered, inner=bool(names) or lead_inner):
                break
            if tok.arabic and tok.text.startswith("ال") and not link and not self._definite_name_word(ctx, names, t):
                break
            names.append(t)
            t += 1
            if tok.arabic and tok.text.startswith("ال") and not link and tok.text != "الدين" \
                    and not (len(names) > 1 and toks[names[-2]].text in ("عبد", "ابو", "ابي", "ذو")) \
                    and not (t < len(toks) and toks[t].text in _REGNAL | _NAME_LINKS):
                break  # "عبد الفتاح السيسي دعم ...": an ال-surname ends the name
        while names and (toks[names[-1]].text in _NAME_LINKS or not toks[names[-1]].arabic
                         and toks[names[-1]].text in _EN_PARTICLES):
            names.pop()
        return names

    def _listed_ministers(self, ctx: Context, t: int, title: Phrase, country: Mention | None, covered: set[int],
                          out: list[Mention]) -> int:
        """"وزراء الخارجية مولود تشاووش أوغلو، والطاقة فاتح دونماز، والدفاع خلوصي أكار": after a plural title,
        each "و + ministry field + name" is one more minister. Returns the token after the list."""
        toks = ctx.toks
        while t < len(toks) and toks[t].arabic and toks[t].text.startswith("و") \
                and not re.search(r"[.:;؛!?؟\n]", ctx.gap(t - 1, t)):
            fld = self.cues.ministry_fields.match_at(toks, t)
            if not fld:
                break
            # "والطاقة والموارد الطبيعية": a field joined to the next field
            f_end = t + len(fld.keys)
            while f_end < len(toks) and (more := self.cues.ministry_fields.match_at(toks, f_end)):
                f_end += len(more.keys)
            names = self._name_run(ctx, f_end, covered)
            if len(names) < 2:
                break
            out.append(self._unknown(ctx, names, title, country, None, t))
            covered.update(names)
            t = names[-1] + 1
        return t

    def _name_run_back(self, ctx: Context, b: int, covered: set[int]) -> list[int]:
        """The Arabic name ending at token b (read leftwards), checked as a forward name run."""
        toks = ctx.toks
        back: list[int] = []
        while b >= 0 and len(back) < 6:
            if back and PUNCT.search(ctx.gap(b, b + 1).replace("-", "")):
                break
            if not (toks[b].text in _NAME_LINKS or self._name_ok(ctx, b, covered, inner=True)):
                break
            back.insert(0, b)
            b -= 1
        for n, first in enumerate(back):
            if toks[first].text in _NAME_LINKS or toks[first].text.startswith("ال"):
                continue
            run = self._name_run(ctx, first, covered)
            if run and run[-1] == back[-1]:
                return back[n:]
        return []

    def _definite_name_word(self, ctx: Context, names: list[int], t: int) -> bool:
        """An ال-word inside a name: after عبد/أبو ("عبد الله"), "الدين", a regnal ordinal ("عبد الله الثاني"),
        or a surname: the first or second name word unless a very common word ("أيمن الصفدي", not "العاصمة"),
        later only a rare word ("محمد شياع السوداني", not "ديميتري ديميشين الوفد")."""
        toks = ctx.toks
        prev = toks[names[-1]].text if names else ""
        text = toks[t].text
        if prev in ("عبد", "ابو", "ابي", "ذو") or text == "الدين" or (names and text in _REGNAL):
            return True
        if key(text) in self._not_name_words:
            return False
        words = sum(1 for n in names if toks[n].text not in _NAME_LINKS)
        freq = common_arabic(ctx.text[toks[t].start:toks[t].end])
        return freq < (5.0 if words <= 1 else 4.0)

    def _titled_persons(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """Unknown persons after or before a title, and references by title alone."""
        toks = ctx.toks
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        by_start = {m.tstart: m for m in found}
        by_end = {m.tend: m for m in found}
        out: list[Mention] = []
        i = 0
        while i < len(toks):
            title = self.cues.titles.match_at(toks, i)
            if not title or i in covered:
                i += 1
                continue
            j = i + len(title.keys)
            # complements: country (adjective or name), "باسم/لدى/في X"
            country = None
            org = None
            k = j
            # "أمين مجلس الأمن الروسي": the organization named inside the title is its complement
            inner = next((m for t in range(i + 1, j) if (m := by_start.get(t)) is not None and j <= m.tend
                          and m.kind == "organization"), None)
            if inner is not None:
                org, k = inner, inner.tend
                country = next((m for m in found if m.kind == "country" and inner.tstart <= m.tstart < inner.tend),
                               None)
            modifiers = 0
            for _ in range(6):
                m = by_start.get(k)
                if m and m.kind == "country" and not country:
                    country, k = m, m.tend
                    continue
                if m and m.kind == "organization" and not org and k == j and toks[i].arabic:
                    org, k = m, m.tend  # "رئيسة المفوضية الأوروبية أورسولا فون دير لايين"
                    continue
                # "الموفد الرئاسي الأميركي", "المبعوث الخاص": a title's adjective before its country
                if m is None and k < len(toks) and toks[k].arabic and toks[k].text.startswith("ال") and modifiers < 2 \
                        and re.search(r"(ي|يه)$", toks[k].text) and key(toks[k].text) not in self.cues.stopwords \
                        and not ctx.text.startswith(("أل", "إل"), toks[k].start) \
                        and k not in covered and not PUNCT.search(ctx.gap(k - 1, k)) \
                        and (by_start.get(k + 1) is not None or self._name_ok(ctx, k + 1, covered)):
                    modifiers += 1
                    k += 1
                    continue
                if m and m.kind == "place" and not org:  # "حاكم خاباروفسك"
                    org, k = m, m.tend
                    continue
                # "وزير الصحة", "Natural Resources Minister": the ministry's field belongs to the title
                fld = self.cues.ministry_fields.match_at(toks, k) if k < len(toks) else None
                if fld and title.data["class"] in ("minister", "deputy_minister") and k == j:
                    k += len(fld.keys)
                    continue
                # "حاكم مقاطعة خاباروفسك": an administrative word before a place
                if k + 1 < len(toks) and key(toks[k].text) in _ADMIN_WORDS and by_start.get(k + 1) \
                        and by_start[k + 1].kind == "place" and not org:
                    org, k = by_start[k + 1], by_start[k + 1].tend
                    continue
                # "الخبير الروسي في الشؤون الكورية": a field of expertise
                if k + 2 < len(toks) and key(toks[k].text) in ("في", "in") \
                        and key(toks[k + 1].text) in ("شوون", "شان", "قضايا"):
                    k += 3
                    continue
                if k < len(toks) and key(toks[k].text) in ("باسم", "لدي", "في", "of", "تابع", "تابعه", "at") \
                        and k + 1 in by_start:
                    m2 = by_start[k + 1]
                    if m2.kind in ("organization", "country", "place"):
                        org = org or m2
                        k = m2.tend
                        continue
                break
            # English: "North Korean leader", "top Russian security official"
            if not country and i in by_end and by_end[i].kind == "country" and not toks[i].arabic:
                country = by_end[i]
            # "Ri Chang Dae, North Korea's minister of state security": a possessive country before the title
            poss = None
            if not country and not toks[i].arabic and i > 1 and toks[i - 1].text == "s" and (i - 1) in by_end \
                    and by_end[i - 1].kind == "country" and re.match(r"['’]$", ctx.gap(i - 2, i - 1)):
                country = poss = by_end[i - 1]
            nxt = by_start.get(k)
            if nxt is not None and nxt.kind == "country" and country is not None and nxt.tend == k + 1 \
                    and toks[k].arabic and nxt.via in ("name", "alias") and k + 1 < len(toks) \
                    and not PUNCT.search(ctx.gap(k, k + 1)) and self._name_ok(ctx, k + 1, covered):
                # "رئيسة الوزراء الإيطالية جورجيا ميلوني": after a title and its country, a country name that
                # a name follows is a first name
                found.remove(nxt)
                del by_start[k]
                covered.discard(k)
                nxt = None
            if nxt and nxt.kind == "person":
                i = k
                continue
            # "رئيس لجنة الشؤون الدولية في مجلس الاتحاد الروسي غريغوري كاراسين": an institution complement
            # (institution words, definite words, في, entities) between the title and an unknown name
            if toks[i].arabic and k < len(toks) and not self._name_ok(ctx, k, covered):
                k2 = self._institution_end(ctx, k, by_start)
                if k2 > k and not by_start.get(k2) and k2 < len(toks) and self._name_ok(ctx, k2, covered) \
                        and k2 + 1 < len(toks) and self._name_ok(ctx, k2 + 1, covered, inner=True):
                    k = k2
            # title NAME (unknown person)
            names = self._name_run(ctx, k, covered, lead_inner=toks[i].arabic and k > j)
            t = names[-1] + 1 if names else k
            gap_ok = k > 0 and k < len(toks) and not re.search(r"[.:;؛!?؟\n]", ctx.gap(k - 1, k))
            # one ال-surname after a title with its country: "قال الرئيس المصري السيسي"
            single = len(names) == 1 and toks[i].arabic and k > j and toks[names[0]].text.startswith("ال")
            # "فام مينه تشينه، رئيس وزراء فيتنام، وخوسيه ...": after a comma, the name before the title wins;
            # "الرئيس رجب طيب أردوغان رئيس الجمهورية التركية، جرى ...": a title apposed to a person names nobody else
            if names and toks[i].arabic and re.search(r"[،,]", ctx.gap(k - 1, k)) and i > 0 and (
                    re.search(r"[،,]", ctx.gap(i - 1, i)) and len(self._name_run_back(ctx, i - 1, covered)) >= 2
                    or (prev := by_end.get(i)) is not None and prev.kind == "person"
                    or any(o.tend == i for o in out[-1:])):
                names = []
            if (len(names) >= 2 or single) and gap_ok:
                out.append(self._unknown(ctx, names, title, country, org, i, found))
                covered.update(names)
                i = self._listed_ministers(ctx, t, title, country, covered, out) if title.data.get("plural") else t
                continue
            # NAME، title (title starting with ال, or an English title after a comma)
            back = []
            b = i - 1
            # English apposition: "Victor Cha, a Korea expert at ..." (the name before "a/an ... TITLE")
            if not toks[i].arabic:
                for j in range(i - 1, max(-1, i - 4), -1):
                    if key(toks[j].text) in ("a", "an"):
                        if j > 0 and "," in ctx.gap(j - 1, j) and not PUNCT.search(ctx.gap(j, i)):
                            b = j - 1
                        break
                    if PUNCT.search(ctx.gap(j, j + 1)):
                        break
            if poss is not None and poss.tstart > 0 and "," in ctx.gap(poss.tstart - 1, poss.tstart):
                b = poss.tstart - 1
            if b >= 0 and b == i - 1 and PUNCT.search(ctx.gap(b, i).replace("،", "").replace(",", "")):
                b = -1
            if toks[i].arabic:
                back = self._name_run_back(ctx, b, covered)
            else:
                while b >= 0 and len(back) < 3 and self._name_ok(ctx, b, covered):
                    if back and PUNCT.search(ctx.gap(b, b + 1).replace("-", "")):
                        break
                    back.insert(0, b)
                    b -= 1
            # Arabic: "جاسم البديوي، الأمين العام", "لي هسين لونغ، رئيس وزراء سنغافورة": the comma of an apposition
            apposed = not toks[i].arabic or bool(back) and bool(re.search(r"[،,]", ctx.gap(back[-1], i)))
            starts_al = toks[i].text.startswith("ال") or not toks[i].arabic or apposed and (country or org)
            if len(back) >= 2 and starts_al and apposed:
                out.append(self._unknown(ctx, back, title, country, org, i))
                covered.update(back)
                i = k
                continue
            # a definite title alone ("وأوضح السفير أن"): the person of that title named last
            nxt_comp = k < len(toks) and (self.cues.complementizers.match_at(toks, k) is not None
                                          or bool(re.search(r"[:،,]", ctx.gap(k - 1, k))))
            if not (country or org) and toks[i].arabic and toks[i].text.startswith("ال") and j == k \
                    and by_start.get(k) is None and nxt_comp:
                prev = self._previous_titled(ctx, found + out, i, title.data["class"])
                if prev is not None:
                    out.append(Mention(prev.entity, "person", i, j, toks[i].start, toks[j - 1].end, "role", 0.6, "",
                                       ctx.text[toks[i].start:toks[j - 1].end]))
                    i = j
                    continue
            # reference by title alone: the current holder of the role
            if country or org:
                ref = self._role_holder(ctx, title.data["class"], country, org)
                if ref is None and country is not None and org is None and toks[i].arabic \
                        and toks[i].text.startswith(("ال", "وال")) and country.tstart == j:
                    # "الوزير الروسي" with several Russian ministers: the one of that title named last
                    ref = self._previous_of_class(ctx, found + out, i, title.data["class"],
                                                  self.reg.country_of(country.entity))
                ref_id = ref.id if ref is not None else None
                if ref is None and country is not None and org is None and toks[i].arabic \
                        and toks[i].text.startswith(("ال", "وال")) and country.tstart == j:
                    # "وأعرب الوزير السعودي": an unknown person of that title and country named before
                    prev = self._previous_titled(ctx, found + out, i, title.data["class"],
                                                 self.reg.country_of(country.entity))
                    ref_id = prev.entity if prev is not None else None
                if ref_id is not None:
                    s0 = min(toks[i].start, country.start if country else toks[i].start)
                    end = max(m.end for m in (country, org) if m) if (country or org) else toks[j - 1].end
                    out.append(Mention(ref_id, "person", min(i, country.tstart if country else i), k, s0, end,
                                       "role", 0.7, "", ctx.text[s0:end]))
            i = max(k, i + 1)
        return out

    def _capitalized_names(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """English names without a title ("Nasser Kanaani said", "succeeding Moussa Faki Mahamat"): a run of two
        to five capitalised words (particles such as bin, al-, von der allowed inside) that are not known entities,
        titles or institution words, whose last word is rare in English (a surname, not "Blue Economy")."""
        toks = ctx.toks
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        ends = {m.tend: m for m in found}
        out: list[Mention] = []
        t = 0
        while t < len(toks):
            run: list[int] = []
            u = t
            while u < len(toks) and len(run) < 6 and not toks[u].arabic and u not in covered:
                if run and re.search(r"[^\s\-]", ctx.gap(u - 1, u)):
                    break
                orig = ctx.text[toks[u].start:toks[u].end]
                low = orig.lower()
                if run and low in _EN_PARTICLES:
                    run.append(u)
                    u += 1
                    continue
                if not (orig[:1].isupper() and not orig.isupper()) or low in self._en_not_names \
                        or self.cues.titles.match_at(toks, u) or self.cues.statement.match_at(toks, u):
                    break
                run.append(u)
                u += 1
            while run and ctx.text[toks[run[-1]].start:toks[run[-1]].end].lower() in _EN_PARTICLES:
                run.pop()
            # a capitalised sentence opener ("During", "According") is not a name
            while run and common_english(toks[run[0]].text) >= 5.0 and (
                    run[0] == ctx.sentence(run[0]).tstart or toks[run[0]].text in self._en_not_names):
                run.pop(0)
            words = [r for r in run if toks[r].text not in _EN_PARTICLES]
            if len(words) >= 2 and common_english(toks[words[-1]].text) < 4.0 \
                    and not self._institution_next(ctx, run[-1] + 1):
                start, end = toks[run[0]].start, toks[run[-1]].end
                surface = ctx.text[start:end]
                pid = f"person:{slugify(ascii_fold(surface))}"
                m = Mention(pid, "person", run[0], run[-1] + 1, start, end, "unknown", 0.5, "", surface)
                title, org, code = self._english_title_before(ctx, run[0], ends)
                m.extra = {"name": surface, "title": title, "country": code,  # type: ignore[attr-defined]
                           "org": org}
                out.append(m)
                covered.update(run)
                t = run[-1] + 1
                continue
            t = max(u, t + 1)
        return out

    def _english_title_before(self, ctx: Context, t: int, by_end: dict[int, Mention]
                              ) -> tuple[str | None, str | None, str | None]:
        """"the UN Special Envoy for Yemen, Hans Grundberg", "Saudi Crown Prince Mohammed bin Salman": the title
        before a name (with entities, of/for/to and a comma between), the body it names and the country whose
        adjective precedes it. `by_end`: the mentions found so far by their end token."""
        b = t - 1
        org = None
        while b >= max(0, t - 8):
            if re.search(r"[.;:!?\n]", ctx.gap(b, b + 1)):
                return None, None, None
            m = by_end.get(b + 1)
            if m is not None and m.kind in ("country", "organization", "place"):
                org = org or (m.entity if m.kind == "organization" else None)
                b = m.tstart - 1
                continue
            if key(ctx.toks[b].text) in ("of", "for", "to", "the", "in"):
                b -= 1
                continue
            for s in range(max(0, b - 2), b + 1):
                p = self.cues.titles.match_at(ctx.toks, s)
                if p and s + len(p.keys) == b + 1:
                    prev = by_end.get(s)  # "the UN Special Envoy": the body before the title
                    if prev is not None and prev.kind == "organization":
                        org = org or prev.entity
                    code = self.reg.country_of(prev.entity) if prev is not None and prev.kind == "country" else None
                    return p.text, org, code
            return None, None, None
        return None, None, None

    def _institution_next(self, ctx: Context, t: int) -> bool:
        """Does a place or body head word follow ("Bole International Airport")?"""
        return t < len(ctx.toks) and not re.search(r"[^\s]", ctx.gap(t - 1, t)) \
            and ctx.text[ctx.toks[t].start].isupper() and ctx.toks[t].text in self._en_not_names

    def _previous_titled(self, ctx: Context, mentions: list[Mention], before: int, cls: str,
                         country: str | None = None) -> Mention | None:
        """The last person before token `before` whose title (registry role or title seen with an unknown
        person) is of class `cls` (a plain "minister" covers the ministers of a field), and of `country` when
        one is given."""
        best = None
        for m in mentions:
            if m.kind != "person" or m.tstart >= before:
                continue
            extra = getattr(m, "extra", None) or {}
            classes = {self._class_of(extra.get("title")), self._class_of(extra.get("also_title"))}
            e = self.reg.get(m.entity)
            if e is not None:
                classes |= {self._role_class.get((e.id, ri)) for ri in range(len(e.roles))}
            if country is not None and (extra.get("country") or self.reg.country_of(m.entity)) != country:
                continue
            fits = cls in classes or (cls == "minister" and any(c and c.endswith("minister") for c in classes))
            if fits and (best is None or m.tstart > best.tstart):
                best = m
        return best

    def _previous_of_class(self, ctx: Context, mentions: list[Mention], before: int, cls: str,
                           code: str | None) -> RegEntry | None:
        """The registry person of country `code` named last before `before` whose active role is of class `cls`
        (a plain "minister" also covers the ministers of a field)."""
        for m in sorted((m for m in mentions if m.kind == "person" and m.tend <= before), key=lambda m: -m.tstart):
            e = self.reg.get(m.entity)
            if e is None or (self.reg.country_of(m.entity) or e.country) != code:
                continue
            classes = {self._role_class.get((e.id, ri)) for ri, r in enumerate(e.roles) if r.active(ctx.pub)}
            if cls in classes or (cls == "minister" and any(c and c.endswith("minister") for c in classes)):
                return e
            return None  # the last person of that country is someone else: no guess
        return None

    def _role_holder(self, ctx: Context, cls: str, country: Mention | None, org: Mention | None) -> RegEntry | None:
        code = self.reg.country_of(country.entity) if country else None
        holders = []
        for e in self.reg.entries.values():
            if e.kind != "person":
                continue
            for ri, r in enumerate(e.roles):
                if self._role_class.get((e.id, ri)) != cls or not r.active(ctx.pub):
                    continue
                if code and (r.country or e.country) != code:
                    continue
                if org and org.kind == "organization" and r.organization and r.organization != org.entity:
                    continue
                if not code and not (org and r.organization == org.entity):
                    continue
                posted_to = self.reg.country_of(org.entity) if org and org.kind in ("country", "place") else None
                if r.posted and posted_to and posted_to != r.posted:
                    continue  # "السفير الروسي لدى بيونج يانج": the ambassador posted there
                holders.append(e)
                break
        return holders[0] if len(holders) == 1 else None

    def _unknown(self, ctx: Context, names: list[int], title: Phrase, country: Mention | None,
                 org: Mention | None, title_tok: int, found: list[Mention] | None = None) -> Mention:
        toks = ctx.toks
        start, end = toks[names[0]].start, toks[names[-1]].end
        first = toks[names[0]]
        # "، وخوسيه راموس هورتا": the conjunction of a list is not part of the name
        if first.arabic and first.text.startswith("و") and len(first.text) > 3 and names[0] > 0 \
                and re.search(r"[،,]", ctx.gap(names[0] - 1, names[0])):
            start += 1
        surface = ctx.text[start:end]
        # "عبد الله" and "عبدالله", "أبو الغيط" and "أبوالغيط" are one name
        joined = re.sub(r"(?<![^\s])(عبد|أبو|ابو)\s+", r"\1", surface)
        latin = transliterate(joined) if is_arabic(surface) else surface
        pid = f"person:{slugify(latin)}"
        m = Mention(pid, "person", names[0], names[-1] + 1, start, end, "unknown", 0.6, "", surface)
        also, also_country = self._title_before(ctx, title_tok, found or [])
        code = self.reg.country_of(country.entity) if country else also_country
        m.extra = {  # type: ignore[attr-defined]
            "name": " ".join(w.capitalize() for w in re.split(r"[\s\-]+", latin) if w),
            "title": title.text,
            "title_surface": ctx.text[toks[title_tok].start:toks[title_tok + len(title.keys) - 1].end],
            "country": code, "org": org.entity if org and org.kind == "organization" else None,
            "also_title": also,
        }
        return m

    def _title_before(self, ctx: Context, t: int, found: list[Mention]) -> tuple[str | None, str | None]:
        """"وزير الخارجية السعودي، الأمير فيصل بن فرحان": the title (with its country) apposed before this one."""
        b = t - 1
        if b < 0 or not re.fullmatch(r"\s*[،,]\s*", ctx.gap(b, t)):
            return None, None
        country = next((m for m in found if m.kind == "country" and m.tend == t), None)
        if country is not None:
            b = country.tstart - 1
        for s in range(max(0, b - 3), b + 1):
            p = self.cues.titles.match_at(ctx.toks, s)
            if p and s + len(p.keys) == b + 1:
                return p.text, self.reg.country_of(country.entity) if country is not None else None
        return None, None
