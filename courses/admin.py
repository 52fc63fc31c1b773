from django.contrib import admin

from courses.models import Agreement, Application, Course, Wish


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["offering_school", "home_municipality", "pupil_fee",
                    "compensation_per_term", "valid_from", "valid_until"]
    list_filter = ["offering_school", "home_municipality"]
    search_fields = ["offering_school__name", "home_municipality__name"]
    list_select_related = ["offering_school", "home_municipality"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "subject", "term", "status", "capacity",
                    "application_deadline"]
    list_filter = ["status", "school", "subject", "format", "term"]
    search_fields = ["title", "description", "school__name", "subject__name"]
    list_select_related = ["school", "subject"]
    filter_horizontal = ["open_to"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["term", "created_at", "updated_at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["id", "course", "child", "home_municipality", "birth_year", "status",
                    "created_at"]
    list_filter = ["status", "course__school", "home_municipality", "course__term"]
    search_fields = ["course__title", "child__first_name", "child__last_name",
                     "applicant__email"]
    list_select_related = ["course__school", "child", "home_municipality"]
    raw_id_fields = ["course", "child", "applicant"]
    readonly_fields = ["created_at", "decided_at"]


@admin.register(Wish)
class WishAdmin(admin.ModelAdmin):
    list_display = ["subject", "home_municipality", "age", "created_at"]
    list_filter = ["subject", "home_municipality"]
    search_fields = ["subject__name", "home_municipality__name", "user__email"]
    list_select_related = ["subject", "home_municipality"]
    raw_id_fields = ["user"]
