"""Count the first-party import graph from the code: which package imports which, and the cycles.

    .venv/bin/python scripts/import_graph.py [--depth N] [--edges]

A node is a dotted module name cut to --depth parts (default 2: `grading.challenges`, `kit.db`);
an edge is "some module in A imports something in B" (module level or inside a function: a lazy
import is still a dependency). Prints the package-level (depth 1) edges, the number of nodes and
edges at --depth, every cycle (strongly connected component larger than one node) and the lazy
imports. Used for the before/after figures of a restructuring; tests/test_architecture.py holds
the rules themselves.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {"tests", "scripts", "examples", "loadtests", "web", "node_modules", ".venv"}


def first_party() -> set[str]:
    return {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()
            and p.name not in SKIP}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def submodule(base: str, name: str) -> str:
    """`from kit import db` depends on kit.db when that is a module, else on kit."""
    path = ROOT.joinpath(*base.split("."), name)
    return f"{base}.{name}" if path.with_suffix(".py").exists() or path.is_dir() else base


def imported(tree: ast.AST, here: str) -> list[tuple[str, bool]]:
    """(module, lazy) for every import; relative imports resolved against `here`."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((a.name, lazy) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join(here.split(".")[:-child.level] + ([base] if base else []))
                found.extend((submodule(base, a.name), lazy) for a in child.names)
            visit(child, inner)

    visit(tree, False)
    return found


def graph(depth: int) -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    ours = first_party()
    edges: dict[str, set[str]] = defaultdict(set)
    lazy: list[tuple[str, str]] = []
    for top in sorted(ours):
        for path in sorted((ROOT / top).rglob("*.py")):
            here = module_name(path)
            for target, is_lazy in imported(ast.parse(path.read_text()), here):
                if target.split(".")[0] not in ours:
                    continue
                a, b = ".".join(here.split(".")[:depth]), ".".join(target.split(".")[:depth])
                if a != b:
                    edges[a].add(b)
                    if is_lazy:
                        lazy.append((here, target))
    return edges, lazy


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if node not in index:
            connect(node)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--edges", action="store_true", help="list every edge at --depth")
    args = parser.parse_args()
    top, _ = graph(1)
    print("packages:", " ".join(sorted(first_party())))
    for a in sorted(top):
        print(f"  {a} -> {', '.join(sorted(top[a]))}")
    edges, lazy = graph(args.depth)
    nodes = set(edges) | {w for ws in edges.values() for w in ws}
    print(f"depth {args.depth}: {len(nodes)} nodes, {sum(map(len, edges.values()))} edges")
    if args.edges:
        for a in sorted(edges):
            print(f"  {a} -> {', '.join(sorted(edges[a]))}")
    for depth, graph_edges in ((1, top), (args.depth, edges)):
        found = cycles(graph_edges)
        print(f"cycles at depth {depth}: {len(found)}")
        for component in found:
            print("  " + " <-> ".join(component))
    print(f"lazy first-party imports: {len(lazy)}")
    for here, target in lazy:
        print(f"  {here} -> {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
