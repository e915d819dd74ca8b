"""Text -> FactsDocument: entities, visits, statements, agreements and events, with evidence.

Deterministic and offline: registry longest-match + fuzzy names, title patterns for
unknown persons, cue words (extract/patterns/cues.yaml) per sentence, modality and
negation for the status, dates resolved against the publication date. Every evidence
span is an offset pair into the article body as stored (never the normalized copy).

This module holds the entry point and the order of the stages; the stages themselves are
mixins: entities/persons (mentions), clauses (cue hits, shared clause reading), visits,
statements, agreements, events, and document (ids, evidence, entity records).
"""

from __future__ import annotations

from extract.agreements import AgreementMixin
from extract.clauses import ClauseMixin
from extract.context import Context
from extract.dates import find_dates
from extract.document import DocumentMixin
from extract.entities import EntityMixin
from extract.events import EventMixin
from extract.ids import short_hash, slugify, transliterate
from extract.normalize import name_keys
from extract.patterns import Cues, Phrase, PhraseSet, key_set, load_cues
from extract.patterns import _entries as _entries_of
from extract.persons import PersonMixin
from extract.reader import Article
from extract.registry import Registry, default_registry
from extract.statements import StatementMixin
from extract.visits import VisitMixin
from loaders.document import FactsDocument

# the id helpers lived here before the split; callers still import them from this module
__all__ = ["Extractor", "extract_article", "extract_text", "short_hash", "slugify", "transliterate"]


class Extractor(EntityMixin, PersonMixin, ClauseMixin, VisitMixin, StatementMixin, AgreementMixin, EventMixin,
                DocumentMixin):
    """One article in, one FactsDocument out; each stage lives in its own mixin module."""

    def __init__(self, registry: Registry | None = None, cues: Cues | None = None):
        self.reg = registry or default_registry()
        self.cues = cues or load_cues()
        self._role_class: dict[tuple[str, int], str | None] = {}
        self._title_classes: dict[str, str | None] = {}  # title text -> class, a cache
        iv = self.cues.raw.get("implied_visit", {})
        self._implied_acts = _entries_of(iv.get("acts"))
        self._presence = PhraseSet.of(iv.get("presence"))
        self._resident = PhraseSet.of(iv.get("resident"))
        self._not_flights = PhraseSet.of(self.cues.raw.get("not_flights"))
        self._origin = PhraseSet.of(self.cues.raw.get("origin_words"))
        self._tour_join = PhraseSet.of(self.cues.raw.get("tour_joiners"))
        self._tour_words = key_set(self.cues.raw.get("tour_joiners"))
        self._geo_heads = PhraseSet.of(self.cues.raw.get("geo_heads"))
        self._not_name_words = key_set(self.cues.raw.get("not_name_words"))
        self._name_breakers = key_set(self.cues.raw.get("name_breakers"))
        self._topic_words = key_set(self.cues.raw.get("topic_words"))
        self._unnamed_sources = key_set(self.cues.raw.get("unnamed_sources"))
        self._country_heads = key_set(self.cues.raw.get("country_heads"))
        # split speech verbs (عبّر X عن): built once, not per article
        self._split_statements_rules = [(key_set(r["verbs"]), PhraseSet.of(r["particles"]))
                                        for r in self.cues.raw.get("split_statement") or []]
        self._en_not_names = frozenset(w.lower() for w in self.cues.raw.get("en_not_name_words", []))
        self._governors = PhraseSet.of(self.cues.raw["agreement"].get("governors"))
        self._state_body_words = PhraseSet([Phrase(name_keys(w), w, {"body": body})
                                            for body, words in self.cues.raw.get("state_bodies", {}).items()
                                            for w in words])
        dl = self.cues.raw.get("delegation", {})
        self._delegation_nouns = PhraseSet.of(dl.get("nouns"))
        self._led_by = PhraseSet.of(dl.get("led_by"))
        self._delegation_members = PhraseSet.of(dl.get("members"))
        for e in self.reg.entries.values():
            for i, r in enumerate(e.roles):
                self._role_class[(e.id, i)] = self._class_of(r.title_ar) or self._class_of(r.title)

    def extract(self, article: Article) -> FactsDocument:
        ctx = Context(article, self.reg, self.cues)
        ctx.mentions = self._entities(ctx)
        for d in find_dates(ctx.norm, ctx.pub):
            ts, te = ctx.tok_range_of(d.start, d.end)
            ctx.dates.append((ts, te, d))
        hits = self._cues(ctx)
        visits = self._visits(ctx, hits)
        statements = self._statements(ctx, hits)
        agreements = self._agreements(ctx, hits, visits)
        events = self._events(ctx, hits)
        return self._document(ctx, visits, statements, agreements, events)


def extract_article(article: Article, registry: Registry | None = None) -> FactsDocument:
    return Extractor(registry).extract(article)


def extract_text(text: str, *, published: str | None = None, language: str | None = None,
                 article_id: str = "text", title: str = "untitled") -> FactsDocument:
    from extract.reader import detect_language

    art = Article(id=article_id, title=title, text=text, language=language or detect_language(text),
                  published=published)
    return extract_article(art)
