"""Board roster import from CSV or XLSX, and the template offered for download.

Parse → validate every row, collecting every error as (row, column, message) → the
caller writes once (`registry.services.roster.roster_replace`), only when there is no
error. A problem with the file as a whole (empty, corrupt, password-protected, wrong
type, too large, no header) is one clear message, never an exception to the user.

Cells are read as text and stored as text: a cell that looks like a formula (`=`, `+`,
`-`, `@`) is never evaluated (XLSX formulas are read as their source text, CSV is never
interpreted) and is neutralised again by `kimportal.core.exports` in any export.
"""

import csv
import datetime
import io
import logging
import re
import warnings
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kimportal.core import exports
from kimportal.core.text import normalise_phone, strip_bidi
from registry.models import Gender, Position
from registry.nik import NikError, existing_districts, parse_nik

logger = logging.getLogger(__name__)

MAX_ROWS = 5000
MAX_COLUMNS = 30
# Blank (formatted) rows are skipped, but a sheet is not read forever.
MAX_PHYSICAL_ROWS = 4 * MAX_ROWS
# An XLSX is a ZIP: refuse archives that inflate to more than this (zip bombs).
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024

ZIP_MAGIC = b"PK\x03\x04"
# Compound File Binary: what Excel writes for a password-protected .xlsx (and old .xls).
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BINARY_MAGICS = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"MZ", b"\x7fELF", b"Rar!")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # used in error messages: "kolom NIK"
    header: str  # as written in the template
    required: bool = True
    aliases: tuple = ()


COLUMNS = (
    Column(
        "nik",
        "NIK",
        "NIK",
        aliases=(
            "no nik",
            "nomor nik",
            "nomor induk kependudukan",
            "no ktp",
            "nomor ktp",
            "nik ktp",
        ),
    ),
    Column(
        "full_name",
        "Nama Lengkap",
        "Nama Lengkap",
        aliases=("nama", "nama pengurus", "nama anggota", "nama lengkap pengurus"),
    ),
    Column(
        "position",
        "Jabatan",
        "Jabatan",
        aliases=("posisi", "jabatan pengurus", "jabatan dalam kim", "kedudukan"),
    ),
    Column(
        "position_detail",
        "Keterangan Jabatan",
        "Keterangan Jabatan",
        required=False,
        aliases=("keterangan", "nama seksi", "nama bidang", "seksi bidang"),
    ),
    Column("gender", "Jenis Kelamin", "Jenis Kelamin (L/P)", aliases=("jk", "l p")),
    Column(
        "phone",
        "Telepon",
        "Telepon",
        required=False,
        aliases=(
            "no telepon",
            "nomor telepon",
            "no telp",
            "telp",
            "no hp",
            "nomor hp",
            "hp",
            "no wa",
            "nomor wa",
            "wa",
            "whatsapp",
            "no hp wa",
            "kontak",
        ),
    ),
    Column(
        "not_civil_servant",
        "Bukan ASN",
        "Bukan ASN (Ya/Tidak)",
        aliases=("bukan pns", "bukan asn pns", "tidak asn"),
    ),
    Column(
        "no_criminal_record",
        "Tidak Pernah Dipidana",
        "Tidak Pernah Dipidana (Ya/Tidak)",
        aliases=("tidak pernah dihukum", "tidak dipidana", "bebas pidana"),
    ),
    Column(
        "no_political_party",
        "Tidak Berafiliasi Partai Politik",
        "Tidak Berafiliasi Partai Politik (Ya/Tidak)",
        aliases=(
            "bukan anggota partai politik",
            "tidak berafiliasi parpol",
            "bukan anggota parpol",
            "tidak berafiliasi partai",
        ),
    ),
    Column(
        "no_ngo",
        "Tidak Berafiliasi LSM",
        "Tidak Berafiliasi LSM (Ya/Tidak)",
        aliases=("bukan anggota lsm", "tidak berafiliasi lsm ngo", "tidak berafiliasi ngo"),
    ),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
DECLARATION_KEYS = ("not_civil_servant", "no_criminal_record", "no_political_party", "no_ngo")
# A member who answers "Tidak" has declared the opposite: they cannot sit on the board.
# Said on the import's row and column, and by the form for a member entered by hand.
DECLARED_OPPOSITE = {
    "not_civil_servant": gettext_lazy(
        "pengurus menyatakan dirinya ASN; ASN tidak dapat menjadi pengurus KIM"
    ),
    "no_criminal_record": gettext_lazy(
        "pengurus menyatakan pernah dipidana; ia tidak memenuhi syarat pengurus KIM"
    ),
    "no_political_party": gettext_lazy(
        "pengurus menyatakan berafiliasi dengan partai politik; pengurus KIM tidak boleh "
        "berafiliasi dengan partai politik"
    ),
    "no_ngo": gettext_lazy(
        "pengurus menyatakan berafiliasi dengan LSM; pengurus KIM tidak boleh berafiliasi "
        "dengan LSM"
    ),
}

EXAMPLE_ROW = (
    "3604051501900001",
    "Ahmad Fauzi",
    "Ketua",
    "",
    "L",
    "081234567890",
    "Ya",
    "Ya",
    "Ya",
    "Ya",
)

_PARENTHESES = re.compile(r"\([^)]*\)")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _normalise(text):
    """' Wakil  KETUA ' -> 'wakil ketua'; 'Jenis Kelamin (L/P)' -> 'jenis kelamin'."""
    text = _PARENTHESES.sub(" ", str(text).lower())
    return _NON_ALNUM.sub(" ", text).strip()


# What people add after a header's name when they type it without the template's brackets.
_HEADER_SUFFIXES = (" ya tidak", " y t", " l p", " wajib", " opsional")


def _normalise_header(text):
    """'Bukan ASN Ya/Tidak' -> 'bukan asn'; 'JENIS KELAMIN L/P' -> 'jenis kelamin'."""
    name = _normalise(text)
    for suffix in _HEADER_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)].strip()
    return name


HEADER_LOOKUP = {}
for _column in COLUMNS:
    for _name in (_column.key.replace("_", " "), _column.label, _column.header, *_column.aliases):
        HEADER_LOOKUP[_normalise_header(_name)] = _column.key
IGNORED_HEADERS = {"no", "nomor", "no urut", "nomor urut"}
# Headers not in the list above are recognised by a telling word, checked in this order
# ("Keterangan Jabatan" is the detail, not the position; "Nama Seksi" too).
HEADER_KEYWORDS = (
    ("no_criminal_record", {"pidana", "dipidana", "dihukum", "narapidana"}),
    ("no_political_party", {"partai", "parpol"}),
    ("no_ngo", {"lsm", "ngo"}),
    ("not_civil_servant", {"asn", "pns"}),
    ("position_detail", {"keterangan", "seksi", "bidang"}),
    ("position", {"jabatan", "posisi", "kedudukan"}),
    ("gender", {"kelamin", "gender", "jk"}),
    ("phone", {"telepon", "telp", "hp", "wa", "whatsapp", "ponsel"}),
    ("nik", {"nik", "ktp"}),
    ("full_name", {"nama"}),
)


# A declaration column is read only when its header says the requirement the way the
# template does ("Bukan ASN"): "Status ASN (Ya/Tidak)" means the opposite and is not guessed.
NEGATIONS = {"bukan", "tidak", "tdk", "non", "bebas"}


def header_key(cell):
    """The column key a header cell names, or None (an extra column, ignored)."""
    name = _normalise_header(cell)
    if name in HEADER_LOOKUP:
        return HEADER_LOOKUP[name]
    words = set(name.split())
    for key, keywords in HEADER_KEYWORDS:
        if words & keywords:
            if key in DECLARATION_KEYS and not words & NEGATIONS:
                return None
            return key
    return None


POSITIONS = {
    "ketua": Position.KETUA,
    "ketua kim": Position.KETUA,
    "wakil ketua": Position.WAKIL_KETUA,
    "wakil": Position.WAKIL_KETUA,
    "sekretaris": Position.SEKRETARIS,
    "sekertaris": Position.SEKRETARIS,
    "bendahara": Position.BENDAHARA,
    "seksi": Position.SEKSI,
    "bidang": Position.SEKSI,
    "seksi bidang": Position.SEKSI,
    "anggota": Position.ANGGOTA,
}
SECTION_PREFIXES = ("seksi ", "bidang ", "sie ", "kepala seksi ", "koordinator bidang ")

GENDERS = {
    "l": Gender.MALE,
    "lk": Gender.MALE,
    "laki laki": Gender.MALE,
    "lakilaki": Gender.MALE,
    "pria": Gender.MALE,
    "p": Gender.FEMALE,
    "pr": Gender.FEMALE,
    "perempuan": Gender.FEMALE,
    "wanita": Gender.FEMALE,
}
YES = {"ya", "y", "yes", "1", "true", "benar", "v"}
NO = {"tidak", "t", "tdk", "no", "n", "0", "false", "salah"}
# The member has not made this declaration yet: stored as not declared (the checklist
# then asks for it), unlike "Tidak", which is refused.
NOT_YET = {"belum", "belum menyatakan", "blm"}

# "3.60405E+15" / "3,60405E+15": a NIK a spreadsheet turned into a number (digits lost).
_SCIENTIFIC = re.compile(r"\d([.,]\d+)?[eE]\+?\d+")


NOT_DECLARED = "not declared"


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str | None
    message: str

    def __str__(self):
        if self.row and self.column:
            return _("Baris %(row)s, kolom %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("Baris %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


class RosterFileError(Exception):
    """The file as a whole cannot be read; `message` says why and what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)  # dicts of Member fields, in file order
    errors: list = field(default_factory=list)  # RowError
    file_kind: str = ""  # "xlsx" or "csv", detected from the content

    @property
    def ok(self):
        return not self.errors and bool(self.rows)


# --- reading the file ---------------------------------------------------------------


def _cell_text(value):
    """A cell as stripped text. Formulas arrive as their source text and stay text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, str):
        value = strip_bidi(value).strip()
        if value[:1] == "'" and value[1:2] and value[1] in exports.FORMULA_PREFIXES:
            value = value[1:]  # the quote our exports put before formula-like text
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    text = getattr(value, "text", None)  # openpyxl ArrayFormula and friends
    return str(text if text is not None else value).strip()


def _read_bytes(file):
    limit = settings.UPLOAD_MAX_BYTES
    too_large = RosterFileError(
        _("Berkas terlalu besar; batas ukuran %(limit)s MB.")
        % {"limit": number_format(limit / (1024 * 1024), decimal_pos=1)}
    )
    declared = getattr(file, "size", None)
    if declared is not None and declared > limit:
        raise too_large
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise too_large
    return data


def _wrong_type():
    return RosterFileError(
        _("Jenis berkas tidak didukung. Unggah berkas .xlsx atau .csv yang dibuat dari templat.")
    )


def _corrupt_xlsx():
    return RosterFileError(
        _(
            "Berkas XLSX rusak atau tidak dapat dibaca. Buka di Excel, simpan ulang sebagai "
            ".xlsx, lalu unggah kembali."
        )
    )


def _check_zip(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _corrupt_xlsx() from error
    if not any(entry.filename.startswith("xl/") for entry in entries):
        raise _wrong_type()  # a .docx, .odt or any other ZIP
    if sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES:
        raise RosterFileError(_("Isi berkas XLSX terlalu besar untuk diimpor."))


def _xlsx_rows(data):
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        with warnings.catch_warnings():
            # Files from many spreadsheet programs make openpyxl warn; none of it matters here.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()  # do not trust the stored size; read what is there
                rows = [
                    [_cell_text(v) for v in row]
                    for row in _limited(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
                ]
            finally:
                workbook.close()
    except RosterFileError:
        raise
    except Exception as error:  # an untrusted file may fail in any layer of the parser
        logger.info("Roster XLSX unreadable: %s", type(error).__name__)
        raise _corrupt_xlsx() from error
    return rows


def _not_utf8():
    return RosterFileError(
        _(
            "Berkas CSV harus berpengodean UTF-8. Di Excel pilih Simpan Sebagai → "
            "“CSV UTF-8”, atau unggah berkas .xlsx."
        )
    )


# Byte-order marks of the Unicode encodings Excel and Notepad save as "Unicode" text.
UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def _looks_like_utf16(data):
    """Text in UTF-16 (with or without a BOM): a NUL in every other byte of ASCII text."""
    if data.startswith(UTF16_32_BOMS):
        return True
    sample = data[:512]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > 0.8 * len(even) or odd.count(0) > 0.8 * len(odd)


def _csv_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8() from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [[_cell_text(v) for v in row[:MAX_COLUMNS]] for row in _limited(reader)]
    except csv.Error as error:
        raise RosterFileError(
            _("Berkas CSV rusak atau tidak dapat dibaca: periksa tanda kutip dan pemisah kolom.")
        ) from error


def _limited(rows):
    for count, row in enumerate(rows, start=1):
        if count > MAX_PHYSICAL_ROWS:
            raise _too_many_rows()
        yield row


def _too_many_rows():
    return RosterFileError(
        _("Berkas berisi lebih dari %(max)s baris pengurus; bagi menjadi beberapa berkas.")
        % {"max": number_format(MAX_ROWS, force_grouping=True)}
    )


def read_table(file):
    """(kind, rows): all rows of the first sheet or the CSV as lists of text.

    The kind ("xlsx" or "csv") comes from the content, never the file name.
    Raises RosterFileError for a file that cannot be read as a whole.
    """
    data = _read_bytes(file)
    if not data.strip():
        raise RosterFileError(_("Berkas kosong; unggah templat yang sudah diisi."))
    if data.startswith(CFB_MAGIC):
        raise RosterFileError(
            _(
                "Berkas terlindungi kata sandi atau berformat Excel lama (.xls). Buka di "
                "Excel, hapus kata sandinya, simpan sebagai .xlsx atau CSV, lalu unggah kembali."
            )
        )
    if data.startswith(ZIP_MAGIC):
        return "xlsx", _xlsx_rows(data)
    if _looks_like_utf16(data):
        raise _not_utf8()  # text, in the wrong encoding: not "the wrong type of file"
    if data.startswith(BINARY_MAGICS) or b"\x00" in data[:8192]:
        raise _wrong_type()
    return "csv", _csv_rows(data)


# --- validating ----------------------------------------------------------------------


def _match_header(cells):
    """{column key: index} for the header row, or RosterFileError naming what is missing."""
    found, unknown = {}, []
    for index, cell in enumerate(cells):
        name = _normalise(cell)
        if not name or name in IGNORED_HEADERS:
            continue
        key = header_key(cell)
        if key is None:
            unknown.append(str(cell).strip())
            continue  # extra columns are ignored
        if key in found:
            raise RosterFileError(
                _("Kolom %(column)s muncul dua kali di baris judul (“%(first)s” dan “%(second)s”).")
                % {
                    "column": COLUMN_BY_KEY[key].label,
                    "first": str(cells[found[key]]).strip()[:50],
                    "second": str(cell).strip()[:50],
                }
            )
        found[key] = index
    missing = [c.label for c in COLUMNS if c.required and c.key not in found]
    if missing:
        message = _(
            "Kolom wajib tidak ditemukan di baris judul: %(columns)s. Beri judul kolom itu "
            "seperti pada templat (huruf besar/kecil dan urutan bebas)."
        ) % {"columns": ", ".join(missing)}
        if unknown:
            message += " " + _("Judul yang tidak dikenali: %(headers)s.") % {
                "headers": ", ".join(f"“{h[:50]}”" for h in unknown[:10])
            }
        raise RosterFileError(message)
    return found


def _header_row(numbered):
    """The header: the first of the first rows that names two known columns (a title
    line above it, 'SUSUNAN PENGURUS KIM ...', is skipped); else the first row."""
    for position, (_number, cells) in enumerate(numbered[:10]):
        if len({header_key(c) for c in cells if _normalise(c)} - {None}) >= 2:
            return position
    return 0


def parse_position(text):
    """(position, detail) from free text, matched case- and space-insensitively, or None."""
    name = _normalise(text.replace("_", " "))
    if name in POSITIONS:
        return POSITIONS[name], ""
    if (name + " ").startswith(SECTION_PREFIXES):
        return Position.SEKSI, " ".join(text.split())
    return None


def parse_gender(text):
    return GENDERS.get(_normalise(text))


def parse_yes_no(text):
    name = _normalise(text)
    if name in YES or text.strip() in ("✓", "✔"):
        return True
    if name in NO or text.strip() in ("✗", "✘"):
        return False
    return None


def _validate_row(cells, columns, known_districts):
    """(member dict, [(column key, message)]) for one data row."""
    value = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
    member, errors = {}, []

    def error(key, message):
        errors.append((key, message))

    nik_text = value["nik"].replace(" ", "")
    nik_info = None
    if not nik_text:
        error("nik", _("wajib diisi"))
    elif _SCIENTIFIC.fullmatch(nik_text):
        error(
            "nik",
            _(
                "tersimpan sebagai angka sehingga digitnya berubah; format kolom NIK "
                "sebagai Teks lalu ketik ulang"
            ),
        )
    else:
        try:
            nik_info = parse_nik(nik_text, known_districts=known_districts)
        except NikError as problem:
            error("nik", problem.message)
    member["nik"] = nik_text

    full_name = " ".join(value["full_name"].split())
    if not full_name:
        error("full_name", _("wajib diisi"))
    elif len(full_name) > 150:
        error("full_name", _("paling banyak 150 karakter"))
    member["full_name"] = full_name

    detail = " ".join(value.get("position_detail", "").split())
    position = parse_position(value["position"])
    if not value["position"]:
        error("position", _("wajib diisi"))
    elif position is None:
        error(
            "position",
            _(
                "“%(value)s” tidak dikenal; gunakan Ketua, Wakil Ketua, Sekretaris, "
                "Bendahara, Seksi …/Bidang …, atau Anggota"
            )
            % {"value": value["position"][:50]},
        )
    else:
        member["position"], parsed_detail = position
        detail = detail or parsed_detail
    if len(detail) > 100:
        error("position_detail", _("paling banyak 100 karakter"))
    member["position_detail"] = detail

    gender = parse_gender(value["gender"])
    if not value["gender"]:
        error("gender", _("wajib diisi (L atau P)"))
    elif gender is None:
        error("gender", _("isi L (laki-laki) atau P (perempuan)"))
    elif nik_info is not None and nik_info.female != (gender == Gender.FEMALE):
        error(
            "gender", _("tidak sesuai dengan tanggal lahir pada NIK (tanggal +40 untuk perempuan)")
        )
    member["gender"] = gender

    phone_text = value.get("phone", "")
    phone = ""
    if phone_text:
        phone = normalise_phone(phone_text)
        if phone is None:
            error("phone", _("bukan nomor telepon yang valid (8–15 digit, boleh diawali +)"))
            phone = ""
    member["phone"] = phone

    for key in DECLARATION_KEYS:
        answer = parse_yes_no(value[key])
        if answer is None and _normalise(value[key]) in NOT_YET:
            answer = NOT_DECLARED
        if answer is None:
            error(key, _("isi Ya, atau Belum bila pengurus belum menyatakan"))
        elif answer is False:
            error(key, str(DECLARED_OPPOSITE[key]))
        member[key] = answer is True
    return member, errors


def validate_table(table):
    """Validate header + data rows (lists of text, row numbers = position in the file)."""
    result = ImportResult()
    numbered = [(number, cells) for number, cells in enumerate(table, start=1) if any(cells)]
    if not numbered:
        raise RosterFileError(_("Berkas kosong; unggah templat yang sudah diisi."))
    start = _header_row(numbered)
    (_header_number, header), data_rows = numbered[start], numbered[start + 1 :]
    columns = _match_header(header)
    if not data_rows:
        raise RosterFileError(_("Berkas hanya berisi baris judul; isi data pengurus di bawahnya."))
    if len(data_rows) > MAX_ROWS:
        raise _too_many_rows()

    nik_column = columns["nik"]
    known = existing_districts(
        cells[nik_column].replace(" ", "") for _n, cells in data_rows if nik_column < len(cells)
    )
    first_row_of_nik = {}
    counts = dict.fromkeys(Position.values, 0)
    ketua_rows = []
    for order, (number, cells) in enumerate(data_rows, start=1):
        member, errors = _validate_row(cells, columns, known)
        nik = member["nik"]
        if nik and not any(key == "nik" for key, _m in errors):
            if nik in first_row_of_nik:
                errors.append(
                    ("nik", _("sama dengan NIK di baris %(row)s") % {"row": first_row_of_nik[nik]})
                )
            else:
                first_row_of_nik[nik] = number
        if "position" in member:
            counts[member["position"]] += 1
            if member["position"] == Position.KETUA:
                ketua_rows.append(number)
        result.errors.extend(RowError(number, COLUMN_BY_KEY[k].label, m) for k, m in errors)
        member["order"] = order
        result.rows.append(member)

    if len(ketua_rows) > 1:
        # Every row involved is named: the manager decides which one stays Ketua.
        rows_text = ", ".join(map(str, ketua_rows))
        result.errors.extend(
            RowError(
                number,
                COLUMN_BY_KEY["position"].label,
                _(
                    "susunan pengurus harus memiliki tepat satu Ketua; Ketua tertulis di "
                    "baris %(rows)s"
                )
                % {"rows": rows_text},
            )
            for number in ketua_rows
        )
        counts[Position.KETUA] = 1  # said above, row by row
    result.errors.extend(RowError(None, None, m) for m in board_problems(counts))
    result.errors.sort(key=lambda e: (e.row is None, e.row or 0))
    return result


def board_problems(counts):
    """Messages for a board whose positions do not meet the rule (counts by Position)."""
    problems = []
    if counts.get(Position.KETUA, 0) != 1:
        problems.append(
            _("Susunan pengurus harus memiliki tepat satu Ketua (ada %(count)s).")
            % {"count": counts.get(Position.KETUA, 0)}
        )
    if not counts.get(Position.SEKRETARIS):
        problems.append(_("Susunan pengurus harus memiliki sedikitnya satu Sekretaris."))
    if not counts.get(Position.BENDAHARA):
        problems.append(_("Susunan pengurus harus memiliki sedikitnya satu Bendahara."))
    return problems


def parse_roster(file):
    """Read and validate an uploaded roster. Never raises for a bad file: see `errors`."""
    kind = ""
    try:
        kind, table = read_table(file)
        result = validate_table(table)
    except RosterFileError as problem:
        return ImportResult(errors=[RowError(None, None, problem.message)], file_kind=kind)
    result.file_kind = kind
    return result


# --- the board in the template's columns (exports that import back) -------------------


def declaration_text(value):
    """How a stored declaration is written in the file: Ya, or Belum (not declared yet)."""
    return "Ya" if value else "Belum"


def member_rows(members, *, personal=None):
    """Rows in template column order; `personal(member)` gives the (nik, phone) to write
    (masked or full), the stored ones by default. Positions are written in Indonesian
    whatever the user's language, so the file imports back."""
    with translation.override("id"):
        for member in members:
            nik, phone = personal(member) if personal else (member.nik, member.phone)
            yield [
                nik,
                member.full_name,
                str(Position(member.position).label),
                member.position_detail,
                member.gender,
                phone,
                *(declaration_text(getattr(member, key)) for key in DECLARATION_KEYS),
            ]


# --- the template --------------------------------------------------------------------

TEMPLATE_NAME = "templat-susunan-pengurus"
INSTRUCTIONS = (
    gettext_lazy("Isi satu baris per pengurus di lembar pertama; jangan ubah baris judul."),
    gettext_lazy("NIK: 16 digit, tulis sebagai teks (kolom sudah berformat Teks)."),
    gettext_lazy(
        "Jabatan: Ketua (tepat satu), Wakil Ketua, Sekretaris (minimal satu), "
        "Bendahara (minimal satu), Seksi …/Bidang …, atau Anggota."
    ),
    gettext_lazy(
        "Jenis kelamin: L atau P. Kolom pernyataan: Ya, atau Belum bila pengurus belum "
        "menyatakan. Pengurus yang menjawab Tidak (ASN, pernah dipidana, berafiliasi partai "
        "politik atau LSM) tidak dapat menjadi pengurus."
    ),
    gettext_lazy("Masa bakti diisi di formulir unggah, bukan di berkas."),
)


def template_header():
    return [c.header for c in COLUMNS]


def template_xlsx_bytes(rows=(EXAMPLE_ROW,)):
    """The XLSX template: header, `rows`, NIK/phone columns formatted as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Pengurus"
    sheet.append(template_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([exports.neutralise(v) for v in row])
    last = MAX_ROWS + 1
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.header) + 2)
        if column.key in ("nik", "phone"):
            # Text, so Excel keeps all 16 digits and the leading zero.
            sheet.column_dimensions[letter].number_format = "@"
            for cell in sheet[letter][1:]:
                cell.number_format = "@"
        if column.key == "gender":
            _list_validation(sheet, DataValidation, '"L,P"', f"{letter}2:{letter}{last}")
        if column.key in DECLARATION_KEYS:
            _list_validation(sheet, DataValidation, '"Ya,Belum,Tidak"', f"{letter}2:{letter}{last}")
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(str(_("Petunjuk")))
    for line in INSTRUCTIONS:
        notes.append([str(line)])
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _list_validation(sheet, validation_class, formula, cells):
    validation = validation_class(type="list", formula1=formula, allow_blank=True)
    validation.add(cells)
    sheet.add_data_validation(validation)
