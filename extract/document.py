"""Candidates -> FactsDocument: fact ids, evidence, and the entity records the facts use."""

from __future__ import annotations

import re

from extract.attribution import OUTLET_KINDS, Outlet, attribute
from extract.context import Context, Stage
from extract.ids import short_hash, slugify
from extract.normalize import Normalized, is_arabic
from extract.registry import Mention
from graph.dates import PartialDate
from loaders.document import (
    AgreementFact,
    ArticleMeta,
    CountryEntity,
    EventFact,
    Evidence,
    FactsDocument,
    OrganizationEntity,
    PersonEntity,
    PlaceEntity,
    Role,
    StatementFact,
    VisitFact,
)


def _s(d: PartialDate | None) -> str | None:
    return str(d) if d is not None else None


def _slug_of(entity_id: str) -> str:
    body = entity_id.split(":", 1)[1]
    return body.lower() if entity_id.startswith("country:") else body


class DocumentMixin(Stage):
    """Builds the facts document."""

    def _document(self, ctx: Context, visits, statements, agreements, events) -> FactsDocument:
        art = ctx.article
        text = art.text
        used: dict[str, list[Mention]] = {}
        for m in ctx.mentions:
            used.setdefault(m.entity, []).append(m)
        for m in self._inner_countries(ctx):
            used.setdefault(m.entity, []).append(m)
        facts = []
        ids: set[str] = set()

        def ev(items: list[tuple[int, int, float]]) -> list[Evidence]:
            seen, out = set(), []
            for s, e, conf in items:
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1] in " \n\t،,.":
                    e -= 1
                if (s, e) in seen or e <= s:
                    continue
                seen.add((s, e))
                out.append(Evidence(quote=text[s:e], start=s, end=e, confidence=round(conf, 3)))
            return out

        def unique(fid: str) -> str:
            base, n = fid, 2
            while fid in ids:
                fid = f"{base}-{n}"
                n += 1
            ids.add(fid)
            return fid

        countries_needed: set[str] = set()
        for v in visits:
            a = v.args
            st = a["status"]
            sid = f"visit:{_slug_of(a['visitor'])}-to-{a['hostCountry'].lower()}-{a['start'] or 'undated'}-" \
                  f"{st.replace('_', '-')}"
            countries_needed.update(x for x in (a["hostCountry"], a["visitorCountry"]) if x)
            v.args["id"] = unique(sid)
            facts.append(VisitFact(
                type="visit", id=v.args["id"], evidence=ev(v.evidence), confidence=round(v.confidence, 3),
                visitor=a["visitor"], visitor_country=a["visitorCountry"], host_country=a["hostCountry"],
                destination=a["destination"], start=_s(a["start"]), end=_s(a["end"]), status=st,
                purpose=a["purpose"], invited_by=a["invitedBy"], delegation=a.get("delegation", []),
                count=a.get("seriesCount"), several=True if a.get("seriesSeveral") else None,
                latest_of=a["latestOf"].args.get("id") if a.get("latestOf") is not None else None))
        for g in agreements:
            a = g.args
            slugs = "-".join(sorted(_slug_of(p) for p in a["parties"]))
            gid = unique(f"agreement:{a['kind']}-{slugs}-{a['signedOn'] or 'undated'}")
            during = a["during"].args.get("id") if a["during"] is not None else None
            signed = a["signedOn"]
            if signed is None and a["during"] is not None:
                signed = a["during"].args.get("start")
            facts.append(AgreementFact(
                type="agreement", id=gid, evidence=ev(g.evidence), confidence=round(g.confidence, 3),
                name=a["name"], name_ar=a["name"] if is_arabic(a["name"]) else None, kind=a["kind"],
                parties=a["parties"], signed_on=_s(signed), signed_during=during, clauses=a["clauses"],
                status=a.get("status", "signed")))
            for p in a["parties"]:
                if p.startswith("country:"):
                    countries_needed.add(p.split(":")[1])
        for s in statements:
            a = s.args
            sid = unique(f"statement:{_slug_of(a['speaker'])}-{a['date'] or 'undated'}-{short_hash(a['quote'])}")
            name = self._display(a["speaker"], used)
            facts.append(StatementFact(
                type="statement", id=sid, evidence=ev(s.evidence), confidence=round(s.confidence, 3),
                speaker=a["speaker"], date=_s(a["date"]), summary=f"{name} ({a['cue']}): {a['quote'][:240]}",
                quote=a["quote"], about=a["about"]))
            if a["speaker"].startswith("country:"):
                countries_needed.add(a["speaker"].split(":")[1])
        for e in events:
            a = e.args
            h = short_hash("|".join(sorted(a["participants"])) + (a["place"] or ""), 6)
            eid = unique(f"event:{slugify(a['kind'])}-{a['date'] or 'undated'}-{h}")
            facts.append(EventFact(
                type="event", id=eid, evidence=ev(e.evidence), confidence=round(e.confidence, 3), kind=a["kind"],
                summary=a["summary"][:300], date=_s(a["date"]), participants=a["participants"], place=a["place"],
                status=a["status"]))
            # a participant country taken from a person's role may be named nowhere in the text: declare it
            countries_needed.update(p.split(":")[1] for p in a["participants"] if p.startswith("country:"))
        entities = self._entity_models(ctx, used, countries_needed, ev)
        meta = ArticleMeta(
            id=art.id, title=art.title or "untitled", language=art.language, published=art.published,
            published_inferred=art.published_inferred, published_note=art.published_note, source=art.source,
            url=art.url, text=text,
            cites=sorted({self.reg.get(i).name for i in used if i.startswith("org:") and self.reg.get(i)
                          and self.reg.get(i).subkind in ("news_agency", "media")}),
        )
        outlets = [Outlet(m.entity, m.start, m.end, m.proclitic) for eid, ms in used.items() for m in ms
                   if eid.startswith("org:") and self.reg.get(eid) and self.reg.get(eid).subkind in OUTLET_KINDS]
        attribute(text, [f.evidence for f in facts], outlets)
        return FactsDocument(article=meta, entities=entities, facts=facts)

    def _inner_countries(self, ctx: Context) -> list[Mention]:
        """A country named only inside an organization phrase ("السفارة الأمريكية", "Russia's Security Council",
        "وزارة الخارجية الكورية الشمالية") is a country mention too: the registry is matched again over the
        organization's words, and its country names and adjectives are kept (evidence inside the phrase)."""
        out: list[Mention] = []
        orgs = [m for m in ctx.mentions if m.kind == "organization"]
        for m in orgs:
            s = m.start
            # "Russia's Security Council": the possessive country right before the organization
            pre = re.search(r"([A-Z][\w ]{2,30}?)['’]s\s+$", ctx.text[max(0, m.start - 40):m.start])
            if pre:
                s = max(0, m.start - 40) + pre.start(1)
            seen: set[int] = set()
            starts = [s] + [t.start for t in ctx.toks[m.tstart + 1:m.tend]]
            for s0 in starts:
                # matched from each word on, so that the organization's own name does not swallow its country
                sub = Normalized(ctx.text[s0:m.end])
                for c in self.reg.match(sub, fuzzy=False):
                    if c.kind != "country" or c.start + s0 in seen:
                        continue
                    seen.add(c.start + s0)
                    c.start += s0
                    c.end += s0
                    c.tstart = c.tend = m.tstart  # not one of the text's own token mentions
                    c.confidence = 0.8
                    c.via = "inner"
                    out.append(c)
        return out

    def _display(self, eid: str, used: dict[str, list[Mention]]) -> str:
        e = self.reg.get(eid)
        if e:
            return e.name
        ms = used.get(eid)
        return getattr(ms[0], "extra", {}).get("name", ms[0].surface) if ms else eid

    def _entity_models(self, ctx: Context, used: dict[str, list[Mention]], countries_needed: set[str], ev):
        present_countries = {eid.split(":")[1] for eid in used if eid.startswith("country:")}
        all_codes = present_countries | countries_needed
        declared = set(used)

        def cc(code: str | None) -> str | None:
            return code if code in all_codes else None

        out = []
        for eid, ms in used.items():
            evidence = ev([(m.start, m.end, m.confidence) for m in ms][:6])
            reg = self.reg.get(eid)
            kind = ms[0].kind
            if reg is None:
                extra = getattr(ms[0], "extra", {})
                if kind == "person":
                    country = extra.get("country")
                    roles = []
                    if extra.get("title"):
                        org = extra.get("org") if extra.get("org") in declared else None
                        roles.append(Role(title=extra["title"], title_ar=extra.get("title_surface"),
                                          organization=org, country=cc(country)))
                    out.append(PersonEntity(kind="person", id=eid, name=extra.get("name") or ms[0].surface,
                                            name_ar=ms[0].surface if is_arabic(ms[0].surface) else None,
                                            verified=False, evidence=evidence, country=cc(country), roles=roles))
                elif kind == "organization":
                    code = eid.split(":")[1].split("-")[0].upper()
                    out.append(OrganizationEntity(kind="organization", id=eid, name=ms[0].surface,
                                                  name_ar=ms[0].surface if is_arabic(ms[0].surface) else None,
                                                  verified=False, evidence=evidence, org_kind="ministry",
                                                  country=cc(code)))
                continue
            common = {"id": eid, "name": reg.name, "name_ar": reg.name_ar, "aliases": reg.aliases[:8],
                      "evidence": evidence}
            if reg.kind == "person":
                roles = [Role(title=r.title, title_ar=r.title_ar,
                              organization=r.organization if r.organization in declared else None,
                              country=cc(r.country), since=r.since, until=r.until, government=r.government)
                         for r in reg.roles if r.active(ctx.pub)]
                out.append(PersonEntity(kind="person", country=cc(reg.country), roles=roles, **common))
            elif reg.kind == "country":
                out.append(CountryEntity(kind="country", code=reg.country,
                                         capital=reg.capital if reg.capital in declared else None, **common))
            elif reg.kind == "organization":
                out.append(OrganizationEntity(kind="organization", org_kind=reg.subkind, country=cc(reg.country),
                                              **common))
            else:
                out.append(PlaceEntity(kind="place", place_kind=reg.subkind, country=cc(reg.country), **common))
        for code in sorted(countries_needed - present_countries):
            reg = self.reg.get(f"country:{code}")
            out.append(CountryEntity(kind="country", id=f"country:{code}", code=code,
                                     name=reg.name if reg else code, name_ar=reg.name_ar if reg else None))
        return out
