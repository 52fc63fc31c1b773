from django.shortcuts import render

from schools.models import School


def home(request):
    schools = School.objects.in_region().select_related("municipality")
    return render(request, "home.html", {"schools": schools})


def accessibility(request):
    return render(request, "accessibility.html")


def privacy(request):
    return render(request, "privacy.html")
