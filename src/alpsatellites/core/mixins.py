"""Bases for mixins that extend framework classes through super()."""

from typing import Any

# A mixin placed before a ModelAdmin, an inline or a form calls methods it does not define
# (super().save_related(), self.cleaned_data…): typed as Any so that mypy accepts it with each of
# those classes, plain `object` at run time.
MixinBase: Any = object
