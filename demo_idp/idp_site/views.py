from django.shortcuts import render

from idp_site.demo import PEOPLE


def home(request):
    return render(request, "idp_site/home.html", {"people": PEOPLE})
