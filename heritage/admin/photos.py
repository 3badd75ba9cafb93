"""Photos: the upload form (checked and re-encoded by heritage.photos), thumbnails, the photo
inlines of sites and reports, and the photo list."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from heritage.models import Photo
from heritage.photos import photo_prepare


class PhotoForm(forms.ModelForm):
    # A plain file field: Django's image field would answer every problem with the same
    # vague message; photo_prepare says what is wrong.
    image = forms.FileField(
        help_text="JPEG, PNG or WebP, up to 15 MB. Location and camera metadata are removed.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Photo
        fields = ["site", "report", "image", "caption", "credit", "license", "taken_on"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and "image" in self.changed_data:
            self.prepared = photo_prepare(upload)
        return upload

    def save(self, commit=True):
        photo = super().save(commit=False)
        prepared = getattr(self, "prepared", None)
        if prepared is not None:
            # The uploaded bytes are never stored: only the re-encoded copy.
            prepared.assign_to(photo)
        if commit:
            photo.save()
        return photo


@admin.display(description="Photo")
def thumbnail_preview(photo):
    if not photo or not photo.pk or not photo.thumbnail:
        return "—"
    return format_html(
        '<a href="{}"><img src="{}" alt="{}" style="max-height:90px;max-width:160px"></a>',
        photo.image.url,
        photo.thumbnail.url,
        photo.caption or f"Photo of {photo.site_id and photo.site}",
    )


class SitePhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    extra = 1
    fk_name = "site"
    fields = ["thumbnail_preview", "image", "caption", "credit", "license", "taken_on"]
    readonly_fields = ["thumbnail_preview"]
    thumbnail_preview = staticmethod(thumbnail_preview)
    verbose_name_plural = "photos"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site")


class ReportPhotoFormSet(forms.BaseInlineFormSet):
    def save_new(self, form, commit=True):
        # A report's photo is a photo of the report's site.
        form.instance.site_id = self.instance.site_id
        return super().save_new(form, commit)


class ReportPhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    formset = ReportPhotoFormSet
    fk_name = "report"
    extra = 0
    fields = ["thumbnail_preview", "image", "caption", "credit", "license", "taken_on"]
    readonly_fields = ["thumbnail_preview"]
    thumbnail_preview = staticmethod(thumbnail_preview)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site")


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = ["thumbnail_preview", "site", "caption", "credit", "license", "taken_on"]
    list_select_related = ["site"]
    list_filter = ["license"]
    search_fields = ["caption", "credit", "site__name"]
    autocomplete_fields = ["site", "report"]
    readonly_fields = ["thumbnail_preview"]
    thumbnail_preview = staticmethod(thumbnail_preview)
