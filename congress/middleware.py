from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are in Chinese unless the person chose English with the language switch.

    Django's own middleware follows the browser's Accept-Language, and offices' computers often
    run an English Windows: their staff would get English pages they never asked for. The choice
    is the language cookie alone. API clients are programs that ask on purpose, so the API still
    honours Accept-Language.
    """

    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        code = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
