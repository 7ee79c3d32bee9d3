from django.urls import path

from kimportal.core.areas import views

app_name = "areas"

urlpatterns = [
    path("<slug:level>/<str:parent>/", views.area_children, name="children"),
]
