#!/usr/bin/env python3
"""Fails when modules of `shared/src` import each other in a cycle.

A module's edges are the `crate::…`, `super::…` and `self::…` paths its
files name. Two levels are checked: the crate's top-level modules (e.g.
`flows` → `store`), and the children of every module among themselves
(e.g. `flows/crm_moysklad` → `flows/links`). A child naming its own
ancestor is not an edge: that is how Rust nests modules. `#[cfg(test)]`
modules and test files (`tests.rs`, `tests/`) are left out: they may look
anywhere.

    python3 infra/import_cycles.py [shared/src]
"""
import os
import re
import sys
from collections import defaultdict

PATH = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
TEST_MOD = re.compile(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{")


def module_path(root, file):
    rel = os.path.relpath(file, root)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib"):
        rel = rel[:-1]
    return rel


def is_test_file(parts):
    return any(p == "tests" for p in parts)


def strip_test_modules(text):
    """Cuts inline `#[cfg(test)] mod x { ... }` blocks."""
    out, i = [], 0
    for m in TEST_MOD.finditer(text):
        if m.start() < i:
            continue
        out.append(text[i : m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)


def resolve(here, kind, rest, is_mod_file):
    """The absolute module path a `crate::`/`super::`/`self::` path names."""
    parts = [p for p in rest.split("::") if p]
    # A file `a/b.rs` is module a::b; inside it, `super` is `a`.
    base = list(here)
    if kind == "crate":
        base = []
    elif kind == "super":
        base = base[:-1]
        while parts and parts[0] == "super":
            base, parts = base[:-1], parts[1:]
    return base + parts


def edges(root):
    found = defaultdict(set)
    for dirpath, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".rs"):
                continue
            file = os.path.join(dirpath, name)
            here = module_path(root, file)
            if is_test_file(here) or name == "tests.rs":
                continue
            text = strip_test_modules(open(file, encoding="utf-8").read())
            text = re.sub(r"//[^\n]*", "", text)
            for m in PATH.finditer(text):
                target = resolve(here, m.group(1), m.group(2), name == "mod.rs")
                found[tuple(here)].add(tuple(target))
    return found


def sibling_edges(found):
    """(parent, from-child, to-child) for every edge between two siblings."""
    out = set()
    for here, targets in found.items():
        for target in targets:
            common = 0
            while common < min(len(here), len(target)) and here[common] == target[common]:
                common += 1
            if common >= len(here) or common >= len(target):
                continue  # an ancestor or a descendant: nesting, not an edge
            out.add((here[:common], here[common], target[common]))
    return out


def cycles(graph):
    """Every strongly connected component with more than one node."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def self_test():
    """A canary: a tree with a known cycle must be refused, a clean one passed."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "a"))
        files = {
            "lib.rs": "pub mod a; pub mod b;",
            "a/mod.rs": "pub mod x; pub mod y; use crate::b::B;",
            "a/x.rs": "use super::y::Y; pub struct X;",
            "a/y.rs": "use crate::a::x::X; pub struct Y;",
            "b.rs": "use crate::a::x::X; pub struct B;\n#[cfg(test)]\nmod tests { use crate::a::A; }",
        }
        for name, text in files.items():
            open(os.path.join(d, name), "w").write(text)
        graph = defaultdict(lambda: defaultdict(set))
        for parent, a, b in sibling_edges(edges(d)):
            graph[parent][a].add(b)
        found = {p: cycles(g) for p, g in graph.items()}
        assert found[()] == [["a", "b"]], found
        assert found[("a",)] == [["x", "y"]], found
    print("import cycle checker: canary cycles found")


def main():
    if "--self-test" in sys.argv:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else "shared/src"
    by_parent = defaultdict(lambda: defaultdict(set))
    for parent, a, b in sibling_edges(edges(root)):
        by_parent[parent][a].add(b)
    problems = []
    for parent, graph in sorted(by_parent.items()):
        for comp in cycles(graph):
            where = "::".join(parent) or "crate"
            problems.append(f"{where}: {' <-> '.join(comp)}")
    if problems:
        print("import cycles in", root)
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print(f"no import cycles in {root}")


if __name__ == "__main__":
    main()
