from django.urls import path

from .views import documents as document_views
from .views import kim, review
from .views import letters as letter_views
from .views import roster as roster_views

app_name = "registry"

urlpatterns = [
    # KIM profile and workflow (registry/views/kim.py, registry/views/review.py)
    path("", kim.kim_list, name="kim-list"),
    path("baru/", kim.kim_create, name="kim-create"),
    path("<int:pk>/", kim.kim_detail, name="kim-detail"),
    path("<int:pk>/ubah/", kim.kim_edit, name="kim-edit"),
    path("<int:pk>/ajukan/", kim.kim_submit, name="kim-submit"),
    path("<int:pk>/catatan/", review.note_add, name="note-add"),
    path("<int:pk>/keputusan/", review.decide, name="decide"),
    path("<int:pk>/nomor-induk/", review.issue_number, name="issue-number"),
    path("<int:pk>/status/", review.change_status, name="change-status"),
    path("peninjauan/", review.queue, name="review-queue"),
    # Legal documents (registry/views/documents.py)
    path("<int:pk>/dokumen/", document_views.documents, name="documents"),
    path(
        "<int:pk>/dokumen/unggah/<str:kind>/",
        document_views.document_upload,
        name="document-upload",
    ),
    path(
        "<int:pk>/dokumen/<int:doc_id>/berkas/",
        document_views.document_file,
        name="document-file",
    ),
    # Board roster (registry/views/roster.py)
    path("<int:pk>/pengurus/", roster_views.roster, name="roster"),
    path("<int:pk>/pengurus/impor/", roster_views.roster_import_view, name="roster-import"),
    path("<int:pk>/pengurus/templat/", roster_views.roster_template, name="roster-template"),
    path("<int:pk>/pengurus/riwayat/", roster_views.roster_history, name="roster-history"),
    path("<int:pk>/pengurus/ekspor/", roster_views.roster_export, name="roster-export"),
    path("<int:pk>/pengurus/tambah/", roster_views.member_add, name="member-add"),
    path("<int:pk>/pengurus/<int:member_pk>/ubah/", roster_views.member_edit, name="member-edit"),
    path(
        "<int:pk>/pengurus/<int:member_pk>/hapus/", roster_views.member_delete, name="member-delete"
    ),
    # Surat Keterangan Terdaftar and the regency's letter settings (registry/views/letters.py)
    path("<int:pk>/surat/", letter_views.letter_list, name="letters"),
    path("<int:pk>/surat/terbitkan/", letter_views.letter_issue, name="letter-issue"),
    path("surat/<int:pk>/unduh/", letter_views.letter_download, name="letter-download"),
    path("surat/massal/", letter_views.letters_bulk, name="letters-bulk"),
    path(
        "surat/massal/<str:run>/proses/", letter_views.letters_bulk_batch, name="letters-bulk-batch"
    ),
    path("surat/massal/<str:run>/unduh/", letter_views.letters_bulk_zip, name="letters-bulk-zip"),
    path("pengaturan/<str:regency>/", letter_views.office_settings, name="office-settings"),
]
