from django.urls import path

from registry.views import directory, kim, review
from registry.views import documents as document_views
from registry.views import letters as letter_views
from registry.views import roster as roster_views

app_name = "registry"

urlpatterns = [
    # Public pages: the directory (letters are checked at kimportal.core.verification)
    path("direktori/", directory.directory, name="directory"),
    path("direktori/<int:pk>/", directory.directory_detail, name="directory-detail"),
    path("direktori/unduh/<str:fmt>/", directory.directory_file, name="directory-file"),
    # KIM profile and workflow (registry/views/kim.py, registry/views/review.py)
    path("kim/", kim.kim_list, name="kim-list"),
    path("kim/baru/", kim.kim_create, name="kim-create"),
    path("kim/<int:pk>/", kim.kim_detail, name="kim-detail"),
    path("kim/<int:pk>/ubah/", kim.kim_edit, name="kim-edit"),
    path("kim/<int:pk>/ajukan/", kim.kim_submit, name="kim-submit"),
    path("kim/<int:pk>/catatan/", review.note_add, name="note-add"),
    path("kim/<int:pk>/keputusan/", review.decide, name="decide"),
    path("kim/<int:pk>/nomor-induk/", review.issue_number, name="issue-number"),
    path("kim/<int:pk>/status/", review.change_status, name="change-status"),
    path("kim/peninjauan/", review.queue, name="review-queue"),
    # Legal documents (registry/views/documents.py)
    path("kim/<int:pk>/dokumen/", document_views.documents, name="documents"),
    path(
        "kim/<int:pk>/dokumen/unggah/<str:kind>/",
        document_views.document_upload,
        name="document-upload",
    ),
    path(
        "kim/<int:pk>/dokumen/<int:doc_id>/berkas/",
        document_views.document_file,
        name="document-file",
    ),
    # Board roster (registry/views/roster.py)
    path("kim/<int:pk>/pengurus/", roster_views.roster, name="roster"),
    path("kim/<int:pk>/pengurus/impor/", roster_views.roster_import_view, name="roster-import"),
    path("kim/<int:pk>/pengurus/templat/", roster_views.roster_template, name="roster-template"),
    path("kim/<int:pk>/pengurus/riwayat/", roster_views.roster_history, name="roster-history"),
    path("kim/<int:pk>/pengurus/ekspor/", roster_views.roster_export, name="roster-export"),
    path(
        "kim/<int:pk>/pengurus/unduh-untuk-diubah/",
        roster_views.roster_download_for_editing,
        name="roster-download-for-editing",
    ),
    path("kim/<int:pk>/pengurus/tambah/", roster_views.member_add, name="member-add"),
    path(
        "kim/<int:pk>/pengurus/<int:member_pk>/ubah/", roster_views.member_edit, name="member-edit"
    ),
    path(
        "kim/<int:pk>/pengurus/<int:member_pk>/hapus/",
        roster_views.member_delete,
        name="member-delete",
    ),
    # Surat Keterangan Terdaftar and the regency's letter settings (registry/views/letters.py)
    path("kim/<int:pk>/surat/", letter_views.letter_list, name="letters"),
    path("kim/<int:pk>/surat/terbitkan/", letter_views.letter_issue, name="letter-issue"),
    path("kim/surat/<int:pk>/unduh/", letter_views.letter_download, name="letter-download"),
    path("kim/surat/<int:pk>/ulangi/", letter_views.letter_retry, name="letter-retry"),
    path("kim/surat/massal/", letter_views.letters_bulk, name="letters-bulk"),
    path("kim/pengaturan/<str:code>/", letter_views.office_settings, name="office-settings"),
]
