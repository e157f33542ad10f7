"""Checks the layout of the two packages build.sh makes, against the rules of
OpenCart's own installers (read in its source):

- 3.0.x (admin/controller/marketplace/install.php, move()): only upload/ is
  copied, and only into the $allowed folders below; anything else aborts the
  whole install with error_allowed.
- 4.0.x (admin/controller/marketplace/installer.php): install.json at the
  zip's root with non-empty name, version, author and link; the code is the
  file name less .ocmod.zip; every entry is extracted under extension/<code>/.

    python3 tools/check_packages.py dist/synclane.ocmod.zip dist/synclane-oc3.ocmod.zip
"""
import json
import os
import sys
import zipfile

OC3_ALLOWED = (
    "admin/controller/extension/", "admin/language/", "admin/model/extension/",
    "admin/view/image/", "admin/view/javascript/", "admin/view/stylesheet/",
    "admin/view/template/extension/", "catalog/controller/extension/",
    "catalog/language/", "catalog/model/extension/", "catalog/view/javascript/",
    "catalog/view/theme/", "system/config/", "system/library/", "image/catalog/",
)
OC4_TOP = {"install.json", "admin", "catalog", "system"}
OC4_EXPECTED = {
    "admin/controller/module/synclane.php", "admin/controller/event/customer.php",
    "admin/language/en-gb/module/synclane.php", "admin/view/template/module/synclane.twig",
    "catalog/controller/api.php", "catalog/controller/cron.php", "catalog/controller/event/order.php",
    "catalog/controller/event/customer.php", "catalog/controller/event/address.php",
    "catalog/model/order.php", "system/library/synclane/autoload.php",
}
OC3_EXPECTED = {
    "upload/admin/controller/extension/module/synclane.php",
    "upload/admin/controller/extension/synclane/event/customer.php",
    "upload/admin/language/en-gb/extension/module/synclane.php",
    "upload/admin/view/template/extension/module/synclane.twig",
    "upload/catalog/controller/extension/synclane/api.php", "upload/catalog/controller/extension/synclane/cron.php",
    "upload/catalog/controller/extension/synclane/event/order.php",
    "upload/catalog/controller/extension/synclane/event/customer.php",
    "upload/catalog/controller/extension/synclane/event/address.php",
    "upload/catalog/model/extension/synclane/order.php", "upload/system/library/synclane/autoload.php",
}


def check_oc4(path):
    problems = []
    if os.path.basename(path) != "synclane.ocmod.zip":
        problems.append("the 4.0 package must be named synclane.ocmod.zip (the installer takes the code from the name)")
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        try:
            info = json.loads(z.read("install.json"))
            for field in ("name", "version", "author", "link"):
                if not str(info.get(field, "")).strip():
                    problems.append("install.json: empty or missing " + field)
        except KeyError:
            problems.append("no install.json at the root")
    for name in sorted(names):
        if name.split("/")[0] not in OC4_TOP:
            problems.append("unexpected top-level entry: " + name)
    problems += ["missing: " + n for n in sorted(OC4_EXPECTED - names)]
    return problems


def check_oc3(path):
    problems = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
    for name in sorted(names):
        if not name.startswith("upload/"):
            problems.append("outside upload/: " + name)
        elif not name[len("upload/"):].startswith(OC3_ALLOWED):
            problems.append("not an allowed 3.0 path: " + name)
    problems += ["missing: " + n for n in sorted(OC3_EXPECTED - names)]
    return problems


def main():
    oc4, oc3 = sys.argv[1], sys.argv[2]
    problems = [oc4 + ": " + p for p in check_oc4(oc4)] + [oc3 + ": " + p for p in check_oc3(oc3)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
