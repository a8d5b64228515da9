# syntax=docker/dockerfile:1.7
#
# One image for every process of the registry; the command picks the app:
#   node -r ./scripts/register-paths.cjs dist/apps/<app>/src/main.js
# registry (all-in-one, embedded SQLite: the default CMD), registry-api, projector, verifier, federation, cli.
# test/deploy/dockerfile.test.ts checks this file; docs/deployment.md says how to build and run it.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: the full dependency tree and the TypeScript compile ---------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/register-paths.cjs scripts/register-paths.cjs
COPY libs libs
COPY apps apps
# Unit specs beside the code import @test/support, so the same tsc run as CI needs test/ to compile.
COPY test test
# Fail the image build, not the first start, when an app's entry point is missing.
RUN npm run build \
 && for app in registry registry-api projector verifier federation cli; do \
      test -f "dist/apps/$app/src/main.js" || { echo "missing dist/apps/$app/src/main.js" >&2; exit 1; }; \
    done \
 && find dist -name '*.spec.js*' -delete

# ---- prod-deps: production node_modules, native modules built for this exact base image --------
# npm install runs better-sqlite3's install script here (prebuilt binary, or a node-gyp build from source),
# so the addon matches this base image's Node ABI and glibc. A separate stage keeps the compilers out
# of the runtime image; the smoke test fails the build if the addon does not load.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm install --omit=dev --no-audit --no-fund \
 && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

# ---- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1 forwards SIGTERM to node and reaps children: without it node, as PID 1, ignores
# SIGTERM unless the app installs a handler, and every stop waits for the kill timeout.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 registry \
 && useradd --system --uid 10001 --gid registry --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin registry \
 && mkdir -p /data \
 && chown registry:registry /data
WORKDIR /app
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    MCP_REGISTRY_DATA_DIR=/data
# Code stays root-owned: the process can read it, not change it.
COPY --from=prod-deps /app/node_modules node_modules
# package.json marks the repository root (findRepoRoot) and docs/openapi.yaml is served at /openapi.yaml.
COPY package.json package.json
COPY docs/openapi.yaml docs/openapi.yaml
COPY scripts/register-paths.cjs scripts/register-paths.cjs
COPY --from=build /app/dist/libs dist/libs
COPY --from=build /app/dist/apps dist/apps
LABEL org.opencontainers.image.title="mcp-registry-es" \
      org.opencontainers.image.description="Event-sourced MCP server registry (all apps; the command picks one)" \
      org.opencontainers.image.licenses="MIT"
USER 10001:10001
# 8080 HTTP (registry, registry-api); 8081 projector, 8082 verifier, 8083 federation health.
EXPOSE 8080 8081 8082 8083
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "-r", "./scripts/register-paths.cjs", "dist/apps/registry/src/main.js"]
