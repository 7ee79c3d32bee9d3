from django import forms
from django.db import models
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from capacity.models import Event, EventKind, EventStatus, PersonRole
from kimportal.core.access.predicates import working_area
from kimportal.core.areas.models import Province, Regency
from registry.selectors.kims import registered_kims_for

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def organiser_choices(user):
    """The Dinas a user organises for: a regency officer their own; provincial staff their
    province's (and, supervising, its regencies'); a system admin any."""
    province, regency = working_area(user)
    if regency:
        return [(regency, Regency.objects.get(pk=regency).name)]
    provinces = Province.objects.filter(pk=province) if province else Province.objects.all()
    choices = []
    for item in provinces.order_by("code"):
        choices.append((item.code, _("Diskominfo Provinsi %(name)s") % {"name": item.name.title()}))
        choices += [
            (r.code, f"— {r.name}") for r in Regency.objects.filter(province=item).order_by("code")
        ]
    return choices


def _https_urls(field, **kwargs):
    """Links typed without a scheme are https (Django 6's default, set explicitly now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EventForm(forms.ModelForm):
    organiser = forms.ChoiceField(label=_("Penyelenggara"))

    class Meta:
        model = Event
        formfield_callback = _https_urls
        fields = [
            "kind",
            "title",
            "theme",
            "organiser",
            "starts_at",
            "ends_at",
            "venue",
            "online_link",
            "hours_jp",
            "quota",
            "audience",
            "audience_regencies",
            "audience_kims",
            "registration_opens",
            "registration_closes",
        ]
        widgets = {
            "theme": forms.Textarea(attrs={"rows": 2}),
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "registration_opens": DATETIME_WIDGET,
            "registration_closes": DATETIME_WIDGET,
            "audience_regencies": forms.CheckboxSelectMultiple,
            "audience_kims": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "starts_at": _("Waktu WIB."),
            "hours_jp": _("1 JP = 45 menit."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        province, regency = working_area(user)
        if self.instance.pk:
            del self.fields["organiser"]  # the organiser of an event does not change
            area_province = self.instance.province_id
            area_regency = self.instance.regency_id
        else:
            self.fields["organiser"].choices = organiser_choices(user)
            area_province, area_regency = province, regency
        regencies = Regency.objects.order_by("code")
        if area_regency:
            regencies = regencies.filter(pk=area_regency)
        elif area_province:
            regencies = regencies.filter(province=area_province)
        self.fields["audience_regencies"].queryset = regencies
        self.fields["audience_kims"].queryset = (
            registered_kims_for(user).select_related(None).only("pk", "name").order_by("name")
        )
        self.fields["audience_kims"].label_from_instance = lambda kim: kim.name
        self.fields["audience_regencies"].label_from_instance = lambda r: r.name
        if area_regency:
            del self.fields["audience_regencies"]

    def event_data(self):
        data = {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.cleaned_data
            and name not in ("organiser", "audience_regencies", "audience_kims")
        }
        organiser = self.cleaned_data.get("organiser")
        if organiser:
            data["province_id"] = organiser[:2]
            data["regency_id"] = organiser if "." in organiser else None
        return data


class PersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"), choices=PersonRole.choices)
    name = forms.CharField(label=_("Nama"), max_length=150, required=False)
    position = forms.CharField(label=_("Jabatan/instansi"), max_length=200, required=False)


PersonFormSet = formset_factory(PersonForm, extra=2, max_num=12)


def people_initial(event):
    if event is None:
        return [{"role": PersonRole.SPEAKER}, {"role": PersonRole.MODERATOR}]
    return [{"role": p.role, "name": p.name, "position": p.position} for p in event.people.all()]


def people_data(formset):
    return [
        (form.cleaned_data["role"], form.cleaned_data["name"], form.cleaned_data["position"])
        for form in formset
        if form.cleaned_data.get("name")
    ]


class EventFilterForm(forms.Form):
    SORTS = {
        "soonest": ("starts_at", "pk"),
        "latest": ("-starts_at", "-pk"),
        "title": ("title", "pk"),
    }
    q = forms.CharField(label=_("Cari judul/tema"), required=False)
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *EventKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *EventStatus.choices],
    )
    when = forms.ChoiceField(
        label=_("Waktu"),
        required=False,
        choices=[
            ("", _("Semua waktu")),
            ("upcoming", _("Akan datang")),
            ("past", _("Sudah lewat")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[("latest", _("Terbaru")), ("soonest", _("Terdekat")), ("title", _("Judul"))],
    )

    def apply(self, queryset, now):
        if not self.is_valid():
            return queryset.order_by(*self.SORTS["latest"])
        data = self.cleaned_data
        if data.get("q"):
            from django.db.models import Q

            queryset = queryset.filter(
                Q(title__icontains=data["q"]) | Q(theme__icontains=data["q"])
            )
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("when") == "upcoming":
            queryset = queryset.filter(ends_at__gte=now)
        elif data.get("when") == "past":
            queryset = queryset.filter(ends_at__lt=now)
        sort = data.get("sort") or ("soonest" if data.get("when") == "upcoming" else "latest")
        return queryset.order_by(*self.SORTS[sort])


class TransitionForm(forms.Form):
    action = forms.CharField()
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
