from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class SwedishFirstLocaleMiddleware:
    """Swedish unless the person chose another language: with the switch (a cookie),
    or, when signed in, in their profile.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    Swedish computers are set up in English; the portal speaks Swedish first.
    Comes after AuthenticationMiddleware, so it can read the signed-in user.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen is None and request.user.is_authenticated:
            chosen = request.user.language
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
