"""The public directory of KIM: what anyone may see, without logging in.

Only KIM that have been registered (and may since have become inactive or been revoked)
are public; drafts and applications under review never are. Only public columns are
loaded (`PUBLIC_FIELDS`): a KIM's phone, email and address, and anything about its
members, are never read by these queries, so no template can leak them.
"""

import re
from dataclasses import dataclass, replace

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kimportal.core.areas.models import District, Province, Regency, Village
from registry.models import Kim, KimStatus

PUBLIC_STATUSES = (KimStatus.REGISTERED, KimStatus.INACTIVE, KimStatus.REVOKED)

AREA_PATH = "village__district__regency__province"
PUBLIC_FIELDS = (
    "name",
    "nomor_induk",
    "status",
    "registered_at",
    "website",
    "kimid_address",
    "kimid_id",
    "village__name",
    "village__district__name",
    "village__district__regency__name",
    "village__district__regency__province__name",
)
# The profile shows a little more: still nothing personal.
PROFILE_FIELDS = (*PUBLIC_FIELDS, "focus", "social_links")

# Sort key in the URL (`?urut=`) -> label and ORDER BY; pk last so pages are stable.
SORTS = {
    "nama": (_("Nama (A–Z)"), ("name", "pk")),
    "-nama": (_("Nama (Z–A)"), ("-name", "-pk")),
    # By regency code (the Kemendagri order: kabupaten, then kota), so an index serves it.
    "kabupaten": (_("Kabupaten/kota"), ("regency_id", "name", "pk")),
    "-terdaftar": (
        _("Terdaftar terbaru"),
        (F("registered_at").desc(nulls_last=True), "-pk"),
    ),
    # The exact reverse of "-terdaftar", so one index serves both directions.
    "terdaftar": (
        _("Terdaftar terlama"),
        (F("registered_at").asc(nulls_first=True), "pk"),
    ),
}
DEFAULT_SORT = "nama"
MAX_QUERY_LENGTH = 100

# Kemendagri codes: 36 / 36.04 / 36.04.05 / 36.04.05.2001.
CODE_PATTERNS = {
    "province": re.compile(r"\d{2}"),
    "regency": re.compile(r"\d{2}\.\d{2}"),
    "district": re.compile(r"\d{2}\.\d{2}\.\d{2}"),
    "village": re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
}
LEVELS = ("province", "regency", "district", "village")


@dataclass(frozen=True)
class DirectoryFilters:
    """The directory's search, filters and sort, parsed and validated from a query string."""

    q: str = ""
    province: str = ""
    regency: str = ""
    district: str = ""
    village: str = ""
    status: str = ""
    sort: str = DEFAULT_SORT

    # Query-string names (Indonesian, as users see them in the address bar).
    PARAMS = {
        "q": "q",
        "province": "provinsi",
        "regency": "kabupaten",
        "district": "kecamatan",
        "village": "desa",
        "status": "status",
        "sort": "urut",
    }

    @classmethod
    def from_query(cls, data):
        """Anything malformed is ignored rather than an error: this is a public search box."""
        values = {field: data.get(param, "").strip() for field, param in cls.PARAMS.items()}
        values["q"] = " ".join(values["q"].split())[:MAX_QUERY_LENGTH]
        for level in LEVELS:
            if not CODE_PATTERNS[level].fullmatch(values[level]):
                values[level] = ""
        if values["status"] not in PUBLIC_STATUSES:
            values["status"] = ""
        if values["sort"] not in SORTS:
            values["sort"] = DEFAULT_SORT
        return cls(**values)._consistent_areas()

    def _consistent_areas(self):
        """Codes nest (36 > 36.04 > 36.04.05 > ...): fill missing parents from a child's code,
        and drop a child left over from another parent (a form sent without JavaScript)."""
        codes = {level: getattr(self, level) for level in LEVELS}
        ancestor = ""
        for index, level in enumerate(LEVELS):
            code = codes[level]
            if not code:
                continue
            if ancestor and not code.startswith(ancestor + "."):
                for child in LEVELS[index:]:
                    codes[child] = ""
                break
            ancestor = code
        # Infer parents of the deepest code left.
        deepest = next((codes[level] for level in reversed(LEVELS) if codes[level]), "")
        parts = deepest.split(".") if deepest else []
        for index, level in enumerate(LEVELS[: len(parts)]):
            codes[level] = ".".join(parts[: index + 1])
        return replace(self, **codes)

    @property
    def area_code(self):
        """The deepest area chosen, or ''."""
        return self.village or self.district or self.regency or self.province

    @property
    def is_filtered(self):
        return bool(self.q or self.area_code or self.status)

    def as_query(self):
        """Non-default values as a query dict (for export links and pagination)."""
        values = {}
        for field, param in self.PARAMS.items():
            value = getattr(self, field)
            if value and not (field == "sort" and value == DEFAULT_SORT):
                values[param] = value
        return values


def public_kims():
    """Every KIM the public may see, with its area, loading public columns only."""
    return (
        Kim.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related(AREA_PATH)
        .only(*PUBLIC_FIELDS)
    )


def directory_search(filters):
    """The directory list for `filters` (one query for the rows; paginate with a count)."""
    kims = public_kims()
    if filters.q:
        kims = kims.filter(name__icontains=filters.q)
    if filters.village:
        kims = kims.filter(village_id=filters.village)
    # Area codes nest, so a district or province is a prefix of the KIM's own columns:
    # `village_id LIKE '36.04.05.%'` uses the index on village_id (Django trims the join).
    elif filters.district:
        kims = kims.filter(village__code__startswith=filters.district + ".")
    elif filters.regency:
        kims = kims.filter(regency_id=filters.regency)
    elif filters.province:
        kims = kims.filter(regency__code__startswith=filters.province + ".")
    if filters.status:
        kims = kims.filter(status=filters.status)
    return kims.order_by(*SORTS[filters.sort][1])


def directory_profile_queryset():
    """The KIM public profile: look a pk up in this (a non-public KIM is a 404)."""
    return (
        Kim.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related(AREA_PATH)
        .only(*PROFILE_FIELDS)
    )


def area_options(filters):
    """Options of each area select for the current filters: one query per level shown."""

    def names(model, **lookup):
        return list(model.objects.filter(**lookup).order_by("name").values_list("code", "name"))

    return {
        "provinces": list(Province.objects.order_by("code").values_list("code", "name")),
        "regencies": names(Regency, province_id=filters.province) if filters.province else [],
        "districts": names(District, regency_id=filters.regency) if filters.regency else [],
        "villages": names(Village, district_id=filters.district) if filters.district else [],
    }


def area_of(kim):
    """(village, district, regency, province) names of a KIM loaded by `public_kims`."""
    district = kim.village.district
    regency = district.regency
    return (kim.village.name, district.name, regency.name, regency.province.name)


def public_links(kim):
    """The KIM's social links that are web addresses (anything else is not made a link)."""
    return [
        line.strip()
        for line in (kim.social_links or "").splitlines()
        if line.strip().lower().startswith(("https://", "http://"))
    ]


EXPORT_HEADER = (
    _("Nama KIM"),
    _("Nomor Induk"),
    _("Status"),
    _("Desa/kelurahan"),
    _("Kecamatan"),
    _("Kabupaten/kota"),
    _("Provinsi"),
    _("Terdaftar pada"),
    _("Situs web"),
    _("Alamat KIM.id"),
    _("ID KIM.id"),
)


EXPORT_COLUMNS = (
    "name",
    "nomor_induk",
    "status",
    "village__name",
    "village__district__name",
    "village__district__regency__name",
    "village__district__regency__province__name",
    "registered_at",
    "website",
    "kimid_address",
    "kimid_id",
)


def directory_export_rows(kims):
    """One row per KIM for CSV/XLSX: plain tuples read in chunks (no model instances), so
    an export of the whole directory stays quick and small in memory."""
    status_labels = {value: str(label) for value, label in KimStatus.choices}
    for row in kims.values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000):
        name, nomor_induk, status, *area, registered_at, website, kimid_address, kimid_id = row
        yield (
            name,
            nomor_induk or "",
            status_labels[status],
            *area,
            timezone.localdate(registered_at) if registered_at else None,
            website,
            kimid_address,
            kimid_id,
        )
