"""Widgets shared by the partnership forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kimportal.core.uploads import IMAGE_TYPES, accept_attribute

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once (each checked by content by the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": accept_attribute(IMAGE_TYPES)})
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Foto kegiatan"))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []
