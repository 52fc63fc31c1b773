from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from core.pagecache import cache_anonymous_page
from schools.models import School, Subject


@cache_anonymous_page
def school_list(request):
    schools = School.objects.select_related("municipality").prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.order_by("name"))
    )
    return render(request, "schools/school_list.html", {"schools": schools})


@cache_anonymous_page
def school_detail(request, slug):
    school = get_object_or_404(
        School.objects.select_related("municipality").prefetch_related("subjects"), slug=slug
    )
    return render(request, "schools/school_detail.html", {"school": school})
