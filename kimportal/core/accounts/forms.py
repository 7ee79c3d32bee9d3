from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kimportal.core import mail
from kimportal.core.accounts.roles import Role
from kimportal.core.accounts.services import pending_sign_up
from kimportal.core.areas.models import Regency
from kimportal.core.jobs.tasking import enqueue_on_commit
from kimportal.core.models import User
from kimportal.core.text import strip_bidi


class AccountCreateForm(forms.Form):
    """Provincial staff create officer accounts inside their province."""

    username = forms.RegexField(label=_("Nama pengguna"), regex=r"^[\w.@+-]+$", max_length=150)
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"))
    position = forms.CharField(label=_("Jabatan"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Peran"),
        choices=[(Role.REGENCY, Role.REGENCY.label), (Role.PROVINCE, Role.PROVINCE.label)],
    )
    regency = forms.ModelChoiceField(
        label=_("Kabupaten/kota"), queryset=Regency.objects.none(), required=False
    )

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.fields["regency"].queryset = Regency.objects.filter(province=province)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.REGENCY and not data.get("regency"):
            self.add_error("regency", _("Pilih kabupaten/kota tempat petugas bekerja."))
        if data.get("role") == Role.PROVINCE:
            data["regency"] = None
        return data


class AccountEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "position", "role", "regency", "is_active"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].queryset = Regency.objects.filter(province=actor.province_id)
        allowed = [Role.PROVINCE, Role.REGENCY, Role.MANAGER]
        self.fields["role"].choices = [(r.value, r.label) for r in allowed]
        self.fields["is_active"].label = _("Akun aktif")

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.REGENCY and not data.get("regency"):
            self.add_error("regency", _("Pilih kabupaten/kota tempat petugas bekerja."))
        return data


class ManagerInviteForm(forms.Form):
    username = AccountCreateForm.base_fields["username"]
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"))

    clean_username = AccountCreateForm.clean_username


class SignUpForm(forms.Form):
    """Self sign-up of a KIM manager; Django's password validators apply.

    An address that already has an account is not refused here: the page would tell
    anyone which addresses are registered. The service tells the address's owner instead.
    """

    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email"), help_text=_("Kami kirim tautan konfirmasi ke alamat ini.")
    )
    username = AccountCreateForm.base_fields["username"]
    password1 = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        pending = pending_sign_up(self.cleaned_data.get("email", ""))
        taken = User.objects.filter(username__iexact=username)
        if pending:
            taken = taken.exclude(pk=pending.pk)
        if taken.exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif data.get("password1"):
            candidate = User(
                username=data.get("username", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
            )
            try:
                password_validation.validate_password(data["password1"], candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language"]
        help_texts = {"language": _("Bahasa e-mail dari Portal KIM untuk Anda.")}


class PasswordResetRequestForm(forms.Form):
    """The reset page's form: the request only queues a task with the address.

    Looking the address up, making the token and rendering the e-mail took measurably
    longer for a registered address, which told anyone which addresses have accounts;
    now every address costs the same (the task does the rest, PasswordResetByTaskForm).
    """

    email = PasswordResetForm.base_fields["email"]

    def save(self, **_options):
        from kimportal.core.accounts.tasks import password_reset_send  # imports this module

        enqueue_on_commit(password_reset_send, self.cleaned_data["email"])


class BoundedUsername:
    """Django's login forms give authenticate() a username of any length (max_length is
    set on the field after its validators); the lockout's record of the failure (255
    characters) then failed with a 500. Too long is a form error here."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))

    def clean_username(self):
        # Saving strips bidi controls from every text (kimportal.core.text), the lockout's
        # record too: its lookup by the raw name then missed it and the second failure's
        # insert collided (a 500).
        return strip_bidi(self.cleaned_data["username"])


class AdminLoginForm(BoundedUsername, AdminAuthenticationForm):
    pass


class LoginForm(BoundedUsername, AuthenticationForm):
    """Django's login form in our words: its own message names the username field by its
    verbose name, which in Indonesian read "nama pengguna nama pengguna"."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Nama pengguna atau sandi salah. Huruf besar dan kecil dibedakan pada keduanya."
        ),
    }


class PasswordResetByTaskForm(PasswordResetForm):
    """Django's password reset, with the e-mail written in the account's language and sent
    by a task (a slow mail server does not hold up the page). Its link starts with
    SITE_URL, never the request's Host header, which a client chooses."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        context = {**context, "site_url": settings.SITE_URL}
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        mail.send_rendered(subject=subject, body=body, to=[to_email], user_id=user.pk)
