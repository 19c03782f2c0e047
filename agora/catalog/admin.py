from django.contrib import admin

from agora.catalog.models import Category, PersonalizationField, Product, ProductMedia, Variant
from agora.core.money import Money


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    fields = ["sku", "options", "price_amount", "stock", "reserved", "position"]
    readonly_fields = ["reserved"]


class PersonalizationFieldInline(admin.TabularInline):
    model = PersonalizationField
    extra = 0


class ProductMediaInline(admin.TabularInline):
    """Which uploaded media show the product, in which order; the bytes come only through the
    upload pipeline, so an operator links and orders existing assets here."""

    model = ProductMedia
    extra = 0
    fields = ["media", "position"]
    raw_id_fields = ["media"]
    ordering = ["position", "id"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["title", "shop", "status", "formatted_price", "category", "created_at"]
    list_filter = ["status", "condition", "shop", "category"]
    search_fields = ["title", "brand", "description", "shop__handle", "variants__sku"]
    inlines = [VariantInline, PersonalizationFieldInline, ProductMediaInline]
    raw_id_fields = ["shop"]
    autocomplete_fields = ["category"]
    list_select_related = ["shop", "category"]

    @admin.display(description="price", ordering="price_amount")
    def formatted_price(self, obj):
        return Money(obj.price_amount, obj.currency).format()


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = ["sku", "product", "stock", "reserved", "price_amount"]
    search_fields = ["sku", "product__title"]
    list_filter = ["shop"]
    raw_id_fields = ["product", "shop"]
    list_select_related = ["product"]
