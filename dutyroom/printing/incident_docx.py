"""突发事件信息专报 as .docx for editing in Word/WPS: the PDF's content and GB/T 9704 geometry, fonts by name.

Built from the same ``SpecialReportDoc`` as the PDF, on the print base's Word page (``printing.docx_base``):
faces named as the font registry chooses them for the PDF, page numbers "— n —", Chinese line breaking.
"""

from __future__ import annotations

from dutyroom.clock import chinese_date
from dutyroom.printing.docx_base import (
    border,
    new_document,
    paragraph,
    points,
    signature,
    to_bytes,
    two_sides,
)
from dutyroom.printing.fonts import FontRegistry
from dutyroom.printing.incident_report import RED, SpecialReportDoc
from dutyroom.printing.page import BODY_LEADING, SIZE_2, SIZE_3, SIZE_4

MASTHEAD_SIZE = 34.0


def render_special_report_docx(doc: SpecialReportDoc, fonts: FontRegistry | None = None) -> bytes:
    document = new_document(fonts, title=f"{doc.masthead} {doc.issue_text} {doc.title}", author=doc.org_name,
                            subject=doc.kind_label)
    if doc.draft:
        paragraph(document, "草稿　未签发", "heading", SIZE_4, align="right", exact=None, color="#999999", fonts=fonts)
    paragraph(document, doc.masthead, "title", MASTHEAD_SIZE, align="center", exact=None, color=RED, fonts=fonts)
    paragraph(document, f"{doc.issue_text}（{doc.kind_label}）", "body", SIZE_3, align="center", fonts=fonts)
    two_sides(document, doc.org_name, f"签发人：{doc.signer}" if doc.signer else "签发人：（待签发）", fonts=fonts)
    rule = paragraph(document, "", "body", 4, exact=None, after=2 * BODY_LEADING, fonts=fonts)
    border(rule, "bottom", 16, RED)
    paragraph(document, doc.title, "title", SIZE_2, align="center", exact=SIZE_2 * 1.45, after=SIZE_3, fonts=fonts)
    if doc.corrects:
        paragraph(document, f"（{doc.corrects}）", "body", SIZE_3, align="center", fonts=fonts)
    if doc.addressee:
        paragraph(document, f"{doc.addressee}：", "body", SIZE_3, align="left", fonts=fonts)
    body = []
    for heading, paragraphs in doc.numbered_sections:
        if heading:
            paragraph(document, heading, "heading", SIZE_3, indent=True, keep_next=True, fonts=fonts)
        body += [paragraph(document, text, "body", SIZE_3, indent=True, fonts=fonts) for text in paragraphs]
    if body:
        body[-1].paragraph_format.keep_with_next = True       # the 署名 never stands alone on a page
    paragraph(document, "", "body", SIZE_3, keep_next=True, fonts=fonts)
    signature(document, doc.org_name, chinese_date(doc.day), fonts)
    paragraph(document, "", "body", SIZE_3, fonts=fonts)
    sent = paragraph(document, f"报送：{doc.sent_to}。", "body", SIZE_4, align="left", exact=SIZE_4 * 1.6,
                     keep_next=True, fonts=fonts)
    border(sent, "top", 8, "#000000")
    border(sent, "bottom", 4, "#000000")
    contact = paragraph(document, doc.contact, "body", SIZE_4, align="left", exact=SIZE_4 * 1.6, fonts=fonts)
    border(contact, "bottom", 8, "#000000")
    for made in (sent, contact):
        made.paragraph_format.left_indent = points(SIZE_4)
    return to_bytes(document)
