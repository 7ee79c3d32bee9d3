from django.urls import path

from capacity.views import certificates, checkin, events, indicators, participants, report

app_name = "capacity"

urlpatterns = [
    # Events (capacity/views/events.py)
    path("kegiatan/", events.event_list, name="event-list"),
    path("kegiatan/kalender/", events.event_calendar, name="calendar"),
    path("kegiatan/kalender/<str:code>.ics", events.organiser_feed, name="organiser-feed"),
    path("kegiatan/baru/", events.event_create, name="event-create"),
    path("kegiatan/<int:pk>/", events.event_detail, name="event-detail"),
    path("kegiatan/<int:pk>/ubah/", events.event_edit, name="event-edit"),
    path("kegiatan/<int:pk>/status/", events.event_status, name="event-status"),
    path("kegiatan/<int:pk>/kegiatan.ics", events.event_ics, name="event-ics"),
    # Registration and participants (capacity/views/participants.py)
    path("kegiatan/<int:pk>/daftar/", participants.register_kim, name="register-kim"),
    path(
        "kegiatan/<int:pk>/daftar-petugas/",
        participants.register_officers,
        name="register-officers",
    ),
    path("kegiatan/<int:pk>/peserta/", participants.participants, name="participants"),
    path(
        "kegiatan/<int:pk>/daftar-hadir.pdf",
        participants.attendance_sheet,
        name="attendance-sheet",
    ),
    path(
        "kegiatan/peserta/<int:pk>/batal/",
        participants.registration_cancel,
        name="registration-cancel",
    ),
    path(
        "kegiatan/peserta/<int:pk>/kartu/",
        participants.registration_card,
        name="registration-card",
    ),
    path("kegiatan/peserta/<int:pk>/evaluasi/", participants.evaluate, name="evaluate"),
    # Check-in at the door, offline-capable (capacity/views/checkin.py)
    path("kegiatan/presensi/sw.js", checkin.service_worker, name="check-in-sw"),
    path("kegiatan/presensi/<int:pk>/", checkin.check_in_page, name="check-in"),
    path("kegiatan/presensi/<int:pk>/data/", checkin.check_in_data, name="check-in-data"),
    path("kegiatan/presensi/<int:pk>/sinkron/", checkin.check_in_sync, name="check-in-sync"),
    path("kegiatan/presensi/<int:pk>/langsung/", checkin.walk_in, name="walk-in"),
    # Certificates (capacity/views/certificates.py)
    path(
        "kegiatan/<int:pk>/sertifikat/",
        certificates.certificates_page,
        name="certificates",
    ),
    path(
        "kegiatan/<int:pk>/sertifikat/proses/",
        certificates.certificates_batch,
        name="certificates-batch",
    ),
    path(
        "kegiatan/<int:pk>/sertifikat/unduh/",
        certificates.certificates_zip,
        name="certificates-zip",
    ),
    path(
        "kegiatan/sertifikat/<int:pk>/unduh/",
        certificates.certificate_download,
        name="certificate-download",
    ),
    path(
        "kegiatan/sertifikat/<int:pk>/cabut/",
        certificates.certificate_revoke,
        name="certificate-revoke",
    ),
    # Report (capacity/views/report.py)
    path("kegiatan/<int:pk>/laporan/", report.report, name="event-report"),
    path(
        "kegiatan/<int:pk>/laporan/berkas/<int:file_pk>/",
        report.report_file,
        name="report-file",
    ),
    path(
        "kegiatan/<int:pk>/laporan/berkas/<int:file_pk>/hapus/",
        report.report_file_remove,
        name="report-file-remove",
    ),
    # Success indicators (capacity/views/indicators.py)
    path("indikator/", indicators.overview, name="indicators"),
    path("indikator/kim/<int:kim_pk>/", indicators.kim_indicators, name="kim-indicators"),
]
