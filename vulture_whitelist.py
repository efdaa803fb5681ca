# Names vulture reports as unused that are used, only not by a call it can see:
#   vulture graph ingest api viz cli vulture_whitelist.py --min-confidence 60
# Started from `vulture --make-whitelist`; a name here is taken as used everywhere, so list only
# real false positives, each under its kind. Not Python to run (ruff leaves it out).

# FastAPI routes: called by the framework through their @router decorators (api/routes/*.py)
get_connections  # api/routes/connections.py
post_cypher  # api/routes/cypher.py
swagger_ui  # api/routes/docs.py
redoc  # api/routes/docs.py
docs_asset  # api/routes/docs.py
post_document  # api/routes/documents.py
search_entities  # api/routes/entities.py
get_neighbors  # api/routes/entities.py
get_timeline  # api/routes/entities.py
get_entity  # api/routes/entities.py
get_events  # api/routes/events.py
get_export  # api/routes/export.py
post_import  # api/routes/imports.py
get_paths  # api/routes/paths.py
list_sources  # api/routes/sources.py
get_source  # api/routes/sources.py
get_ties  # api/routes/ties.py
get_conflicts  # api/routes/ties.py
accept_tie  # api/routes/ties.py
reject_tie  # api/routes/ties.py
entity_page  # api/routes/viz.py
path_page  # api/routes/viz.py
asset  # api/routes/viz.py
get_changes  # api/routes/changes.py
login_page  # api/routes/login.py
logout  # api/routes/login.py
list_people  # api/routes/people.py, cli/users_commands.py (a typer command)

# FastAPI exception handlers: registered by @app.exception_handler (api/errors.py)
invalid
not_found
forbidden
unavailable
neo4j_down
neo4j_busy

# Starlette path convertor: the class attribute Starlette reads (api/params.py EntityRef)
regex

# Typer commands: registered by @app.command (cli/)
file_  # cli/ingest_commands.py: `ecograph ingest file`
up  # cli/main.py: `ecograph up`

# pydantic settings and models: read by pydantic itself
model_config  # api/schemas.py, graph/settings.py, ingest/document.py

# pydantic validators: run by @field_validator / @model_validator (ingest/document.py)
_._http_only
_._precision
_._kind
_._labels_and_dates
_._type
_._vocabulary
cls  # the classmethod validators' first argument

# pydantic fields and TypedDict keys: set by the constructor or a dict, read by JSON serialisation
# (api/schemas.py response models, ingest/document.py import models, graph/records.py)
description
publisher
country
wikidata_id
link_candidates
ties_total
last_seen
neo4j
participants
direct_explanation
common_neighbors
common_total
shared_events
current_version
articulation
pairs_disconnected
corroborates

# spaCy component: registered by @Language.component, added by name in load_nlp (ingest/text/nlp.py)
paragraph_breaks

# pyvis override: Network.add_edge calls it (viz/visdata.py _Network)
_.get_nodes

# Public API used by the tests only (vulture reads the packages, not tests/)
load_seed  # ingest/seed.py: the seed loaded in one call, as the integration tests set up
seed_entities  # ingest/seed.py: the seed as the text pipeline sees it, for the bench and the text tests
ImportDocument  # ingest/document.py: the whole import document as one model, checked against exports
computed  # graph/analytics/refresher.py: recomputations done, counted by the tests and bench/answers.py
_task  # api/answer_cache.py: held so the event loop does not drop the running version read
