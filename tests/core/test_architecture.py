"""The arrows of DESIGN.md hold: checked by import-linter with the contracts in pyproject.toml."""

from pathlib import Path

from django.core.management import get_commands
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept():
    # 0 = every contract kept; the report is printed on failure by pytest's captured output.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_demo_and_loading_commands_live_in_setup_above_the_domains():
    commands = get_commands()
    assert commands["demo"] == "alpsatellites.setup"
    assert commands["load_default_territories"] == "alpsatellites.setup"
