"""Roster import: every row validated, every error listed, nothing saved unless clean."""

import io
import zipfile

import pytest
from django.db import IntegrityError

from kimportal.core.models import AuditEntry
from registry import roster_import
from registry.models import Member, Position, Roster
from registry.roster_import import parse_roster
from registry.services.roster import roster_replace
from tests.dates import current_term
from tests.factories import KimFactory, RosterFactory, make_board, make_nik
from tests.registry.roster_files import board_rows, csv_bytes, row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def parse(data, name="pengurus"):
    return parse_roster(upload(data, name))


def messages(result):
    return [str(error) for error in result.errors]


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(board_rows(2)),
        csv_bytes(board_rows(2), delimiter=";"),
        csv_bytes(board_rows(2), bom=True),
        csv_bytes(board_rows(2), delimiter=";", bom=True),
        xlsx_bytes(board_rows(2)),
    ],
    ids=["csv-comma", "csv-semicolon", "csv-bom", "csv-semicolon-bom", "xlsx"],
)
def test_clean_files_give_rows_and_no_errors(data):
    result = parse(data)
    assert result.errors == []
    assert result.ok
    assert [r["position"] for r in result.rows] == [
        "ketua",
        "sekretaris",
        "bendahara",
        "anggota",
        "anggota",
    ]
    assert result.rows[2]["gender"] == "P"
    assert result.rows[0]["not_civil_servant"] is True


def test_file_kind_comes_from_the_content_not_the_name():
    assert parse(xlsx_bytes(board_rows()), name="pengurus.csv").file_kind == "xlsx"
    assert parse(csv_bytes(board_rows()), name="pengurus.xlsx").file_kind == "csv"


@pytest.mark.parametrize(
    ("text", "position", "detail"),
    [
        (" KETUA ", Position.KETUA, ""),
        ("wakil   Ketua", Position.WAKIL_KETUA, ""),
        ("SEKRETARIS", Position.SEKRETARIS, ""),
        ("Bendahara ", Position.BENDAHARA, ""),
        ("Seksi Penyebaran  Informasi", Position.SEKSI, "Seksi Penyebaran Informasi"),
        ("bidang IT", Position.SEKSI, "bidang IT"),
        ("Seksi/Bidang", Position.SEKSI, ""),
        ("anggota", Position.ANGGOTA, ""),
    ],
)
def test_positions_are_matched_case_and_space_insensitively(text, position, detail):
    assert roster_import.parse_position(text) == (position, detail)


def test_unknown_position_is_an_error_on_its_row_and_column():
    rows = [*board_rows(), row(9, "Penasihat")]
    assert "Baris 5, kolom Jabatan:" in messages(parse(csv_bytes(rows)))[0]


def test_detail_column_wins_over_the_detail_in_the_position():
    rows = [*board_rows(), row(9, "Seksi", detail="Seksi Humas")]
    result = parse(csv_bytes(rows))
    assert (result.rows[3]["position"], result.rows[3]["position_detail"]) == (
        "seksi",
        "Seksi Humas",
    )


@pytest.mark.parametrize(
    ("text", "gender"),
    [("L", "L"), ("laki-laki", "L"), (" P ", "P"), ("Perempuan", "P"), ("LAKI LAKI", "L")],
)
def test_gender_accepts_letters_and_words(text, gender):
    assert roster_import.parse_gender(text) == gender


def test_every_error_is_listed_with_row_column_and_message():
    rows = [
        row(1, "Ketua", nik="12345"),  # row 2
        row(2, "Sekretaris", name=""),  # row 3
        row(3, "Bendahara", female=True, gender="X"),  # row 4
        row(4, declarations=["Ya", "Mungkin", "Ya", ""]),  # row 5
        row(5, nik="3604991501900005"),  # row 6: unknown district
        row(6, nik="3604053002900006"),  # row 7: 30 February
        row(7, phone="12ab"),  # row 8
    ]
    assert messages(parse(csv_bytes(rows))) == [
        "Baris 2, kolom NIK: harus 16 digit angka",
        "Baris 3, kolom Nama Lengkap: wajib diisi",
        "Baris 4, kolom Jenis Kelamin: isi L (laki-laki) atau P (perempuan)",
        "Baris 5, kolom Tidak Pernah Dipidana: isi Ya, atau Belum bila pengurus belum menyatakan",
        "Baris 5, kolom Tidak Berafiliasi LSM: isi Ya, atau Belum bila pengurus belum menyatakan",
        "Baris 6, kolom NIK: 6 digit pertama bukan kode kecamatan yang terdaftar",
        "Baris 7, kolom NIK: digit 7–12 bukan tanggal lahir yang valid "
        "(DDMMYY; tanggal +40 untuk perempuan)",
        "Baris 8, kolom Telepon: bukan nomor telepon yang valid (8–15 digit, boleh diawali +)",
    ]


def test_gender_must_agree_with_the_nik():
    rows = [*board_rows(), row(9, female=True, gender="L")]
    assert messages(parse(csv_bytes(rows))) == [
        "Baris 5, kolom Jenis Kelamin: tidak sesuai dengan tanggal lahir pada NIK "
        "(tanggal +40 untuk perempuan)"
    ]


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_file():
    rows = [*board_rows(), ["", "", ""], row(9, "Penasihat")]
    assert messages(parse(csv_bytes(rows)))[0].startswith("Baris 6, kolom Jabatan")


def test_duplicate_nik_is_an_error_on_the_second_row():
    rows = [*board_rows(), row(1, name="Salinan Ketua")]
    assert messages(parse(csv_bytes(rows))) == ["Baris 5, kolom NIK: sama dengan NIK di baris 2"]


def test_roster_needs_exactly_one_ketua_and_a_sekretaris_and_bendahara():
    two_ketua = [
        row(1, "Ketua"),
        row(2, "ketua"),
        row(3, "Sekretaris"),
        row(4, "Bendahara", female=True),
    ]
    # Every row involved is named, not a row-less "(ada 2)".
    assert messages(parse(csv_bytes(two_ketua))) == [
        "Baris 2, kolom Jabatan: susunan pengurus harus memiliki tepat satu Ketua; "
        "Ketua tertulis di baris 2, 3",
        "Baris 3, kolom Jabatan: susunan pengurus harus memiliki tepat satu Ketua; "
        "Ketua tertulis di baris 2, 3",
    ]
    only_members = [row(1), row(2)]
    result = parse(csv_bytes(only_members))
    assert [(e.row, e.column) for e in result.errors] == [(None, None)] * 3


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            ["Tidak", "Ya", "Ya", "Ya"],
            "Baris 5, kolom Bukan ASN: pengurus menyatakan dirinya ASN; ASN tidak dapat "
            "menjadi pengurus KIM",
        ),
        (
            ["Ya", "tidak", "Ya", "Ya"],
            "Baris 5, kolom Tidak Pernah Dipidana: pengurus menyatakan pernah dipidana; ia "
            "tidak memenuhi syarat pengurus KIM",
        ),
        (
            ["Ya", "Ya", "T", "Ya"],
            "Baris 5, kolom Tidak Berafiliasi Partai Politik: pengurus menyatakan berafiliasi "
            "dengan partai politik; pengurus KIM tidak boleh berafiliasi dengan partai politik",
        ),
        (
            ["Ya", "Ya", "Ya", "TIDAK"],
            "Baris 5, kolom Tidak Berafiliasi LSM: pengurus menyatakan berafiliasi dengan LSM; "
            "pengurus KIM tidak boleh berafiliasi dengan LSM",
        ),
    ],
    ids=["asn", "convicted", "party", "ngo"],
)
def test_member_who_declares_the_opposite_is_refused_at_import(answers, expected):
    rows = [*board_rows(), row(9, declarations=answers)]
    assert messages(parse(csv_bytes(rows))) == [expected]


def test_numbers_from_xlsx_cells_are_read_as_text():
    ketua, sekretaris, bendahara = board_rows()
    ketua[0] = int(ketua[0])  # a NIK typed into a number cell that kept all its digits
    ketua[5] = 81234567890  # the leading zero of a phone number dropped by a spreadsheet
    result = parse(xlsx_bytes([ketua, sekretaris, bendahara]))
    assert result.errors == []
    assert result.rows[0]["nik"] == make_nik(serial=1)
    assert result.rows[0]["phone"] == "081234567890"


def test_nik_turned_into_scientific_notation_gets_a_clear_message():
    rows = board_rows()
    rows[0][0] = "3,60405E+15"
    assert "format kolom NIK sebagai Teks" in messages(parse(csv_bytes(rows)))[0]


def test_formula_cells_are_stored_as_plain_text_never_evaluated(officer_kab_serang):
    rows = board_rows()
    rows[0][1] = "=1+2"  # openpyxl writes this as a real formula cell
    rows[1][1] = '=HYPERLINK("http://example.org","klik")'
    rows[2][1] = "@SUM(A1)"
    rows[2][3] = "-Seksi"
    rows[0][5] = "+6281234567890"
    names = ["=1+2", '=HYPERLINK("http://example.org","klik")', "@SUM(A1)"]
    for data in (xlsx_bytes(rows), csv_bytes(rows)):
        result = parse(data)
        assert result.errors == []
        roster = roster_replace(
            kim=KimFactory(),
            actor=officer_kab_serang,
            rows=result.rows,
            source="import",
            **current_term(),
        )
        stored = list(roster.members.order_by("order"))
        assert [m.full_name for m in stored] == names
        assert stored[2].position_detail == "-Seksi"
        assert stored[0].phone == "+6281234567890"


# --- files that cannot be read: exactly one clear error, never an exception -----------


def _one_error(data):
    result = parse(data)
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert (error.row, error.column) == (None, None)
    assert result.rows == []
    return error.message


def test_empty_file_gets_one_error():
    assert "kosong" in _one_error(b"")
    assert "kosong" in _one_error(b"\n\n  \n")


def test_header_only_gets_one_error():
    assert "hanya berisi baris judul" in _one_error(csv_bytes([]))


def test_wrong_header_gets_one_error_naming_the_missing_columns():
    message = _one_error(csv_bytes(board_rows(), header=["Nama", "Alamat"]))
    assert message.startswith(
        "Kolom wajib tidak ditemukan di baris judul: NIK, Jabatan, Jenis Kelamin, Bukan ASN, "
        "Tidak Pernah Dipidana, Tidak Berafiliasi Partai Politik, Tidak Berafiliasi LSM."
    )
    assert "Judul yang tidak dikenali: “Alamat”." in message


# The headers a manager types: any case and order, common synonyms, no brackets.
NATURAL_HEADER = [
    "no. hp",
    "BUKAN ASN",
    "Tidak pernah dipidana ya/tidak",
    "tidak berafiliasi parpol",
    "Bukan anggota LSM/NGO",
    "Jabatan",
    "NIK",
    "Nama",
    "Jenis Kelamin L/P",
    "Keterangan",
]
ORDER = [5, 6, 7, 8, 9, 2, 0, 1, 4, 3]  # template column of each header above


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_natural_headers_in_any_order_are_recognised(fmt):
    rows = [[r[i] for i in ORDER] for r in board_rows(1)]
    data = (csv_bytes if fmt == "csv" else xlsx_bytes)(rows, header=NATURAL_HEADER)
    result = parse(data)
    assert result.errors == []
    assert [r["position"] for r in result.rows] == ["ketua", "sekretaris", "bendahara", "anggota"]
    assert result.rows[0]["phone"] == "081234567890"
    assert result.rows[0]["nik"] == make_nik(serial=1)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("No. HP", "phone"),
        ("Nomor HP", "phone"),
        ("No HP/WA", "phone"),
        ("Telp.", "phone"),
        ("NIK KTP", "nik"),
        ("nomor induk kependudukan", "nik"),
        ("NAMA LENGKAP", "full_name"),
        ("Nama Pengurus", "full_name"),
        ("jabatan dalam KIM", "position"),
        ("Keterangan Jabatan", "position_detail"),
        ("JK", "gender"),
        ("L/P", "gender"),
        ("Bukan ASN/PNS", "not_civil_servant"),
        ("Tidak pernah dihukum pidana", "no_criminal_record"),
        ("Status ASN (Ya/Tidak)", None),  # "Ya" would mean the opposite: never guessed
        ("Alamat", None),
    ],
)
def test_header_synonyms(header, key):
    assert roster_import.header_key(header) == key


def test_a_title_line_above_the_header_is_skipped():
    data = csv_bytes(board_rows(), header=["SUSUNAN PENGURUS KIM MEKAR SARI 2025-2028"])
    data = data.replace(
        b"\r\n", b"\r\n" + ",".join(roster_import.template_header()).encode() + b"\r\n", 1
    )
    result = parse(data)
    assert result.errors == []
    assert len(result.rows) == 3


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_csv_gets_the_encoding_message_not_wrong_type(encoding):
    text = csv_bytes(board_rows()).decode()
    message = _one_error(text.replace(",", "\t").encode(encoding))
    assert message.startswith("Berkas CSV harus berpengodean UTF-8.")


def test_encrypted_xlsx_gets_one_error():
    # Excel stores a password-protected workbook in a Compound File (OLE) container.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + b"EncryptedPackage"
    assert "kata sandi" in _one_error(data)


def test_corrupt_xlsx_gets_one_error():
    good = xlsx_bytes(board_rows())
    assert "rusak" in _one_error(good[:200])
    assert "rusak" in _one_error(b"PK\x03\x04" + b"garbage" * 100)


def test_xlsx_with_broken_xml_gets_one_error():
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(good := io.BytesIO(xlsx_bytes(board_rows()))) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 2]
            target.writestr(item, content)
    assert good
    assert "rusak" in _one_error(buffer.getvalue())


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"MZ\x90\x00\x03"],
    ids=["pdf", "png", "exe"],
)
def test_wrong_type_gets_one_error(data):
    assert "tidak didukung" in _one_error(data)


def test_other_zip_files_are_the_wrong_type():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "tidak didukung" in _one_error(buffer.getvalue())


def test_non_utf8_csv_gets_one_error():
    assert "UTF-8" in _one_error(csv_bytes(board_rows()) + "Siti Aisyah é".encode("latin-1"))


def test_file_over_the_size_limit_gets_one_error(settings):
    settings.UPLOAD_MAX_BYTES = 100
    assert "terlalu besar" in _one_error(csv_bytes(board_rows()))


def test_too_many_rows_get_one_error(monkeypatch):
    monkeypatch.setattr(roster_import, "MAX_ROWS", 4)
    assert "lebih dari 4 baris" in _one_error(csv_bytes(board_rows(2)))


# --- writing: replace atomically, keep history ----------------------------------------


def test_replace_keeps_the_old_roster_in_history(officer_kab_serang):
    kim = KimFactory()
    old = RosterFactory(kim=kim)
    old_members = make_board(old)
    result = parse(csv_bytes(board_rows(1, start=50)))
    new = roster_replace(
        kim=kim, actor=officer_kab_serang, rows=result.rows, source="import:csv", **current_term()
    )
    old.refresh_from_db()
    assert not old.is_current
    assert new.is_current
    assert old.members.count() == len(old_members)
    assert new.members.count() == 4
    assert list(Roster.objects.filter(kim=kim, is_current=True)) == [new]


def test_replace_is_audited_with_counts_and_never_a_nik(officer_kab_serang):
    kim = KimFactory()
    make_board(RosterFactory(kim=kim))
    result = parse(csv_bytes(board_rows(2, start=50)))
    roster_replace(
        kim=kim, actor=officer_kab_serang, rows=result.rows, source="import:csv", **current_term()
    )
    entry = AuditEntry.objects.get(action="registry.roster.replaced")
    assert entry.changes["members"] == [3, 5]
    assert entry.object_id == str(kim.pk)
    text = str(entry.changes)
    assert not any(r["nik"] in text or r["nik"][:12] in text for r in result.rows)


def test_failed_replace_leaves_the_previous_roster_current(officer_kab_serang):
    kim = KimFactory()
    old = RosterFactory(kim=kim)
    make_board(old)
    rows = parse(csv_bytes(board_rows(start=50))).rows
    rows.append(dict(rows[0], position="anggota"))  # same NIK twice: the database refuses
    with pytest.raises(IntegrityError):
        roster_replace(
            kim=kim, actor=officer_kab_serang, rows=rows, source="import:csv", **current_term()
        )
    old.refresh_from_db()
    assert old.is_current
    assert Roster.objects.filter(kim=kim).count() == 1
    assert Member.objects.filter(roster__kim=kim).count() == 3


def test_template_downloads_match_the_importer(client_for, manager):
    kim = KimFactory(managers=[manager])
    client = client_for(manager)
    for kind in ("xlsx", "csv"):
        response = client.get(f"/kim/{kim.pk}/pengurus/templat/?format={kind}")
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'.{kind}"')
        data = b"".join(response.streaming_content) if response.streaming else response.content
        result = parse(data)
        # The example row is a valid Ketua; the board rules ask for the rest.
        assert [(e.row, e.column) for e in result.errors] == [(None, None)] * 2
        assert result.rows[0]["full_name"] == "Ahmad Fauzi"


@pytest.mark.slow  # the largest file the importer takes: about two seconds
def test_five_thousand_row_xlsx_imports(officer_kab_serang):
    rows = board_rows()
    rows += [row(10 + i, female=bool(i % 2)) for i in range(roster_import.MAX_ROWS - 3)]
    result = parse(xlsx_bytes(rows))
    assert result.errors == []
    roster = roster_replace(
        kim=KimFactory(),
        actor=officer_kab_serang,
        rows=result.rows,
        source="import:xlsx",
        **current_term(),
    )
    assert roster.members.count() == 5000


def test_members_who_stay_keep_their_declaration_after_a_new_import(officer_kab_serang):
    from registry.models import Document, DocumentKind
    from registry.services.documents import document_upload
    from tests.upload_samples import pdf

    kim = KimFactory()
    ketua = make_board(RosterFactory(kim=kim))[0]
    document_upload(
        kim=kim, actor=officer_kab_serang, kind=DocumentKind.DECLARATION, file=pdf(), member=ketua
    )
    rows = parse(csv_bytes(board_rows(0, start=50))).rows
    rows[0] = {**rows[0], "nik": ketua.nik, "gender": ketua.gender}  # the ketua stays
    new = roster_replace(
        kim=kim, actor=officer_kab_serang, rows=rows, source="form", **current_term()
    )
    kept = Document.objects.get(member__roster=new, kind=DocumentKind.DECLARATION)
    assert kept.member.nik == ketua.nik
    assert kept.is_current
    assert Document.objects.filter(member__roster=new).count() == 1  # newcomers must upload


def test_belum_is_a_declaration_not_made_yet():
    rows = [*board_rows(), row(9, declarations=["Ya", "Belum", "ya", "belum menyatakan"])]
    result = parse(csv_bytes(rows))
    assert result.errors == []
    assert result.rows[3]["no_criminal_record"] is False
    assert result.rows[3]["no_ngo"] is False
    assert result.rows[3]["not_civil_servant"] is True
