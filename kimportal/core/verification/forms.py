from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kimportal.core.uploads import PDF, accept_attribute, megabytes, validate_upload
from kimportal.core.verification.tokens import normalize_token


class VerifyCodeForm(forms.Form):
    kode = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=40,
        help_text=_(
            "16 huruf dan angka yang tercetak di bawah kode QR, misalnya ABCD-EFGH-JKMN-PQRS."
        ),
    )

    def clean_kode(self):
        token = normalize_token(self.cleaned_data["kode"])
        if not token:
            raise ValidationError(
                _(
                    "Kode ini tidak berbentuk kode verifikasi. Periksa lagi "
                    "ketikan Anda: 16 huruf dan angka."
                )
            )
        return token


class VerifyUploadForm(forms.Form):
    berkas = forms.FileField(label=_("Berkas PDF surat"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["berkas"].widget.attrs["accept"] = accept_attribute({PDF})
        self.fields["berkas"].help_text = _(
            "PDF yang Anda terima dari Portal KIM, paling besar %(limit)s MB."
        ) % {"limit": megabytes(settings.UPLOAD_MAX_BYTES)}

    def clean_berkas(self):
        return validate_upload(self.cleaned_data["berkas"], allowed={PDF})
