"""Text-layer PDFs: page reading, lines, ruled tables, rotated pages, paragraphs."""
