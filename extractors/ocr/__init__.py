"""Pages without a usable text layer, read by OCR into the same page layout as text pages."""
