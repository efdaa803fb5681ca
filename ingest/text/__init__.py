"""French (or English) article -> sourced mentions, entities and ties, as typed stages.

read (reader) -> detect mentions (mentions) -> resolve (resolve) -> extract ties and events (ties)
-> assemble an import document (assemble). Nothing here opens a database: the caller passes the
known entities in and writes the `Extraction` out.
"""
