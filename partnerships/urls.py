from django.urls import path

from partnerships.views import agreements, forums, kim, mapping, reports, supervision

app_name = "partnerships"

urlpatterns = [
    # Agreements (partnerships/views/agreements.py)
    path("kemitraan/", agreements.agreement_list, name="agreement-list"),
    path("kemitraan/baru/", agreements.agreement_create, name="agreement-create"),
    path("kemitraan/<int:pk>/", agreements.agreement_detail, name="agreement-detail"),
    path("kemitraan/<int:pk>/ubah/", agreements.agreement_edit, name="agreement-edit"),
    path("kemitraan/<int:pk>/naskah/", agreements.agreement_pdf, name="agreement-pdf"),
    path("kemitraan/<int:pk>/unggah/", agreements.agreement_upload, name="agreement-upload"),
    path(
        "kemitraan/<int:pk>/berkas/<int:doc_id>/", agreements.agreement_file, name="agreement-file"
    ),
    path(
        "kemitraan/<int:pk>/berlakukan/", agreements.agreement_activate, name="agreement-activate"
    ),
    path("kemitraan/<int:pk>/akhiri/", agreements.agreement_terminate, name="agreement-terminate"),
    path("kemitraan/<int:pk>/perpanjang/", agreements.agreement_renew, name="agreement-renew"),
    path("kemitraan/<int:pk>/evaluasi/", agreements.agreement_evaluate, name="agreement-evaluate"),
    # Activity reports (partnerships/views/reports.py)
    path("kemitraan/laporan/", reports.report_list, name="report-list"),
    path("kemitraan/<int:pk>/laporan/baru/", reports.report_create, name="report-create"),
    path("kemitraan/laporan/<int:pk>/", reports.report_detail, name="report-detail"),
    path("kemitraan/laporan/<int:pk>/ubah/", reports.report_edit, name="report-edit"),
    path("kemitraan/laporan/<int:pk>/tinjau/", reports.report_review, name="report-review"),
    path(
        "kemitraan/laporan/<int:pk>/foto/<int:photo_id>/", reports.report_photo, name="report-photo"
    ),
    # A KIM's partnerships (partnerships/views/kim.py)
    path("kemitraan/kim/<int:pk>/", kim.kim_partnership, name="kim"),
    # Mapping (partnerships/views/mapping.py)
    path("kemitraan/pemetaan/", mapping.mapping, name="mapping"),
    path("kemitraan/pemetaan/kim/<int:pk>/", mapping.mapping_score, name="mapping-score"),
    # Forum KIM (partnerships/views/forums.py)
    path("kemitraan/forum/", forums.forum_list, name="forum-list"),
    path("kemitraan/forum/baru/", forums.forum_create, name="forum-create"),
    path("kemitraan/forum/<int:pk>/", forums.forum_detail, name="forum-detail"),
    path("kemitraan/forum/<int:pk>/ubah/", forums.forum_edit, name="forum-edit"),
    path("kemitraan/forum/<int:pk>/undang/", forums.forum_invite, name="forum-invite"),
    path(
        "kemitraan/forum/<int:pk>/pengurus/tambah/",
        forums.forum_member_add,
        name="forum-member-add",
    ),
    path(
        "kemitraan/forum/<int:pk>/pengurus/<int:member_pk>/ubah/",
        forums.forum_member_edit,
        name="forum-member-edit",
    ),
    path(
        "kemitraan/forum/<int:pk>/pengurus/<int:member_pk>/hapus/",
        forums.forum_member_delete,
        name="forum-member-delete",
    ),
    # Supervision and mentoring (partnerships/views/supervision.py)
    path("kemitraan/supervisi/", supervision.visit_list, name="visit-list"),
    path("kemitraan/supervisi/rekap/", supervision.visit_summary, name="visit-summary"),
    path("kemitraan/supervisi/baru/", supervision.visit_create, name="visit-create"),
    path("kemitraan/supervisi/<int:pk>/", supervision.visit_detail, name="visit-detail"),
    path(
        "kemitraan/supervisi/<int:pk>/tindak-lanjut/",
        supervision.follow_up_add,
        name="follow-up-add",
    ),
    path("kemitraan/tindak-lanjut/", supervision.follow_up_list, name="follow-up-list"),
    path(
        "kemitraan/tindak-lanjut/<int:pk>/selesai/",
        supervision.follow_up_close,
        name="follow-up-close",
    ),
]
