"""Retracting an article: the article, every piece of evidence it gave, and what is left with no evidence at all.

One transaction. A fact or entity another article still supports stays (only this article's quotes go). A fact
no article supports any more is removed with its reviews. An entity no article supports any more is removed
unless something that stays still points to it (a fact another article supports, a review's correction, an
entity that stays): a visit's host country is not deleted from under it. Curated (verified) entities are treated
like any other: the registry brings them back whenever an article names them again.

Roles keep the articles that told them and go with the last of them. Not undone: properties a merged fact or
entity took from the retracted article (a status it was the latest to tell, a purpose, an alias) and what the
registry told about entities that stay (a role's organization, a person's country) stay; only evidence is gone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from neo4j import AsyncDriver, AsyncManagedTransaction

from graph import model


@dataclass
class Retracted:
    article_id: str
    removed_facts: list[str] = field(default_factory=list)
    removed_entities: list[str] = field(default_factory=list)
    kept_facts: list[str] = field(default_factory=list)  # supported by other articles: only this one's evidence went
    kept_entities: list[str] = field(default_factory=list)


SUPPORTED = f"MATCH (n:Node)-[:{model.SUPPORTED_BY.type}]->(:Article {{id: $id}}) RETURN collect(DISTINCT n.id) AS ids"

# Entities the article's facts involve and its entities point to (a host country it gave no quote for, a person's
# country, a role's organization): they may be left with nothing either. (Not what points to its entities: a
# country's citizens are not the article's.)
NEIGHBOURS = f"""
UNWIND $ids AS id MATCH (n:Node {{id: id}})
CALL (n) {{
  MATCH (n:Fact)-[r]-(e:Entity) WHERE type(r) <> '{model.SUPPORTED_BY.type}' RETURN e
  UNION
  MATCH (n:Entity)-->(e:Entity) RETURN e
  UNION
  MATCH (n)-[:{model.HAS_ROLE.type}]->(:Role)-->(e:Entity) RETURN e
}}
RETURN collect(DISTINCT e.id) AS ids
"""

DELETE_ARTICLE = f"""
MATCH (a:Article {{id: $id}})
CALL (a) {{ MATCH ()-[r:{model.REPORTED_BY.type} {{article: a.id}}]->() DELETE r }}
DETACH DELETE a
"""

# Roles keep the articles that told them (roles loaded before that have no list and are kept).
ORPHAN_ROLES = """
MATCH (r:Role) WHERE $id IN r.articles
SET r.articles = [a IN r.articles WHERE a <> $id]
WITH r WHERE r.articles = []
DETACH DELETE r
"""

# Facts left without evidence go, with the reviews of them (their CORRECTS links with them).
ORPHAN_FACTS = f"""
UNWIND $ids AS id MATCH (f:Fact {{id: id}}) WHERE NOT EXISTS {{ (f)-[:{model.SUPPORTED_BY.type}]->(:Article) }}
OPTIONAL MATCH (r:{model.REVIEW.label})-[:{model.REVIEWS.type}]->(f)
WITH f, id, collect(r) AS reviews
FOREACH (r IN reviews | DETACH DELETE r)
DETACH DELETE f
RETURN collect(id) AS ids
"""

# Entities left without evidence go unless a fact that stays involves them or a node that stays points to them
# (a country's capital, a review's correction, an article's outlet); what an entity itself points to (its
# country, its roles) does not keep it. A person's own roles go with it.
ORPHAN_ENTITIES = f"""
UNWIND $ids AS id MATCH (e:Entity {{id: id}}) WHERE NOT EXISTS {{ (e)-[:{model.SUPPORTED_BY.type}]->(:Article) }}
WITH collect(e) AS candidates
CALL (candidates) {{
  UNWIND candidates AS c OPTIONAL MATCH (c)-[:{model.HAS_ROLE.type}]->(role:Role) RETURN collect(role) AS roles
}}
WITH candidates, candidates + roles AS going
UNWIND candidates AS e
WITH e, going WHERE NOT EXISTS {{ (e)--(:Fact) }} AND NOT EXISTS {{ (e)<--(other) WHERE NOT other IN going }}
OPTIONAL MATCH (e)-[:{model.HAS_ROLE.type}]->(role:Role)
WITH e, e.id AS id, collect(role) AS roles
FOREACH (role IN roles | DETACH DELETE role)
DETACH DELETE e
RETURN collect(id) AS ids
"""


async def _retract(tx: AsyncManagedTransaction, article_id: str) -> Retracted | None:
    found = await (await tx.run("MATCH (a:Node:Article {id: $id}) RETURN a.id AS id", id=article_id)).single()
    if found is None:
        return None
    supported: list[str] = (await (await tx.run(SUPPORTED, id=article_id)).single())["ids"]
    linked: list[str] = (await (await tx.run(NEIGHBOURS, ids=supported)).single())["ids"]
    await tx.run(DELETE_ARTICLE, id=article_id)
    await tx.run(ORPHAN_ROLES, id=article_id)
    facts = (await (await tx.run(ORPHAN_FACTS, ids=supported)).single())["ids"]
    entities = (await (await tx.run(ORPHAN_ENTITIES, ids=sorted(set(supported) | set(linked)))).single())["ids"]
    gone = set(facts) | set(entities)
    fact_ids = {i for i in supported if i.split(":", 1)[0] in model.FACT_SPECS}
    return Retracted(
        article_id=article_id,
        removed_facts=sorted(facts),
        removed_entities=sorted(entities),
        kept_facts=sorted(fact_ids - gone),
        kept_entities=sorted(set(supported) - fact_ids - gone),
    )


async def retract_article(driver: AsyncDriver, article_id: str, *, database: str) -> Retracted | None:
    """Retract the article in one transaction; None when the graph holds no such article (nothing written)."""
    async with driver.session(database=database, bookmark_manager=driver.execute_query_bookmark_manager) as session:
        return await session.execute_write(_retract, article_id)
