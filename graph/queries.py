"""Every Cypher statement ecograph runs, in one place.

Values always travel as parameters. Labels and relationship types cannot be parameters in Cypher, so
the few builders below take them only from the model's allow-list (graph/model.yaml) and refuse
anything else; integers (hop counts) are validated before they are formatted in.
"""

from __future__ import annotations

from graph.errors import InvalidArgument
from graph.model import MODEL

# --- schema ----------------------------------------------------------------------------------------

NAMES_INDEX = "entity_names"  # over graph/search.py's keys: names and aliases as people type them
ABOUT_INDEX = "entity_about"  # what an entity is, in French and English, and its description

SCHEMA = [
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:EcographMeta) REQUIRE m.key IS UNIQUE",
    "CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind)",
    "CREATE INDEX entity_name_folded IF NOT EXISTS FOR (n:Entity) ON (n.name_folded)",
    "CREATE INDEX event_period IF NOT EXISTS FOR (n:Event) ON (n.period_start)",
    "CREATE INDEX source_hash IF NOT EXISTS FOR (n:Source) ON (n.content_hash)",
    "DROP INDEX entity_search IF EXISTS",  # the names index before search keys (names and aliases as written)
    *(
        f"CREATE FULLTEXT INDEX {index} IF NOT EXISTS FOR (n:Entity) ON EACH [n.{field}] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}"
        for index, field in ((NAMES_INDEX, "search_names"), (ABOUT_INDEX, "search_about"))
    ),
]


def tie_id_name(tie_type: str) -> str:
    """The name of a tie type's id constraint (and of the range index it owns)."""
    return f"tie_id_{_tie_type(tie_type).lower()}"


def tie_id_constraint(tie_type: str) -> str:
    """No two ties of a type share an id, whoever writes them: a concurrent writer's CREATE waits for
    the first to commit, then fails (ConstraintValidationFailed) instead of adding a duplicate."""
    checked = _tie_type(tie_type)
    return (
        f"CREATE CONSTRAINT {tie_id_name(checked)} IF NOT EXISTS "
        f"FOR ()-[r:{checked}]-() REQUIRE r.id IS UNIQUE"
    )


def drop_index(name: str) -> str:
    """Only the plain tie id indexes of older stores are dropped (a constraint takes their name)."""
    if name not in {tie_id_name(t) for t in MODEL.provenance_types}:
        raise InvalidArgument(f"not an index ecograph drops: {name!r}")
    return f"DROP INDEX {name} IF EXISTS"


# What apply_schema needs to know before creating the tie id constraints.
TIE_ID_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH 'tie_id_' RETURN name"
PLAIN_TIE_ID_INDEXES = """
SHOW INDEXES YIELD name, owningConstraint
WHERE name STARTS WITH 'tie_id_' AND owningConstraint IS NULL
RETURN name
"""


def duplicate_ties(tie_type: str) -> str:
    """Ties of one type sharing an id (written before the constraint, by racing writers): the groups."""
    return f"""
MATCH ()-[r:{_tie_type(tie_type)}]->()
WITH r.id AS id, collect(r) AS found
WHERE id IS NOT NULL AND size(found) > 1
RETURN id, [r IN found | {{element_id: elementId(r), props: properties(r)}}] AS copies
"""


DELETE_TIES = """
UNWIND $element_ids AS element_id
MATCH ()-[r]->() WHERE elementId(r) = element_id
DELETE r
"""


AWAIT_INDEXES = "CALL db.awaitIndexes(300)"


# --- allow-list guards -----------------------------------------------------------------------------


def _tie_type(name: str) -> str:
    if name not in MODEL.ties:
        raise InvalidArgument(f"not a tie type of the model: {name!r}")
    return name


def _labels(kind: str, labels: tuple[str, ...]) -> str:
    if kind not in MODEL.kinds:
        raise InvalidArgument(f"not a kind of the model: {kind!r}")
    allowed = MODEL.kinds[kind].labels
    bad = [label for label in labels if label not in allowed]
    if bad:
        raise InvalidArgument(f"labels {bad} are not allowed for {kind}")
    return ":".join(("Entity", kind, *labels))


def _type_alternation(types: list[str]) -> str:
    return "|".join(_tie_type(t) for t in types)


def _hops(value: int) -> int:
    if not 1 <= int(value) <= 6:
        raise InvalidArgument(f"hops must be between 1 and 6, not {value!r}")
    return int(value)


# --- writes ----------------------------------------------------------------------------------------


def upsert_entities(kind: str, labels: tuple[str, ...]) -> str:
    """Entities of one label set; `row.props` is complete (aliases already merged by graph.merging)."""
    return f"""
UNWIND $rows AS row
MERGE (n:Entity {{id: row.id}})
SET n:{_labels(kind, labels)}
SET n += row.props
"""


EXISTING_ALIASES = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.aliases AS aliases, n.description AS description
"""


def lock_ties(tie_type: str) -> str:
    """Take the write lock of each stored tie a batch will corroborate before reading it: writing a
    property (even its own value) locks the tie, so a concurrent corroboration of the same tie waits
    for this transaction and then reads what it wrote, instead of overwriting it (a lost update)."""
    return f"""
UNWIND $ids AS id
MATCH ()-[r:{_tie_type(tie_type)} {{id: id}}]->()
SET r.status = r.status
"""


def existing_ties(tie_type: str) -> str:
    return f"""
UNWIND $ids AS id
MATCH ()-[r:{_tie_type(tie_type)} {{id: id}}]->()
RETURN r.id AS id, elementId(r) AS element_id, properties(r) AS props
"""


def create_ties(tie_type: str) -> str:
    """New ties of one type: the batch's read (existing_ties) found none of these ids, so CREATE
    spares MERGE's per-row search among the ties already joining the two entities."""
    return f"""
UNWIND $rows AS row
MATCH (a:Entity {{id: row.source}})
MATCH (b:Entity {{id: row.target}})
CREATE (a)-[r:{_tie_type(tie_type)} {{id: row.id}}]->(b)
SET r += row.props
"""


# Ties already stored, found by the element id the batch's read returned: matching on the `id`
# property again would make Neo4j plan an Eager step (SET r += map might change what it matched on).
UPDATE_TIES = """
UNWIND $rows AS row
MATCH ()-[r]->() WHERE elementId(r) = row.element_id
SET r += row.props
"""


UPSERT_MENTIONS = """
UNWIND $rows AS row
MATCH (s:Source {id: row.source})
MATCH (e:Entity {id: row.entity})
MERGE (s)-[m:MENTIONS]->(e)
SET m.spans = row.spans
"""

BUMP_VERSION = """
MERGE (m:EcographMeta {key: 'graph'})
SET m.version = coalesce(m.version, 0) + 1
RETURN m.version AS version
"""

GRAPH_VERSION = "OPTIONAL MATCH (m:EcographMeta {key: 'graph'}) RETURN coalesce(m.version, 0) AS version"

# The version node is spared: counting on from it, rather than from zero again, keeps a cache filled
# before the reset (another process's) from matching a version reached after it.
DELETE_ALL = """
MATCH (n) WHERE NOT n:EcographMeta
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""

# Ties written before their period was stored (graph/store/schema.py brings them up to date).
TIES_WITHOUT_PERIOD = """
MATCH ()-[r]->()
WHERE r.period_start IS NULL AND r.sources IS NOT NULL
RETURN elementId(r) AS element_id, r.valid_from AS valid_from, r.first_seen AS first_seen,
       r.valid_to AS valid_to
LIMIT $limit
"""


def _tie_with_id(id_expression: str) -> str:
    """A subquery finding the tie with that id through each type's id index: matching on the id alone
    (no type) scans every relationship, a quarter of a second per id at 300k ties."""
    branches = "\n  UNION ALL\n  ".join(
        f"MATCH (a)-[r:{_tie_type(t)} {{id: {id_expression}}}]->(b) RETURN r, a.id AS from_id, b.id AS to_id"
        for t in MODEL.provenance_types
    )
    return f"CALL () {{\n  {branches}\n}}"


SET_TIE_STATUS = f"""
{_tie_with_id("$id")}
SET r.status = $status, r.reviewed_at = $at
RETURN r.id AS id
"""

# --- reads -----------------------------------------------------------------------------------------

# Whole counts only, so Neo4j answers from its count store instead of scanning (Sources are Entities).
COUNTS = """
CALL () { MATCH (n:Entity) RETURN count(n) AS all_entities }
CALL () { MATCH (n:Source) RETURN count(n) AS sources }
CALL () { MATCH ()-[r]->() RETURN count(r) AS all_ties }
CALL () { MATCH ()-[r:MENTIONS]->() RETURN count(r) AS mentions }
RETURN all_entities - sources AS entities, all_ties - mentions AS ties
"""

ENTITIES_BY_ID = "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n"

EXISTING_IDS = "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id, n.kind AS kind"

ENTITY_BY_FOLDED_NAME = """
MATCH (n:Entity)
WHERE n.name_folded = $folded OR $folded IN n.aliases_folded
RETURN n
ORDER BY n.id
LIMIT 20
"""

SEARCH = f"""
CALL {{
  CALL db.index.fulltext.queryNodes('{NAMES_INDEX}', $lucene) YIELD node, score
  WHERE NOT node:Source
    AND ($kind IS NULL OR node.kind = $kind)
    AND ($label IS NULL OR $label IN labels(node))
  WITH node, score,
       CASE WHEN node.name_folded = $folded THEN 0
            WHEN $folded IN node.aliases_folded THEN 1
            WHEN node.name_folded STARTS WITH $folded
                 OR any(a IN node.aliases_folded WHERE a STARTS WITH $folded) THEN 2
            ELSE 3 END AS exactness
  ORDER BY exactness, score DESC, size(node.name), node.id
  RETURN collect({{node: node, score: score}}) AS named
}}
CALL {{
  CALL db.index.fulltext.queryNodes('{ABOUT_INDEX}', $lucene) YIELD node, score
  WHERE NOT node:Source
    AND ($kind IS NULL OR node.kind = $kind)
    AND ($label IS NULL OR $label IN labels(node))
  WITH node, score
  ORDER BY score DESC, size(node.name), node.id
  RETURN collect({{node: node, score: score}}) AS about
}}
WITH named, about, [hit IN named | hit.node.id] AS seen
WITH named + [hit IN about WHERE NOT hit.node.id IN seen] AS hits
RETURN size(hits) AS total, hits[$offset..$offset + $limit] AS page
"""

# Entities whose search keys are missing or older than graph/search.py's KEYS_VERSION.
ENTITIES_WITHOUT_SEARCH_KEYS = """
MATCH (n:Entity)
WHERE coalesce(n.search_version, 0) < $version
RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.kind AS kind, n.labels AS labels,
       n.description AS description
LIMIT $limit
"""

SET_SEARCH_KEYS = """
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n += row.props
REMOVE n.alias_text
"""

ENTITY_TIES = """
MATCH (n:Entity {id: $id})-[r]-(other:Entity)
WHERE type(r) <> 'MENTIONS' AND ($statuses IS NULL OR r.status IN $statuses)
RETURN r, startNode(r).id AS from_id, endNode(r).id AS to_id, other
ORDER BY type(r), other.name, other.id
SKIP $offset LIMIT $limit
"""

# Counts and the dates seen, over all of an entity's ties (the profile pages the ties themselves).
ENTITY_TIE_SUMMARY = """
MATCH (n:Entity {id: $id})-[r]-(:Entity)
WHERE type(r) <> 'MENTIONS' AND ($statuses IS NULL OR r.status IN $statuses)
RETURN type(r) AS type, count(r) AS ties,
       min(coalesce(r.first_seen, r.last_seen)) AS first_seen,
       max(coalesce(r.last_seen, r.first_seen)) AS last_seen
"""

# Just enough to date and order an entity's timeline; the page is then fetched in full by id.
ENTITY_TIE_DATES = """
MATCH (n:Entity {id: $id})-[r]-(other:Entity)
WHERE type(r) <> 'MENTIONS' AND r.status IN $statuses
RETURN r.id AS id, type(r) AS type, {id: other.id, name: other.name, kind: other.kind} AS other,
       other.start_date AS event_start, other.end_date AS event_end,
       r.valid_from AS valid_from, r.valid_to AS valid_to, r.first_seen AS first_seen
"""

SOURCES_BY_ID = "UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s"

# One pass over the ties counts what every source asserts (a scan per source took minutes at 300k ties).
SOURCE_TIE_COUNTS = """
MATCH ()-[r]->()
WHERE type(r) <> 'MENTIONS'
UNWIND r.sources AS source
RETURN source, count(*) AS ties
"""

SOURCES_PAGE = """
MATCH (s:Source)
WITH s ORDER BY s.published DESC, s.id
WITH collect(s) AS found
RETURN size(found) AS total,
       [s IN found[$offset..$offset + $limit] | {source: s, mentions: COUNT { (s)-[:MENTIONS]->() }}] AS page
"""

SOURCE_TIES = """
MATCH (a)-[r]->(b)
WHERE $id IN r.sources AND type(r) <> 'MENTIONS'
WITH r, a, b ORDER BY type(r), a.id, b.id
WITH collect({r: r, from_id: a.id, to_id: b.id}) AS found
RETURN size(found) AS total, found[$offset..$offset + $limit] AS page
"""

SOURCE_MENTIONS = """
MATCH (:Source {id: $id})-[m:MENTIONS]->(e)
RETURN e, m.spans AS spans
ORDER BY e.name
"""


# A tie is in [$from, $to] (whole days, either may be null) when the period it covers overlaps them:
# period_start/period_end are written with the tie (graph/dates.py `tie_period`).
_IN_PERIOD = "($from IS NULL OR r.period_end >= $from) AND ($to IS NULL OR r.period_start <= $to)"


def neighbors(depth: int, types: list[str]) -> str:
    """Nodes within `depth` hops over the given tie types, and every tie among them."""
    return f"""
MATCH (start:Entity {{id: $id}})
OPTIONAL MATCH p = (start)-[:{_type_alternation(types)}*1..{_hops(depth)}]-(m:Entity)
WHERE all(r IN relationships(p) WHERE r.status IN $statuses AND {_IN_PERIOD})
  AND ($kinds IS NULL OR m.kind IN $kinds)
WITH start, collect(DISTINCT m) AS found
WITH [start] + found[..$limit] AS nodes, size(found) > $limit AS truncated
UNWIND nodes AS x
OPTIONAL MATCH (x)-[r:{_type_alternation(types)}]->(y)
WHERE y IN nodes AND r.status IN $statuses AND {_IN_PERIOD}
WITH nodes, truncated, collect(DISTINCT {{r: r, from_id: x.id, to_id: y.id}}) AS ties
RETURN nodes, [t IN ties WHERE t.r IS NOT NULL] AS ties, truncated
"""


def shortest_paths(max_hops: int, types: list[str], *, every: bool = False, k: int = 1) -> str:
    """Shortest path(s) between two entities over the allowed tie types and statuses, using only ties
    whose span overlaps [$from, $to] when given (as of a date: both that date). `every`: all shortest
    paths; `k`: up to k paths, shortest first."""
    if every:
        selector = "ALL SHORTEST"
    else:
        if not 1 <= int(k) <= 10:
            raise InvalidArgument(f"k must be between 1 and 10, not {k!r}")
        selector = f"SHORTEST {int(k)}"
    return f"""
MATCH p = {selector} (a:Entity {{id: $source}})
      (()-[r:{_type_alternation(types)}
           WHERE r.status IN $statuses AND {_IN_PERIOD}]-()){{1,{_hops(max_hops)}}}
      (b:Entity {{id: $target}})
RETURN nodes(p) AS nodes,
       [r IN relationships(p) | {{r: r, from_id: startNode(r).id, to_id: endNode(r).id}}] AS ties
ORDER BY length(p)
LIMIT $limit
"""


def ties(types: list[str]) -> str:
    return f"""
MATCH (a:Entity)-[r:{_type_alternation(types)}]->(b:Entity)
WHERE ($source IS NULL OR a.id = $source OR (b.id = $source AND $undirected_match))
  AND ($target IS NULL OR b.id = $target OR (a.id = $target AND $undirected_match))
  AND ($statuses IS NULL OR r.status IN $statuses)
RETURN r, a.id AS from_id, b.id AS to_id
ORDER BY type(r), a.id, b.id
LIMIT $limit
"""


# Events are filtered and paged first; participants are gathered for the page only.
EVENTS = """
MATCH (e:Event)
WHERE ($from IS NULL OR e.period_end >= $from) AND ($to IS NULL OR e.period_start <= $to)
  AND ($actor IS NULL OR EXISTS {
        MATCH (:Entity {id: $actor})-[r:PARTICIPATED_IN]->(e) WHERE r.status IN $statuses })
WITH e ORDER BY e.period_start, e.id
WITH collect(e) AS found
RETURN size(found) AS total,
       [e IN found[$offset..$offset + $limit] | {
          event: e,
          participants: COLLECT {
            MATCH (p:Entity)-[r:PARTICIPATED_IN]->(e) WHERE r.status IN $statuses
            WITH p, r ORDER BY p.name, p.id
            RETURN {id: p.id, name: p.name, kind: p.kind, role: r.role, tie: r.id} }
       }] AS page
"""

ALL_ENTITIES = "MATCH (n:Entity) WHERE NOT n:Source RETURN n ORDER BY n.id"

ALL_TIES = """
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) <> 'MENTIONS'
RETURN r, a.id AS from_id, b.id AS to_id
ORDER BY r.id
"""

KNOWN_ENTITIES = """
MATCH (n:Entity) WHERE NOT n:Source
RETURN n.id AS id, n.name AS name, n.kind AS kind, coalesce(n.labels, []) AS labels,
       coalesce(n.aliases, []) AS aliases
"""


def _conflict_start(around: bool) -> str:
    """Every entity, or only those in $entities (the ends of the ties a write just made)."""
    return "UNWIND $entities AS id MATCH (a:Entity {id: id})" if around else "MATCH (a:Entity)"


def exclusive_conflicts(first: str, second: str, around: bool = False) -> str:
    """Pairs of entities tied by two types that exclude each other (either direction), through ties
    whose status is in $statuses: one row per pair, with every such tie of both types between them."""
    return f"""
{_conflict_start(around)}
MATCH (a)-[r1:{_tie_type(first)}]-(b:Entity)
WHERE r1.status IN $statuses AND a.id < b.id
WITH a, b, collect(r1) AS firsts
MATCH (a)-[r2:{_tie_type(second)}]-(b)
WHERE r2.status IN $statuses
WITH a, b, firsts, collect(r2) AS seconds
WITH a, b, firsts + seconds AS rels
RETURN a.id + ' ' + b.id AS key,
       [r IN rels | {{r: r, from_id: startNode(r).id, to_id: endNode(r).id}}] AS ties
"""


def single_valued_conflicts(tie_type: str, around: bool = False) -> str:
    """Entities tied by a single-valued type to two or more targets: one row per entity, with those ties."""
    return f"""
{_conflict_start(around)}
MATCH (a)-[r:{_tie_type(tie_type)}]->(x:Entity)
WHERE r.status IN $statuses
WITH a, collect({{r: r, from_id: a.id, to_id: x.id}}) AS ties, count(DISTINCT x) AS targets
WHERE targets > 1
RETURN a.id AS key, ties
"""


SOURCE_BY_HASH = "MATCH (s:Source {content_hash: $hash}) RETURN s LIMIT 1"

TIES_BY_ID = f"""
UNWIND $ids AS id
{_tie_with_id("id").replace("CALL ()", "CALL (id)")}
RETURN r, from_id, to_id
"""

CONNECTIONS = """
MATCH (a:Entity {id: $a})-[ra]-(c:Entity)-[rb]-(b:Entity {id: $b})
WHERE type(ra) <> 'MENTIONS' AND type(rb) <> 'MENTIONS' AND c <> a AND c <> b
  AND ra.status IN $statuses AND rb.status IN $statuses
RETURN c,
       collect(DISTINCT {r: ra, from_id: startNode(ra).id, to_id: endNode(ra).id}) AS via_a,
       collect(DISTINCT {r: rb, from_id: startNode(rb).id, to_id: endNode(rb).id}) AS via_b
ORDER BY c.kind, c.name, c.id
"""

DIRECT_TIES = """
MATCH (a:Entity {id: $a})-[r]-(b:Entity {id: $b})
WHERE type(r) <> 'MENTIONS' AND r.status IN $statuses
RETURN r, startNode(r).id AS from_id, endNode(r).id AS to_id
"""

TOP_BY_DEGREE = """
MATCH (n:Entity) WHERE NOT n:Source
WITH n, COUNT { (n)-[r]-(:Entity) WHERE type(r) <> 'MENTIONS' AND r.status IN $statuses } AS degree
ORDER BY degree DESC, n.id
LIMIT $top
RETURN n, degree
"""

ENTITY_TOTAL = "MATCH (n:Entity) WHERE NOT n:Source RETURN count(n) AS total"

TIES_AMONG = """
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids AND type(r) <> 'MENTIONS' AND r.status IN $statuses
RETURN r, a.id AS from_id, b.id AS to_id
"""

ALL_SOURCE_NODES = "MATCH (s:Source) RETURN s ORDER BY s.id"

# What analytics need, and no more: the full ties (evidence lists and all) take most of a big read.
# Each comes back as one list of rows: a record per row costs the driver three times as long.
SKELETON_NODES = """
MATCH (n:Entity) WHERE NOT n:Source
RETURN collect([n.id, n.name, n.kind]) AS rows
"""
SKELETON_TIES = """
MATCH (a:Entity)-[r]->(b:Entity)
WHERE type(r) <> 'MENTIONS'
RETURN collect([r.id, type(r), a.id, b.id, r.status]) AS rows
"""

# The read-only endpoint's memory watch finds its transaction by the metadata it was started with.
TRANSACTION_MEMORY = """
SHOW TRANSACTIONS YIELD transactionId, metaData, estimatedUsedHeapMemory
WHERE metaData.ecograph_watch = $token
RETURN transactionId AS id, estimatedUsedHeapMemory AS bytes
"""
TERMINATE_TRANSACTIONS = "TERMINATE TRANSACTIONS $ids"

# --- people, sessions and the history of writes (graph/users.py, graph/changes.py) -------------------
# :User, :Session and :Change are never Entities and have no relationships, so no read that matches
# Entities or relationships (counts, search, export, analytics) ever sees them.
# POST /cypher refuses to name these labels and keys, and to return such a node (graph/cypher_guard.py).
PRIVATE_LABELS = frozenset({"User", "Session"})
PRIVATE_KEYS = frozenset({"key_hash", "token_hash"})

ACCESS_SCHEMA = [
    "CREATE CONSTRAINT user_name IF NOT EXISTS FOR (u:User) REQUIRE u.name IS UNIQUE",
    "CREATE CONSTRAINT user_key_hash IF NOT EXISTS FOR (u:User) REQUIRE u.key_hash IS UNIQUE",
    "CREATE CONSTRAINT session_token_hash IF NOT EXISTS FOR (s:Session) REQUIRE s.token_hash IS UNIQUE",
    "CREATE CONSTRAINT change_id IF NOT EXISTS FOR (c:Change) REQUIRE c.id IS UNIQUE",
    "CREATE INDEX change_at IF NOT EXISTS FOR (c:Change) ON (c.at)",
]

CREATE_USER = """
CREATE (u:User {name: $name, role: $role, key_hash: $key_hash, created: $at})
RETURN u.name AS name
"""

USERS = """
MATCH (u:User)
RETURN u.name AS name, u.role AS role, u.created AS created, u.revoked AS revoked
ORDER BY u.name
"""

REVOKE_USER = """
MATCH (u:User {name: $name})
SET u.revoked = coalesce(u.revoked, $at)
WITH u
CALL (u) { MATCH (s:Session {user: u.name}) DETACH DELETE s }
RETURN u.name AS name
"""

USER_BY_KEY_HASH = """
MATCH (u:User {key_hash: $key_hash}) WHERE u.revoked IS NULL
RETURN u.name AS name, u.role AS role, u.key_hash AS key_hash
"""

CREATE_SESSION = """
MATCH (u:User {name: $name}) WHERE u.revoked IS NULL
CREATE (s:Session {token_hash: $token_hash, user: u.name, created: $at, expires: $expires})
RETURN s.user AS name
"""

SESSION_USER = """
MATCH (s:Session {token_hash: $token_hash}) WHERE s.expires > $now
MATCH (u:User {name: s.user}) WHERE u.revoked IS NULL
RETURN u.name AS name, u.role AS role, s.token_hash AS token_hash
"""

DELETE_SESSION = "MATCH (s:Session {token_hash: $token_hash}) DETACH DELETE s"

DELETE_EXPIRED_SESSIONS = "MATCH (s:Session) WHERE s.expires <= $now DETACH DELETE s"

ENTITY_STATES = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
"""


def tie_states(tie_type: str) -> str:
    return f"""
UNWIND $ids AS id
MATCH (a)-[r:{_tie_type(tie_type)} {{id: id}}]->(b)
RETURN r.id AS id, a.id AS source, b.id AS target, properties(r) AS props
"""


MARK_ENTITIES_CREATED = """
UNWIND $ids AS id
MATCH (n:Entity {id: id})
SET n.created_by = $change
"""


def mark_ties_created(tie_type: str) -> str:
    return f"""
UNWIND $ids AS id
MATCH ()-[r:{_tie_type(tie_type)} {{id: id}}]->()
SET r.created_by = $change
"""


CREATE_CHANGE = """
CREATE (c:Change)
SET c = $props
"""

# Filters are optional ($x IS NULL passes); newest first by the graph version each write bumped.
_CHANGE_FILTERS = """
MATCH (c:Change)
WHERE ($entity IS NULL OR $entity IN c.entities)
  AND ($tie IS NULL OR $tie IN c.ties)
  AND ($actor IS NULL OR c.actor = $actor)
  AND ($action IS NULL OR c.action = $action)
  AND ($since IS NULL OR c.at >= $since)
"""

CHANGES = (
    _CHANGE_FILTERS
    + """
RETURN c {.*} AS change
ORDER BY c.version DESC, c.at DESC, c.id DESC
SKIP $offset LIMIT $limit
"""
)

CHANGE_TOTAL = _CHANGE_FILTERS + "RETURN count(c) AS total"

TIE_REVIEW_STATE = f"""
{_tie_with_id("$id")}
RETURN r.status AS status, r.reviewed_at AS reviewed_at
"""

# --- backup and restore (graph/backup.py) -----------------------------------------------------------

# Setting the version to itself takes the write lock on the counter every write of ours bumps last,
# so no write commits while a backup reads; the backup's transaction is rolled back, never committed.
BACKUP_LOCK = """
MERGE (m:EcographMeta {key: 'graph'})
SET m.version = coalesce(m.version, 0)
RETURN m.version AS version
"""

NODE_TOTAL = "MATCH (n) RETURN count(n) AS total"

RELATIONSHIP_TOTAL = "MATCH ()-[r]->() RETURN count(r) AS total"

BACKUP_NODES = "MATCH (n) RETURN elementId(n) AS element_id, labels(n) AS labels, properties(n) AS props"

BACKUP_RELATIONSHIPS = """
MATCH (a)-[r]->(b)
RETURN elementId(a) AS start, elementId(b) AS end, type(r) AS type, properties(r) AS props
"""

# What a store holds besides the version counter, by label (a restore refuses a store that has any).
STORE_CONTENTS = """
MATCH (n) WHERE NOT n:EcographMeta
UNWIND labels(n) AS label
RETURN label, count(*) AS nodes ORDER BY label
"""

DELETE_EVERYTHING = "MATCH (n) DETACH DELETE n"

DELETE_META = "MATCH (m:EcographMeta) DETACH DELETE m"

RESTORE_NODES = """
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props
RETURN row.key AS key, elementId(n) AS element_id
"""

RESTORE_RELATIONSHIPS = """
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.start
MATCH (b) WHERE elementId(b) = row.end
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS created
"""

SET_GRAPH_VERSION = """
MERGE (m:EcographMeta {key: 'graph'})
SET m.version = $version
"""
