"""The certificate as a PDF, drawn with fpdf2: one A4 landscape page, the same bytes for the
same certificate (no creation date in the file's metadata).

Text is set in DejaVu Sans (Debian's fonts-dejavu-core, which scripts/setup and the server image
install), embedded as a subset, so names in Latin, Greek, Cyrillic and the other scripts it
covers print as written. Scripts it lacks (CJK) come out as empty boxes, never as an error.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fpdf import FPDF

INK, ACCENT = (33, 37, 41), (37, 99, 235)
FONTS = Path("/usr/share/fonts/truetype/dejavu")
FACE = "DejaVu"


def _pdf() -> FPDF:
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font(FACE, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FACE, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    return pdf


def render(learner: str, course: str, issued_at: datetime, code: str, verify_url: str) -> bytes:
    pdf = _pdf()
    pdf.set_creation_date(issued_at)
    pdf.set_title(f"Certificate: {course}")
    pdf.set_author("UsefulWriter")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_text_color(*ACCENT)
    pdf.set_font(FACE, "B", 34)
    pdf.set_xy(10, 40)
    pdf.cell(277, 16, "Certificate of Completion", align="C")
    pdf.set_text_color(*INK)
    _line(pdf, 75, "This certifies that", 16)
    _line(pdf, 90, learner, 30, bold=True)
    _line(pdf, 112, "has completed the course", 16)
    _line(pdf, 127, course, 24, bold=True)
    _line(pdf, 150, f"on {issued_at:%B} {issued_at.day}, {issued_at.year}", 14)
    _line(pdf, 178, f"Verification code {code}  -  {verify_url}", 10)
    return bytes(pdf.output())  # fpdf2 logs a warning naming any glyph the font lacks


def _line(pdf: FPDF, y: float, text: str, size: int, bold: bool = False) -> None:
    pdf.set_font(FACE, "B" if bold else "", size)
    while size > 8 and pdf.get_string_width(text) > 257:  # a long title shrinks to fit
        size -= 1
        pdf.set_font_size(size)
    pdf.set_xy(10, y)
    pdf.cell(277, size * 0.6, text, align="C")
