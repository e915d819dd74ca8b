"""Entity mentions: registry matches plus ministries, bodies, anaphors, dateline outlets and short names."""

from __future__ import annotations

import re

from extract.context import PUNCT, Context, Stage
from extract.ids import slugify, transliterate
from extract.normalize import is_arabic, key, name_keys, stems
from extract.registry import PATTERN_ORG, Mention, _skip_clitic

_EN_AUX = frozenset({"has", "had", "have", "is", "was", "were", "will", "would", "could", "can", "may", "says",
                     "said", "wants", "plans", "believes", "sees", "saw", "insists", "denies", "denied"})


class EntityMixin(Stage):
    """Finds the entity mentions of an article; persons by title come from PersonMixin."""

    def _entities(self, ctx: Context) -> list[Mention]:
        mentions = self.reg.match(ctx.norm)
        mentions += self._ministries(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._state_bodies(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._bodies(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._dateline_outlets(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._titled_persons(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._capitalized_names(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._short_names(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._anaphors(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        mentions += self._country_anaphors(ctx, mentions)
        mentions.sort(key=lambda m: m.tstart)
        # "بحر اليابان", "Strait of Korea": a country inside a geographic name is not a country mention
        mentions = [m for m in mentions if not (m.kind == "country" and any(
            e == m.tstart for _s, e, _p in self._geo_heads.find(ctx.toks, max(0, m.tstart - 3), m.tstart)))]
        strong = {m.entity for m in mentions if m.via != "weak"}
        mentions = [m for m in mentions if m.via != "weak" or m.entity in strong]
        # a capital used for its government ("أكدت بيونغ يانغ", "Washington and Seoul have expressed")
        ctx.pending_mentions = mentions
        for m in mentions:
            code = self.reg.capital_country(m.entity) if m.kind == "place" else None
            if code and self._is_actor(ctx, m):
                m.entity, m.kind, m.via = f"country:{code}", "country", "capital"
        # "وكانت موسكو وبيونغ يانغ قد وقعتا", "Washington and Seoul have expressed": a pair of capitals shares
        # the role of its actor member
        for a, b in zip(mentions, mentions[1:], strict=False):
            if b.tstart - a.tend > 1 or (b.tstart == a.tend and not b.proclitic.startswith("و")) or (
                    b.tstart == a.tend + 1 and key(ctx.toks[a.tend].text) not in ("and", "و")):
                continue
            pair = [x for x in (a, b) if x.kind == "place" and self.reg.capital_country(x.entity)]
            if len(pair) == 1 and {a.via, b.via} & {"capital"}:
                x = pair[0]
                x.entity, x.kind, x.via = f"country:{self.reg.capital_country(x.entity)}", "country", "capital"
        return mentions

    def _is_actor(self, ctx: Context, m: Mention) -> bool:
        cues = self.cues
        # "Pyongyang's troop deployment"
        if re.match(r"['’]s\b", ctx.text[m.end:m.end + 3]):
            return True
        # "أن بيونغ يانغ ستدعم": a complementizer, the capital, then a verb
        if m.tstart > 0 and key(ctx.toks[m.tstart - 1].text) in ("ان", "بان", "فان") and m.tend < len(ctx.toks) \
                and cues.complementizers.match_at(ctx.toks, m.tstart - 1) \
                and re.match(r"[سيت]", key(ctx.toks[m.tend].text)) and ctx.toks[m.tend].arabic:
            return True
        # "سياسة موسكو", "Moscow's policy" / "the policy of Moscow": the government
        if m.tstart > 0 and cues.government_nouns.any_in(ctx.toks, m.tstart - 1, m.tstart):
            return True
        # "said that Washington had seen": a complementizer, the capital, then an auxiliary or verb
        if m.tstart > 0 and key(ctx.toks[m.tstart - 1].text) == "that" and m.tend < len(ctx.toks) \
                and key(ctx.toks[m.tend].text) in _EN_AUX:
            return True
        # "العلاقة بين موسكو وبيونج يانج", "cooperation between Moscow and Pyongyang": governments
        for b in range(m.tstart - 1, max(-1, m.tstart - 5), -1):
            if key(ctx.toks[b].text) in ("بين", "between"):
                if cues.relation_words.any_in(ctx.toks, max(0, b - 4), b):
                    return True
                break
        # "وكانت موسكو ... قد وقعتا": the subject of a pluperfect
        if m.tend < len(ctx.toks) and key(ctx.toks[m.tend].text) == "قد":
            return True
        if m.tstart > 0 and cues.perfect_markers.match_at(ctx.toks, m.tstart - 1) is not None \
                and ctx.toks[m.tstart - 1].arabic:
            return True
        before = [i for i in range(max(0, m.tstart - 2), m.tstart)]
        for i in before:
            hit = cues.statement.match_at(ctx.toks, i)
            if hit and i + len(hit.keys) == m.tstart:
                return True
        sent = ctx.sentence(m.tstart)
        # "..., which Moscow and Pyongyang agreed on": an English capital (or a pair) as the subject of a relative
        # clause, right before a past verb
        if m.tstart > 0 and not ctx.toks[m.tstart].arabic and key(ctx.toks[m.tstart - 1].text) in ("which", "that") \
                and m.tend < sent.tend:
            t = m.tend
            if key(ctx.toks[t].text) == "and":
                other = next((x for x in getattr(ctx, "pending_mentions", []) if x.tstart == t + 1), None)
                t = other.tend if other is not None else t
            if t < sent.tend and (ctx.toks[t].text.endswith("ed") or key(ctx.toks[t].text) in _EN_AUX) \
                    and not re.search(r"[,;]", ctx.text[m.end:ctx.toks[t].start]):
                return True
        # "Seoul summoned the Russian ambassador": an English capital right before an event verb
        if m.tend < sent.tend and not ctx.toks[m.tend].arabic and cues.events.match_at(ctx.toks, m.tend) \
                and ctx.toks[m.tend].text.endswith("ed") and not re.search(r"[,;]", ctx.gap(m.tend - 1, m.tend)):
            return True
        for i in range(m.tend, min(sent.tend, m.tend + 4)):
            if cues.statement.match_at(ctx.toks, i):
                between = ctx.toks[m.tend:i]
                # "... on to Minsk, a diplomatic source said": a comma between, the speaker is someone else
                if re.search(r"[,،]", ctx.text[m.end:ctx.toks[i].start]):
                    return False
                return all(not t.arabic for t in between) and not is_arabic(ctx.toks[i].text)
        return False

    def _state_bodies(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """A state body named by its country's adjective: "الرئاسة التونسية", "الحكومة الصومالية", "the Somali
        government" -> org:tn-presidency, org:so-government. ("Russian media" is no body: a collective, left out.)"""
        toks = ctx.toks
        adjectives = {m.tstart: m for m in found if m.kind == "country" and m.via == "adjective"}
        ends = {m.tend: m for m in found if m.kind == "country" and m.via == "adjective"}
        covered = {t for m in found if m.kind != "country" for t in range(m.tstart, m.tend)}
        out: list[Mention] = []
        for s, e, p in self._state_body_words.find(toks):
            if s in covered:
                continue
            adj = adjectives.get(e) if toks[s].arabic else ends.get(s)
            if adj is None:
                continue
            # "رئيس الحكومة الليبية": the body inside a title is the title's complement
            if toks[s].arabic and any((ph := self.cues.titles.match_at(toks, b)) and b < s < b + len(ph.keys) + 1
                                      and b + len(ph.keys) > s for b in range(max(0, s - 2), s)):
                continue
            code = self.reg.country_of(adj.entity)
            t0, t1 = (s, adj.tend) if toks[s].arabic else (adj.tstart, e)
            start = toks[t0].start
            if toks[t0].arabic and toks[t0].text[:1] in "وبل" and not toks[t0].text.startswith("ال"):
                start += 1
            end = toks[t1 - 1].end
            out.append(Mention(f"org:{code.lower()}-{p.data['body']}", "organization", t0, t1, start, end, "pattern",
                               0.75, "", ctx.text[start:end]))
        if out:
            spans = [(m.tstart, m.tend) for m in out]
            found[:] = [f for f in found if not any(f.tstart >= a and f.tend <= b for a, b in spans)]
        return out

    def _ministries(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        by_start = {m.tstart: m for m in found}
        by_end = {m.tend: m for m in found}
        out = []
        toks = ctx.toks
        for i in range(len(toks)):
            if i in covered:
                continue
            pre = self.cues.ministry_prefix.match_at(toks, i)
            j = i + len(pre.keys) if pre else i
            if j >= len(toks):
                continue
            fld = self.cues.ministry_fields.match_at(toks, j)
            if not fld:
                continue
            k = j + len(fld.keys)
            if k < len(toks) and key(toks[k].text) in ("في", "of"):
                k += 1
            m = by_start.get(k)
            if (not m or m.kind != "country") and pre and not toks[i].arabic:
                # "Russia's Ministry of Labor", "the Russian Ministry of Health": the country before the prefix
                b = by_end.get(i) or (by_end.get(i - 1) if i > 0 and toks[i - 1].text in ("'s", "’s", "s") else None)
                if b is not None and b.kind == "country":
                    code = self.reg.country_of(b.entity)
                    oid = f"org:{code.lower()}-{fld.data['field']}-ministry"
                    start, end = b.start, toks[k - 1].end if key(toks[k - 1].text) != "of" else toks[k - 2].end
                    out.append(Mention(oid, "organization", b.tstart, k, start, end, "pattern", 0.8, "",
                                       ctx.text[start:end]))
                    covered.update(range(b.tstart, k))
                    continue
            if not m or m.kind != "country":
                continue
            if not pre:
                # "الخارجية الروسية" needs the feminine adjective, and no title word before it
                if not (m.via == "adjective" and toks[k].text.endswith("ه")):
                    continue
                if i > 0 and self.cues.titles.match_at(toks, i - 1):
                    continue
                if i > 1 and self.cues.titles.match_at(toks, i - 2) and key(toks[i - 1].text) != "باسم":
                    continue  # "المتحدث باسم الخارجية الأوكرانية" is the ministry; "وزير الخارجية الروسي" a title
                # "التربية البدنية والرياضة الكورية": a field joined by و to a preceding word is part of a longer name
                if toks[i].arabic and toks[i].text.startswith("وال"):
                    continue
            code = self.reg.country_of(m.entity)
            oid = f"org:{code.lower()}-{fld.data['field']}-ministry"
            start, end = toks[i].start, m.end
            out.append(Mention(oid, "organization", i, m.tend, start, end, "pattern", 0.8, "",
                               ctx.text[start:end]))
            covered.update(range(i, m.tend))
        if out:
            spans = [(m.tstart, m.tend) for m in out]
            found[:] = [f for f in found if not any(f.tstart >= a and f.tend <= b for a, b in spans)]
        return out

    def _bodies(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """Unknown bodies: a head word (لجنة، هيئة، مجلس، جهاز، وكالة، سفارة, Embassy, Committee ...) with
        qualifiers (definite words, في/لدى/of/in, entities) that name a country or place, e.g. "السفارة الروسية
        في بيونج يانج", "وكالة السياحة في إقليم بريمورسكي". They become unverified organizations."""
        heads = self.cues.org_heads
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        by_start = {m.tstart: m for m in found}
        by_end = {m.tend: m for m in found}
        toks = ctx.toks
        out = []
        i = 0
        while i < len(toks):
            tok = toks[i]
            hk = key(tok.text)
            if tok.arabic and hk not in heads and tok.text[:1] in "وبل" and key(tok.text[1:]) in heads:
                hk = key(tok.text[1:])
            # "the Russian embassy in Pyongyang": an English head after a country adjective
            lead = by_end.get(i) if not tok.arabic else None
            lead = lead if lead is not None and lead.kind == "country" and lead.via == "adjective" else None
            if i in covered or hk not in heads or (not tok.arabic and not ctx.text[tok.start].isupper()
                                                   and lead is None):
                i += 1
                continue
            # "رئيس لجنة الشؤون الدولية ...": a title's institution complement, handled with the title
            if any((ph := self.cues.titles.match_at(toks, b)) and b + len(ph.keys) == i
                   for b in range(max(0, i - 4), i)):
                i += 1
                continue
            k = i + 1
            last = None  # end of the phrase (after a qualifier)
            code = None
            while k < len(toks) and k - i <= 7:
                if PUNCT.search(ctx.gap(k - 1, k)):
                    break
                m = by_start.get(k)
                if m is not None:
                    if m.kind not in ("country", "place", "organization") or m.kind == "organization" and k == i + 1:
                        break
                    c = self.reg.country_of(m.entity) if m.kind != "country" else m.entity.split(":")[1]
                    code = code or c
                    k = last = m.tend
                    if m.kind == "country" and m.via == "adjective" and k < len(toks) \
                            and key(toks[k].text) not in ("في", "لدي", "in", "to"):
                        break
                    continue
                t = toks[k]
                kk = key(t.text)
                if k in covered or self.cues.titles.match_at(toks, k):
                    break
                if t.arabic and t.text.startswith("ال") and kk not in self.cues.stopwords:
                    k += 1
                    continue
                if kk in ("في", "لدي", "of", "in", "to", "for", "on") and k + 1 < len(toks):
                    k += 1
                    continue
                if not t.arabic and ctx.text[t.start].isupper():
                    k += 1
                    continue
                break
            if lead is not None:
                code = code or lead.entity.split(":")[1]
                last = last or i + 1
            if last is None or code is None:
                i += 1
                continue
            start, end = (lead.start if lead is not None else tok.start), toks[last - 1].end
            if tok.arabic and tok.text[:1] in "وبل" and key(tok.text) not in heads:
                start += 1
            surface = ctx.text[start:end]
            latin = transliterate(surface) if is_arabic(surface) else surface
            oid = f"org:{code.lower()}-{slugify(latin)[:40].strip('-')}"
            m = Mention(oid, "organization", lead.tstart if lead is not None else i, last, start, end, "body", 0.6,
                        "", surface)
            out.append(m)
            covered.update(range(i, last))
            i = last
        return out

    def _anaphors(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """Back-references ("بحسب الوكالة", "وأضافت الوزارة", "the ministry said"): the last organization named
        before whose name has the same head word or whose registry kind fits."""
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        orgs = [m for m in found if m.kind == "organization"]
        toks = ctx.toks
        out = []
        for t, tok in enumerate(toks):
            if t in covered or not orgs or t <= orgs[0].tstart:
                continue
            spec = None
            pre = ""
            if tok.arabic:
                for p in ("", "و", "ف", "ب", "ل", "وب", "ول", "لل", "ولل"):
                    w = tok.text[len(p):] if not p.endswith("لل") else "ال" + tok.text[len(p):]
                    p = p[:-1] if p.endswith("لل") else p
                    if tok.text.startswith(p) and w.startswith("ال") and key(w) in self.cues.anaphors:
                        spec, pre = self.cues.anaphors[key(w)], p
                        break
                if spec and t + 1 < len(toks) and toks[t + 1].arabic and toks[t + 1].text.startswith("ال") \
                        and key(toks[t + 1].text) not in self.cues.stopwords:
                    continue  # "الوكالة الروسية ...": a longer name, not a back-reference
            elif t > 0 and key(toks[t - 1].text) == "the" and key(tok.text) in self.cues.anaphors:
                spec = self.cues.anaphors[key(tok.text)]
            if spec is None:
                continue
            ref = None
            for m in orgs:
                if m.tstart >= t:
                    break
                e = self.reg.get(m.entity)
                mkeys = {key(x.text) for x in toks[m.tstart:m.tend]} | {key(x.text[1:]) for x in toks[m.tstart:m.tend]}
                if (e is not None and e.subkind in spec["kinds"]) or mkeys & spec["heads"]:
                    ref = m
            if ref is None:
                continue
            s0 = tok.start + len(pre)
            if not tok.arabic:
                s0 = toks[t - 1].start
            out.append(Mention(ref.entity, "organization", t, t + 1, s0, tok.end, "anaphor", 0.6,
                               pre, ctx.text[s0:tok.end]))
        return out

    def _country_anaphors(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """"إلى المملكة", "the Kingdom", "السلطنة": the country named last before whose own name has that head word
        (المملكة العربية السعودية, سلطنة عمان)."""
        heads = self._country_heads
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        # countries, and the country of a body named by pattern ("وزارة الخارجية السعودية" -> org:sa-...)
        countries = [m for m in found if m.kind == "country" or PATTERN_ORG.match(m.entity)]
        out: list[Mention] = []
        for t, tok in enumerate(ctx.toks):
            if t in covered or not countries or t <= countries[0].tstart:
                continue
            hit = next(((k, n) for k, n in stems(tok.text) if k in heads), None)
            if hit is None or (tok.arabic and not tok.text[hit[1]:].startswith(("ال", "ل"))) or (
                    not tok.arabic and (t == 0 or key(ctx.toks[t - 1].text) != "the")):
                continue
            if t + 1 < len(ctx.toks) and ctx.toks[t + 1].arabic and ctx.toks[t + 1].text.startswith("ال") \
                    and key(ctx.toks[t + 1].text) not in self.cues.stopwords:
                continue  # "المملكة المتحدة", "السلطنة العمانية": a name, not a back-reference
            for m in reversed([c for c in countries if c.tend <= t]):
                cid = m.entity if m.kind == "country" else f"country:{self.reg.country_of(m.entity)}"
                e = self.reg.get(cid)
                names = [e.name, e.name_ar or "", *e.aliases] if e else []
                if any(hit[0] in name_keys(n) for n in names):
                    start = _skip_clitic(ctx.text, tok.start, tok.end, hit[1])
                    out.append(Mention(cid, "country", t, t + 1, start, tok.end, "anaphor", 0.7,
                                       tok.text[:hit[1]], ctx.text[start:tok.end]))
                    break
        return out

    _DATELINE = re.compile(r"^[ \t]*(?P<city>[^\n\-–—()«»]{2,30}?)\s*[-–—]\s*[«(\"]\s*"
                           r"(?P<name>[^»)\"\n]{1,30}?)\s*[»)\"]", re.M)

    def _dateline_outlets(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """The outlet of a dateline ("القاهرة - «الشروق»", "الرباط - (و م ع)"): an organization, unverified when the
        registry does not know it, of the dateline city's country."""
        out: list[Mention] = []
        for mt in self._DATELINE.finditer(ctx.text[:400]):
            s0, e0 = mt.start("name"), mt.end("name")
            if any(m.start < e0 and s0 < m.end for m in found):
                continue  # the registry knows it (وام, AP)
            city = [m for m in found if mt.start("city") <= m.start and m.end <= mt.end("city") and m.kind == "place"]
            code = self.reg.country_of(city[0].entity) if city else None
            t0, t1 = ctx.tok_range_of(s0, e0)
            if code is None or t1 <= t0:
                continue
            name = ctx.text[s0:e0]
            if key(name) in {key(w) for w in self.cues.raw.get("dateline_generic", [])}:
                continue  # "(وكالات)": the wires, not one outlet
            latin = transliterate(name) if is_arabic(name) else name
            oid = f"org:{code.lower()}-{slugify(latin)[:40].strip('-')}"
            out.append(Mention(oid, "organization", t0, t1, s0, e0, "body", 0.6, "", name))
            break
        return out

    def _short_names(self, ctx: Context, found: list[Mention]) -> list[Mention]:
        """Later mentions of an unknown person by one name ("وأكد موراشكو", "زيارة مرتقبة لجونغ"): the last name,
        or for Korean and Chinese persons the family name written first, after the person was introduced."""
        covered = {t for m in found for t in range(m.tstart, m.tend)}
        out: list[Mention] = []
        keys: dict[str, Mention | None] = {}
        for m in found:
            if m.via != "unknown" or m.tend - m.tstart < 2:
                continue
            extra = getattr(m, "extra", None) or {}
            idx = [m.tend - 1] + ([m.tstart] if extra.get("country") in ("KP", "KR", "CN") else [])
            # "بن عبد العزيز": the end of a compound (عبد/بن/آل + word) is not a surname used alone
            idx = [t for t in idx if not (t > m.tstart and ctx.toks[t - 1].text in ("عبد", "بن", "ابن", "ال", "ابو"))]
            for t in idx:
                k = key(ctx.toks[t].text)
                if len(k) < 3:
                    continue
                if k in keys and (keys[k] is None or keys[k].entity != m.entity):
                    keys[k] = None  # two persons share the name: no guess
                elif k not in keys:
                    keys[k] = m  # the first introduction
        for t, tok in enumerate(ctx.toks):
            if t in covered:
                continue
            for k, proc in [(key(tok.text), "")] + ([(key(tok.text[1:]), tok.text[0])] if tok.arabic and
                                                    tok.text[:1] in "وبلف" else []):
                m = keys.get(k)
                if m is not None and m.tstart < t:
                    # "تشاووش أوغلو" after "مولود تشاووش أوغلو": a two-word surname
                    s0 = t - 1 if t - 1 > m.tend and t - 1 not in covered and m.tend - m.tstart >= 3 and \
                        key(ctx.toks[t - 1].text) == key(ctx.toks[m.tend - 2].text) else t
                    start = ctx.toks[s0].start if s0 < t else tok.start
                    out.append(Mention(m.entity, "person", s0, t + 1, start, tok.end, "surname", 0.6, proc,
                                       ctx.text[start:tok.end]))
                    break
        return out

    def _institution_end(self, ctx: Context, k: int, by_start: dict) -> int:
        """End of an institution phrase after a title: institution words, definite words, في/لدى, entities."""
        toks = ctx.toks
        t, seen = k, False
        while t < len(toks) and t - k < 10:
            if t > k and PUNCT.search(ctx.gap(t - 1, t)):
                break
            if (p := self.cues.titles.match_at(toks, t)) is not None and p.data.get("plural"):
                return k  # "الرئيس وزراء الخارجية X، والداخلية Y": a list of ministers of its own, no institution
            m = by_start.get(t)
            if m and m.kind in ("country", "organization", "place"):
                t = m.tend
                continue
            kk = key(toks[t].text)
            if kk == "باسم" and t + 1 < len(toks) and toks[t + 1].text.startswith("ال"):
                seen = True  # "الناطق باسم الخارجية الأوكرانية X"
            if kk in self.cues.institution_words or (toks[t].text[:1] in "وبل" and key(toks[t].text[1:])
                                                      in self.cues.institution_words):
                seen = True
                t += 1
                continue
            if toks[t].text.startswith(("ال", "وال")) and len(toks[t].text) > 3 and toks[t].arabic \
                    and not self.cues.statement.match_at(toks, t) and not self.cues.visit.match_at(toks, t):
                t += 1
                continue
            if kk in ("في", "لدي", "باسم"):
                t += 1
                continue
            break
        return t if seen else k
