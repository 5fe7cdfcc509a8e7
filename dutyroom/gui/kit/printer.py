"""Direct printing: the printer dialog (printer, copies, duplex, page range), then the PDF the app rendered
drawn page by page on the printer.

Qt's own PDF module (QtPdf) is not part of PySide6-Essentials, so PDFium (pypdfium2) rasterises each page at
the printer's resolution (at most ``MAX_DPI``) and QPainter draws that image on the QPrinter: Windows hands it
to the printer driver through GDI, Linux to CUPS. The printer and its duplex and colour settings are
remembered in the workstation's QSettings. Imported only when something is printed (pdfium is not light).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

from dutyroom.errors import Cancelled, DutyRoomError

MAX_DPI = 300          # sharp text on office printers; an A4 page is then ~26 MB of pixels, one page at a time
POINTS_PER_INCH = 72
_PDFIUM = threading.Lock()    # PDFium is not thread-safe: one print job renders at a time


@dataclass(frozen=True)
class PrintedJob:
    printer: str
    pages: int
    copies: int


@contextmanager
def _opened(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """The PDF open in PDFium for the length of a ``with`` (holding the one lock)."""
    with _PDFIUM:
        document = pdfium.PdfDocument(data)
        try:
            yield document
        finally:
            document.close()


def page_count(data: bytes) -> int:
    with _opened(data) as document:
        return len(document)


def _orientation(width: float, height: float) -> QPageLayout.Orientation:
    return QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait


def _first_page_size(data: bytes) -> tuple[float, float]:
    with _opened(data) as document:
        width, height = document.get_page_size(0)
        return width, height


# -- the dialog -------------------------------------------------------------------------------------------

def restore_settings(printer: QPrinter, ui_state: QSettings | None) -> None:
    """The printer, duplex and colour mode chosen last time on this workstation (if that printer still exists)."""
    if ui_state is None:
        return
    name = str(ui_state.value("print/printer", "") or "")
    if name and name in QPrinterInfo.availablePrinterNames():
        printer.setPrinterName(name)
    duplex = ui_state.value("print/duplex")
    if duplex is not None:
        printer.setDuplex(QPrinter.DuplexMode(int(duplex)))
    colour = ui_state.value("print/colour")
    if colour is not None:
        printer.setColorMode(QPrinter.ColorMode(int(colour)))


def remember_settings(printer: QPrinter, ui_state: QSettings | None) -> None:
    """Keep what the dialog chose for next time (the printer only when it was a real one, not 打印到文件)."""
    if ui_state is None:
        return
    if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and printer.printerName():
        ui_state.setValue("print/printer", printer.printerName())
        ui_state.setValue("print/duplex", printer.duplex().value)
    ui_state.setValue("print/colour", printer.colorMode().value)


def new_printer(data: bytes, name: str, ui_state: QSettings | None) -> QPrinter:
    """A printer set up for this document: A4 in the document's orientation, the last printer used."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    restore_settings(printer, ui_state)
    printer.setDocName(name)
    printer.setFullPage(True)      # the PDF carries its own margins (GB/T 9704): draw on the whole sheet
    width, height = _first_page_size(data)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), _orientation(width, height),
                                      QMarginsF(0, 0, 0, 0)))
    return printer


def ask_printer(parent: QWidget | None, printer: QPrinter, pages: int, title: str = "打印") -> bool:
    """The system's printer dialog for ``printer`` (kept alive by the caller: Qt crashes on a temporary one)."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setMinMax(1, max(pages, 1))
    dialog.setOptions(QAbstractPrintDialog.PrintDialogOption.PrintPageRange
                      | QAbstractPrintDialog.PrintDialogOption.PrintToFile
                      | QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies
                      | QAbstractPrintDialog.PrintDialogOption.PrintShowPageSize)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return accepted


# -- printing ---------------------------------------------------------------------------------------------

def chosen_pages(printer: QPrinter, pages: int) -> list[int]:
    """0-based page numbers the dialog asked for, in the order chosen (a range, or all)."""
    first, last = 1, pages
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(printer.fromPage(), 1), min(printer.toPage() or pages, pages)
    order = list(range(first - 1, last))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        order.reverse()
    return order


def _page_image(page: pdfium.PdfPage, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, optimize_mode="print")
    try:
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBX8888)
        return image.copy()        # the pixels belong to PDFium until copied
    finally:
        bitmap.close()


def print_pdf(printer: QPrinter, data: bytes, *, progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] = lambda: False) -> PrintedJob:
    """Draw the pages ``printer`` asks for, each scaled onto the whole sheet. Runs in a worker thread (Qt paints
    on a QPrinter from any thread); PDFium rasterises one page at a time at the printer's resolution."""
    with _opened(data) as document:
        return _print_document(printer, document, progress, cancelled)


def _print_document(printer: QPrinter, document: pdfium.PdfDocument,
                    progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool]) -> PrintedJob:
    order = chosen_pages(printer, len(document))
    # A driver that cannot print copies itself (some Linux set-ups) gets the pages once per copy.
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    sheets = [index for _copy in range(copies) for index in order]
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    try:
        for done, index in enumerate(sheets):
            if cancelled():
                printer.abort()
                raise Cancelled()
            page = document[index]
            try:
                width, height = page.get_size()
                orientation = _orientation(width, height)
                if done == 0:
                    printer.setPageOrientation(orientation)
                    if not painter.begin(printer):
                        raise DutyRoomError("无法开始打印：打印机不可用，请检查打印机后重试。")
                else:
                    if printer.pageLayout().orientation() != orientation:
                        printer.setPageOrientation(orientation)
                    printer.newPage()
                image = _page_image(page, dpi)
            finally:
                page.close()
            target = QRect(QPoint(0, 0), printer.paperRect(QPrinter.Unit.DevicePixel).toRect().size())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(_fitted(target, image), image)
            if progress is not None:
                progress(done + 1, len(sheets))
    finally:
        if painter.isActive():
            painter.end()
    return PrintedJob(printer.printerName() or printer.outputFileName(), len(order), max(printer.copyCount(), 1))


def _fitted(target: QRect, image: QImage) -> QRect:
    """``image`` scaled to fit ``target`` keeping its proportions, from the top-left corner (the paper's)."""
    size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
    return QRect(target.topLeft(), size)
