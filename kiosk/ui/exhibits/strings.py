"""The few words the exhibit views write themselves, in the six WIPO languages.

Everything else on screen comes from the bundle. A language without a translation here
falls back to English.
"""

from __future__ import annotations

_STRINGS: dict[str, dict[str, str]] = {
    "unavailable": {
        "en": "This item cannot be shown right now.",
        "fr": "Cet élément ne peut pas être présenté pour le moment.",
        "es": "Este elemento no se puede mostrar en este momento.",
        "ar": "لا يمكن عرض هذا العنصر حاليًا.",
        "zh": "此展品暂时无法展示。",
        "ru": "Этот экспонат сейчас недоступен.",
    },
    "play": {
        "en": "Play", "fr": "Lire", "es": "Reproducir", "ar": "تشغيل", "zh": "播放", "ru": "Воспроизвести",
    },
    "pause": {"en": "Pause", "fr": "Pause", "es": "Pausa", "ar": "إيقاف مؤقت", "zh": "暂停", "ru": "Пауза"},
    "replay": {
        "en": "Play again", "fr": "Rejouer", "es": "Volver a reproducir", "ar": "إعادة التشغيل",
        "zh": "重新播放", "ru": "Воспроизвести снова",
    },
    "captions": {
        "en": "Captions", "fr": "Sous-titres", "es": "Subtítulos", "ar": "الترجمة المرئية",
        "zh": "字幕", "ru": "Субтитры",
    },
    "transcript": {
        "en": "Transcript", "fr": "Transcription", "es": "Transcripción", "ar": "النص المكتوب",
        "zh": "文字稿", "ru": "Расшифровка",
    },
    "position": {"en": "Position", "fr": "Position", "es": "Posición", "ar": "الموضع", "zh": "播放位置",
                 "ru": "Позиция"},
    "related": {
        "en": "Read next", "fr": "À lire ensuite", "es": "Para seguir leyendo", "ar": "اقرأ أيضًا",
        "zh": "延伸阅读", "ru": "Читать далее",
    },
    "previous_image": {
        "en": "Previous image", "fr": "Image précédente", "es": "Imagen anterior", "ar": "الصورة السابقة",
        "zh": "上一张", "ru": "Предыдущее изображение",
    },
    "next_image": {
        "en": "Next image", "fr": "Image suivante", "es": "Imagen siguiente", "ar": "الصورة التالية",
        "zh": "下一张", "ru": "Следующее изображение",
    },
    "image_n_of_m": {
        "en": "Image {n} of {m}", "fr": "Image {n} sur {m}", "es": "Imagen {n} de {m}",
        "ar": "الصورة {n} من {m}", "zh": "第 {n} 张，共 {m} 张", "ru": "Изображение {n} из {m}",
    },
    "no_text_for_sound": {
        "en": "No captions or transcript are available for this recording.",
        "fr": "Aucun sous-titre ni transcription n'est disponible pour cet enregistrement.",
        "es": "No hay subtítulos ni transcripción para esta grabación.",
        "ar": "لا تتوفر ترجمة مرئية أو نص مكتوب لهذا التسجيل.",
        "zh": "此录音没有字幕或文字稿。",
        "ru": "Для этой записи нет субтитров и расшифровки.",
    },
}


def tr(key: str, language: str, **values: object) -> str:
    """The string `key` in `language` (or its base language, or English)."""
    table = _STRINGS[key]
    text = table.get(language) or table.get(language.split("-", maxsplit=1)[0].lower()) or table["en"]
    return text.format(**values) if values else text
