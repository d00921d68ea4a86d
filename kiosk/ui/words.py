"""The interface's own words in the six WIPO languages (the content's words come from the bundle).

A stop-gap catalogue for the player's few words; the languages issue replaces it with the
full interface translation. Unknown languages fall back to English.
"""

from __future__ import annotations

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})

NATIVE_NAMES = {
    "ar": "العربية", "de": "Deutsch", "en": "English", "es": "Español", "fr": "Français",
    "it": "Italiano", "ja": "日本語", "ko": "한국어", "nl": "Nederlands", "pt": "Português",
    "ru": "Русский", "zh": "中文",
}

WORDS: dict[str, dict[str, str]] = {
    "touch_to_begin": {
        "en": "Touch to begin", "fr": "Touchez pour commencer", "es": "Toque para empezar",
        "ar": "المس الشاشة للبدء", "zh": "轻触开始", "ru": "Коснитесь, чтобы начать",
    },
    "still_there": {
        "en": "Still there?", "fr": "Vous êtes toujours là ?", "es": "¿Sigue ahí?",
        "ar": "هل ما زلت هنا؟", "zh": "您还在吗？", "ru": "Вы ещё здесь?",
    },
    "restart_in": {
        "en": "The exhibition starts again in {n} s.", "fr": "L'exposition recommence dans {n} s.",
        "es": "La exposición vuelve a empezar en {n} s.", "ar": "يبدأ المعرض من جديد خلال {n} ث.",
        "zh": "展览将在 {n} 秒后重新开始。", "ru": "Выставка начнётся заново через {n} с.",
    },
    "keep_going": {
        "en": "Touch anywhere to stay", "fr": "Touchez l'écran pour rester", "es": "Toque para quedarse",
        "ar": "المس الشاشة للبقاء", "zh": "轻触屏幕继续浏览", "ru": "Коснитесь экрана, чтобы остаться",
    },
    "back": {"en": "Back", "fr": "Retour", "es": "Atrás", "ar": "رجوع", "zh": "返回", "ru": "Назад"},
    "home": {"en": "Home", "fr": "Accueil", "es": "Inicio", "ar": "الرئيسية", "zh": "首页", "ru": "Главная"},
    "next": {"en": "Next", "fr": "Suivant", "es": "Siguiente", "ar": "التالي", "zh": "下一个", "ru": "Далее"},
    "previous": {
        "en": "Previous", "fr": "Précédent", "es": "Anterior", "ar": "السابق", "zh": "上一个", "ru": "Назад",
    },
    "n_of_m": {"en": "{n} of {m}", "fr": "{n} sur {m}", "es": "{n} de {m}", "ar": "{n} من {m}",
               "zh": "第 {n} 个，共 {m} 个", "ru": "{n} из {m}"},
    "exhibits_count": {"en": "{n} exhibits", "fr": "{n} œuvres", "es": "{n} obras", "ar": "{n} معروضات",
                       "zh": "{n} 件展品", "ru": "Экспонатов: {n}"},
    "one_exhibit": {"en": "1 exhibit", "fr": "1 œuvre", "es": "1 obra", "ar": "معروض واحد", "zh": "1 件展品",
                    "ru": "1 экспонат"},
    "search": {"en": "Search", "fr": "Rechercher", "es": "Buscar", "ar": "بحث", "zh": "搜索", "ru": "Поиск"},
    "search_hint": {
        "en": "Search all texts of the exhibition", "fr": "Rechercher dans tous les textes",
        "es": "Buscar en todos los textos", "ar": "ابحث في جميع نصوص المعرض", "zh": "搜索展览的全部文字",
        "ru": "Поиск по всем текстам выставки",
    },
    "no_results": {
        "en": "Nothing found", "fr": "Aucun résultat", "es": "Sin resultados", "ar": "لا توجد نتائج",
        "zh": "未找到结果", "ru": "Ничего не найдено",
    },
    "cannot_show": {
        "en": "This exhibit cannot be shown just now.",
        "fr": "Cette œuvre ne peut pas être affichée pour l'instant.",
        "es": "Esta obra no se puede mostrar ahora.", "ar": "لا يمكن عرض هذا المعروض الآن.",
        "zh": "此展品暂时无法显示。", "ru": "Этот экспонат сейчас недоступен.",
    },
    "text": {"en": "Text", "fr": "Texte", "es": "Texto", "ar": "نص", "zh": "文字", "ru": "Текст"},
    "article": {"en": "Article", "fr": "Article", "es": "Artículo", "ar": "مقال", "zh": "文章",
                "ru": "Статья"},
    "image": {"en": "Image", "fr": "Image", "es": "Imagen", "ar": "صورة", "zh": "图片", "ru": "Изображение"},
    "gallery": {"en": "Gallery", "fr": "Galerie", "es": "Galería", "ar": "معرض صور", "zh": "图集",
                "ru": "Галерея"},
    "audio": {"en": "Sound", "fr": "Son", "es": "Sonido", "ar": "صوت", "zh": "音频", "ru": "Звук"},
    "video": {"en": "Video", "fr": "Vidéo", "es": "Vídeo", "ar": "فيديو", "zh": "视频", "ru": "Видео"},
    "guided_tour": {"en": "Guided tour", "fr": "Visite guidée", "es": "Visita guiada", "ar": "جولة موجهة",
                    "zh": "自动导览", "ru": "Автоматический тур"},
}


def base_language(code: str) -> str:
    return code.split("-", maxsplit=1)[0].lower()


def say(key: str, language: str, **values: object) -> str:
    """The interface word `key` in `language` (else English), with `{name}` filled in."""
    forms = WORDS[key]
    text = forms.get(language) or forms.get(base_language(language)) or forms["en"]
    return text.format(**values) if values else text


def native_name(code: str) -> str:
    return NATIVE_NAMES.get(code) or NATIVE_NAMES.get(base_language(code)) or code.upper()


def is_rtl(code: str) -> bool:
    return base_language(code) in RTL_LANGUAGES
