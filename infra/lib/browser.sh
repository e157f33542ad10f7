# Debian's Chromium and ChromeDriver, for the console's browser tests
# (tests/e2e/tests/suite/support/browser.rs). Installed when missing.
ensure_browser() {
    local missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    command -v chromedriver >/dev/null || missing+=(chromium-driver)
    if ((${#missing[@]})); then
        echo "installing ${missing[*]}" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || { echo "browser tests: could not install ${missing[*]}" >&2; exit 1; }
    fi
}
