from django.core.checks import Warning, register


@register()
def preview_image_shaping(app_configs, **kwargs):
    """Campaign link previews need Pillow's raqm layout and an Arabic font to draw Arabic text."""
    from literacy.campaigns.preview import shaping_available

    if shaping_available():
        return []
    return [
        Warning(
            "Campaign preview images will carry no text: Pillow's raqm layout or an Arabic font is missing.",
            hint="Install libraqm0 (or libfribidi0 for Pillow's wheels) and fonts-noto-core.",
            id="campaigns.W001",
        )
    ]
