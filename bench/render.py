"""Time `hai render` per document, Markdown and PDF, for both example dossiers.

    python bench/render.py [--repeat 5]

In-process timings (after one warm-up render, so imports are not counted), then the real
command in a subprocess for all documents in both languages and both formats.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from hai_cli.check import check_dossier
from hai_cli.gitio import Revision
from hai_cli.load import load_dossier
from hai_cli.render import DOCUMENTS, render_markdown, render_pdf

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("ai-rad-companion", "covid19-severity")


def median_ms(func: object, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    today = dt.date.today()
    revision = Revision(False, None, False)
    print("| example | document | Markdown (ms) | PDF (ms) | PDF pages |")
    print("|---|---|---|---|---|")
    for name in EXAMPLES:
        result = check_dossier(load_dossier(ROOT / "examples" / name), today)
        for document in DOCUMENTS.values():
            rendered = render_markdown(result, document, "nl", revision, today)
            pdf = render_pdf(rendered, result)
            md_ms = median_ms(
                lambda d=document, r=result: render_markdown(r, d, "nl", revision, today), repeat
            )
            pdf_ms = median_ms(lambda md=rendered, r=result: render_pdf(md, r), repeat)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(f"| {name} | {document.id} | {md_ms:.1f} | {pdf_ms:.1f} | {pages} |")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "ai-rad-companion"
        shutil.copytree(ROOT / "examples" / "ai-rad-companion", copy)
        command = [sys.executable, "-m", "hai_cli", "render", str(copy), "--format", "all",
                   "--lang", "all"]  # fmt: skip
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        total = time.perf_counter() - start
    command_text = "hai render examples/ai-rad-companion --format all --lang all"
    print(f"\n`{command_text}` (24 files, start-up included): {total:.2f} s")


if __name__ == "__main__":
    main()
