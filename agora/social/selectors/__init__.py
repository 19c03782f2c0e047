"""Social reads: one base queryset per list, per-viewer facts in one query per page."""
