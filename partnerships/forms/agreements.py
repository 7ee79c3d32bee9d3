"""Forms of the agreement pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kimportal.core.uploads import DOCUMENT_TYPES, accept_attribute
from partnerships.forms.widgets import DATE_WIDGET
from partnerships.models import (
    AGREEMENT_STATUS_RANK,
    AgreementStatus,
    Forum,
    Objectives,
    Recommendation,
    Scope,
)
from partnerships.models.dinas import in_area
from partnerships.selectors.agreements import dinas_choices, search
from partnerships.selectors.forums import forums_for
from registry.selectors.kims import kims_for
from registry.selectors.partners import partner_kims_for


class KimChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, kim):
        where = kim.village.name if kim.village_id else ""
        label = f"{kim.name} · {where}" if where else kim.name
        if not kim.is_registered:
            label += f" ({kim.get_status_display()})"
        return label


class AgreementForm(forms.Form):
    number = forms.CharField(
        label=_("Nomor perjanjian"),
        max_length=100,
        required=False,
        help_text=_("Boleh dikosongkan selama draf; wajib sebelum diberlakukan."),
    )
    title = forms.CharField(label=_("Judul"), max_length=200)
    kims = KimChoiceField(
        label=_("KIM pihak perjanjian"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hanya KIM terdaftar di wilayah Dinas ini yang dapat dipilih."),
    )
    forums = forms.ModelMultipleChoiceField(
        label=_("Forum KIM pihak perjanjian"),
        queryset=Forum.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    scopes = forms.MultipleChoiceField(
        label=_("Ruang lingkup"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    scope_other = forms.CharField(
        label=_("Ruang lingkup lainnya"),
        max_length=200,
        required=False,
        help_text=_("Diisi bila memilih “Lainnya”."),
    )
    dinas_obligations = forms.CharField(
        label=_("Kewajiban Dinas (pihak pertama)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu kewajiban per baris."),
    )
    partner_obligations = forms.CharField(
        label=_("Kewajiban KIM/forum (pihak kedua)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu kewajiban per baris."),
    )
    start_date = forms.DateField(label=_("Tanggal mulai"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Tanggal berakhir"), widget=DATE_WIDGET)

    def __init__(self, *args, user, dinas_code, agreement=None, **kwargs):
        if agreement is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{
                        name: getattr(agreement, name)
                        for name in self.base_fields
                        if name not in ("kims", "forums")
                    },
                    "kims": list(agreement.kims.values_list("pk", flat=True)),
                    "forums": list(agreement.forums.values_list("pk", flat=True)),
                },
            )
        super().__init__(*args, **kwargs)
        kims = partner_kims_for(user, dinas_code)
        forums = forums_for(user).filter(is_active=True)
        if agreement is not None:
            # Parties chosen earlier stay listed (and checked) even if no longer registered.
            kims = kims | kims_for(user).filter(pk__in=self.initial["kims"])
            forums = forums | forums_for(user).filter(pk__in=self.initial["forums"])
        self.fields["kims"].queryset = kims.select_related("village").order_by("name", "pk")
        self.fields["forums"].queryset = forums.order_by("name")
        self.dinas_code = dinas_code

    def clean_forums(self):
        forums = self.cleaned_data["forums"]
        outside = [
            f.name
            for f in forums
            if not (f.dinas_code == self.dinas_code or in_area(self.dinas_code, f.dinas_code))
        ]
        if outside:
            raise forms.ValidationError(_("Bukan forum di wilayah Dinas ini."))
        return forums

    def agreement_data(self):
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("kims", "forums")}
        data["number"] = data["number"].strip()
        if Scope.OTHER not in data["scopes"]:
            data["scope_other"] = ""
        return data


class AgreementFilterForm(forms.Form):
    """The list toolbar: search, Dinas, status, ending before, sort."""

    SORTS = {
        # Running agreements first, the soonest ending on top; then drafts; then ended ones.
        "ending": (AGREEMENT_STATUS_RANK.asc(), "end_date", "pk"),
        "newest": ("-start_date", "-pk"),
        "number": ("number", "pk"),
        "updated": ("-updated_at", "-pk"),
    }
    q = forms.CharField(label=_("Cari nomor, judul atau pihak"), required=False)
    dinas = forms.ChoiceField(label=_("Dinas"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *AgreementStatus.choices],
    )
    ending_before = forms.DateField(label=_("Berakhir sebelum"), required=False, widget=DATE_WIDGET)
    sort = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[
            ("ending", _("Segera berakhir")),
            ("newest", _("Terbaru")),
            ("number", _("Nomor")),
            ("updated", _("Terakhir diubah")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = dinas_choices(user)
        if choices:
            self.fields["dinas"].choices = [("", _("Semua Dinas")), *choices]
        else:
            del self.fields["dinas"]

    def apply(self, queryset, default_sort="ending"):
        if not self.is_valid():
            return queryset.order_by(*self.SORTS[default_sort])
        data = self.cleaned_data
        if data.get("q"):
            queryset = search(queryset, data["q"])
        if data.get("dinas"):
            queryset = queryset.filter(dinas_code=data["dinas"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("ending_before"):
            queryset = queryset.filter(end_date__lt=data["ending_before"])
        return queryset.order_by(*self.SORTS[data.get("sort") or default_sort])


class SignedUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Pindaian naskah bertanda tangan"),
        help_text=_("PDF, JPG atau PNG; diperiksa menurut isinya."),
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(DOCUMENT_TYPES)}),
    )


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pengakhiran"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class EvaluationForm(forms.Form):
    objectives = forms.ChoiceField(
        label=_("Capaian tujuan"), choices=Objectives.choices, widget=forms.RadioSelect
    )
    # Bounded: the column is a 32-bit integer (a bigger number was a server error).
    activity_count = forms.IntegerField(label=_("Jumlah kegiatan"), min_value=0, max_value=10_000)
    assessment = forms.CharField(
        label=_("Penilaian petugas"), widget=forms.Textarea(attrs={"rows": 5})
    )
    recommendation = forms.ChoiceField(
        label=_("Rekomendasi"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
