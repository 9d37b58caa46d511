"""ctest's entry to the Python tests: exit 77 (ctest: skipped) without numpy or pytest."""
import sys

try:
    import numpy  # noqa: F401
    import pytest
except ImportError as missing:
    print(f"skipped: {missing} (apt-get install python3-numpy python3-pytest)")
    sys.exit(77)

# No .pytest_cache in the source tree.
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", *sys.argv[1:]]))
