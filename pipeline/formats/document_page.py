"""Archive document pages: one document, its cover (labelled fields) and then its full text.

One mechanism reads every layout: the page is cut at its field labels ("Citation:", "Summary:",
"Title:", "Author:", ...), wherever they stand. A label opens a line, or follows two or more spaces
(a second column: "Title: Memorandum on the      Date: 12 March 1958"), or, on a page flattened to
one long line, any space. A label's value runs to the next label; in two columns, a wrapped line's
pieces go to the label above them. What comes before the first label is the cover's header (site
name lines, then the date and the title, wrapped over as many lines as it takes); what follows
"Contents:" (or, without it, the first blank line after the last label's value) is the full text,
headed by a label such as "English Translation", kept exactly as written.

Nothing is guessed: a field the page does not hold stays empty. The title is the header's (lines
joined by one space), else the one quoted in the citation; the date is the header's date line or
the "Date:" label, else the one the citation gives after the quoted title.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline.dates import ParsedDate, parse_date
from pipeline.formats.evidence import Evidence
from pipeline.formats.lines import is_chrome
from pipeline.formats.titles import read_title
from pipeline.parsed import Document, DocumentText, ParsedSource, Problem
from pipeline.sources import Source

NAME = "document_page"
DESCRIPTION = "a document page"

# Each label a cover may print, and the field it fills.
_FIELDS = {
    "Citation": "citation",
    "Source": "citation",
    "Summary": "description",
    "Description": "description",
    "Abstract": "description",
    "Credits": "credits",
    "Original Language": "original_language",
    "Original Languages": "original_language",
    "Language": "original_language",
    "Languages": "original_language",
    "Title": "title",
    "Author": "authors",
    "Authors": "authors",
    "Creator": "authors",
    "Recipient": "recipients",
    "Recipients": "recipients",
    "Date": "date",
    "URL": "url",
    "Link": "url",
    "Permalink": "url",
    "Contents": "contents",
    "Full Text": "contents",
    "Text": "contents",
    "Transcript": "contents",
}
_LABEL_NAMES = "|".join(sorted(map(re.escape, _FIELDS), key=len, reverse=True))
# At a line's start or after a column gap; `_ANY_SPACE` also after one space, for flattened pages.
_LABEL = re.compile(rf"(?:^|(?<=\s\s))[ \t]*({_LABEL_NAMES}):(?=\s|$)", re.MULTILINE)
_ANY_SPACE_LABEL = re.compile(rf"(?:^|(?<=\s))({_LABEL_NAMES}):(?=\s|$)")
# A line this long holding labels is a flattened page: a label may follow a single space.
_FLATTENED_LINE = 300
# The heading of a full text: "English Translation", "Chinese Transcription", "Original Scan".
_TEXT_HEADING = re.compile(
    r"(?:[A-Z][\w-]*\s+){0,3}(?:Translation|Transcription|Transcript|Original|Scan|Text|Facsimile)\b"
)
_QUOTED_TITLE = re.compile(r"^\s*[“\"](?P<title>.+?),?[”\"]\s*,?\s*(?P<rest>.*)$", re.DOTALL)
_URL = re.compile(r"https?://[^\s<>\"“”]+")
_LANGUAGE_SEPARATORS = re.compile(r"\s*(?:[,;/\n]|\band\b)\s*")
_NAME_SEPARATORS = re.compile(r"\s*(?:[;\n|]|\band\b)\s*")
_COVER_FIELDS = ("citation", "description", "contents", "original_language", "url")
_CATALOGUE_FIELDS = ("authors", "date", "citation", "description")


@dataclass(frozen=True)
class _Label:
    name: str  # as printed: "Original Language"
    field: str  # what it fills: "original_language"
    start: int  # offset of the label in the page
    end: int  # offset just past its colon
    column: int  # its column on its line


def detect(text: str) -> Evidence:
    """A cover: one "Citation:" with the labels around it, or a "Title:" with the catalogue's labels."""
    fields = [label.field for label in _labels(text)]
    citations = sum(1 for label in _labels(text) if label.name == "Citation")
    if citations > 1:
        return Evidence(0.2, f"it holds {citations} Citation: labels, so it is not the page of one document")
    if citations == 1:
        found = sum(field in fields for field in _COVER_FIELDS)
        if found >= 3 or (found == 2 and _URL.search(text)):
            return Evidence(0.9)
        return Evidence(0.3, 'a "Citation:" line was found without the "Summary:" and "Contents:" of a cover')
    if "title" in fields:
        found = sum(field in fields for field in _CATALOGUE_FIELDS)
        if found >= 2:
            return Evidence(0.9)
        return Evidence(0.3, 'a "Title:" label was found without the "Date:", "Author:" or "Source:" labels of a cover')
    if "description" in fields and "original_language" in fields:
        return Evidence(0.3, 'no "Citation:" line was found')
    return Evidence(0.0)


def parse(source: Source) -> ParsedSource:
    text = source.text
    labels = _labels(text)
    parsed = ParsedSource()
    if not labels:
        parsed.problems.append(Problem(source.path, "no field labels (Citation:, Title:, ...) were found"))
        return parsed
    values, body_start = _cover(text, labels)
    line_starts = _line_starts(text)
    header = text[: labels[0].start]
    citation = _folded(values.get("citation"))
    quoted_title, citation_rest = _quoted(citation)

    date_line, title = _dated_header(header)
    date = _date(values.get("date"), date_line, citation_rest, header)
    title = _folded(values.get("title")) or title or quoted_title
    if not title:
        parsed.problems.append(
            Problem(source.path, "reads like a document page, but no title was found (no Title: label, header or quoted citation)")
        )
        return parsed
    line = _line_of(text, header, date_line, labels[0].start)
    if date and date.problem:
        parsed.problems.append(Problem(source.path, f"{date.problem}; the document is kept without a date", line))

    parts = read_title(title)
    authors = _names(values.get("authors")) or parts.authors
    recipients = _names(values.get("recipients")) or parts.recipients
    parsed.records.append(
        Document(
            source_id=source.source_id,
            position=1,
            line=line,
            title=title,
            date=date,
            description=_paragraphs(values.get("description")),
            document_type=parts.document_type,
            authors=authors,
            recipients=recipients,
            url=_url(values.get("url")) or _url(citation),
            citation=citation,
            original_language=_languages(values.get("original_language")),
            credits=_folded(values.get("credits")),
            texts=_texts(text, values.get("contents"), body_start, line_starts),
        )
    )
    return parsed


def _labels(text: str) -> list[_Label]:
    """Every label of the cover, in page order, up to the one that opens the full text."""
    found: list[_Label] = []
    for pattern in (_LABEL, _ANY_SPACE_LABEL):
        for match in pattern.finditer(text):
            if pattern is _ANY_SPACE_LABEL and not _on_flattened_line(text, match.start()):
                continue
            line_start = text.rfind("\n", 0, match.start(1)) + 1
            found.append(_Label(match.group(1), _FIELDS[match.group(1)], match.start(1), match.end(), match.start(1) - line_start))
    labels: list[_Label] = []
    for label in sorted(set(found), key=lambda label: label.start):
        labels.append(label)
        if label.field == "contents":  # the text after it is the document's, whatever it says
            break
    return labels


def _on_flattened_line(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return (end if end >= 0 else len(text)) - start >= _FLATTENED_LINE


def _cover(text: str, labels: list[_Label]) -> tuple[dict[str, str], int]:
    """Each field's value (a field's first label wins), and where the full text starts.

    A row of labels (one line's) owns the lines below it up to the next row. Without a "Contents:"
    label, a blank line followed by more than blank lines before the next row ends the cover: what
    follows is the text, labels and all ("Date:" in a memorandum's own heading).
    """
    rows: dict[int, list[_Label]] = {}
    for label in labels:
        rows.setdefault(text.rfind("\n", 0, label.start) + 1, []).append(label)
    row_starts = sorted(rows)
    pieces: dict[_Label, list[str]] = {label: [] for label in labels}
    body_start = len(text)
    for number, row_start in enumerate(row_starts):
        row = rows[row_start]
        for label, following in zip(row, [*row[1:], None]):
            pieces[label].append(text[label.end : following.start if following else _line_end(text, label.end)])
        if row[-1].field == "contents":
            body_start = row[-1].end
            break
        region_end = row_starts[number + 1] if number + 1 < len(row_starts) else len(text)
        position = _line_end(text, row[-1].end)
        while position + 1 < region_end:
            line_end = _line_end(text, position + 1)
            line = text[position + 1 : line_end]
            has_value = any(piece.strip() for label in row for piece in pieces[label])
            if not line.strip() and has_value and text[line_end:region_end].strip():
                body_start = line_end
                break
            for label, piece in _by_column(line, row):
                pieces[label].append(piece)
            position = line_end
        if body_start < len(text):
            break
    values: dict[str, str] = {}
    for label in labels:
        if label.start < body_start:
            values.setdefault(label.field, "\n".join(pieces[label]).strip())
    return values, body_start


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _by_column(line: str, row: list[_Label]) -> list[tuple[_Label, str]]:
    """A wrapped line's pieces, each given to the label of the column it stands in."""
    if len(row) == 1:
        return [(row[0], line)]
    return [
        (max((label for label in row if label.column <= piece.start() + 1), key=lambda label: label.column, default=row[0]), piece.group())
        for piece in re.finditer(r"\S+(?:\s\S+)*", line)
    ]


def _dated_header(header: str) -> tuple[str | None, str | None]:
    """The date line of the header, and the title printed under it (wrapped lines joined by one space)."""
    lines = [line.strip() for line in header.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if parse_date(line):
            title = " ".join(" ".join(lines[index + 1 :]).split())
            return line, title or None
    return None, None


def _date(labelled: str | None, date_line: str | None, citation_rest: str, header: str) -> ParsedDate | None:
    if labelled:
        return parse_date(_folded(labelled)) or ParsedDate(_folded(labelled), None, None, None, f'"{_folded(labelled)}" is not a date this reader knows')
    if date_line:
        return parse_date(date_line)
    # Flattened: the citation's date ("February 04, 1949, History and ..."), confirmed by the header that prints it too.
    parts = citation_rest.split(",")
    phrases = (",".join(parts[:count]).strip() for count in range(3, 0, -1))
    date = next((date for phrase in phrases if phrase and (date := parse_date(phrase))), None)
    return date if date and date.text in " ".join(header.split()) else None


def _quoted(citation: str | None) -> tuple[str | None, str]:
    """The title a citation quotes first, and the citation after it."""
    match = _QUOTED_TITLE.match(citation or "")
    if not match:
        return None, ""
    return match["title"].strip(), match["rest"]


def _texts(text: str, contents: str | None, body_start: int, line_starts: list[int]) -> tuple[DocumentText, ...]:
    """The full text after the cover, with its heading ("English Translation") if it has one."""
    body = text[body_start:]
    offset = body_start + len(body) - len(body.lstrip())
    body = body.strip()
    if not body:
        return ()
    label = None
    heading = _TEXT_HEADING.match(body)
    first_line_end = body.find("\n")
    first_line = body if first_line_end < 0 else body[:first_line_end]
    if heading and (heading.end() == len(first_line.rstrip()) or _on_flattened_line(text, offset)):
        label = heading.group().strip()
        rest = body[heading.end() :]
        offset += heading.end() + len(rest) - len(rest.lstrip())
        body = rest.strip()
    if not body:
        return ()
    return (DocumentText(label, body, bisect_right(line_starts, offset)),)


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in re.finditer("\n", text))]


def _line_of(text: str, header: str, date_line: str | None, first_label: int) -> int:
    """Where the document starts: its date line in the header, else its first label."""
    where = header.find(date_line) if date_line else -1
    return text.count("\n", 0, where if where >= 0 else first_label) + 1


def _folded(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _paragraphs(value: str | None) -> str | None:
    """Wrapped lines joined, paragraphs (blank-line separated) kept apart."""
    if not value:
        return None
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", value)]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph and not is_chrome(paragraph)) or None


def _url(value: str | None) -> str | None:
    urls = _URL.findall(value or "")
    return urls[-1].rstrip(".,;)") if urls else None


def _languages(value: str | None) -> tuple[str, ...]:
    return tuple(language for language in _LANGUAGE_SEPARATORS.split(value.strip()) if language) if value else ()


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(" ".join(name.split()) for name in _NAME_SEPARATORS.split(value.strip()) if name.strip()) if value else ()
