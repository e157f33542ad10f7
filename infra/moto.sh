#!/usr/bin/env bash
# Starts a local AWS endpoint (moto: DynamoDB + SQS) in the foreground, for
# running tests or the AWS runtime by hand:
#   bash infra/moto.sh [PORT]        # default 5000
#   SYNCLANE_TEST_AWS_ENDPOINT=http://127.0.0.1:5000 cargo test -p synclane-e2e
# `bash infra/test.sh` does all of this by itself.
set -euo pipefail
source "$(dirname "$0")/lib/python-tools.sh"
ensure_python_tools
port="${1:-5000}"
echo "moto on http://127.0.0.1:${port} (Ctrl-C to stop)" >&2
exec python3 "$(dirname "$0")/moto_server.py" -H 127.0.0.1 -p "$port"
