"""spaCy is imported without its CLI, and its CLI still works when asked for."""

import subprocess
import sys

_CHECK = """
import sys
from defcoop.extractors.spacy_import import import_spacy
spacy = import_spacy()
print('spacy.cli' in sys.modules, 'weasel' in sys.modules)
import spacy.cli
print(callable(spacy.cli.setup_cli))
"""


def test_spacy_is_imported_without_its_cli_and_the_cli_can_still_be_imported():
    out = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "True"]


def test_spacy_info_still_works_after_a_light_import():
    code = ("from defcoop.extractors.spacy_import import import_spacy\n"
            "spacy = import_spacy()\nprint(spacy.info()['spacy_version'] == spacy.__version__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "True"
