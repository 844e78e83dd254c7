"""Photos on pages: a responsive <img srcset sizes alt>, or a neutral placeholder while the task
has not yet made the sizes. Addresses come from the storage (a bucket's in production)."""

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.translation import gettext as _

from alpsatellites.workspaces.models import WorkspacePhoto

register = template.Library()

DEFAULT_SIZES = "(min-width: 60rem) 40rem, 100vw"


@register.simple_tag
def photo_img(photo: WorkspacePhoto, sizes: str = DEFAULT_SIZES) -> str:
    if not photo.sizes:
        return format_html(
            '<div class="photo photo-pending" role="img" aria-label="{}"><span>{}</span></div>',
            photo.alt_text,
            _("Photo being prepared"),
        )
    widths = sorted(int(width) for width in photo.sizes)
    urls = {width: default_storage.url(photo.sizes[str(width)]) for width in widths}
    srcset = ", ".join(f"{urls[width]} {width}w" for width in widths)
    return format_html(
        '<img class="photo" src="{}" srcset="{}" sizes="{}" alt="{}" loading="lazy"'
        ' decoding="async">',
        urls[widths[0]],
        srcset,
        sizes,
        photo.alt_text,
    )
