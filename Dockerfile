# The ecograph API and explorer, for docker-compose.yml (Neo4j runs in its own container there).
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY graph ./graph
COPY ingest ./ingest
COPY api ./api
COPY viz ./viz
COPY cli ./cli
# /data/ecograph: the key pepper (ecograph users) and anything else of the data dir, on a named volume
RUN pip install --no-cache-dir ".[text]" && useradd --create-home ecograph \
    && install -d -o ecograph -m 700 /data/ecograph
ENV ECOGRAPH_DATA_DIR=/data/ecograph
USER ecograph
EXPOSE 8000
CMD ["ecograph", "serve", "--host", "0.0.0.0", "--port", "8000"]
