"""Build test/fake-package/: a hand-made package shaped like the pipeline's output, with known faults,
to check that score.py runs (python test/make_fake_package.py && python score.py test/fake-package)."""
import csv, json
from pathlib import Path

HERE = Path(__file__).resolve().parent
gold = list(csv.DictReader(open(HERE.parent / "expected.csv", encoding="utf-8")))
data = HERE / "fake-package" / "data"
data.mkdir(parents=True, exist_ok=True)

sources, docs, apps, texts = [], [], [], []
n = 0
for i, g in enumerate(gold):
    stem = g["file"][:-4]
    fmt = "document_page" if g["is_document"] == "yes" else ("archive_listing" if g["layout"] == "search_listing" else "unknown")
    if g["layout"] == "prose_article":
        fmt = "document_page"                      # fault: a prose article read as a document page
    sources.append(dict(source_id=stem, path=g["file"], sha256="0" * 64, bytes=1000, encoding="utf-8",
                        format=fmt, status="parsed", problem="", records=1))
    if g["is_document"] != "yes":
        continue
    if i == 2:                                      # fault: page missed
        continue
    n += 1
    lists = (lambda xs: json.dumps(xs, ensure_ascii=False)) if i % 2 else (lambda xs: "; ".join(xs))
    row = dict(document_id=f"doc-{n:016x}", source_id=stem, position=1, date_text=g["date_text"], date=g["date"],
               title=g["title"], description=g["description"], url=g["url"],
               original_language=lists(g["original_language"].split("|")) if g["original_language"] else "",
               credits=g["credits"], document_type=g["document_type"],
               authors=lists(g["authors"].split("|")) if g["authors"] else "",
               recipients=lists(g["recipients"].split("|")) if g["recipients"] else "", line=1)
    if i == 4:
        row["date"] = row["date"][:4]               # fault: precision lost
    if i == 5:
        row["title"] = row["title"].split(" ", 3)[-1]   # fault: title cut
    docs.append(row)
    apps.append(dict(record_id=row["document_id"], source_id=stem, position=1, line=1))
    labels = g["text_labels"].split("|") if g["text_labels"] else ["Text"]
    body = " ... ".join(g["text_markers"].split("|"))
    for p, lab in enumerate(labels, 1):
        texts.append(dict(document_id=row["document_id"], position=p, label=lab,
                          text=body if p == 1 else "(second text)", line=40))
    if i == 7:                                      # fault: page cut into two records
        extra = dict(row, document_id=f"doc-{n + 1000:016x}", title="Fragment", position=2)
        docs.append(extra)

for name, rows in [("sources", sources), ("documents", docs), ("appearances", apps), ("document_texts", texts)]:
    with open(data / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, list(rows[0].keys()), quoting=csv.QUOTE_NONNUMERIC)
        w.writeheader()
        w.writerows(rows)
print("wrote", data)
