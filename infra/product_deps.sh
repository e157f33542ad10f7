#!/usr/bin/env bash
# The shipped binaries link no test code: no crate under tests/ (emulators,
# benchmarks) is a normal dependency of the library, of a Lambda function,
# or of the local binary built without its `demo` feature.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
check() {
    local what="$1"; shift
    local found
    found="$(cargo tree --locked --offline -e normal --prefix none --format '{p}' "$@" 2>/dev/null | grep -F "$PWD/tests/" | sort -u || true)"
    if [[ -n "$found" ]]; then
        echo "error: $what depends on test code:" >&2
        echo "$found" >&2
        bad=1
    fi
}
check "the synclane library" -p synclane --features lambda
check "synclane (no demo)" -p synclane-cli --no-default-features
for dir in functions/*/; do
    name="$(basename "$dir")"
    [[ "$name" == synclane ]] && continue
    check "function $name" -p "$name"
done
[[ $bad -eq 0 ]] && echo "no product crate depends on tests/"
exit $bad
