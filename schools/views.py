from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from schools.models import School, Subject


def school_list(request):
    schools = School.objects.select_related("municipality").prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.order_by("name"))
    )
    return render(request, "schools/school_list.html", {"schools": schools})


def school_detail(request, slug):
    school = get_object_or_404(
        School.objects.select_related("municipality").prefetch_related("subjects"), slug=slug
    )
    return render(request, "schools/school_detail.html", {"school": school})
