# Vigil against a ClickHouse server (see docker-compose.yml). Node 24 comes from the `node`
# devDependency, as in development, so the image needs only a base Node to run npm.
FROM node:24-bookworm-slim
WORKDIR /app
COPY . .
# npm install, not npm ci: chdb's per-platform packages for other platforms cannot all be in the lock.
# Its `prepare` script builds the web UI, so the sources must be copied first.
RUN npm install --no-audit --no-fund
# With the embedded engine (no VIGIL_CLICKHOUSE_URL), mount a volume on VIGIL_DATA_DIR: it holds the
# data and the ingest journal (spans acknowledged and not yet inserted).
ENV VIGIL_HOST=0.0.0.0
EXPOSE 4317 4318 3000
CMD ["node", "bin/vigil.ts", "start"]
