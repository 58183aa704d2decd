"""Figures about where the code lives, from its own imports (tests, migrations and
`bench/` left out): import circles between modules, the largest modules, imports of project
modules inside functions, and files per app.

Usage: python scripts/layout.py [--list]
"""

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_PARTS = {"migrations", "tests", "bench", "scripts", "node_modules", ".venv", "__pycache__"}


def project_modules() -> dict[str, Path]:
    packages = sorted(
        p.parent.name
        for p in ROOT.glob("*/__init__.py")
        if p.parent.name not in SKIP_PARTS and not p.parent.name.endswith(".egg-info")
    )
    modules = {}
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            if SKIP_PARTS & set(path.relative_to(ROOT).parts):
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def imports_of(path: Path, name: str, modules: dict[str, Path]) -> tuple[set[str], list[str]]:
    """(modules imported at load time, modules imported inside functions)."""
    tree = ast.parse(path.read_text(), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top: set[str] = set()
    inner: list[str] = []

    def targets(node) -> list[str]:
        found = []
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for candidate in candidates:
            while candidate and candidate not in modules:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                found.append(candidate)
                break
        return found

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                (inner.extend if in_function else top.update)(targets(child))
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, True)
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            elif include_target(child) in modules and not in_function:
                # `include("cycles.urls")`: Django imports it when the URLconf loads.
                top.add(include_target(child))
            else:
                visit(child, in_function)

    visit(tree, False)
    return top, inner


def include_target(node) -> str | None:
    if (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "include"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def longest_path(graph: dict[str, set[str]], start: str) -> list[str]:
    """The longest chain of load-time imports from `start` (a request enters at `plc.urls`).
    An import that closes a circle is not followed."""
    best: dict[str, list[str]] = {}

    def walk(node: str, seen: frozenset[str]) -> list[str]:
        if node in best:
            return best[node]
        longest: list[str] = []
        for other in sorted(graph.get(node, ())):
            if other in seen:
                continue
            chain = walk(other, seen | {other})
            if len(chain) > len(longest):
                longest = chain
        best[node] = [node, *longest]
        return best[node]

    sys.setrecursionlimit(10_000)
    return walk(start, frozenset({start}))


# The outbox and a person's mail preferences are the notifications app's services.
SERVICE_MODULES = {"notifications.outbox", "notifications.preferences"}


def is_service(name: str) -> bool:
    return "services" in name.split(".") or name in SERVICE_MODULES


def packages_as_one(graph: dict[str, set[str]], modules: dict[str, Path]) -> dict[str, set[str]]:
    """The graph with each package below an app (`cycles.models`, `cycles.services`, ...)
    folded into one node: a hop inside a package is not a step of the request."""
    packages = {
        name
        for name, path in modules.items()
        if path.name == "__init__.py" and name.count(".") == 1
    }

    def fold(name: str) -> str:
        parts = name.split(".")
        return ".".join(parts[:2]) if ".".join(parts[:2]) in packages else name

    folded: dict[str, set[str]] = defaultdict(set)
    for name, targets in graph.items():
        folded[fold(name)] |= {fold(t) for t in targets} - {fold(name)}
    return folded


def writes_outside_services(modules: dict[str, Path]) -> list[str]:
    """Modules of a domain app that open a transaction but are not its services (the demo
    data, management commands and the project package aside)."""
    found = []
    for name, path in sorted(modules.items()):
        parts = name.split(".")
        if parts[0] in {"demo", "plc", "core"} or "management" in parts:
            continue
        if is_service(name) or "transaction.atomic" not in path.read_text():
            continue
        found.append(name)
    return found


def main() -> None:
    modules = project_modules()
    load: dict[str, set[str]] = {}
    everything: dict[str, set[str]] = defaultdict(set)
    inner_imports: list[tuple[str, str]] = []
    for name, path in modules.items():
        top, inner = imports_of(path, name, modules)
        load[name] = top
        everything[name] |= top | set(inner)
        inner_imports += [(name, target) for target in inner]
    lines = sorted(
        ((len(path.read_text().splitlines()), name) for name, path in modules.items()),
        reverse=True,
    )
    per_app: dict[str, int] = defaultdict(int)
    for name in modules:
        per_app[name.split(".")[0]] += 1
    found = circles(everything)
    print(f"modules: {len(modules)}")
    print(f"import circles (counting imports inside functions): {len(found)}")
    for component in found:
        print(f"  {len(component)} modules: {', '.join(component)}")
    print(f"import circles at load time: {len(circles(load))}")
    print(f"imports of project modules inside functions: {len(inner_imports)}")
    if "--list" in sys.argv:
        for source, target in inner_imports:
            print(f"  {source} -> {target}")
    over = [f"{name} ({count})" for count, name in lines if count > 500]
    print(f"modules over 500 lines: {len(over)}{': ' + ', '.join(over) if over else ''}")
    print("largest modules: " + ", ".join(f"{name} ({count})" for count, name in lines[:5]))
    chain = longest_path(load, "plc.urls") if "plc.urls" in load else []
    print(f"longest request path (load-time imports from plc.urls): {len(chain)} modules")
    print("  " + " -> ".join(chain))
    packed = longest_path(packages_as_one(load, modules), "plc.urls") if chain else []
    print(f"  the same with a package's modules counted as one: {len(packed)}")
    print("  " + " -> ".join(packed))
    writes = writes_outside_services(modules)
    print(
        f"modules that open a transaction outside services: {len(writes)}"
        + (": " + ", ".join(writes) if writes else "")
    )
    print("files per app: " + ", ".join(f"{app} {n}" for app, n in sorted(per_app.items())))


if __name__ == "__main__":
    main()
