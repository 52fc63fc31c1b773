from collections import defaultdict

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core.pagecache import cache_anonymous_page
from schools import page_sections
from schools.models import School


@cache_anonymous_page
def school_list(request):
    schools = list(School.objects.select_related("municipality"))
    # Subject names straight from the link table, and one reverse() for all links: at
    # national scale (290 schools, thousands of links) model instances per subject and
    # template tags per school were most of the page's time.
    names = defaultdict(list)
    for school_id, name in (School.subjects.through.objects.order_by("subject__name")
                            .values_list("school_id", "subject__name")):
        names[school_id].append(name)
    url = reverse("schools:detail", args=["-slug-"])
    for school in schools:
        school.url = url.replace("-slug-", school.slug)
        school.subject_names = ", ".join(names[school.pk])
    return render(request, "schools/school_list.html", {
        "schools": [s for s in schools if s.municipality.in_sjuharad],
        "partners": [s for s in schools if not s.municipality.in_sjuharad]})


@cache_anonymous_page
def school_detail(request, slug):
    school = get_object_or_404(
        School.objects.select_related("municipality").prefetch_related("subjects"), slug=slug
    )
    return render(request, "schools/school_detail.html", {
        "school": school, "page_sections": page_sections.sections_for(school)})
