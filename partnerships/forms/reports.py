"""Forms of the activity report pages."""

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.forms.widgets import DATE_WIDGET, PhotosField
from partnerships.models import Adinda, Channel
from partnerships.services.reports import photo_limit_text

REPORT_FIELDS = ("held_on", "title", "description", "principles", "channel", "reach", "links")


class ReportForm(forms.Form):
    kim = forms.ModelChoiceField(label=_("KIM pelapor"), queryset=None, empty_label=None)
    held_on = forms.DateField(label=_("Tanggal kegiatan"), widget=DATE_WIDGET)
    title = forms.CharField(label=_("Judul kegiatan"), max_length=200)
    description = forms.CharField(
        label=_("Uraian"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Apa yang dilakukan, untuk siapa, hasilnya."),
    )
    principles = forms.MultipleChoiceField(
        label=_("Prinsip ADINDA"), choices=Adinda.choices, widget=forms.CheckboxSelectMultiple
    )
    channel = forms.ChoiceField(label=_("Saluran"), choices=Channel.choices)
    reach = forms.IntegerField(
        label=_("Jangkauan (orang)"),
        min_value=0,
        max_value=1_000_000,  # the column (and the evaluation's sum of reaches) is 32-bit
        required=False,
        help_text=_("Perkiraan jumlah orang yang dijangkau; boleh dikosongkan."),
    )
    links = forms.CharField(
        label=_("Tautan bukti"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "inputmode": "url"}),
        help_text=_("Satu tautan per baris: unggahan media sosial, berita, video."),
    )
    photos = PhotosField()

    def __init__(self, *args, kims, report=None, **kwargs):
        if report is not None:
            kwargs.setdefault("initial", {name: getattr(report, name) for name in REPORT_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = photo_limit_text()
        if report is not None:
            del self.fields["kim"]
            photos = list(report.photos.all())
            if photos:
                self.fields["remove_photos"] = forms.ModelMultipleChoiceField(
                    label=_("Hapus foto"),
                    queryset=report.photos.all(),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
                self.fields["remove_photos"].label_from_instance = lambda photo: photo.original_name
        else:
            self.fields["held_on"].initial = timezone.localdate()
            self.fields["kim"].queryset = kims
            if len(kims) == 1:
                self.fields["kim"].widget = forms.HiddenInput()
                self.fields["kim"].initial = kims[0].pk

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        check = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                check(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(link)s” bukan tautan http(s) yang valid.") % {"link": line[:80]}
                ) from None
        return "\n".join(lines)

    def report_data(self):
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("accept", _("Terima laporan")), ("clarify", _("Minta klarifikasi"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Catatan untuk KIM"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib bila meminta klarifikasi."),
    )


class ReportFilterForm(forms.Form):
    STATUSES = [
        ("", _("Semua status")),
        ("submitted", _("Menunggu tinjauan")),
        ("accepted", _("Diterima")),
        ("clarification", _("Perlu klarifikasi")),
    ]
    q = forms.CharField(label=_("Cari judul atau KIM"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUSES)
    principle = forms.ChoiceField(
        label=_("Prinsip ADINDA"), required=False, choices=[("", _("Semua")), *Adinda.choices]
    )

    def apply(self, reports):
        from django.db.models import Q

        if not self.is_valid():
            return reports
        data = self.cleaned_data
        if data.get("q"):
            reports = reports.filter(
                Q(title__icontains=data["q"]) | Q(kim__name__icontains=data["q"])
            )
        if data.get("status"):
            reports = reports.filter(status=data["status"])
        if data.get("principle"):
            # JSON lists hold the values as quoted strings on every database.
            reports = reports.filter(principles__icontains=f'"{data["principle"]}"')
        return reports
