#!/usr/bin/env bash
# Builds the librdkafka mock-cluster launcher the Kafka test suites run (see kafka-mock.c), once per
# clone: the result is cached under <repo>/.cache/kafka-mock/<pinned version>/ and later calls only
# check it. Prints the launcher's path as the last line of stdout.
#
# The librdkafka source comes from the npm package @confluentinc/kafka-javascript (deps/librdkafka),
# fetched with `npm pack` (no install, no scripts run) and checked against a pinned sha512; it is
# NOT a project dependency. Only the static C library is built, without TLS, SASL, curl, zstd and
# external lz4: the mock needs none of them, so the build needs nothing beyond a C compiler and make
# (build-essential), which this script installs with apt-get when it runs as root and they are missing.
#
# Usage: scripts/kafka-mock/build.sh [--force]
set -euo pipefail

PACKAGE=@confluentinc/kafka-javascript
# 1.10.1 ships librdkafka 2.15.1, which has rd_kafka_mock_set_controller_id.
VERSION=1.10.1
INTEGRITY='sha512-KVePUBn21EqCVP9mfxzEuM3SYJHHEF7X+iiC2e43QQgDSyEaksInmCGooT3w5q+cNAdkSCrK71j0ICfqoSqZLw=='
CONFIGURE_FLAGS=(--disable-gssapi --disable-ssl --disable-curl --disable-zstd --disable-lz4-ext
  --disable-debug-symbols --disable-optimization --no-download)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="$root/.cache/kafka-mock/kafka-javascript-$VERSION"
bin="$cache/bin/kafka-mock"
lib="$cache/lib"
say() { echo "kafka-mock build: $*" >&2; }

# The launcher is rebuilt when its source or the library's build flags change.
stamp_of() { cat "$here/kafka-mock.c" <(echo "${CONFIGURE_FLAGS[*]}") | sha256sum | cut -d' ' -f1; }

mkdir -p "$cache"
# Test files run in parallel: the first one builds, the others wait for it.
exec 9>"$cache/.lock"
flock 9

if [[ "${1:-}" != "--force" && -x "$bin" && "$(cat "$bin.stamp" 2>/dev/null)" == "$(stamp_of)" ]]; then
  echo "$bin"
  exit 0
fi

started=$(date +%s)
say "building the librdkafka mock cluster launcher (one time per clone) into $cache"

if ! command -v cc >/dev/null || ! command -v make >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing a C compiler and make: apt-get update && apt-get install -y build-essential"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential >&2
  else
    say "needs a C compiler (cc) and make: install build-essential (apt-get install -y build-essential)"
    exit 1
  fi
fi

if [[ ! -f "$lib/librdkafka.a" ]]; then
  tarball="$cache/confluentinc-kafka-javascript-$VERSION.tgz"
  if [[ ! -f "$tarball" ]]; then
    say "fetching $PACKAGE@$VERSION with npm pack (a tarball only: nothing is installed)"
    (cd "$cache" && npm pack "$PACKAGE@$VERSION" --pack-destination "$cache" --silent \
      --fetch-retries=2 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=5000 >/dev/null 2>&1) || {
      say "npm pack $PACKAGE@$VERSION failed (is the npm registry reachable?)"
      exit 1
    }
  fi
  actual=$(node -e 'const c=require("crypto"),f=require("fs");
    console.log("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tarball")
  if [[ "$actual" != "$INTEGRITY" ]]; then
    say "integrity mismatch for $tarball: expected $INTEGRITY, got $actual"
    rm -f "$tarball"
    exit 1
  fi
  src="$cache/src"
  rm -rf "$src" "$lib"
  mkdir -p "$src"
  tar xzf "$tarball" -C "$src" --strip-components=3 package/deps/librdkafka

  say "configuring librdkafka: ./configure ${CONFIGURE_FLAGS[*]}"
  (cd "$src" && ./configure "${CONFIGURE_FLAGS[@]}" >"$cache/configure.log" 2>&1) || {
    say "configure failed; see $cache/configure.log"
    exit 1
  }
  say "compiling librdkafka.a (make -C src librdkafka.a, $(nproc) jobs)"
  (cd "$src" && make -C src -j"$(nproc)" librdkafka.a >"$cache/make.log" 2>&1) || {
    say "make failed; see $cache/make.log"
    exit 1
  }
  # Keep only what the launcher links with: the tree holds docs and JSON that linters would find.
  rm -rf "$lib.tmp"
  mkdir -p "$lib.tmp"
  cp "$src/src/librdkafka.a" "$src/src/rdkafka.h" "$src/src/rdkafka_mock.h" "$lib.tmp/"
  sed -n 's/^LIBS+\{0,1\}=//p' "$src/Makefile.config" | tr '\n\t' '  ' >"$lib.tmp/link-flags"
  mv "$lib.tmp" "$lib"
  rm -rf "$src"
fi

mkdir -p "$cache/bin"
# shellcheck disable=SC2086 # LIBS is a list of linker flags
cc -O2 -Wall -o "$bin.tmp" "$here/kafka-mock.c" -I"$lib" "$lib/librdkafka.a" $(cat "$lib/link-flags")
mv "$bin.tmp" "$bin"
stamp_of >"$bin.stamp"

say "done in $(($(date +%s) - started)) s"
echo "$bin"
