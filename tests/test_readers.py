"""Input readers: every format streams documents, and each unreadable one carries a reason."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import ConfigError
from pipeline.io.readers import count_documents, input_kind, iter_documents

BATCH = Path(__file__).parent / "fixtures" / "batch"


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "doc_id", "problem"),
    [
        ('{"id": "a", "text": "ایران و عراق توافق کردند."}', "a", None),
        # An id given as a number is kept, as a string.
        ('{"id": 7, "text": "پارلمان عراق تشکیل جلسه داد."}', "7", None),
        # No id: the file's base name and line stand in for it.
        ('{"text": "سازمان ملل بیانیه داد."}', "news:1", None),
        ('{"id": "b", "body": "متن در فیلد دیگری است."}', "b", "missing text field"),
        ('{"id": "c", "text": 12}', "c", "not a string"),
        ('{"id": "d", "text": " \\n\\u200c "}', "d", "empty text"),
        ('{"id": "e", "text": "خبر", "reference_date": "1402-13-01"}', "e", "invalid reference_date"),
        # A Jalali date in Persian digits is not the ISO form the contract asks for.
        ('{"id": "f", "text": "خبر", "reference_date": "۱۴۰۲/۱۲/۱۰"}', "f", "invalid reference_date"),
        # The same Jalali date in ISO form parses as a Gregorian date of the year 1402.
        ('{"id": "i", "text": "خبر", "reference_date": "1402-12-10"}', "i", "looks like a Jalali or Hijri year"),
        # A cut line: its id is still found, so that the error names the document.
        ('{"id": "g", "text": "خبر بریده', "g", "malformed JSON"),
        ('{"text": "خبر بریده", "id": 9', "9", "malformed JSON"),
        ('{"text": "به گفته \\"id\\": \\"x\\" بریده', None, "malformed JSON"),
        ('["تهران", "مسکو"]', None, "expected a JSON object"),
        ('{"id": "h", "text": "متن\\u0000دودویی"}', "h", "NUL"),
    ],
)
def test_readers_jsonl_line_is_read_or_rejected_with_reason(tmp_path, line, doc_id, problem):
    (doc,) = iter_documents([_write_jsonl(tmp_path / "news.jsonl", [line])])
    assert doc.doc_id == doc_id
    assert doc.source == str(tmp_path / "news.jsonl") and doc.line == 1
    if problem is None:
        assert doc.error is None and doc.text
    else:
        assert problem in doc.error and doc.text is None


def test_readers_jsonl_fixture_keeps_line_numbers_and_skips_blank_lines():
    docs = list(iter_documents([BATCH / "mixed.jsonl"], reference_date="2024-05-05"))
    good = {d.doc_id: (d.line, d.reference_date) for d in docs if d.error is None}
    # The document's own date wins over the run's default.
    assert good == {"j-1": (1, "2024-03-01"), "j-2": (2, "2024-05-05"), "8": (10, "2024-05-05"),
                    "mixed:11": (11, "2024-05-05")}
    assert sorted(d.line for d in docs if d.error) == [3, 4, 5, 6, 7, 9]


def test_readers_jsonl_invalid_utf8_line_fails_alone(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_bytes(b'{"id": "x", "text": "\xd8"}\n' + '{"id": "y", "text": "تهران"}\n'.encode())
    first, second = iter_documents([path])
    assert "invalid UTF-8" in first.error and first.line == 1
    assert (second.doc_id, second.error) == ("y", None)


def test_readers_jsonl_huge_single_line_is_rejected_without_stopping_the_file(tmp_path):
    path = tmp_path / "news.jsonl"
    huge = json.dumps({"id": "big", "text": "خبر " * 1_300_000}, ensure_ascii=False)  # ≈ 5 MB on one line
    _write_jsonl(path, [huge, '{"id": "after", "text": "مسکو بیانیه داد."}'])
    big, after = iter_documents([path])
    assert (big.doc_id, big.line) == ("big", 1) and "line too long" in big.error
    assert (after.doc_id, after.line, after.error) == ("after", 2, None)


def test_readers_text_over_max_chars_is_rejected(tmp_path):
    path = _write_jsonl(tmp_path / "news.jsonl", ['{"id": "long", "text": "' + "ایران " * 100 + '"}'])
    (doc,) = iter_documents([path], max_chars=200)
    assert "text too long" in doc.error


def test_readers_jsonl_gz_streams_and_truncated_gz_reports_the_rest(tmp_path):
    lines = [json.dumps({"id": f"g{i}", "text": f"خبر شماره {i}"}, ensure_ascii=False) for i in range(50)]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    (tmp_path / "ok.jsonl.gz").write_bytes(data)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    assert [d.doc_id for d in iter_documents([tmp_path / "ok.jsonl.gz"])] == [f"g{i}" for i in range(50)]
    *read, last = iter_documents([tmp_path / "cut.jsonl.gz"])
    assert all(d.error is None for d in read)
    assert "cannot read the rest" in last.error


def test_readers_directory_ids_are_stems_or_relative_paths_on_collision():
    docs = list(iter_documents([BATCH / "docs"]))
    # Two files are called tehran.txt: both get their relative path as id.
    assert {d.doc_id for d in docs} == {"moscow", "news", "sub/tehran", "tehran"}
    assert all(d.error is None for d in docs)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ("ایران".encode("utf-8") + b"\xff\xfe", "invalid UTF-8"),
        ("خبر تهران".encode("cp1256"), "Windows-1256"),  # a legacy Persian encoding
        ("ایران و عراق".encode("utf-16"), "UTF-16 text"),  # Notepad's "Unicode"
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"", "empty text"),
        ("\n\u200c  \n".encode("utf-8"), "empty text"),
    ],
)
def test_readers_txt_file_problem_is_named(tmp_path, data, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    (doc,) = iter_documents([path])
    assert (doc.doc_id, doc.source) == ("bad", str(path))
    assert problem in doc.error


def test_readers_txt_byte_order_mark_is_not_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffتهران".encode("utf-8"))
    (doc,) = iter_documents([path])
    assert doc.text == "تهران"


def test_readers_csv_columns_multiline_fields_and_row_errors():
    docs = list(iter_documents([BATCH / "articles.csv"], text_column="body", id_column="article_id"))
    assert [(d.doc_id, d.line, d.error is None) for d in docs] == [
        ("c-1", 1, True), ("c-2", 2, True), ("c-3", 3, False), ("c-4", 4, False)]
    assert "\n" in docs[1].text and docs[0].reference_date == "2024-01-15"
    assert "empty text" in docs[2].error and "invalid reference_date" in docs[3].error


def test_readers_csv_oversized_rows_fail_alone(tmp_path):
    path = tmp_path / "dump.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["nid", "body"])
        writer.writerow(["big", "ایران " * 900_000])  # a 5 MB field: read, then rejected by its length
        writer.writerow(["huge", "خبر " * 5_000_000])  # 20 MB: over the CSV field limit
        writer.writerow(["ok", "سفیر ترکیه احضار شد."])
    docs = list(iter_documents([path], text_column="body", id_column="nid"))
    assert [(d.line, d.doc_id) for d in docs] == [(1, "big"), (2, None), (3, "ok")]
    assert "text too long" in docs[0].error and "unreadable CSV row" in docs[1].error
    assert docs[2].text == "سفیر ترکیه احضار شد."


def test_readers_csv_missing_column_is_one_error_for_the_file():
    (doc,) = iter_documents([BATCH / "articles.csv"], text_column="text")
    assert "no column 'text'" in doc.error and "--text-column" in doc.error


@pytest.mark.parametrize("date", ["1402-12-10", "2024-02-30", "دیروز"])
def test_readers_bad_run_reference_date_fails_before_reading(date):
    with pytest.raises(ConfigError, match="reference_date"):
        list(iter_documents([BATCH / "docs"], reference_date=date))


def test_readers_table_without_text_column_is_a_config_error():
    with pytest.raises(ConfigError, match="--text-column"):
        list(iter_documents([BATCH / "articles.csv"]))


def test_readers_parquet_streams_rows_with_ids(tmp_path):
    frame = pd.DataFrame({"nid": [10, 11, 12], "content": ["تهران", None, "مسکو"],
                          "reference_date": ["2024-01-01", None, "2024-01-03"]})
    frame.to_parquet(tmp_path / "news.parquet")
    docs = list(iter_documents([tmp_path / "news.parquet"], text_column="content", id_column="nid"))
    assert [(d.doc_id, d.reference_date, d.error) for d in docs] == [
        ("10", "2024-01-01", None), ("11", None, "missing text field 'content'"), ("12", "2024-01-03", None)]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("اخبار.jsonl", "jsonl"), ("a.JSONL.GZ", "jsonl"), ("a.csv", "csv"), ("a.parquet", "parquet"), ("a.txt", "txt")],
)
def test_readers_input_kind_by_suffix(tmp_path, name, kind):
    (tmp_path / name).write_bytes(b"")
    assert input_kind(tmp_path / name) == kind


@pytest.mark.parametrize("name", ["a.docx", "missing.jsonl"])
def test_readers_unsupported_or_missing_input_fails_before_reading(tmp_path, name):
    if name == "a.docx":
        (tmp_path / name).write_bytes(b"")
    with pytest.raises(ConfigError, match=name):
        list(iter_documents([tmp_path / name]))


def test_readers_count_documents_matches_what_is_read(tmp_path):
    inputs = [BATCH / "docs", BATCH / "mixed.jsonl"]
    assert count_documents(inputs) == len(list(iter_documents(inputs))) == 4 + 10  # mixed.jsonl: 11 lines, one blank


def test_readers_folder_reads_every_supported_kind_and_names_what_it_skips(tmp_path, caplog):
    folder = tmp_path / "feeds"
    (folder / "day2").mkdir(parents=True)
    (folder / "note.txt").write_text("تهران پایتخت ایران است.", encoding="utf-8")
    (folder / "feed.jsonl").write_text('{"id": "j1", "text": "مسکو اعلام کرد."}\n', encoding="utf-8")
    with gzip.open(folder / "day2" / "feed.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"id": "g1", "text": "غزه آرام بود."}\n')
    (folder / "table.csv").write_text("body\nبغداد میزبان نشست شد.\n", encoding="utf-8")
    pd.DataFrame({"body": ["کابل خبر داد."]}).to_parquet(folder / "day2" / "rows.parquet")
    (folder / "page.html").write_text("<p>خبر</p>", encoding="utf-8")
    docs = list(iter_documents([folder], text_column="body"))
    assert sorted(d.doc_id for d in docs) == ["g1", "j1", "note", "rows:1", "table:1"]
    assert all(d.error is None for d in docs)
    assert count_documents([folder], text_column="body") == 5
    assert "page.html" in caplog.text
    # Without --text-column the tables cannot be read: each is an error that names its file.
    problems = {Path(d.source).name: d.error for d in iter_documents([folder]) if d.error}
    assert set(problems) == {"table.csv", "rows.parquet"}
    assert all("--text-column" in problem for problem in problems.values())
    assert count_documents([folder]) == len(list(iter_documents([folder]))) == 5
