from django.urls import path

from kimportal.core.verification import views

app_name = "verification"

urlpatterns = [
    path("v/<str:token>/", views.document, name="document"),
    path("verifikasi/", views.check, name="check"),
]
