#!/usr/bin/env bash
# Lints template.yaml; any cfn-lint finding (error, warning or info) fails.
# Then checks that the linter really fails on a broken template (a canary, so
# a linter that silently passes everything cannot keep CI green), and that
# the table is the one `DynamoStore::create_table` makes.
#
#   bash infra/lint-template.sh        (infra/test.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/.."

lint() {
    if command -v cfn-lint >/dev/null; then
        cfn-lint "$@"
    else
        python3 -c 'import sys; from cfnlint.runner import main; sys.exit(main())' "$@"
    fi
}

lint template.yaml

canary="$(mktemp -d)/template.yaml"
trap 'rm -rf "$(dirname "$canary")"' EXIT
sed 's/BillingMode: PAY_PER_REQUEST/BillingMode: PAY_PER_REQUESTS/' template.yaml >"$canary"
if lint "$canary" >/dev/null 2>&1; then
    echo "error: cfn-lint accepted a template with an invalid BillingMode; the lint step proves nothing" >&2
    exit 1
fi

# The table must mirror shared/src/store/dynamo/schema.rs.
python3 - <<'PY'
from cfnlint.decode import decode
template, errors = decode("template.yaml")
assert not errors, errors
table = template["Resources"]["Table"]["Properties"]
keys = lambda schema: [(k["AttributeName"], k["KeyType"]) for k in schema]
assert table["BillingMode"] == "PAY_PER_REQUEST", "billing"
assert keys(table["KeySchema"]) == [("pk", "HASH"), ("sk", "RANGE")], "key"
assert sorted((a["AttributeName"], a["AttributeType"]) for a in table["AttributeDefinitions"]) == \
    [("gsi1pk", "S"), ("gsi1sk", "S"), ("pk", "S"), ("sk", "S")], "attributes"
(gsi,) = table["GlobalSecondaryIndexes"]
assert gsi["IndexName"] == "gsi1" and gsi["Projection"]["ProjectionType"] == "ALL", "gsi1"
assert keys(gsi["KeySchema"]) == [("gsi1pk", "HASH"), ("gsi1sk", "RANGE")], "gsi1 key"
assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}, "ttl"
assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True, "pitr"

# Every Lambda crate is deployed, and every deployed binary is a crate.
import pathlib
crates = {p.parent.name for p in pathlib.Path("functions").glob("*/Cargo.toml")} - {"synclane"}
binaries = {r["Metadata"]["BuildProperties"]["Binary"] for r in template["Resources"].values()
            if r["Type"] == "AWS::Serverless::Function"}
assert crates == binaries, f"functions/ crates {sorted(crates)} vs template binaries {sorted(binaries)}"
PY
echo "template.yaml: cfn-lint clean; canary refused; table matches DynamoStore's schema; every function crate deployed" >&2
