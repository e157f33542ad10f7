#!/usr/bin/env bash
# Builds the two installable packages from the one source tree:
#   dist/synclane.ocmod.zip      OpenCart 4.0.x (Extensions > Installer). The
#                                 installer names the extension after the file
#                                 (synclane) and extracts it under extension/synclane/.
#   dist/synclane-oc3.ocmod.zip  OpenCart 3.0.x: everything under upload/, copied
#                                 by the installer into the shop's own folders.
# The core (src/core) goes into both: system/library/synclane/ in 3.0, the
# extension's own system/library/synclane/ in 4.0.
#
#   bash extensions/opencart/build.sh        # SYNCLANE_LINK overrides install.json's link
set -euo pipefail
cd "$(dirname "$0")"

version="$(sed -n "s/.*const VERSION = '\([^']*\)'.*/\1/p" src/core/client.php)"
[[ -n "$version" ]] || { echo "build: no VERSION in src/core/client.php" >&2; exit 1; }
link="${SYNCLANE_LINK:-https://synclane.example}"

stage="dist/stage"
rm -rf "$stage" dist/synclane.ocmod.zip dist/synclane-oc3.ocmod.zip
mkdir -p "$stage/oc3/upload/system/library/synclane" "$stage/oc3/upload/admin/language/en-gb/extension/module" \
    "$stage/oc4/system/library/synclane" "$stage/oc4/admin/language/en-gb/module"

cp -R src/oc3/. "$stage/oc3/upload/"
cp src/core/*.php "$stage/oc3/upload/system/library/synclane/"
cp src/lang/en-gb/synclane.php "$stage/oc3/upload/admin/language/en-gb/extension/module/synclane.php"

cp -R src/oc4/. "$stage/oc4/"
cp src/core/*.php "$stage/oc4/system/library/synclane/"
cp src/lang/en-gb/synclane.php "$stage/oc4/admin/language/en-gb/module/synclane.php"
cat >"$stage/oc4/install.json" <<JSON
{
    "name": "Synclane",
    "version": "${version}",
    "author": "Synclane",
    "link": "${link}"
}
JSON

# Fixed timestamps: the same sources give byte-identical packages.
find "$stage" -exec touch -h -d '2024-01-01 00:00:00' {} +

pack() { # pack <dir> <zip>: the dir's contents at the zip's root, files only
    local dir="$1" out="$PWD/$2"
    if command -v zip >/dev/null; then
        (cd "$dir" && find . -type f | LC_ALL=C sort | sed 's|^\./||' | zip -X -q "$out" -@)
    else
        python3 - "$dir" "$out" <<'PY'
import os, sys, zipfile
root, out = sys.argv[1], sys.argv[2]
names = sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in names:
        z.write(os.path.join(root, name), name)
PY
    fi
}
pack "$stage/oc4" dist/synclane.ocmod.zip
pack "$stage/oc3" dist/synclane-oc3.ocmod.zip
echo "built dist/synclane.ocmod.zip and dist/synclane-oc3.ocmod.zip (version ${version})"
