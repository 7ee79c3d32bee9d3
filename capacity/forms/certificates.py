from django import forms
from django.utils.translation import gettext_lazy as _


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Dicatat di jejak audit; tidak tampil di halaman verifikasi publik."),
        error_messages={"required": _("Tuliskan alasan pencabutan sertifikat.")},
    )
