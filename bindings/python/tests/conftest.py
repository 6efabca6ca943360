# SPDX-License-Identifier: MIT
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
# The package under test is this checkout's, installed or not.
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
