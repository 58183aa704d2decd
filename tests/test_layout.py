"""The layout stays honest (see scripts/layout.py for the figures and docs/architecture.md
for the rules): the ground floor (`core/`) imports no app of ours, no import circle, no module
over 500 lines, one urls.py per app, writes in services, no demo data in a domain app."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "layout.py"
spec = importlib.util.spec_from_file_location("layout", SCRIPT)
layout = importlib.util.module_from_spec(spec)
spec.loader.exec_module(layout)


def graph(*, inside_functions: bool) -> dict[str, set[str]]:
    modules = layout.project_modules()
    edges = {}
    for name, path in modules.items():
        top, inner = layout.imports_of(path, name, modules)
        edges[name] = top | (set(inner) if inside_functions else set())
    return edges


def test_the_ground_floor_imports_no_app():
    edges = graph(inside_functions=True)
    upward = {
        (name, target)
        for name, targets in edges.items()
        if name.split(".")[0] == "core"
        for target in targets
        if target.split(".")[0] != "core"
    }
    assert upward == set()
    assert any(name.startswith("core.") for name in edges), "core/ was not measured"


def test_no_import_circle_at_load_time():
    assert layout.circles(graph(inside_functions=False)) == []


def test_no_demo_data_inside_a_domain_app():
    inside = [
        name for name in layout.project_modules() if "demo" in name and name.split(".")[0] != "demo"
    ]
    assert inside == []


def test_no_import_circle_but_a_service_and_its_own_tasks():
    # Counting imports inside functions too. A service hands work to its own app's tasks,
    # and the tasks call the service: that pair is the one circle allowed.
    for circle in layout.circles(graph(inside_functions=True)):
        app = circle[0].split(".")[0]
        assert len(circle) == 2 and f"{app}.tasks" in circle, circle
        (service,) = set(circle) - {f"{app}.tasks"}
        assert layout.is_service(service), circle


def test_one_urls_module_per_app():
    extra = [name for name in layout.project_modules() if name.split(".")[-1].startswith("urls_")]
    assert extra == []


def test_few_imports_inside_functions():
    # AppConfig.ready's registrations, and a service handing work to its own tasks.
    modules = layout.project_modules()
    inner = [
        (name, target)
        for name, path in modules.items()
        for target in layout.imports_of(path, name, modules)[1]
    ]
    assert len(inner) <= 5, inner


def test_no_production_module_over_500_lines():
    lines = {
        name: len(path.read_text().splitlines()) for name, path in layout.project_modules().items()
    }
    assert {name: n for name, n in lines.items() if n > 500} == {}


def test_transactions_are_opened_in_services_only():
    # A write that must be whole (a transaction) belongs in the app's services.
    assert layout.writes_outside_services(layout.project_modules()) == []
