#!/usr/bin/env bash
# The one test command. Starts a local AWS endpoint (moto) on a free loopback
# port, points the AWS tests at it, lints the SAM template, checks the
# library's module graph, the rule index and the product's dependencies,
# checks the OpenCart extension (extensions/opencart/check.sh: PHP),
# installs Chromium for the console's browser tests when missing, and
# runs the whole workspace's tests (among them the real Lambda binaries under
# `cargo lambda watch`, see tests/e2e/tests/suite/lambda_binaries.rs).
#
#   bash infra/test.sh                                        # everything
#   bash infra/test.sh -p synclane-e2e store_conformance      # extra args go to `cargo test`
#
# moto runs through infra/moto_server.py (moto_server with DynamoDB requests
# serialised, so conditional writes are atomic as on AWS, and with the
# patches that keep it fast with thousands of messages and items:
# infra/moto_sqs_depth.py, infra/moto_dynamodb_depth.py).
# Respects CARGO_TARGET_DIR. moto's log: $TMPDIR/synclane-moto.<port>.log
set -euo pipefail
cd "$(dirname "$0")/.."
source infra/lib/python-tools.sh
ensure_python_tools
source infra/lib/browser.sh
ensure_browser

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="${TMPDIR:-/tmp}/synclane-moto.${port}.log"
python3 infra/moto_server.py -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true' EXIT

endpoint="http://127.0.0.1:${port}"
for _ in $(seq 1 150); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
        "${endpoint}/moto-api/" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$moto_pid" 2>/dev/null; then
        echo "error: moto_server exited; its log:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.2
done
python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "${endpoint}/moto-api/" \
    || { echo "error: moto did not answer on ${endpoint}" >&2; cat "$log" >&2; exit 1; }
echo "local AWS endpoint (moto) on ${endpoint}" >&2

export SYNCLANE_TEST_AWS_ENDPOINT="$endpoint"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1

# Static checks first; any finding fails the run (set -e): the SAM
# template, import cycles in the library, the rule index, that no shipped
# binary links test code, and the OpenCart extension (PHP); and that the
# patched moto still answers as SQS and DynamoDB do.
if [[ $# -eq 0 ]]; then
    python3 infra/moto_selftest.py "$endpoint"
    bash infra/lint-template.sh
    python3 infra/import_cycles.py --self-test
    python3 infra/import_cycles.py shared/src
    python3 infra/rules_index.py --check
    bash infra/product_deps.sh
    bash extensions/opencart/check.sh
fi

# `--workspace` unless the caller picked packages.
scope=(--workspace)
for arg in "$@"; do
    case "$arg" in -p | --package | --package=* | -p?*) scope=() ;; esac
done
# The binaries the end-to-end tests start (`synclane serve`, the Lambda
# functions under `cargo lambda watch`), built first with the workspace's
# features, so no test waits on a compile (tests/e2e/tests/suite/support).
if [[ ${#scope[@]} -gt 0 || " $* " == *" synclane-e2e "* ]]; then
    cargo build --workspace --bins --locked --quiet
fi
cargo test "${scope[@]}" --locked "$@"
