"""Build one topic's notebook for one framework and run it in the smoke profile.

Usage: python tools/try_notebook.py TOPIC FRAMEWORK [solutions|notebooks]
Writes course_utils/saved/<framework>.py first so later topics can import it.
"""

import os
import sys
import tempfile
import time

from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from course_utils import build
from course_utils.sources import ROOT

topic, framework = sys.argv[1], sys.argv[2]
kind = sys.argv[3] if len(sys.argv) > 3 else "solutions"
(ROOT / "course_utils" / "saved" / f"{framework}.py").write_text(build.saved_library(framework))
os.environ.setdefault("COURSE_PROFILE", "smoke")
os.environ.setdefault("COURSE_CHECKPOINTS", tempfile.mkdtemp())
notebook = build.build_notebook(topic, framework, kind)
start = time.time()
try:
    NotebookClient(notebook, timeout=900, kernel_name="python3").execute()
    status = "ok"
except CellExecutionError as error:
    status = "FAILED"
    print(str(error)[-4000:])
for cell in notebook.cells:
    for output in cell.get("outputs", []):
        if output.output_type == "stream" and output.name == "stdout":
            print(output.text.rstrip()[-1500:])
print(f"{status} in {time.time() - start:.1f}s")
sys.exit(status != "ok")
