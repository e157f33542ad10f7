#!/usr/bin/env bash
# The OpenCart extension's checks (infra/test.sh runs them):
#   php -l on every PHP file; the PHP 7.3 syntax guard on the core and the 3.0
#   adapter, the 8.0 one on the 4.0 adapter; the PHPUnit tests; build.sh; the
#   layout of both packages against OpenCart's installer rules.
# Installs what is missing first (Debian packages; run as root). Exits non-zero
# on any failure and ends with a one-line summary.
#
#   bash extensions/opencart/check.sh
set -uo pipefail
cd "$(dirname "$0")"
started=$SECONDS

php_has() { php -m 2>/dev/null | grep -qix "$1"; }
missing=()
command -v php >/dev/null || missing+=(php-cli)
command -v phpunit >/dev/null || missing+=(phpunit)
php_has curl || missing+=(php-curl)
php_has mbstring || missing+=(php-mbstring)
php_has dom || missing+=(php-xml)
php_has pdo_sqlite || missing+=(php-sqlite3)
command -v zip >/dev/null || missing+=(zip)
if ((${#missing[@]})); then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
        || { echo "opencart extension checks: could not install ${missing[*]}" >&2; exit 1; }
fi

passed=() failed=()
step() { # step <name> <command...>: runs it, records the outcome
    local name="$1"
    shift
    if "$@"; then passed+=("$name"); else failed+=("$name"); echo "FAILED: $name" >&2; fi
}

lint_all() {
    local file ok=0
    while IFS= read -r file; do
        php -l "$file" >/dev/null || ok=1
    done < <(find src tests tools bench.php -name '*.php' | sort)
    return "$ok"
}
guard() {
    php tools/syntax_guard.php 7.3 $(find src/core src/oc3 src/lang -name '*.php') \
        && php tools/syntax_guard.php 8.0 $(find src/oc4 -name '*.php')
}

step "php -l" lint_all
step "syntax guard" guard
step "phpunit" phpunit --colors=never
step "build" bash build.sh
step "package layout" python3 tools/check_packages.py dist/synclane.ocmod.zip dist/synclane-oc3.ocmod.zip

joined() { local IFS=,; echo "$*"; }
echo "opencart extension checks: ${#passed[@]} passed, ${#failed[@]} failed in $((SECONDS - started)) s (passed: $(joined "${passed[@]}")${failed:+; failed: $(joined "${failed[@]}")})"
((${#failed[@]} == 0))
