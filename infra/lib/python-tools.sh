# Sourced by the infra scripts: installs the Python test tools when missing.
# moto is pinned because the conformance tests rely on its exact SQS/DynamoDB
# behaviour (see shared/src/queue/sqs.rs).

MOTO_VERSION="5.2.5"

python_tools_present() {
    python3 - "$MOTO_VERSION" <<'PY' 2>/dev/null
import importlib.metadata as md, sys
assert md.version("moto") == sys.argv[1]
import flask, flask_cors  # moto[server]
assert tuple(int(x) for x in md.version("cfn-lint").split(".")[:2]) >= (1, 58)
PY
}

ensure_python_tools() {
    if python_tools_present; then
        return 0
    fi
    echo "installing moto[server]==${MOTO_VERSION} and cfn-lint from PyPI" >&2
    # Debian-style system Pythons refuse plain installs; retry the way they allow.
    python3 -m pip install --quiet "moto[server]==${MOTO_VERSION}" 'cfn-lint>=1.58' \
        || python3 -m pip install --quiet --user --break-system-packages "moto[server]==${MOTO_VERSION}" 'cfn-lint>=1.58' \
        || echo "warning: pip install failed; using whatever is installed" >&2
    python_tools_present || { echo "error: moto[server]==${MOTO_VERSION} is not installed" >&2; return 1; }
}
