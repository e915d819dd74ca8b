"""Event facts (meetings, talks, flights, exercises ...), merged per date or passage."""

from __future__ import annotations

import re

from extract.context import Candidate, Context, CueHit, Stage
from extract.patterns import Phrase

# a modal mention of an article-wide event ("a possible new air connection") is the same happening
UNREAL = {"speculated", "expected", "ruled_out"}


class EventMixin(Stage):
    """Finds events."""

    def _events(self, ctx: Context, hits: list[CueHit]) -> list[Candidate]:
        out: list[Candidate] = []
        for hit in hits:
            if hit.family != "event":
                continue
            kind = hit.data["kind"]
            sent = ctx.sentence(hit.tstart)
            if kind == "flights" and self._not_flights.any_in(ctx.toks, hit.tend, min(sent.tend, hit.tend + 2)):
                kind = "rail"  # "رحلات القطار": train journeys
                hit = CueHit(hit.family, hit.tstart, hit.tend, Phrase(hit.phrase.keys, hit.phrase.text,
                                                                      dict(hit.data, kind="rail", scope="article")))
            if self.cues.agreement_nouns.find(ctx.toks, max(sent.tstart, hit.tstart - 3), hit.tstart):
                continue  # "مذكرة تفاهم لتبادل الطلاب": the subject of an agreement, not an event
            # "قاعدة فوستوشني لإطلاق الصواريخ": a facility named after the act is no event (batch 10)
            bar = self.cues.event_not_after.get(kind)
            if bar and bar.any_in(ctx.toks, max(sent.tstart, hit.tstart - 3), hit.tstart):
                continue
            req = self.cues.event_with.get(kind)
            if req and not req.any_in(ctx.toks, max(sent.tstart, hit.tstart - 6), min(sent.tend, hit.tend + 8)):
                continue
            # an event whose object is an agreement ("صادق ... على المعاهدة في 24 أكتوبر") keeps the words after it
            fams = (() if hit.data.get("arrival") else ("visit",)) + ("statement", "event") + \
                (() if hit.data.get("object") == "agreement" else ("agreement",))
            seg = self._segment(ctx, hit, hits, fams)
            # "ستستضيف في 15 أيار المقبل منتدى": a date before the cue in its own clause also dates the event
            d1, _ = self._date_after(ctx, hit.tstart, seg, sent, allow_before=True)
            # "the State Duma on Thursday unanimously ratified ...": a date right before the cue dates it
            close = [d for d in self._dates_in(ctx, max(seg[0], hit.tstart - 4), hit.tstart)
                     if d.kind != "duration" and ctx.tok_range_of(d.start, d.end)[1] >= hit.tstart - 2
                     and not re.search(r"[,،;.\-–—]|\b(?:and|that)\b|(?:^|\s)(?:و|[إأ]ن\s)",
                                       ctx.text[d.end:ctx.toks[hit.tstart].start])]
            if close:
                d1 = close[-1]
            if kind == "war":
                d1 = None
            status = self._modality(ctx, hit.tstart - 4, hit.tend + 4, sent)
            if status is None:
                if kind == "war":
                    status = "ongoing" if re.search(r"المستمر|ongoing|continu", ctx.text[sent.start:sent.end]) \
                        else "completed"
                elif self._future(ctx, hit, sent):
                    status = "planned"
                else:
                    status = "completed"
            participants = []
            for m in self._mentions_in(ctx, seg[0], seg[1], ("country", "person", "organization")):
                if m.entity not in participants and (m.kind != "country" or m.via != "adjective"
                                                     or kind in ("war", "deployment")):
                    participants.append(m.entity)
            if self.cues.both_parties.any_in(ctx.toks, seg[0], seg[1]):
                for code in self._top_countries(ctx, 2):
                    if f"country:{code}" not in participants:
                        participants.append(f"country:{code}")
            place = next((m.entity for m in self._mentions_in(ctx, hit.tend, seg[1], ("place",))), None)
            clause_end = self._clause_end(ctx, hit.tend, sent)
            ev = (ctx.toks[hit.tstart].start, ctx.toks[max(clause_end, hit.tend) - 1].end, 0.7)
            out.append(Candidate("event", [ev], {
                "kind": kind, "date": d1.date if d1 else None, "status": status, "participants": participants[:6],
                "place": place, "summary": ctx.text[ev[0]:ev[1]], "scope": hit.data.get("scope")}, 0.6))
        merged: list[Candidate] = []
        for c in out:
            same = next((m for m in merged if m.args["kind"] == c.args["kind"]
                         and (m.args["status"] == c.args["status"] or c.args["kind"] == "war"
                              or (c.args.get("scope") == "article" and {m.args["status"], c.args["status"]} & UNREAL))
                         and (not m.args["date"] or not c.args["date"] or m.args["date"].compatible(c.args["date"]))
                         and (c.args.get("scope") == "article" or self._same_event_scope(ctx, m, c))),
                        None)
            if same:
                same.evidence += c.evidence
                same.args["date"] = same.args["date"] or c.args["date"]
                for p in c.args["participants"]:
                    if p not in same.args["participants"]:
                        same.args["participants"].append(p)
            else:
                merged.append(c)
        for m in merged:
            # after merging (which keys on status): a merged event dated after publication is still to come
            if m.args["status"] == "completed" and m.args["kind"] != "war" \
                    and self._after_publication(ctx, m.args["date"]):
                m.args["status"] = "planned"
        return merged

    @staticmethod
    def _after_publication(ctx: Context, d) -> bool:
        """An event dated after the publication day (at the coarser precision) is still to come ("the APEC
        summit in South Korea next month", "ستستأنف في السابع والعشرين من تموز المقبل")."""
        pub = ctx.pub
        if d is None or pub is None:
            return False
        try:
            return d.first_day() > pub.last_day()
        except (AttributeError, ValueError):
            return False

    @staticmethod
    def _same_event_scope(ctx: Context, a: Candidate, b: Candidate) -> bool:
        """Two events of a kind merge when both carry the same date, or when they lie in the same or
        adjacent sentences (a meeting on 4 June and talks today are two meetings)."""
        if a.args["date"] and b.args["date"]:
            return True
        sa = {ctx.sent_of[ctx.tok_range_of(s, e)[0]] for s, e, _ in a.evidence}
        sb = {ctx.sent_of[ctx.tok_range_of(s, e)[0]] for s, e, _ in b.evidence}
        return any(abs(x - y) <= 1 for x in sa for y in sb)
