"""python3 -m brainemu.pynn.install [DIR]: makes `import pyNN.brainemu` work, the way
third-party PyNN backends install (sPyNNaker copies a module into PyNN's folder): it writes
pyNN/brainemu.py, a two-line module that imports brainemu.pynn from where this brainemu is.
DIR: PyNN's folder (default: the one `import pyNN` finds). Needs write access there."""
import os
import sys

SHIM = '''"""brainemu as a PyNN backend (written by python3 -m brainemu.pynn.install)."""
import sys
if {path!r} not in sys.path:
    sys.path.append({path!r})
from brainemu.pynn import *  # noqa: F401,F403
from brainemu.pynn import __doc__, list_standard_models, setup, end  # noqa: F401
'''


def install(directory=None):
    """Writes the shim into PyNN's folder (or `directory`) and returns its path."""
    if directory is None:
        import pyNN
        directory = os.path.dirname(pyNN.__file__)
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(directory, "brainemu.py")
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(SHIM.format(path=here))
    os.replace(temporary, path)
    return path


if __name__ == "__main__":
    try:
        print(install(sys.argv[1] if len(sys.argv) > 1 else None))
    except OSError as e:
        sys.exit(f"brainemu.pynn.install: cannot write the shim: {e}")
