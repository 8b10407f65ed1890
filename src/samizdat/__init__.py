"""samizdat: messy plain-text documents in, one structured manuscript, an EPUB 3 and a print PDF out."""

__version__ = "0.1.0"
