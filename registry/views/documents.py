"""Legal documents of a KIM: the documents page, upload, and the only way to get a file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kimportal.core.access import ActionRefused, add_form_error, get_for_user, login_required
from kimportal.core.uploads import DOCUMENT_TYPES, EXTENSIONS, PDF
from registry.forms.documents import form_for
from registry.models import Document, DocumentKind, Kim, Member
from registry.services import documents as services
from registry.views.crumbs import kim_crumbs

# Sent with every file: the browser must not guess the type, cache it, or run it.
# `sandbox` turns the response into a unique, script-less origin (HTML smuggled into a
# "PDF" could not act as us). Inline PDFs are the one exception: Firefox's and Safari's
# PDF viewers stay blank in a sandboxed document (pdf.js and WebKit need scripts), while
# Chromium drops the policy for PDFs anyway. They get a strict policy without `sandbox`
# and may be framed by our own pages only. The bytes opened as a PDF with pages on upload.
CSP_SANDBOXED = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
CSP_INLINE_PDF = (
    "default-src 'none'; img-src 'self' data: blob:; style-src 'unsafe-inline'; "
    "object-src 'self'; frame-ancestors 'self'"
)


def _inline_forms(can_upload, members):
    if not can_upload:
        return {}, {}
    forms = {
        kind: form_for(kind, auto_id=f"{kind}_%s")
        for kind in (DocumentKind.SK, DocumentKind.ROSTER_SCAN, DocumentKind.DECLARATION_BUNDLE)
    }
    member_forms = {
        member.pk: form_for(DocumentKind.DECLARATION, auto_id=f"m{member.pk}_%s")
        for member in members
    }
    return forms, member_forms


@login_required
def documents(request, pk):
    """Current documents per kind with previews, their history, and upload forms."""
    kim = get_for_user(request.user, Kim, pk=pk)
    overview = services.documents_overview(kim)
    can_upload = request.user.has_perm("registry.change_kim_content", kim)
    forms, member_forms = _inline_forms(can_upload, overview["members"])
    for row in overview["declarations"]:
        row["form"] = member_forms.get(row["member"].pk)
    return render(
        request,
        "registry/documents/documents.html",
        {
            "kim": kim,
            "sk": overview["sk"],
            "roster_scan": overview["roster_scan"],
            "declarations": overview["declarations"],
            "history": overview["history"],
            "problems": services.document_problems(
                kim, documents=overview["current"], members=overview["members"]
            ),
            "can_upload": can_upload,
            "sk_form": forms.get(DocumentKind.SK),
            "roster_scan_form": forms.get(DocumentKind.ROSTER_SCAN),
            "bundle": overview["declaration_bundle"],
            "declarations_complete": all(
                row["document"] or row["in_bundle"] for row in overview["declarations"]
            ),
            "bundle_form": forms.get(DocumentKind.DECLARATION_BUNDLE),
            "kinds": DocumentKind,
            "crumbs": kim_crumbs(kim, (_("Dokumen"), None)),
        },
    )


@login_required
def document_upload(request, pk, kind):
    """Upload (or replace) one document. Declarations name their member: ?member=<id>."""
    if kind not in DocumentKind.values:
        raise Http404
    kind = DocumentKind(kind)
    kim = get_for_user(request.user, Kim, pk=pk, perm="registry.change_kim_content")
    member = None
    if kind == DocumentKind.DECLARATION:
        member = get_object_or_404(
            Member,
            pk=request.GET.get("member") if request.GET.get("member", "").isdigit() else None,
            roster__kim=kim,
            roster__is_current=True,
        )

    posted = request.method == "POST"
    form = form_for(kind, request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            services.document_upload(
                kim=kim,
                actor=request.user,
                kind=kind,
                file=form.cleaned_data["file"],
                member=member,
                **form.metadata(),
            )
        except (ValidationError, ActionRefused) as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("%(kind)s disimpan.") % {"kind": kind.label})
            return redirect(reverse("registry:documents", args=[kim.pk]) + f"#{kind.value}")

    title = kind.label if member is None else f"{kind.label}: {member.full_name}"
    return render(
        request,
        "registry/documents/upload.html",
        {
            "kim": kim,
            "kind": kind,
            "member": member,
            "form": form,
            "title": title,
            "current": services.current_document(kim=kim, kind=kind, member=member),
            "crumbs": kim_crumbs(
                kim,
                (_("Dokumen"), reverse("registry:documents", args=[kim.pk])),
                (_("Unggah"), None),
            ),
        },
    )


@login_required
def document_file(request, pk, doc_id):
    """Stream a stored document to someone who may see its KIM (history included)."""
    kim = get_for_user(request.user, Kim, pk=pk)
    document = get_object_or_404(Document, pk=doc_id, kim=kim)
    inline = request.GET.get("inline") == "1"
    content_type = (
        document.content_type
        if document.content_type in DOCUMENT_TYPES
        else "application/octet-stream"
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    filename = "{}-{}-{}.{}".format(
        document.kind.replace("_", "-"),
        slugify(kim.name)[:50] or kim.pk,
        document.pk,
        EXTENSIONS.get(content_type, "bin"),
    )
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        CSP_INLINE_PDF if inline and content_type == PDF else CSP_SANDBOXED
    )
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
