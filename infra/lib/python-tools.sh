# Sourced by the infra scripts: installs the Python test tools when missing.
# moto is pinned because the conformance tests rely on its exact SQS/DynamoDB
# behaviour (see shared/src/queue/sqs.rs). cargo-lambda (PyPI ships its
# binary) runs the Lambda functions in the end-to-end test of the real
# binaries (tests/e2e/tests/suite/lambda_binaries.rs) and builds releases.

MOTO_VERSION="5.2.5"
CARGO_LAMBDA_VERSION="1.9.2"

python_tools_present() {
    python3 - "$MOTO_VERSION" "$CARGO_LAMBDA_VERSION" <<'PY' 2>/dev/null || return 1
import importlib.metadata as md, sys
assert md.version("moto") == sys.argv[1]
assert md.version("cargo-lambda") == sys.argv[2]
import flask, flask_cors  # moto[server]
assert tuple(int(x) for x in md.version("cfn-lint").split(".")[:2]) >= (1, 58)
PY
    command -v cargo-lambda >/dev/null
}

ensure_python_tools() {
    # `pip install --user` puts cargo-lambda and cfn-lint here.
    PATH="$(python3 -m site --user-base 2>/dev/null || echo "$HOME/.local")/bin:$PATH"
    export PATH
    if python_tools_present; then
        return 0
    fi
    echo "installing moto[server]==${MOTO_VERSION}, cfn-lint and cargo-lambda==${CARGO_LAMBDA_VERSION} from PyPI" >&2
    # Debian-style system Pythons refuse plain installs; retry the way they allow.
    python3 -m pip install --quiet "moto[server]==${MOTO_VERSION}" 'cfn-lint>=1.58' "cargo-lambda==${CARGO_LAMBDA_VERSION}" \
        || python3 -m pip install --quiet --user --break-system-packages "moto[server]==${MOTO_VERSION}" 'cfn-lint>=1.58' "cargo-lambda==${CARGO_LAMBDA_VERSION}" \
        || echo "warning: pip install failed; using whatever is installed" >&2
    python_tools_present || {
        echo "error: moto[server]==${MOTO_VERSION}, cfn-lint or cargo-lambda==${CARGO_LAMBDA_VERSION} is not installed (or not on PATH)" >&2
        return 1
    }
}
