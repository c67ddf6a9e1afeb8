"""Execute a notebook headless with papermill: ``python -m course_utils.run``.

The executed notebook and its figures (PNG) go to ``output/<topic>-<framework>/``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .frameworks import FRAMEWORKS
from .profiles import PROFILES
from .sources import ROOT, topic_ids
from .viz import FIGURES_VARIABLE


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="01_mlp_autoencoder", choices=topic_ids())
    parser.add_argument("--framework", default="pytorch", choices=FRAMEWORKS)
    parser.add_argument("--profile", choices=PROFILES, default=None,
                        help="default: chosen from the machine (GPU: full, else quick)")
    parser.add_argument("--exercises", action="store_true",
                        help="run the exercise notebook instead of the solved one")
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    args = parser.parse_args(argv)

    import papermill

    kind = "notebooks" if args.exercises else "solutions"
    source = ROOT / kind / args.framework / f"{args.topic}.ipynb"
    folder = args.output / f"{args.topic}-{args.framework}"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[FIGURES_VARIABLE] = str(folder / "figures")
    target = folder / source.name
    print(f"running {source.relative_to(ROOT)} -> {target}")
    papermill.execute_notebook(str(source), str(target), parameters={"PROFILE": args.profile},
                               cwd=str(ROOT), progress_bar=False, stdout_file=sys.stdout)
    figures = sorted((folder / "figures").glob("*.png"))
    print(f"done: {target} and {len(figures)} figures in {folder / 'figures'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
