"""Upload forms for legal documents: the file, plus the metadata of its kind.

The forms only parse input; the file's content, the metadata rules and who may upload
are checked by registry.services.documents.document_upload.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kimportal.core.uploads import DOCUMENT_TYPES, accept_attribute, megabytes
from registry.models import Document, DocumentKind


def _model_field(name, **kwargs):
    field = Document._meta.get_field(name).formfield(**kwargs)
    field.required = True
    return field


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = accept_attribute(DOCUMENT_TYPES)
        self.fields["file"].help_text = _(
            "PDF, JPG atau PNG, paling besar %(limit)s MB. Pindaian yang jelas terbaca."
        ) % {"limit": megabytes(settings.UPLOAD_MAX_BYTES)}

    def metadata(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "file"}


class SkUploadForm(DocumentUploadForm):
    number = _model_field("number")
    issued_on = _model_field("issued_on", widget=_DateInput())
    issuer_name = _model_field("issuer_name")
    issuer_office = _model_field("issuer_office")

    field_order = ["number", "issued_on", "issuer_name", "issuer_office", "file"]


class RosterScanUploadForm(DocumentUploadForm):
    acknowledged_by = _model_field("acknowledged_by")
    acknowledged_on = _model_field("acknowledged_on", widget=_DateInput())

    field_order = ["acknowledged_by", "acknowledged_on", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acknowledged_by"].help_text = _(
            "Nama kepala desa/lurah yang menandatangani susunan pengurus."
        )


class DeclarationUploadForm(DocumentUploadForm):
    pass


FORMS = {
    DocumentKind.SK: SkUploadForm,
    DocumentKind.ROSTER_SCAN: RosterScanUploadForm,
    DocumentKind.DECLARATION: DeclarationUploadForm,
    DocumentKind.DECLARATION_BUNDLE: DeclarationUploadForm,
}


def form_for(kind, *args, **kwargs):
    return FORMS[DocumentKind(kind)](*args, **kwargs)
