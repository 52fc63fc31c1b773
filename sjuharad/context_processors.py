def portal(request):
    """Role flags for the navigation, computed once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role": {}}
    return {
        "role": {
            "coordinator": user.is_coordinator,
            "head": user.is_head,
            "teacher": user.is_teacher,
            "staff": user.is_school_staff or user.is_coordinator,
            "guardian": user.is_guardian,
            "pupil": user.is_pupil,
            "family": user.is_guardian or user.is_pupil,
        }
    }
