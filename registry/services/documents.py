"""Legal documents of a KIM: SK Kepala Desa/Lurah, acknowledged roster scan, declarations.

A new upload replaces the current document of the same kind (and member, for
declarations); the old one stays as history (`is_current=False`) and remains
downloadable by the same people.
"""

import os

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kimportal.core import audit
from kimportal.core.access import require
from kimportal.core.uploads import DOCUMENT_TYPES, validate_upload
from registry.audit_actions import DocumentAction
from registry.models import Document, DocumentKind, Kim, Member, Roster

# Metadata each kind carries; all of it is required.
METADATA_FIELDS = {
    DocumentKind.SK: ("number", "issued_on", "issuer_name", "issuer_office"),
    DocumentKind.ROSTER_SCAN: ("acknowledged_by", "acknowledged_on"),
    DocumentKind.DECLARATION: (),
    DocumentKind.DECLARATION_BUNDLE: (),
}


def _check_member(kim, kind, member):
    if kind == DocumentKind.DECLARATION:
        if member is None:
            raise ValidationError(_("Surat pernyataan harus untuk seorang pengurus."))
        if not Member.objects.filter(
            pk=member.pk, roster__kim=kim, roster__is_current=True
        ).exists():
            raise ValidationError(_("Pengurus ini tidak ada di susunan pengurus KIM saat ini."))
    elif member is not None:
        raise ValidationError(_("Hanya surat pernyataan yang terkait dengan pengurus."))


def _metadata_errors(kind, metadata):
    unknown = set(metadata) - set(METADATA_FIELDS[kind])
    if unknown:
        raise TypeError(f"metadata not used for {kind}: {sorted(unknown)}")
    errors = {
        name: _("Wajib diisi.")
        for name in METADATA_FIELDS[kind]
        if metadata.get(name) in (None, "")
    }
    today = timezone.localdate()
    for name in ("issued_on", "acknowledged_on"):
        if metadata.get(name) and metadata[name] > today and name not in errors:
            errors[name] = _("Tanggal tidak boleh setelah hari ini.")
    return errors


def document_upload(*, kim, actor, kind, file, member=None, **metadata):
    """Store `file` as the current document of `kind`; the previous one becomes history.

    Raises NotPermitted when `actor` may not upload, ValidationError (with a "file"
    key for content problems) when the file or metadata is refused. Nothing is stored
    on refusal.
    """
    kind = DocumentKind(kind)
    require(actor, "registry.change_kim_content", kim)  # and again under the lock below
    errors = _metadata_errors(kind, metadata)
    try:
        checked = validate_upload(file, allowed=DOCUMENT_TYPES)
    except ValidationError as error:
        errors["file"] = error.error_list
    if errors:
        raise ValidationError(errors)

    if not isinstance(file, File):
        file = File(file)
    document = None
    try:
        with transaction.atomic():
            # Lock the KIM: serialises uploads of the same kind and a concurrent submission.
            kim = Kim.objects.select_for_update().get(pk=kim.pk)
            require(actor, "registry.change_kim_content", kim)
            _check_member(kim, kind, member)

            previous = Document.objects.filter(kim=kim, kind=kind, is_current=True)
            if kind == DocumentKind.DECLARATION:
                previous = previous.filter(member=member)
            replaced = list(previous.values_list("pk", flat=True))
            previous.update(is_current=False)

            document = Document(
                kim=kim,
                kind=kind,
                member=member,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                original_name=os.path.basename(getattr(file, "name", "") or "")[-200:],
                is_current=True,
                uploaded_by=actor,
                **metadata,
            )
            # upload_to picks a random path; the original name stays in the row only.
            document.file.save("upload", file, save=False)
            document.save()
            audit.record(
                actor=actor,
                obj=document,
                action=DocumentAction.UPLOADED,
                # [old, new] pairs like every other entry; the replaced ids are the "old".
                changes={
                    "kind": [None, kind.value],
                    "sha256": [None, checked.sha256[:12]],
                    "size": [None, checked.size],
                    "content_type": [None, checked.content_type],
                    "document": [replaced or None, document.pk],
                    "by_officer": [None, actor.has_perm("registry.review_kim", kim)],
                },
            )
    except BaseException:
        # A refused or failed upload leaves no file behind.
        if document is not None and document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


def current_documents(kim):
    """The current documents of `kim` (one query)."""
    return list(Document.objects.filter(kim=kim, is_current=True).select_related("uploaded_by"))


def document_problems(kim, documents=None, members=None):
    """Human messages for each missing legal document; [] when all are there.

    Used by the requirements checklist. Two queries (current documents, members of the
    current roster); pass what you already have (`documents`: the current ones) to save them.
    """
    if documents is None:
        documents = current_documents(kim)
    by_kind = {}
    declared = set()
    for document in documents:
        if document.kind == DocumentKind.DECLARATION:
            declared.add(document.member_id)
        else:
            by_kind.setdefault(document.kind, document)

    problems = []
    sk = by_kind.get(DocumentKind.SK)
    if sk is None:
        problems.append(_("SK Kepala Desa/Lurah belum diunggah."))
    else:
        missing = [
            label
            for label, value in (
                (_("nomor"), sk.number),
                (_("tanggal"), sk.issued_on),
                (_("nama penandatangan"), sk.issuer_name),
                (_("jabatan penandatangan"), sk.issuer_office),
            )
            if not value
        ]
        if missing:
            problems.append(
                _("Data SK Kepala Desa/Lurah belum lengkap: %(fields)s.")
                % {"fields": ", ".join(missing)}
            )

    scan = by_kind.get(DocumentKind.ROSTER_SCAN)
    if scan is None:
        problems.append(
            _("Pindaian susunan pengurus yang diketahui kepala desa/lurah belum diunggah.")
        )
    else:
        missing = [
            label
            for label, value in (
                (_("siapa yang mengetahui"), scan.acknowledged_by),
                (_("tanggal diketahui"), scan.acknowledged_on),
            )
            if not value
        ]
        if missing:
            problems.append(
                _("Data pengetahuan susunan pengurus belum lengkap: %(fields)s.")
                % {"fields": ", ".join(missing)}
            )

    if _bundle_covers_current_roster(kim, by_kind.get(DocumentKind.DECLARATION_BUNDLE)):
        return problems
    if members is None:
        members = Member.objects.filter(roster__kim=kim, roster__is_current=True).only(
            "pk", "full_name", "position", "roster_id"
        )
    undeclared = [member.full_name for member in members if member.pk not in declared]
    if undeclared:
        shown = ", ".join(undeclared[:5]) + (", …" if len(undeclared) > 5 else "")
        problems.append(
            _(
                "Surat pernyataan belum diunggah untuk %(count)s pengurus: %(names)s. Unggah "
                "per pengurus atau satu berkas berisi pernyataan seluruh pengurus."
            )
            % {"count": len(undeclared), "names": shown}
        )
    return problems


def _bundle_covers_current_roster(kim, bundle):
    """A bundle covers the roster that was current when it was uploaded, not a later one."""
    if bundle is None:
        return False
    roster_created = (
        Roster.objects.filter(kim=kim, is_current=True).values_list("created_at", flat=True).first()
    )
    return _bundle_covers(bundle, roster_created)


def _bundle_covers(bundle, roster_created):
    return (
        bundle is not None and roster_created is not None and bundle.uploaded_at >= roster_created
    )


# --- reads for the documents page ---


def current_document(*, kim, kind, member=None):
    documents = Document.objects.filter(kim=kim, kind=kind, is_current=True)
    if kind == DocumentKind.DECLARATION:
        documents = documents.filter(member=member)
    return documents.select_related("uploaded_by").first()


def documents_overview(kim):
    """Everything the documents page shows, in two queries (documents, current members)."""
    documents = list(Document.objects.filter(kim=kim).select_related("uploaded_by", "member"))
    current = [d for d in documents if d.is_current]
    first = {}
    for document in current:
        if document.kind != DocumentKind.DECLARATION:
            first.setdefault(document.kind, document)
    members = list(
        Member.objects.filter(roster__kim=kim, roster__is_current=True)
        .select_related("roster")
        .only(
            "pk",
            "full_name",
            "position",
            "position_detail",
            "order",
            "roster_id",
            "roster__created_at",
        )
    )
    member_ids = {m.pk for m in members}
    declaration_of = {d.member_id: d for d in current if d.kind == DocumentKind.DECLARATION}
    bundle = first.get(DocumentKind.DECLARATION_BUNDLE)
    # A bundle uploaded for this board declares for every member without their own file.
    in_bundle = bool(members) and _bundle_covers(bundle, members[0].roster.created_at)
    return {
        "current": current,
        "sk": first.get(DocumentKind.SK),
        "roster_scan": first.get(DocumentKind.ROSTER_SCAN),
        "declaration_bundle": bundle,
        "members": members,
        "declarations": [
            {"member": m, "document": declaration_of.get(m.pk), "in_bundle": in_bundle}
            for m in members
        ],
        # Replaced versions, and declarations of members no longer on the roster.
        "history": [
            d
            for d in documents
            if not d.is_current
            or (d.kind == DocumentKind.DECLARATION and d.member_id not in member_ids)
        ],
    }
