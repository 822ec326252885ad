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
from collections import Counter
from dataclasses import dataclass

from pipeline.dates import ParsedDate, parse_date
from pipeline.formats.evidence import Evidence
from pipeline.formats.lines import is_chrome, without_notes
from pipeline.formats.titles import read_title
from pipeline.parsed import Document, DocumentText, ParsedSource, Problem
from pipeline.sources import Source

NAME = "document_page"
DESCRIPTION = "a document page"

# Each label a cover may print (in any letter case after its capital, "(s)" or not), and the field it fills.
_FIELDS = {
    "citation": "citation",
    "source": "citation",
    "summary": "description",
    "description": "description",
    "abstract": "description",
    "credits": "credits",
    "original language": "original_language",
    "original languages": "original_language",
    "language": "original_language",
    "languages": "original_language",
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "creator": "authors",
    "recipient": "recipients",
    "recipients": "recipients",
    "date": "date",
    "url": "url",
    "link": "url",
    "permalink": "url",
    "contents": "contents",
    "full text": "contents",
    "text": "contents",
    "transcript": "contents",
}
_LABEL_NAMES = "|".join(sorted((re.escape(name).replace(r"\ ", r"[ \t]+") for name in _FIELDS), key=len, reverse=True))
_KNOWN = rf"(?=[A-Z])(?i:{_LABEL_NAMES})(?:\(s\))?"
# At a line's start or after a column gap; `_ANY_SPACE` also after one space, for flattened pages.
_LABEL = re.compile(rf"(?:^|(?<=\s\s))[ \t]*({_KNOWN}):(?=\s|$)", re.MULTILINE)
_ANY_SPACE_LABEL = re.compile(rf"(?:^|(?<=\s))({_KNOWN}):(?=\s|$)")
# On a catalogue's labelled cover, any label ("Subjects:", "Call Number:") ends the value before it,
# and a label this reader does not know fills nothing.
_ANY_LABEL = re.compile(r"(?:^|(?<=\s\s))[ \t]*([A-Z][A-Za-z]+(?:[ /-][A-Za-z]+){0,2}(?:\(s\))?):(?=\s|$)", re.MULTILINE)
# A line this long holding labels is a flattened page: a label may follow a single space.
_FLATTENED_LINE = 300
# The heading of a full text: "English Translation", "Chinese Transcription", "Original Scan".
_TEXT_KINDS = r"(?:Translation|Transcription|Transcript|Original|Scan|Text|Facsimile)\b"
_TEXT_HEADING = re.compile(rf"(?:(?!{_TEXT_KINDS})[A-Z][\w-]*[ \t]+){{0,3}}{_TEXT_KINDS}")
# A heading alone on its line, after a blank line or not (a form feed may open its page).
_HEADING_LINE = re.compile(rf"(?P<blank>\n[^\S\n]*)?\n[^\S\n]*(?P<heading>{_TEXT_HEADING.pattern})[^\S\n]*(?=\n)")
_WHITESPACE = re.compile(r"\s*")
_QUOTED_TITLE = re.compile(r"^\s*[“\"](?P<title>.+?),?[”\"]\s*,?\s*(?P<rest>.*)$", re.DOTALL)
_PIECE = re.compile(r"\S+(?:[ \t]\S+)*")
_RULE = re.compile(r"[_=*~-]{3,}")
_URL = re.compile(r"https?://[^\s<>\"“”]+")
_LANGUAGE_SEPARATORS = re.compile(r"\s*(?:[,;/\n]|\band\b)\s*")
_NAME_SEPARATORS = re.compile(r"\s*(?:[;\n|]|\band\b)\s*")
# A page without one of these can be no cover (`detect`'s verdicts all need one).
_EVIDENT_LABELS = ("citation", "title", "summary", "description", "abstract")
_COVER_FIELDS = ("citation", "description", "contents", "original_language", "url")
_CATALOGUE_FIELDS = ("authors", "date", "citation", "description")


@dataclass(frozen=True)
class _Label:
    name: str  # as printed: "Original Language"
    field: str | None  # what it fills: "original_language"; None for a label this reader does not know
    start: int  # offset of the label in the page
    end: int  # offset just past its colon
    column: int | None  # its column on the page; None for a label inside a flattened line


def detect(text: str) -> Evidence:
    """A cover: one "Citation:" with the labels around it, or a "Title:" with the catalogue's labels."""
    lowered = text.lower()
    if not any(label in lowered for label in _EVIDENT_LABELS):  # most pages: settled without reading them label by label
        return Evidence(0.0)
    every_label = _labels(text)
    fields = [label.field for label in _cover_labels(every_label)]
    printed = Counter(label.name.lower() for label in every_label)
    for name in ("citation", "title"):  # one document, one cover: several are a list of documents
        if printed[name] > 1:
            return Evidence(0.2, f"it holds {printed[name]} {name.title()}: labels, so it is not the page of one document")
    if printed["citation"] == 1:
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
    labels = _cover_labels(_labels(text))
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
            participants=parts.participants,
            url=_url(values.get("url")) or _url(citation),
            citation=citation,
            original_language=_languages(values.get("original_language")),
            credits=_folded(values.get("credits")),
            texts=_texts(text, body_start, line_starts),
        )
    )
    return parsed


def _cover_labels(labels: list[_Label]) -> list[_Label]:
    """The labels up to the one that opens the full text: what follows it is the document's, whatever it says."""
    opening = next((index for index, label in enumerate(labels) if label.field == "contents"), len(labels) - 1)
    return labels[: opening + 1]


def _labels(text: str) -> list[_Label]:
    """Every label of the page, in page order."""
    found: dict[int, _Label] = {}
    for match in _ANY_SPACE_LABEL.finditer(text):
        if _on_flattened_line(text, match.start()):
            found[match.start(1)] = _label(match, text, column=None)
    for match in _LABEL.finditer(text):  # a label at a line's start or in a column, flattened line or not
        found[match.start(1)] = _label(match, text)
    if any(label.field == "title" and label.column is not None for label in found.values()):
        for match in _ANY_LABEL.finditer(text):
            found.setdefault(match.start(1), _label(match, text))
    return [found[start] for start in sorted(found)]


def _label(match: re.Match[str], text: str, column: int | None = -1) -> _Label:
    name = match.group(1)
    field = _FIELDS.get(" ".join(name.removesuffix("(s)").split()).lower())
    if column is not None:
        column = match.start(1) - text.rfind("\n", 0, match.start(1)) - 1
    return _Label(name, field, match.start(1), match.end(), column)


def _on_flattened_line(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    return _line_end(text, offset) - start >= _FLATTENED_LINE


def _cover(text: str, labels: list[_Label]) -> tuple[dict[str, str], int]:
    """Each field's value (a field's first label wins), and where the full text starts.

    The cover is read line by line, each line cut into pieces at its labels and at gaps of two or
    more spaces. A piece that opens with a label starts that label's value, and makes it the label
    of its column; any other piece continues the label of the column it stands in (the nearest
    label column at or left of it). Without a "Contents:" label, a rule ("_____"), or a blank line
    followed by a line without labels, ends the cover: what follows is the text, labels and all
    ("Date:" in a memorandum's own heading).
    """
    columns = sorted({label.column for label in labels if label.column is not None})
    opens_text = labels[-1].field == "contents"
    by_start = {label.start: label for label in labels}
    current: dict[int, _Label] = {}
    pieces: dict[_Label, list[str]] = {label: [] for label in labels}
    line_start = text.rfind("\n", 0, labels[0].start) + 1
    body_start = labels[-1].end if opens_text else len(text)
    ended = False  # a blank line after some value: the next line without labels is the text
    while line_start < body_start:
        line_end = _line_end(text, line_start)
        line = text[line_start:line_end]
        line_labels = [label for label in labels if line_start <= label.start < line_end]
        if not opens_text and not line_labels and line.strip():
            if _RULE.fullmatch(line.strip()) and any(pieces.values()):
                body_start = _WHITESPACE.match(text, line_end).end()
                break
            if ended:
                body_start = line_start
                break
        elif not line.strip():
            ended = any(pieces.values())
        else:
            ended = False
        _read_line(text, line_start, min(line_end, body_start), by_start, columns, current, pieces)
        line_start = line_end + 1
    values: dict[str, str] = {}
    for label in labels:
        if label.start < body_start and label.field:
            values.setdefault(label.field, "\n".join(pieces[label]).strip())
    return values, body_start


def _read_line(
    text: str,
    start: int,
    end: int,
    by_start: dict[int, _Label],
    columns: list[int],
    current: dict[int, _Label],
    pieces: dict[_Label, list[str]],
) -> None:
    """Give each piece of one line of the cover to its label (see `_cover`)."""
    cuts = sorted({start, *(offset for offset in by_start if start <= offset < end)})
    for cut, next_cut in zip(cuts, [*cuts[1:], end]):
        label = by_start.get(cut)
        if label is not None and label.column is not None:
            current[_column_of(columns, label.column)] = label
        for match in _PIECE.finditer(text, label.end if label else cut, next_cut):
            if label is not None and (label.column is None or not pieces[label]):
                owner: _Label | None = label  # a label's first piece, or all of a flattened label's value
            else:
                owner = current.get(_column_of(columns, match.start() - start)) or next(reversed(current.values()), None)
            if owner is not None:
                pieces[owner].append(match.group())


def _column_of(columns: list[int], position: int) -> int:
    """The label column a piece at `position` stands in: the nearest at or left of it (two spaces of slack)."""
    return max((column for column in columns if column <= position + 2), default=columns[0] if columns else 0)


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


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


def _texts(text: str, body_start: int, line_starts: list[int]) -> tuple[DocumentText, ...]:
    """The full texts after the cover, each under its heading ("English Translation") when the page prints one.

    The headings listed first ("English Translation", "Chinese Transcription") name the texts; a
    line that is one of them, or any heading line after a blank line, starts the next text.
    """
    flattened = _on_flattened_line(text, min(body_start, len(text) - 1)) if text else False
    listed: list[str] = []
    offset = _WHITESPACE.match(text, body_start).end()
    first: str | None = None
    while heading := _TEXT_HEADING.match(text, offset):
        if not flattened and text[heading.end() : _line_end(text, heading.end())].strip():
            break
        label = " ".join(heading.group().split())
        if label in listed:  # listed, then repeated over its text
            first = label
            offset = _WHITESPACE.match(text, heading.end()).end()
            break
        listed.append(label)
        offset = _WHITESPACE.match(text, heading.end()).end()
    parts: list[tuple[str | None, int, int]] = [(first or (listed[0] if listed else None), offset, offset)]  # label, heading, text
    if not flattened:
        for match in _HEADING_LINE.finditer(text, offset):
            label = " ".join(match["heading"].split())
            if label in listed or match["blank"]:
                parts.append((label, match.start(), _WHITESPACE.match(text, match.end()).end()))
    texts: list[DocumentText] = []
    for (label, _, start), (_, end, _) in zip(parts, [*parts[1:], (None, len(text), len(text))]):
        body = text[start:end].rstrip()
        if body:
            texts.append(DocumentText(label, body, bisect_right(line_starts, start)))
    return tuple(texts)


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in re.finditer("\n", text))]


def _line_of(text: str, header: str, date_line: str | None, first_label: int) -> int:
    """Where the document starts: its date line in the header, else its first label."""
    where = header.find(date_line) if date_line else -1
    return text.count("\n", 0, where if where >= 0 else first_label) + 1


def _folded(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _paragraphs(value: str | None) -> str | None:
    """Wrapped lines joined, paragraphs (blank-line separated) kept apart, without notes that a machine wrote them."""
    if not value:
        return None
    paragraphs = [without_notes(" ".join(block.split())).strip() for block in re.split(r"\n\s*\n", value)]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph and not is_chrome(paragraph)) or None


def _url(value: str | None) -> str | None:
    urls = _URL.findall(value or "")
    return urls[-1].rstrip(".,;)") if urls else None


def _languages(value: str | None) -> tuple[str, ...]:
    return tuple(language for language in _LANGUAGE_SEPARATORS.split(value.strip()) if language) if value else ()


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(" ".join(name.split()) for name in _NAME_SEPARATORS.split(value.strip()) if name.strip()) if value else ()
