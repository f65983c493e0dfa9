"""BENCHMARKS.md sections that the bench scripts own, each between its two marker comments."""
import re
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def write_section(markers, section, log=print, path=BENCHMARKS):
    """Replaces the text between the markers (section includes them), or appends the section when they are absent.
    path: BENCHMARKS.md unless told (bench/run --report writes elsewhere)."""
    text = path.read_text()
    if markers[0] in text:
        text = re.sub(re.escape(markers[0]) + ".*?" + re.escape(markers[1]), lambda m: section, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)
    log(f"wrote {path}")
