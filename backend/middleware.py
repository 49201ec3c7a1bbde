from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Danish unless the visitor chose English with the language switch.

    A municipal service speaks Danish first; a browser's Accept-Language header is a guess, not a
    choice, so only the language cookie (set by the switch) changes the language. The API is
    the exception: a program sets Accept-Language on purpose, so it is honoured there.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            if request.path.startswith(API_PREFIX):
                chosen = translation.get_language_from_request(request)
            else:
                chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response.headers.setdefault("Content-Language", translation.get_language())
        if request.path.startswith(API_PREFIX):
            patch_vary_headers(response, ("Accept-Language",))
        return response
