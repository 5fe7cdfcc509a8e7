"""Reading real PDFs in tests: text, page sizes, and whether every font is embedded."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader

MM = 72 / 25.4


@dataclass
class PdfFacts:
    text: str
    pages: list[str]
    sizes_mm: list[tuple[int, int]]
    fonts: dict[str, bool]   # base font name -> embedded?


def _fonts_of(resources: object, found: dict[str, bool]) -> None:
    if not resources or "/Font" not in resources:
        return
    for ref in resources["/Font"].values():
        font = ref.get_object()
        name = str(font.get("/BaseFont"))
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        found[name] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def read_pdf(data: bytes) -> PdfFacts:
    assert data.startswith(b"%PDF"), "not a PDF"
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() or "" for page in reader.pages]
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        _fonts_of(page.get("/Resources"), fonts)
    sizes = [(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM)) for p in reader.pages]
    return PdfFacts("\n".join(pages), pages, sizes, fonts)


def squeeze(text: str) -> str:
    """Text without whitespace (PDF extraction spaces CJK text unpredictably)."""
    return "".join(text.split())


def ink_per_page(data: bytes, dpi: float = 36) -> list[float]:
    """How much ink each page carries: the mean darkness of its pixels, PDFium-rendered (0 blank, 1 black).
    A mean survives resampling, so a page drawn as an image and the vector original come out alike."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    shares = []
    try:
        for page in document:
            bitmap = page.render(scale=dpi / 72, grayscale=True, rev_byteorder=True)
            pixels = bytes(bitmap.buffer)
            step, width = bitmap.n_channels, bitmap.width * bitmap.n_channels
            darkness = 0
            for row in range(bitmap.height):
                line = pixels[row * bitmap.stride: row * bitmap.stride + width]
                darkness += sum(255 - value for value in line[::step])
            shares.append(darkness / (255 * bitmap.width * bitmap.height))
            bitmap.close()
            page.close()
    finally:
        document.close()
    return shares
