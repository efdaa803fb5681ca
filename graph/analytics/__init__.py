"""Network analytics: the graph seen by networkx (projection.py), the algorithms run on it with
networkx's defaults (algorithms.py), and the service that caches their answers per graph version
(service.py, with cache.py)."""
