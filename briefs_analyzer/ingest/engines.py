"""The PDF backends' names: light to import, for the command line and the configuration."""

ENGINES = ("pdfium", "pdfplumber")
DEFAULT_ENGINE = "pdfium"  # the faster; both give the same notes, markers and claims (tests/test_pdf_backends.py)
