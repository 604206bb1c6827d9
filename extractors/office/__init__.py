"""Word (.docx; .doc/.wps through LibreOffice) and Excel (.xlsx/.xls/.et) sources."""
